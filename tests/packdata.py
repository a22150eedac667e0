"""The contact-list readers as the tests call them: with the built-in pack's contact data
(the readers take it as an argument; the engine passes ``RulePack.contact_data``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from outreach_lint.facts import contact_profiles, contacts
from outreach_lint.rulepack import load_pack

DATA = load_pack().contact_data
PROFILES: dict[str, dict[str, Any]] = DATA["profiles"]


def check_contacts(path: Path, **options: Any) -> dict[str, Any]:
    return contacts.check_contacts(path, DATA, **options)


def load_suppression(path: Path) -> tuple[frozenset[str], frozenset[str]]:
    return contacts.load_suppression(path, DATA)


def normalise_email(address: str) -> str:
    return contacts.normalise_email(address, DATA)


def resolve(header: list[str], profile: str | None = None, columns: dict[str, Any] | None = None) -> contact_profiles.Mapping:
    return contact_profiles.resolve(header, PROFILES, profile, columns)
