"""Behaviour of the opt-out, identity, cadence and calling rules beyond their fixtures."""

from __future__ import annotations

import datetime as dt

import pytest

from outreach_lint.check.examples import judge_campaign, judge_example
from outreach_lint.rulepack import load_pack

from .conftest import FIXTURES, check_json

OL133_TRIP = str(FIXTURES / "rules" / "OL133" / "trip-suppressed-and-unsubscribed-rows.yaml")
RAW_ADDRESSES = ("jonas.weber@example.org", "lena.fischer@example.net", "Lena.Fischer@Example.net")


def test_suppressed_contact_messages_name_counts_rows_and_mask_addresses() -> None:
    pytest.importorskip("outreach_lint.facts.contacts", reason="the contacts reader has not landed yet")
    _, report = check_json("--select", "OL133", OL133_TRIP)
    messages = [f["message"] for f in report["findings"]]
    assert len(messages) == 2
    assert any(m.startswith("Contact rows on the suppression list lists/do-not-contact.csv: 1 in lists/spring.csv") for m in messages)
    assert any(m.startswith("Contact rows marked unsubscribed: 1 in lists/spring.csv") for m in messages)
    assert not any(address in m for m in messages for address in RAW_ADDRESSES)
    assert all("***@" in m for m in messages)


def test_show_pii_shows_the_addresses() -> None:
    pytest.importorskip("outreach_lint.facts.contacts", reason="the contacts reader has not landed yet")
    _, report = check_json("--show-pii", "--select", "OL133", OL133_TRIP)
    text = " ".join(f["message"] for f in report["findings"])
    assert "jonas.weber@example.org" in text


# -- jurisdiction scoping -------------------------------------------------------------

PACK = load_pack()
MINE = ("OL130", "OL131", "OL132", "OL133", "OL134", "OL140", "OL141", "OL142", "OL143", "OL144", "OL150", "OL160", "OL161", "OL162", "OL163")
DAY = dt.date(2026, 11, 23)


def _us_mailing(countries: list[str], basis: str = "none") -> dict:
    return {
        "campaign": "webinar",
        "channel": "email",
        "audience": {"type": "b2c", "countries": countries, "consent": {"basis": basis}, "suppression_list": "lists/dnc.csv"},
        "sender": {
            "name": "Acme Inc.",
            "email": "events@acme.example",
            "reply_to": "events@acme.example",
            "postal_address": "100 Main St, Springfield, IL 62701, US",
        },
        "steps": [
            {"subject": "Advertisement: our Q1 webinar", "unsubscribe": "link"},
            {"delay_days": 7, "subject": "Advertisement: webinar reminder", "unsubscribe": "link"},
        ],
        "opt_out": {"honored_within_days": 2, "global_suppression": True, "mechanism_valid_days": 60, "requires_login": False},
    }


def _findings(campaign: dict, facts: dict | None = None) -> list[tuple[str, str, str]]:
    return sorted((code, severity.label, pointer) for code, severity, _, pointer in judge_example(campaign, PACK, facts, DAY) if code in MINE)


def test_us_email_without_consent_is_opt_out_and_gets_no_finding() -> None:
    assert _findings(_us_mailing(["US"])) == []


def test_the_same_mailing_to_germany_gets_the_european_content_rules() -> None:
    # Without templates the campaign cannot show the Art. 21 notice in its first message.
    assert _findings(_us_mailing(["DE"])) == [("OL144", "warning", "/steps/0")]


def test_template_facts_point_at_the_template_key() -> None:
    campaign = _us_mailing(["US", "DE"], basis="legitimate_interest")
    for step in campaign["steps"]:
        step["template"] = "templates/webinar.html"
        step["subject"] = "Our Q1 webinar"
    facts = {
        "steps": [
            {"template": {"unsubscribe": False, "postal_address": False, "ad_label": False, "objection_notice": False}},
            {"template": {"unsubscribe": True, "postal_address": True, "ad_label": True, "objection_notice": True}},
        ]
    }
    assert _findings(campaign, facts) == [
        ("OL130", "error", "/steps/0/template"),
        ("OL141", "error", "/steps/0/template"),  # US: CAN-SPAM
        ("OL141", "warning", "/steps/0/template"),  # DE, judged on its own since issue 17
        ("OL142", "warning", "/steps/0/template"),
        ("OL144", "warning", "/steps/0/template"),
    ]


def test_an_eu_group_gets_the_rules_of_its_members() -> None:
    campaign = {
        "campaign": "calls",
        "channel": "phone",
        "audience": {"type": "b2c", "countries": ["EU"], "consent": {"basis": "legitimate_interest"}, "suppression_list": "x.csv"},
        "opt_out": {"honored_within_days": 1, "global_suppression": True},
        "sender": {"name": "Acme"},
        "steps": [{"name": "call"}],
    }
    # judged per country (issue 17): one finding per group of countries the rule treats alike
    messages = {(f.code, f.countries): f.message for f in judge_campaign(campaign, PACK, None, DAY) if f.code in MINE}
    assert sorted({code for code, _ in messages}) == ["OL134", "OL162", "OL163"]
    # FR's Bloctel ended on 11 Aug 2026 (legal-notes §0.3): from then OL163 asks for consent instead
    assert sorted(k for k in messages if k[0] == "OL134") == [("OL134", ("BE", "IT")), ("OL134", ("ES",))]
    assert messages[("OL134", ("BE", "IT"))].startswith("Sales calls go to BE, IT, but")
    assert "unverified" in messages[("OL134", ("ES",))]
    # one OL163 finding per national regime (legal-notes §0.2): AT and PL together, DE, NL, and FR from 11 Aug 2026
    assert sorted(k for k in messages if k[0] == "OL163") == [("OL163", c) for c in (("AT", "PL"), ("DE",), ("FR",), ("NL",))]
    assert "businesses included" in messages[("OL163", ("AT", "PL"))]
    # the day before the switch: Bloctel is still the duty, and FR calls need no consent yet
    before = {(f.code, f.countries) for f in judge_campaign(campaign, PACK, None, dt.date(2026, 8, 10)) if f.code in MINE}
    assert ("OL134", ("BE", "FR", "IT")) in before and ("OL163", ("FR",)) not in before
