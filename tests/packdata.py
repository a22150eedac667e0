"""The contact-list readers as the tests call them: with the built-in pack's contact data
(the readers take it as an argument; the engine passes ``RulePack.contact_data``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from outreach_lint.facts import contact_profiles, contacts, contacts_suppression, suppression_sql
from outreach_lint.rulepack import load_pack

DATA = load_pack().contact_data
PROFILES: dict[str, dict[str, Any]] = DATA["profiles"]


def check_contacts(path: Path, **options: Any) -> dict[str, Any]:
    return contacts.check_contacts(path, DATA, **options)


def load_suppression(path: Path) -> tuple[frozenset[str], frozenset[str]]:
    """(match keys, whole domains) of a suppression list, as DuckDB builds them."""
    return contacts_suppression.read_sets(path, DATA)


def suppression_key(entry: str) -> str | None:
    """The match key the suppression list's SQL gives one entry (trimmed and lowered as the list
    reader does), None when the entry is not an address."""
    import duckdb

    keys, _ = suppression_sql.suppression_selects("(SELECT lower(trim($1, $2)) AS v) AS entry", "v", DATA)
    row = duckdb.connect().execute(keys, [entry, contacts_suppression.WHITESPACE]).fetchone()
    return None if row is None else str(row[0])


def resolve(header: list[str], profile: str | None = None, columns: dict[str, Any] | None = None) -> contact_profiles.Mapping:
    return contact_profiles.resolve(header, PROFILES, profile, columns)
