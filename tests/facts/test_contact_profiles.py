"""Column profiles of real exports (rules/data/contact-columns.yaml): each fixture under
fixtures/contacts/profiles/ has its tool's header row and value conventions; the facts it yields
are checked directly and through the CLI (the findings the rules make of them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from outreach_lint.facts.contacts import ContactsError, ListSpec

from ..conftest import FIXTURES, check_json
from ..packdata import PROFILES as KNOWN_PROFILES
from ..packdata import check_contacts

PROFILES = FIXTURES / "contacts" / "profiles"
DECLARED = frozenset({"DE", "AT"})

#: fixture -> (profile detected, rows, {fact: rows flagged}); facts not named have no rows
EXPECTED: dict[str, tuple[str, int, dict[str, list[int]]]] = {
    "mailchimp-subscribed": ("mailchimp", 4, {"missing_consent": [3], "undeclared_country": [4], "freemail": [5]}),
    "mailchimp-unsubscribed": ("mailchimp", 2, {"unsubscribed": [2, 3]}),
    "mailchimp-cleaned": ("mailchimp", 1, {"bounced": [2]}),
    "hubspot": ("hubspot", 3, {"missing_consent": [2, 3, 4], "unsubscribed": [3], "undeclared_country": [4]}),
    "salesforce-leads": ("salesforce_lead", 3, {"missing_consent": [2, 3, 4], "unsubscribed": [3], "undeclared_country": [4]}),
    "salesforce-contacts": ("salesforce_contact", 3, {"missing_consent": [2, 3, 4], "unsubscribed": [3], "undeclared_country": [4]}),
    "brevo": ("brevo", 3, {"missing_consent": [2, 3, 4], "unsubscribed": [3], "role_address": [4]}),
    "klaviyo": ("klaviyo", 3, {"missing_consent": [4], "unsubscribed": [3], "undeclared_country": [4]}),
    "activecampaign": ("activecampaign", 3, {"missing_consent": [4], "unsubscribed": [3], "bounced": [4]}),
    "mailjet": ("mailjet", 3, {"missing_consent": [2, 3, 4], "unsubscribed": [3], "undeclared_country": [4]}),
    "sendgrid": ("sendgrid", 2, {"missing_consent": [2, 3], "undeclared_country": [3]}),
    "constant-contact": ("constant_contact", 3, {"missing_consent": [4], "unsubscribed": [3], "bounced": [4]}),
    "campaign-monitor": ("campaign_monitor", 2, {"unsubscribed": [3]}),
    "zoho-crm": ("zoho_crm", 3, {"missing_consent": [2, 3, 4], "unsubscribed": [3], "undeclared_country": [4]}),
    "pipedrive": ("pipedrive", 3, {"missing_consent": [2, 3, 4], "unsubscribed": [3], "role_address": [4]}),
    "apollo": ("apollo", 3, {"missing_consent": [2, 3, 4], "undeclared_country": [3], "freemail": [4]}),
    "lemlist": ("lemlist", 2, {"missing_consent": [2, 3], "unsubscribed": [3]}),
    "outreach": ("outreach", 2, {"missing_consent": [2, 3], "unsubscribed": [3]}),
    "salesloft": ("salesloft", 3, {"missing_consent": [2, 3, 4], "unsubscribed": [3], "undeclared_country": [4]}),
    "linkedin-scraper": ("linkedin_scraper", 2, {"missing_consent": [2, 3]}),
    "unrecognised": ("generic", 2, {"missing_consent": [2, 3]}),
}
NO_ADDRESS = {"linkedin-scraper", "unrecognised"}


def test_every_profile_has_a_fixture() -> None:
    covered = {profile for profile, _, _ in EXPECTED.values()}
    assert set(KNOWN_PROFILES) - covered <= {"hubspot_marketing_status"}, "a profile without a fixture"
    assert {path.stem for path in PROFILES.glob("*.csv")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_profile_facts(name: str) -> None:
    profile, rows, flagged = EXPECTED[name]
    facts = check_contacts(PROFILES / f"{name}.csv", declared_countries=DECLARED)
    assert (facts["profile"], facts["rows"]) == (profile, rows)
    got = {key: value["rows"] for key, value in facts.items() if isinstance(value, dict) and value.get("count")}
    assert got == flagged
    assert facts["email_column"] is (name not in NO_ADDRESS)


def _campaign(tmp_path: Path, contacts: Any, countries: str = "[DE, AT]") -> Path:
    path = tmp_path / "campaign.yaml"
    value = contacts if isinstance(contacts, str) else contacts
    path.write_text(
        "campaign: profile-check\nchannel: email\naudience:\n  type: b2c\n"
        f"  countries: {countries}\n  sources: [opt_in_form]\n  consent: {{basis: consent, proof: crm://consents}}\n"
        f"  contacts: {value}\n  suppression_list: {PROFILES.parent / 'do-not-contact.csv'}\n"
        "steps:\n  - subject: News\n    unsubscribe: link\n",
        "utf-8",
    )
    return path


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_profile_findings_through_the_cli(name: str, tmp_path: Path) -> None:
    _, _, flagged = EXPECTED[name]
    code, report = check_json("--select", "OL110,OL123,OL129,OL133", str(_campaign(tmp_path, PROFILES / f"{name}.csv")))
    by_code: dict[str, list[str]] = {}
    for finding in report["findings"]:
        by_code.setdefault(finding["code"], []).append(finding["message"])
    assert ("OL129" in by_code) is (name in NO_ADDRESS)
    unsubscribed = flagged.get("unsubscribed", [])
    marked = [m for m in by_code.get("OL133", []) if "marked unsubscribed" in m]
    assert len(marked) == (1 if unsubscribed else 0)
    if unsubscribed:
        assert f"marked unsubscribed: {len(unsubscribed)} in" in marked[0]
        assert f"first rows: {', '.join(map(str, unsubscribed))}" in marked[0]
    assert ("OL123" in by_code) is bool(flagged.get("undeclared_country"))
    # rows are judged under the law of their own country (issue 17.1): a row outside the campaign's
    # countries is OL123's to report, not OL110's
    in_scope = set(flagged.get("missing_consent", [])) - set(flagged.get("undeclared_country", []))
    assert any("have no consent time or source" in m for m in by_code.get("OL110", [])) is bool(in_scope)
    assert code == 1 if by_code.keys() & {"OL129", "OL133", "OL110"} else code == 0


def test_unrecognised_list_names_its_headers_and_the_fix(tmp_path: Path) -> None:
    _, report = check_json("--select", "OL129", str(_campaign(tmp_path, PROFILES / "unrecognised.csv")))
    [finding] = report["findings"]
    assert "headers: Name, Contact, Employer" in finding["message"]
    assert "anna" not in finding["message"].lower()
    assert (finding["line"], finding["severity"]) == (8, "error")  # audience.contacts


def test_explicit_column_mapping_makes_it_checkable(tmp_path: Path) -> None:
    mapping = f"{{path: {PROFILES / 'unrecognised.csv'}, columns: {{email: Contact}}}}"
    code, report = check_json("--select", "OL129,OL133", str(_campaign(tmp_path, mapping)))
    assert report["findings"] == [] and code == 0
    facts = check_contacts(PROFILES / "unrecognised.csv", spec=ListSpec(columns={"email": "Contact"}))
    assert facts["email_column"] and facts["rows"] == 2 and facts["invalid_email"]["count"] == 0


def test_named_profile_overrides_detection() -> None:
    facts = check_contacts(PROFILES / "outreach.csv", spec=ListSpec(profile="generic"))
    assert facts["profile"] == "generic"
    assert facts["unsubscribed"]["count"] == 1  # "Opted Out" is a generic alias too


def test_unknown_mapping_header_is_a_reference_problem() -> None:
    with pytest.raises(ContactsError, match="maps 'email' to 'Mail Address', which is not a header of the list"):
        check_contacts(PROFILES / "unrecognised.csv", spec=ListSpec(columns={"email": "Mail Address"}))


def test_unknown_profile_is_a_schema_error(tmp_path: Path) -> None:
    mapping = f"{{path: {PROFILES / 'unrecognised.csv'}, profile: marketo}}"
    _, report = check_json(str(_campaign(tmp_path, mapping)))
    assert [f["code"] for f in report["findings"] if f["code"] == "OL001"] == ["OL001"]


def test_single_declared_country_is_the_bucket_of_rows_without_one() -> None:
    facts = check_contacts(PROFILES / "brevo.csv", declared_countries=frozenset({"DE"}))
    assert sorted(facts["by_country"]) == ["DE"]
    assert facts["by_country"]["DE"]["unsubscribed"] == facts["unsubscribed"]
