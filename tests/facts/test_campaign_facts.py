"""Campaign-level checks through the CLI with the readers' own fixtures (fixtures/facts/*.yaml).

Each campaign points at the template, contacts, site and LIA fixtures next to it; the tests pin the
findings that come from facts those files give, and that no contact address leaves unmasked.
"""

from __future__ import annotations

import csv
from functools import cache
from typing import Any

import pytest

from ..conftest import FIXTURES, TODAY, check_json, run_cli

CAMPAIGNS = FIXTURES / "facts"
FILE_RULES = (
    "OL003",
    "OL008",
    "OL105",
    "OL110",
    "OL122",
    "OL123",
    "OL130",
    "OL133",
    "OL141",
    "OL142",
    "OL144",
    "OL170",
    "OL171",
    "OL173",
    "OL174",
    "OL180",
    "OL190",
)


@cache
def report(name: str, *args: str) -> dict[str, Any]:
    """One CLI run per campaign and options (the runs are the slow part of these tests)."""
    return check_json("--no-cache", *args, str(CAMPAIGNS / name))[1]


def findings(name: str, *args: str) -> list[tuple[str, int, str, str]]:
    return sorted((f["code"], f["line"], f["severity"], f["path"]) for f in report(name, *args)["findings"] if f["code"] in FILE_RULES)


def messages(name: str, code: str, *args: str) -> list[str]:
    return sorted(f["message"] for f in report(name, *args)["findings"] if f["code"] == code)


def test_template_without_footer_trips_opt_out_and_address_rules_at_the_step() -> None:
    assert findings("cold-no-footer.yaml") == [
        ("OL130", 17, "error", "/steps/0/template"),
        ("OL130", 23, "info", "/opt_out/mechanism_valid_days"),
        ("OL141", 17, "error", "/steps/0/template"),
        ("OL142", 17, "warning", "/steps/0/template"),
        ("OL142", 21, "warning", "/steps/1/template"),
    ]
    assert messages("cold-no-footer.yaml", "OL130")[0].startswith(
        "Step 1 declares `unsubscribe: link`, but its template ../templates/cold-no-footer.html has no unsubscribe link"
    )


def test_tricky_contacts_give_row_level_findings() -> None:
    assert findings("tricky-contacts.yaml") == [
        ("OL110", 13, "error", "/audience/contacts"),
        ("OL123", 6, "warning", "/audience/countries"),
        ("OL133", 13, "error", "/audience/contacts"),
        ("OL133", 13, "error", "/audience/contacts"),
    ]
    assert messages("tricky-contacts.yaml", "OL133") == [
        "Contact rows marked unsubscribed: 1 in ../contacts/b2b-tricky.csv (first rows: 6; for example c***@example.net); "
        "these people opted out and must not be contacted.",
        "Contact rows on the suppression list ../contacts/do-not-contact.csv: 2 in ../contacts/b2b-tricky.csv "
        "(first rows: 3, 5; for example J***@example.com, J***@gmail.com); these people opted out or objected and must not be contacted.",
    ]


def _addresses() -> list[str]:
    with (FIXTURES / "contacts" / "b2b-tricky.csv").open(encoding="utf-8", newline="") as handle:
        return [row["email"] for row in csv.DictReader(handle) if "@" in row["email"]]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github", "gitlab"])
def test_no_unmasked_contact_address_in_any_output(fmt: str) -> None:
    code, out, err = run_cli("check", "--no-cache", "--today", TODAY, "--format", fmt, str(CAMPAIGNS / "tricky-contacts.yaml"))
    assert code == 1, err
    assert "***@" in out
    leaked = [address for address in _addresses() if address in out or address.lower() in out.lower() + err.lower()]
    assert leaked == []


def test_show_pii_prints_the_addresses() -> None:
    text = " ".join(messages("tricky-contacts.yaml", "OL133", "--show-pii"))
    assert "John.Doe+news@Example.com" in text and "carla.test@example.net" in text


def test_visitor_sites_declared_rb2b_but_page_loads_before_consent_and_gtm_adds_leadfeeder() -> None:
    assert [f for f in findings("visitor-sites.yaml") if f[0].startswith("OL17")] == [
        ("OL170", 17, "error", "/tracking/visitor_identification/consent_required"),
        ("OL171", 16, "warning", "/tracking/visitor_identification/level"),
        ("OL173", 15, "error", "/tracking/visitor_identification/vendor"),
    ]
    assert "Leadfeeder" in messages("visitor-sites.yaml", "OL173")[0]


def test_lookalike_hosts_give_no_visitor_identification_finding() -> None:
    assert [f for f in findings("lookalike-site.yaml") if f[0].startswith("OL17")] == []


def test_unreadable_referenced_files_are_reported_at_their_keys() -> None:
    # issue 12: a file that exists but does not decode is OL008 referenced-file-unreadable (was OL003)
    assert [f for f in findings("broken-files.yaml") if f[0] in ("OL003", "OL008")] == [
        ("OL003", 15, "error", "/tracking/sites/0"),
        ("OL008", 10, "error", "/audience/contacts"),
    ]
    assert messages("broken-files.yaml", "OL008") == [
        "contacts file '../contacts/latin1.csv' is not UTF-8 at line 2 (byte 0xe9); save it as UTF-8, or declare "
        "a Windows-1252/Latin-1 export with `audience.contacts: {path: ..., encoding: cp1252}`",
    ]
    assert messages("broken-files.yaml", "OL003") == [
        "site file '../sites/truncated-gtm.json' is not valid JSON (line 2: Expecting value)",
    ]
