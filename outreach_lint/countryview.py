"""The evaluation document as it reads for some of a campaign's countries.

While a rule is judged for countries S, ``facts.countries`` is S, the do-not-call facts name only
S, and ``facts.contacts`` counts the rows of S only (from ``facts.contacts.by_country``, which the
contacts reader fills: ``{"DE": {rows, freemail: {count, rows, examples}, ...}, "??": {...}}``).
:func:`sensitivity` says what in a rule's conditions depends on the country judged, so countries
a rule cannot tell apart are judged once, together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from .normalize import derive_file_facts
from .rulepack import Rule

if TYPE_CHECKING:
    from .document_types import Contacts, ContactsCountry, Document, Facts

#: the row country of rows whose country is unknown (see facts/contacts.py)
UNKNOWN = "??"
_CODE = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class Sensitivity:
    """What in a check's conditions depends on the country judged."""

    sets: tuple[str, ...] = ()
    codes: frozenset[str] = frozenset()
    contacts: bool = False
    dnc: bool = False


def sensitivity(rule: Rule) -> Sensitivity:
    """Walk a check's conditions (when, require, cases) for sets, country codes and country facts."""
    sets: set[str] = set()
    codes: set[str] = set()
    flags = {"contacts": False, "dnc": False}

    def walk(node: Any, in_facts: bool) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "properties" and isinstance(value, dict):
                    for name, sub in value.items():
                        if in_facts and name == "contacts":
                            flags["contacts"] = True
                        if name.startswith("dnc_"):
                            flags["dnc"] = True
                        walk(sub, name == "facts")
                elif key == "required" and isinstance(value, list):
                    flags["contacts"] |= in_facts and "contacts" in value
                    flags["dnc"] |= any(isinstance(v, str) and v.startswith("dnc_") for v in value)
                elif key == "$ref" and isinstance(value, str) and value.startswith("set:"):
                    sets.add(value[4:])
                else:
                    walk(value, in_facts if key in ("allOf", "anyOf", "oneOf", "not", "if", "then", "else") else False)
        elif isinstance(node, list):
            for item in node:
                walk(item, in_facts)
        elif isinstance(node, str) and _CODE.match(node):
            codes.add(node)

    raw = rule.raw
    walk(raw.get("when"), False)
    walk(raw.get("require"), False)
    for case in raw.get("cases", []):
        walk(case.get("when") if isinstance(case, dict) else None, False)
    return Sensitivity(tuple(sorted(sets)), frozenset(codes), flags["contacts"], flags["dnc"])


# -- contacts per country ----------------------------------------------------------


def aggregate(contacts: Mapping[str, Any], codes: Iterable[str]) -> dict[str, Any]:
    """``facts.contacts`` as it reads for the rows of ``codes`` only (see the module docstring)."""
    by_country = contacts.get("by_country")
    out = {key: value for key, value in contacts.items() if key != "by_country"}
    if not isinstance(by_country, dict):
        return out
    entries = [by_country[c] for c in codes if isinstance(by_country.get(c), dict)]
    keys = {key for entry in by_country.values() if isinstance(entry, dict) for key in entry}
    for key in keys:
        values = [entry[key] for entry in entries if key in entry]
        total = contacts.get(key)
        if isinstance(total, int) and not isinstance(total, bool):
            out[key] = sum(v for v in values if isinstance(v, int) and not isinstance(v, bool))
        elif isinstance(total, dict):
            out[key] = _merge_tallies([v for v in values if isinstance(v, dict)], total)
    return out


def _merge_tallies(values: list[dict[str, Any]], total: Mapping[str, Any]) -> dict[str, Any]:
    """Counts summed; first rows merged and cut to the length the file's totals keep."""
    limit = max([len(total.get("rows") or [])] + [len(v.get("rows") or []) for v in values])
    rows = sorted(r for v in values for r in (v.get("rows") or []))[:limit]
    ordered = sorted(values, key=lambda v: (v.get("rows") or [float("inf")])[0])
    examples = [e for v in ordered for e in (v.get("examples") or [])][:limit]
    merged = {k: v for k, v in total.items() if k not in ("count", "rows", "examples")}
    merged.update(count=sum(v.get("count", 0) for v in values if isinstance(v.get("count", 0), int)), rows=rows, examples=examples)
    return merged


def view(document: Document, countries: list[str], contacts_of: list[str] | None) -> Document:
    """The document judged for ``countries``; ``contacts_of``: whose rows ``facts.contacts`` counts
    (None: the whole file, as read)."""
    facts = document.get("facts") or {}
    if contacts_of is None and countries == facts.get("countries"):
        return document  # judged for every country the campaign targets, as read: nothing to narrow
    facts = facts.copy()
    facts["countries"] = countries
    wanted = set(countries)
    if isinstance(facts.get("dnc_unscreened"), list):
        facts["dnc_unscreened"] = [c for c in facts["dnc_unscreened"] if c in wanted]
    if isinstance(facts.get("dnc_screening_age_days"), list):
        facts["dnc_screening_age_days"] = [e for e in facts["dnc_screening_age_days"] if isinstance(e, dict) and e.get("country") in wanted]
    doc = document.copy()
    doc["facts"] = facts
    contacts = facts.get("contacts")
    if contacts_of is not None and isinstance(contacts, dict) and isinstance(contacts.get("by_country"), dict):
        facts["contacts"] = cast("Contacts", aggregate(contacts, contacts_of))  # key by key: whatever counts the reader wrote
        derive_file_facts(doc)
    return doc


def by_country_of(facts: Facts) -> dict[str, ContactsCountry] | None:
    contacts = facts.get("contacts")
    by_country = contacts.get("by_country") if isinstance(contacts, dict) else None
    return by_country if isinstance(by_country, dict) else None
