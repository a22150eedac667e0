"""Issue 17, engine half: judged per recipient country, with row facts per country, the sender's
establishment, the law in time and citations for the finding's countries; all through the CLI.

The dated rules and rows are test data (fixtures/jurisdiction/rules), so these tests do not move
when the real rows of rules/data change."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from .conftest import FIXTURES, TODAY, check_json, run_cli

XT_RULES = str(FIXTURES / "jurisdiction" / "rules")


def write_campaign(folder: Path, campaign: dict[str, Any], contacts: str | None = None, name: str = "campaign.yaml") -> Path:
    if contacts is not None:
        (folder / "contacts.csv").write_text(contacts, encoding="utf-8")
        campaign.setdefault("audience", {})["contacts"] = "contacts.csv"
    path = folder / name
    path.write_text(yaml.safe_dump(campaign, sort_keys=False), encoding="utf-8")
    return path


def findings(report: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [f for f in report["findings"] if f["code"] == code]


def b2b_email(countries: list[str]) -> dict[str, Any]:
    return {
        "campaign": "b2b-outbound",
        "channel": "email",
        "audience": {"type": "b2b", "countries": countries, "consent": {"basis": "legitimate_interest"}},
        "legitimate_interest_assessment": "lia.md",
        "sender": {"name": "Acme Ltd", "postal_address": "1 High St, London EC1A 1BB"},
        "steps": [{"subject": "Invoicing for tradespeople", "unsubscribe": "link"}],
    }


def calls(countries: list[str], **extra: Any) -> dict[str, Any]:
    campaign = {
        "campaign": "consumer-calls",
        "channel": "phone",
        "audience": {"type": "b2c", "countries": countries, "consent": {"basis": "legitimate_interest"}},
        "sender": {"name": "Acme"},
        "steps": [{"name": "call"}],
    }
    campaign.update(extra)
    return campaign


# -- 17.1 / row facts per country ----------------------------------------------------------

SOLE_TRADERS_IN_US = (
    "email,company,company_type,country\n"
    "jane@acme.co.uk,Acme,Ltd,GB\n"
    "ops@bigco.co.uk,BigCo,PLC,GB\n"
    "bob@bobsplumbing.com,Bob's Plumbing,sole proprietor,US\n"
    "amy@amydesign.com,Amy Design,sole proprietorship,US\n"
)


def test_gb_us_list_whose_sole_traders_are_all_us_rows_gets_no_ol105(tmp_path: Path) -> None:
    path = write_campaign(tmp_path, b2b_email(["GB", "US"]), SOLE_TRADERS_IN_US)
    code, report = check_json("--no-cache", "--select", "OL105", str(path))
    assert findings(report, "OL105") == [] and code == 0


def test_the_same_sole_traders_in_gb_rows_trip_ol105_for_gb_only(tmp_path: Path) -> None:
    path = write_campaign(tmp_path, b2b_email(["GB", "US"]), SOLE_TRADERS_IN_US.replace(",US\n", ",GB\n"))
    code, report = check_json("--no-cache", "--select", "OL105", str(path))
    [finding] = findings(report, "OL105")
    assert (finding["countries"], finding["severity"], finding["line"], code) == (["GB"], "error", 10, 1)  # audience.contacts
    assert finding["message"].startswith("2 rows of the")


ROLE_ADDRESSES_IN_BE = (
    "email,company,country\n"
    "info@brussels-office.be,Office BE,BE\n"
    "sales@antwerp-supplies.be,Supplies BE,BE\n"
    "marie.dupont@paris-conseil.fr,Conseil FR,FR\n"
    "jean.martin@lyon-tech.fr,Tech FR,FR\n"
)


def test_be_fr_list_whose_be_rows_are_role_addresses_is_not_an_ol103_for_be(tmp_path: Path) -> None:
    path = write_campaign(tmp_path, b2b_email(["BE", "FR"]), ROLE_ADDRESSES_IN_BE)
    code, report = check_json("--no-cache", "--select", "OL103", str(path))
    assert findings(report, "OL103") == [] and code == 0


def test_named_be_rows_trip_ol103_for_be_and_count_only_be_rows(tmp_path: Path) -> None:
    contacts = ROLE_ADDRESSES_IN_BE + "luc.peeters@gent-bv.be,Gent BV,BE\n"
    path = write_campaign(tmp_path, b2b_email(["BE", "FR"]), contacts)
    code, report = check_json("--no-cache", "--select", "OL103", str(path))
    [finding] = findings(report, "OL103")
    assert (finding["countries"], finding["severity"], code) == (["BE"], "error", 1)
    assert "1 rows of contacts.csv are named addresses" in finding["message"]  # the FR rows do not count
    assert "only the 2 role addresses" in finding["message"]


def test_rows_of_unknown_country_are_reported_as_such(tmp_path: Path) -> None:
    contacts = ROLE_ADDRESSES_IN_BE + "luc.peeters@gent-bv.be,Gent BV,\n"
    path = write_campaign(tmp_path, b2b_email(["BE", "FR"]), contacts)
    code, report = check_json("--no-cache", "--select", "OL103", str(path))
    [finding] = findings(report, "OL103")
    assert (finding["countries"], code) == (["??"], 1)
    assert "country unknown, judged as if in BE" in finding["message"]


def test_a_single_country_campaign_counts_rows_without_a_country_for_it(tmp_path: Path) -> None:
    contacts = "email,company_type\nbob@bobsplumbing.co.uk,sole trader\n"
    path = write_campaign(tmp_path, b2b_email(["GB"]), contacts)
    code, report = check_json("--no-cache", "--select", "OL105", str(path))
    assert [f["countries"] for f in findings(report, "OL105")] == [["GB"]] and code == 1


def test_a_multi_country_finding_lists_exactly_its_countries_in_json_sarif_and_text(tmp_path: Path) -> None:
    campaign = b2b_email(["DE", "AT", "US"])
    campaign["audience"]["sources"] = ["enrichment"]
    path = write_campaign(tmp_path, campaign)
    code, report = check_json("--no-cache", "--select", "OL103", str(path))
    [finding] = findings(report, "OL103")
    assert finding["countries"] == ["AT", "DE"] and "to AT, DE is sent" in finding["message"] and code == 1
    code, out, _ = run_cli("check", "--no-cache", "--today", TODAY, "--format", "sarif", "--select", "OL103", str(path))
    [result] = json.loads(out)["runs"][0]["results"]
    assert result["properties"]["countries"] == ["AT", "DE"]
    code, out, _ = run_cli("check", "--no-cache", "--today", TODAY, "--select", "OL103", str(path))
    [line] = [line for line in out.splitlines() if "error OL103 b2b-email-consent-required-country" in line]
    assert line.endswith("as consumers. [AT, DE]")  # the text format names the countries after the message


def test_file_level_findings_have_no_countries(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("campaign: x\nchannel: email\naudience: {countries: [DE], tpye: b2b}\n", encoding="utf-8")
    code, report = check_json("--no-cache", "--select", "OL0", str(path))
    assert code == 0 and report["findings"] and all(f["countries"] == [] for f in report["findings"])


# -- 17.4 law in time ------------------------------------------------------------------------


def test_as_of_the_day_before_and_the_day_a_dated_row_applies(tmp_path: Path) -> None:
    path = write_campaign(tmp_path, calls(["FR"]))
    before = check_json("--no-cache", "--rules", XT_RULES, "--select", "XT901", "--as-of", "2026-08-10", str(path))
    after = check_json("--no-cache", "--rules", XT_RULES, "--select", "XT901", "--as-of", "2026-08-11", str(path))
    assert before == (0, before[1]) and findings(before[1], "XT901") == []
    [finding] = findings(after[1], "XT901")
    assert (after[0], finding["countries"], finding["line"]) == (1, ["FR"], 8)  # audience.consent.basis


def test_a_row_with_dated_versions_and_a_dated_rule(tmp_path: Path) -> None:
    path = write_campaign(tmp_path, calls(["LT", "FR"]))
    _, early = check_json("--no-cache", "--rules", XT_RULES, "--select", "XT901,XT904", "--as-of", "2026-06-30", str(path))
    _, late = check_json("--no-cache", "--rules", XT_RULES, "--select", "XT901,XT904", "--as-of", "2026-08-11", str(path))
    assert [(f["code"], f["countries"]) for f in early["findings"]] == [("XT901", ["LT"])]
    assert sorted((f["code"], f["countries"][0]) for f in late["findings"]) == [("XT901", "FR"), ("XT904", "FR")]


def test_schedule_start_decides_and_a_change_within_it_is_noted(tmp_path: Path) -> None:
    path = write_campaign(tmp_path, calls(["FR", "NL"], schedule={"start": "2026-08-01", "end": "2026-08-31"}))
    code, report = check_json("--no-cache", "--rules", XT_RULES, "--select", "XT901,XT902,XT904", str(path))
    assert code == 1
    got = sorted((f["code"], f["severity"], tuple(f["countries"]), f["message"].split(":")[0]) for f in report["findings"])
    assert got == [
        ("XT901", "error", ("FR",), "From 11 Aug 2026"),
        ("XT901", "error", ("NL",), "Consumer calls to NL need consent (sender unknown, regime unknown)."),
        ("XT902", "error", ("FR",), "Until 10 Aug 2026"),
        ("XT904", "error", ("FR",), "From 11 Aug 2026"),
    ]
    [fr] = [f for f in findings(report, "XT901") if f["countries"] == ["FR"]]
    assert fr["message"] == "From 11 Aug 2026: Consumer calls to FR need consent (sender unknown, regime unknown)."


def test_as_of_overrides_the_schedule(tmp_path: Path) -> None:
    path = write_campaign(tmp_path, calls(["FR"], schedule={"start": "2026-08-01", "end": "2026-08-31"}))
    _, report = check_json("--no-cache", "--rules", XT_RULES, "--select", "XT901", "--as-of", "2026-09-01", str(path))
    [finding] = findings(report, "XT901")
    assert not finding["message"].startswith("From")


def test_a_schedule_that_ends_before_the_change_gets_no_note(tmp_path: Path) -> None:
    path = write_campaign(tmp_path, calls(["FR"], schedule={"start": "2026-08-01", "end": "2026-08-10"}))
    _, report = check_json("--no-cache", "--rules", XT_RULES, "--select", "XT901,XT902", str(path))
    assert [(f["code"], f["severity"], f["message"].startswith("Screen")) for f in report["findings"]] == [("XT902", "error", True)]


def test_explain_shows_the_history_of_a_rule_and_its_data(tmp_path: Path) -> None:
    code, out, _ = run_cli("explain", "XT901", "--rules", XT_RULES)
    assert code == 0
    assert "  - FR in XT_CALL_CONSENT: from 11 Aug 2026" in out
    assert "  - LT in XT_CALL_CONSENT: until 30 Jun 2026" in out
    assert "  - NL in XT_CALL_CONSENT: from 1 Jul 2021" in out
    code, out, _ = run_cli("explain", "XT902", "--rules", XT_RULES, "--format", "json")
    history = json.loads(out)["history"]
    assert {"what": "the rule, case 1 (error)", "until": "2026-08-11", "text": "the rule, case 1 (error): until 10 Aug 2026"} in history
    code, out, _ = run_cli("explain", "XT904", "--rules", XT_RULES)
    assert "  - the rule: from 11 Aug 2026" in out


# -- 17.7 citations -------------------------------------------------------------------------


def test_a_finding_cites_the_law_of_its_countries_most_specific_first(tmp_path: Path) -> None:
    path = write_campaign(tmp_path, calls(["NL"]))
    _, report = check_json("--no-cache", "--rules", XT_RULES, "--select", "XT901", str(path))
    [finding] = findings(report, "XT901")
    assert [c["law"] for c in finding["citations"]] == ["XT Dutch law", "XT group law", "XT general law"]
    code, out, _ = run_cli("check", "--no-cache", "--today", TODAY, "--rules", XT_RULES, "--select", "XT901", str(path))
    assert code == 1
    law_lines = [line.split("law: ", 1)[1] for line in out.splitlines() if "law: " in line]
    assert law_lines == ["XT Dutch law Art. NL (+2 more: --show-law)"]


def test_findings_for_other_countries_do_not_cite_a_french_law(tmp_path: Path) -> None:
    path = write_campaign(tmp_path, calls(["FR", "NL"]))
    _, report = check_json("--no-cache", "--rules", XT_RULES, "--select", "XT901", "--as-of", "2026-09-01", str(path))
    [finding] = findings(report, "XT901")  # FR and NL are alike for this rule: one finding
    assert finding["countries"] == ["FR", "NL"]
    assert [c["law"] for c in finding["citations"]] == ["XT French law", "XT Dutch law", "XT group law", "XT general law"]


# -- 17.3 the sender's establishment ----------------------------------------------------------


def sender_campaign(countries: list[str], sender: dict[str, str]) -> dict[str, Any]:
    return {"campaign": "x", "channel": "email", "audience": {"type": "b2b", "countries": countries}, "sender": {"name": "Acme", **sender}}


def test_an_eea_sender_brings_every_recipient_into_a_sender_jurisdiction_rule(tmp_path: Path) -> None:
    path = write_campaign(tmp_path, sender_campaign(["US"], {"postal_address": "Hauptstr. 1, 10115 Berlin, Germany"}))
    _, report = check_json("--no-cache", "--rules", XT_RULES, "--select", "XT903", str(path))
    [finding] = findings(report, "XT903")
    assert finding["countries"] == ["US"]
    assert finding["message"] == (
        "XT data-protection duty for US (sender DE, regime EEA). This applies to recipients in US too: the sender is established in DE."
    )


def test_a_us_sender_mailing_us_recipients_gets_no_eea_finding(tmp_path: Path) -> None:
    path = write_campaign(tmp_path, sender_campaign(["US"], {"postal_address": "1 Main St, Wilmington, DE 19801"}))
    code, report = check_json("--no-cache", "--rules", XT_RULES, "--select", "XT903", str(path))
    assert findings(report, "XT903") == [] and code == 0


def test_sender_country_stated_wins_and_an_unclear_address_leaves_it_unknown(tmp_path: Path) -> None:
    path = write_campaign(tmp_path, sender_campaign(["FR"], {"country": "CH", "postal_address": "1 High St, London EC1A 1BB"}))
    _, report = check_json("--no-cache", "--rules", XT_RULES, "--select", "XT903", str(path))
    assert findings(report, "XT903")[0]["message"].startswith("XT data-protection duty for FR (sender CH, regime CH).")
    path = write_campaign(tmp_path, sender_campaign(["FR"], {"postal_address": "1 Main St, Wilmington, DE"}))
    _, report = check_json("--no-cache", "--rules", XT_RULES, "--select", "XT903", str(path))
    assert findings(report, "XT903")[0]["message"] == "XT data-protection duty for FR (sender unknown, regime unknown)."


def test_sender_country_from_the_postal_address(tmp_path: Path) -> None:
    cases = {
        "1 High St, London EC1A 1BB": "GB, regime GB",
        "Rue de Rivoli 3, 75001 Paris, FR": "FR, regime EEA",
        "Bahnhofstrasse 1, 8001 Zürich, Switzerland": "CH, regime CH",
        "500 Market St, San Francisco, CA 94105": "US, regime other",
        "Hauptstr. 1, 10115 Berlin, DE": "DE, regime EEA",
    }
    for index, (address, expected) in enumerate(cases.items()):
        path = write_campaign(tmp_path, sender_campaign(["IT"], {"postal_address": address}), name=f"c{index}.yaml")
        _, report = check_json("--no-cache", "--rules", XT_RULES, "--select", "XT903", str(path))
        assert f"(sender {expected})" in findings(report, "XT903")[0]["message"], address


def test_report_judges_on_as_of_too(tmp_path: Path) -> None:
    path = write_campaign(tmp_path, calls(["FR"]))
    outputs = {}
    for day in ("2026-08-10", "2026-08-11"):
        code, out, err = run_cli("report", "--format", "markdown", "--today", TODAY, "--rules", XT_RULES, "--select", "XT901", "--as-of", day, str(path))
        assert code in (0, 1), err
        outputs[day] = out
    assert "Consumer calls to FR need consent" not in outputs["2026-08-10"]
    assert "Consumer calls to FR need consent" in outputs["2026-08-11"]
