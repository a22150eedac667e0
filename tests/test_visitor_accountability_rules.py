"""Scoping and severity splits of the visitor identification, tracking and accountability rules.

Run on in-memory campaigns through ``judge_example`` (facts stand in for the file readers), so
they do not depend on which readers have landed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from outreach_lint.check.examples import judge_example
from outreach_lint.findings import Severity
from outreach_lint.rulepack import load_pack

from .conftest import TODAY

PACK = load_pack()
MINE = ("OL170", "OL171", "OL172", "OL173", "OL174", "OL180", "OL190", "OL192", "OL193", "OL194", "OL195", "OL196", "OL197", "OL200")


def _run(campaign: dict[str, Any], facts: dict[str, Any] | None = None) -> list[tuple[str, Severity, str]]:
    found = judge_example(campaign, PACK, facts, dt.date.fromisoformat(TODAY))
    return sorted((code, severity, pointer) for code, severity, _message, pointer in found if code in MINE)


def _seed(countries: list[str], **extra: Any) -> dict[str, Any]:
    """The essays' case: a person-level tag, identified visitors in a cold sequence, data to Slack."""
    campaign: dict[str, Any] = {
        "campaign": "rb2b-slack-sequence",
        "channel": "email",
        "audience": {"type": "b2b", "countries": countries, "sources": ["website_visitors"], "consent": {"basis": "legitimate_interest"}},
        "tracking": {"visitor_identification": {"vendor": "rb2b", "level": "person", "consent_required": False}},
        "processors": [{"name": "Slack", "role": "processor", "country": "US", "dpa": True, "transfer": "none", "data": ["email", "visited_pages"]}],
        "retention_days": 365,
        "steps": [{"subject": "Saw you on our pricing page", "unsubscribe": "link"}],
    }
    campaign.update(extra)
    return campaign


def test_the_seed_case_in_germany_trips_every_visitor_rule_at_error() -> None:
    got = _run(_seed(["DE"]))
    errors = {code for code, severity, _ in got if severity == Severity.ERROR}
    assert errors == {"OL170", "OL171", "OL172", "OL190", "OL192"}
    assert ("OL170", Severity.ERROR, "/tracking/visitor_identification/consent_required") in got
    assert ("OL192", Severity.ERROR, "/processors/0/transfer") in got


def test_the_same_campaign_to_the_us_gets_no_europe_only_finding() -> None:
    got = _run(_seed(["US"]))
    assert got == [("OL171", Severity.WARNING, "/tracking/visitor_identification/level")]


def test_a_geo_fence_outside_europe_turns_the_tag_rules_into_the_us_warning() -> None:
    campaign = _seed(["DE"])
    campaign["tracking"]["visitor_identification"]["geo"] = ["US"]
    codes = {code: severity for code, severity, _ in _run(campaign)}
    assert "OL170" not in codes
    assert codes["OL171"] == Severity.WARNING


@pytest.mark.parametrize("group", ["EU", "EEA", "EUROPE"])
def test_a_country_group_gets_the_rules_of_its_members(group: str) -> None:
    codes = {code for code, _, _ in _run(_seed([group]))}
    assert {"OL170", "OL171", "OL172", "OL190", "OL192"} <= codes


def test_switzerland_follows_its_own_regime() -> None:
    # legal-notes §0.1, §0.2: CH is opt-in for marketing e-mail (OL172), inform-and-refuse for device
    # access (OL170 warns when the campaign does not say visitors are informed and can refuse), the FADP
    # (no lawful basis: OL171 a warning; transfers: FADP Art. 16, so OL192), and no GDPR-only duties.
    got = {code: severity for code, severity, _ in _run(_seed(["CH"]))}
    assert got == {"OL170": Severity.WARNING, "OL171": Severity.WARNING, "OL172": Severity.ERROR, "OL192": Severity.ERROR}


def test_gb_b2b_on_legitimate_interest_with_an_lia_gets_no_lia_error() -> None:
    campaign = {
        "campaign": "gb-finance-directors",
        "channel": "email",
        "audience": {"type": "b2b", "countries": ["GB"], "sources": ["public_directory"], "consent": {"basis": "legitimate_interest"}},
        "legitimate_interest_assessment": "docs/lia.md",
        "retention_days": 365,
        "steps": [{"subject": "Closing the books faster", "unsubscribe": "link"}],
    }
    complete = {"lia": dict.fromkeys(("purpose", "necessity", "balancing", "retention", "objection"), True)}
    assert _run(campaign, complete) == []
    thin = {"lia": dict(complete["lia"], balancing=False)}
    assert _run(campaign, thin) == [("OL190", Severity.WARNING, "/legitimate_interest_assessment")]


@pytest.mark.parametrize(
    ("country", "transfer", "expected"),
    [
        ("US", "dpf", None),
        ("US", "adequacy", Severity.WARNING),
        ("US", "none", Severity.ERROR),
        ("IN", "dpf", Severity.ERROR),
        ("IN", "scc", None),
        ("JP", None, None),
        ("CA", None, None),
        ("BR", "adequacy", None),  # adequate since 26 Jan 2026 (Implementing Decision (EU) 2026/179)
        ("SE", None, None),
    ],
)
def test_transfer_routes(country: str, transfer: str | None, expected: Severity | None) -> None:
    processor: dict[str, Any] = {"name": "Tool", "role": "processor", "country": country, "dpa": True, "data": ["email"]}
    if transfer:
        processor["transfer"] = transfer
    got = [severity for code, severity, _ in _run({"campaign": "x", "audience": {"countries": ["FR"]}, "processors": [processor]}) if code == "OL192"]
    assert got == ([expected] if expected else [])


def test_a_site_scan_that_contradicts_the_declaration_trips_ol170_and_ol173() -> None:
    campaign = _seed(["NL"])
    campaign["tracking"] = {"visitor_identification": {"vendor": "leadfeeder", "level": "company", "consent_required": True}, "sites": ["site/index.html"]}
    facts = {
        "vendor_hits": [{"vendor": "rb2b", "name": "RB2B", "level": "person", "ungated": True, "file": "site/index.html"}],
        "vendor_levels": ["person"],
        "undeclared_vendors": ["RB2B"],
        "ungated_vendors": ["RB2B"],
        "declared_vendor": {"id": "leadfeeder", "name": "Leadfeeder", "level": "company"},
    }
    codes = {code: severity for code, severity, _ in _run(campaign, facts)}
    assert codes["OL170"] == Severity.ERROR
    assert codes["OL173"] == Severity.ERROR
    assert codes["OL171"] == Severity.WARNING  # gated by declaration, person-level found: check the consent covers it


def test_a_gated_site_hit_without_a_declaration_is_not_an_ol170_finding() -> None:
    campaign = {"campaign": "x", "audience": {"type": "b2b", "countries": ["DE"]}, "tracking": {"sites": ["site/index.html"]}}
    facts = {
        "vendor_hits": [{"vendor": "leadfeeder", "name": "Leadfeeder", "level": "company", "ungated": False, "file": "site/index.html"}],
        "vendor_levels": ["company"],
        "undeclared_vendors": ["Leadfeeder"],
        "ungated_vendors": [],
    }
    codes = {code for code, _, _ in _run(campaign, facts)}
    assert "OL170" not in codes
    assert "OL173" in codes


def test_casl_only_for_canada_and_australia() -> None:
    base = {"campaign": "x", "channel": "email", "audience": {"type": "b2b", "consent": {"basis": "legitimate_interest"}}, "steps": [{"unsubscribe": "link"}]}
    for countries, expected in ((["CA"], [Severity.ERROR]), (["AU", "NZ"], [Severity.ERROR]), (["US", "NZ"], [])):
        campaign = dict(base, audience=dict(base["audience"], countries=countries))
        assert [s for code, s, _ in _run(campaign) if code == "OL200"] == expected, countries
