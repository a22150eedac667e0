"""Behaviour of the consent and contact-source rules (OL102-OL123) beyond their fixtures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from outreach_lint.check.examples import judge_example
from outreach_lint.rulepack import load_pack

PACK = load_pack()
MINE = ("OL102", "OL103", "OL104", "OL105", "OL106", "OL110", "OL111", "OL112", "OL113", "OL114", "OL115", "OL120", "OL121", "OL122", "OL123")
DAY = dt.date(2026, 11, 23)
TABLE_A = PACK.tables["b2b_email"]


def _row(country: str, day: dt.date = DAY) -> dict:
    """Table A's row for a country as in force on ``day`` (rows that changed are lists of dated versions)."""
    row = TABLE_A[country]
    for version in row if isinstance(row, list) else [row]:
        if str(version.get("from", "0000")) <= day.isoformat() < str(version.get("until", "9999")):
            return version
    raise AssertionError(f"no row for {country} on {day}")


def _findings(campaign: dict[str, Any], facts: dict[str, Any] | None = None) -> list[tuple[str, str, str]]:
    return _findings_on(campaign, DAY, facts)


def _findings_on(campaign: dict[str, Any], day: dt.date, facts: dict[str, Any] | None = None) -> list[tuple[str, str, str]]:
    return sorted((code, severity.label, pointer) for code, severity, _, pointer in judge_example(campaign, PACK, facts, day) if code in MINE)


def _risky(countries: list[str], type_: str = "b2b", basis: str = "legitimate_interest", **consent: Any) -> dict[str, Any]:
    """A campaign that trips as many of these rules as its countries allow."""
    return {
        "campaign": "outbound",
        "channel": "email",
        "audience": {"type": type_, "countries": countries, "sources": ["purchased_list", "scraped"], "consent": {"basis": basis, **consent}},
        "steps": [{"subject": "Hello", "unsubscribe": "none"}, {"channel": "linkedin", "subject": "Hi", "unsubscribe": "reply"}],
    }


def test_us_only_campaigns_get_none_of_the_european_consent_rules() -> None:
    for type_ in ("b2b", "b2c", "mixed"):
        assert _findings(_risky(["US"], type_)) == []
        assert _findings(_risky(["US"], type_, "soft_opt_in")) == []


def test_an_eu_group_gets_the_rules_of_its_members() -> None:
    assert _findings(_risky(["EU"])) == _findings(_risky(sorted(PACK.sets["EU"])))
    codes = {code for code, _, _ in _findings(_risky(["EU"]))}
    assert {"OL103", "OL104", "OL106", "OL120", "OL121", "OL122"} <= codes


def test_gb_b2b_on_documented_legitimate_interest_gets_no_consent_error_and_de_does() -> None:
    campaign = {
        "campaign": "outbound",
        "channel": "email",
        "legitimate_interest_assessment": "docs/lia.md",
        "audience": {
            "type": "b2b",
            "countries": ["GB"],
            "sources": ["event_signup"],
            "role_relevance": ["CFO"],
            "contacts": "lists/x.csv",
            "consent": {"basis": "legitimate_interest"},
        },
        "steps": [{"subject": "Hello", "unsubscribe": "link"}],
    }
    facts = {"contacts": {"rows": 10, "freemail": {"count": 0, "rows": [], "examples": []}, "sole_trader": {"count": 0, "rows": [], "examples": []}}}
    assert _findings(campaign, facts) == []
    campaign["audience"]["countries"] = ["DE"]
    assert _findings(campaign, facts) == [("OL103", "error", "/audience/consent/basis")]


@pytest.mark.parametrize("country", sorted(TABLE_A))
def test_ol103_severity_follows_table_a(country: str) -> None:
    value = _row(country)["b2b_email"]
    found = [f for f in _findings(_risky([country])) if f[0] == "OL103"]
    if value == "consent":
        assert found == [("OL103", "error", "/audience/consent/basis")]
    elif value == "consent?":
        assert found == [("OL103", "warning", "/audience/consent/basis")]
    else:
        assert found == []


@pytest.mark.parametrize("country", sorted(TABLE_A))
def test_ol104_applies_exactly_to_the_opt_out_rows(country: str) -> None:
    codes = {code for code, _, _ in _findings(_risky([country]))}
    assert ("OL104" in codes) == _row(country)["b2b_email"].startswith("opt_out")


def test_ol103_unverified_rows_are_named_and_flagged_in_the_message() -> None:
    # Judged per country (issue 17.1): DE (verified row) is an error, MT (unverified row) a warning
    # that says so; before, one error named both. (CY is opt_out? in legal-notes Table A.)
    found = {code_sev_msg[1].label: code_sev_msg[2] for code_sev_msg in judge_example(_risky(["MT", "DE"]), PACK, None, DAY) if code_sev_msg[0] == "OL103"}
    assert set(found) == {"error", "warning"}
    assert "to DE " in found["error"] and "MT" not in found["error"]
    assert "to MT " in found["warning"] and "Table A marks MT as unverified" in found["warning"]


def test_table_a_rows_by_date() -> None:
    # legal-notes §0.3: LT needed consent for all before 1 Jul 2026, legal entities opt-out (unverified) from then
    before = {code for code, _, _ in _findings_on(_risky(["LT"]), dt.date(2026, 6, 30))}
    after = {code for code, _, _ in _findings_on(_risky(["LT"]), dt.date(2026, 7, 1))}
    assert "OL103" in before and "OL104" not in before
    assert "OL103" not in after and "OL104" in after
    # SI: ZEKom-2 art. 226 from 10 Nov 2022, same consent rule
    assert "ZEKom-2 art. 226" in _row("SI")["law"] and "ZEKom-1" in _row("SI", dt.date(2022, 11, 9))["law"]


@pytest.mark.parametrize(
    ("rows", "role", "expected"),
    [
        (120, 120, []),  # role addresses only: exempt in BE
        (300, 120, [("OL103", "error", "/audience/consent/basis")]),  # named addresses too
    ],
)
def test_ol103_role_address_exemption_in_belgium(rows: int, role: int, expected: list[tuple[str, str, str]]) -> None:
    campaign = _risky(["BE"])
    campaign["audience"]["sources"] = ["event_signup"]
    campaign["steps"] = [{"subject": "Hello", "unsubscribe": "link"}]
    facts = {"contacts": {"rows": rows, "role_address": {"count": role, "rows": [2], "examples": ["i***@example.be"]}}}
    assert [f for f in _findings(campaign, facts) if f[0] == "OL103"] == expected


def test_ol103_role_addresses_do_not_exempt_germany() -> None:
    campaign = _risky(["BE", "DE"])
    facts = {"contacts": {"rows": 120, "role_address": {"count": 120, "rows": [2], "examples": []}}}
    assert [f[:2] for f in _findings(campaign, facts) if f[0] == "OL103"] == [("OL103", "error")]


@pytest.mark.parametrize(
    ("collected_at", "origin", "expected"),
    [
        ("2024-11-24", "purchase", []),  # 729 days
        ("2024-11-22", "purchase", [("OL115", "error")]),  # 731 days
        ("2026-05-24", "inquiry", []),  # 183 days
        ("2026-05-23", "inquiry", [("OL115", "error")]),  # 184 days
        ("2026-05-23", None, [("OL115", "warning")]),  # past 6 months, origin unknown
    ],
)
def test_ol115_casl_implied_consent_periods(collected_at: str, origin: str | None, expected: list[tuple[str, str]]) -> None:
    consent: dict[str, Any] = {"collected_at": collected_at}
    if origin:
        consent["origin"] = origin
    campaign = {
        "campaign": "ca",
        "channel": "email",
        "audience": {"type": "b2c", "countries": ["CA"], "consent": {"basis": "soft_opt_in", **consent}},
        "steps": [{"subject": "x", "unsubscribe": "link"}],
    }
    assert [f[:2] for f in _findings(campaign) if f[0] == "OL115"] == expected
