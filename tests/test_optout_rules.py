"""Behaviour of the opt-out, identity, cadence and calling rules beyond their fixtures."""

from __future__ import annotations

import pytest

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
