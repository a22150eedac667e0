"""Facts derived from file facts after the readers ran (normalize.derive_file_facts)."""

from __future__ import annotations

from typing import Any

import pytest

from outreach_lint.normalize import derive_file_facts


def _derived(contacts: Any) -> Any:
    document: dict[str, Any] = {"facts": {"contacts": contacts}}
    derive_file_facts(document)
    return document["facts"]["contacts"]


@pytest.mark.parametrize(
    ("rows", "role", "personal"),
    [
        (1200, {"count": 1200, "rows": [2, 3], "examples": []}, 0),
        (1200, {"count": 15, "rows": [2, 3], "examples": []}, 1185),
        ({"count": 40}, {"count": 0}, 40),
        (3, {"count": 5}, 0),  # never negative, whatever a reader reports
    ],
)
def test_personal_address_rows_are_the_rows_that_are_not_role_addresses(rows: Any, role: Any, personal: int) -> None:
    assert _derived({"rows": rows, "role_address": role})["personal_address"] == {"count": personal}


@pytest.mark.parametrize(
    "contacts", [{"rows": 10}, {"role_address": {"count": 2}}, {"rows": "10", "role_address": {"count": 2}}, {"rows": True, "role_address": {"count": 0}}]
)
def test_no_personal_address_fact_without_both_counts(contacts: dict[str, Any]) -> None:
    assert "personal_address" not in _derived(contacts)


def test_documents_without_contacts_are_left_alone() -> None:
    document: dict[str, Any] = {"facts": {"countries": ["DE"]}}
    derive_file_facts(document)
    assert document == {"facts": {"countries": ["DE"]}}
