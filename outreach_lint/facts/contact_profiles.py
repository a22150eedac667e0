"""Which header of a contact list holds which fact: column profiles of real exports, as data.

The rule pack's ``contact_profiles`` table (``rules/data/contact-columns.yaml``) describes the
exports of Mailchimp, HubSpot, Salesforce, ... and a ``generic`` profile of common aliases;
``contact-checks.yaml`` holds the value sets and the row checks. :func:`contact_data_from_pack`
gathers them (``RulePack.contact_data``) and the readers pass that down. :func:`resolve` picks the
profile from the header (or the one a campaign names) and returns a :class:`Mapping` from
canonical columns to header positions, which :mod:`.contact_sql` compiles into a query. Headers
are compared ignoring case, spaces and ``_-.``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping as AnyMapping
from dataclasses import dataclass, field
from typing import Any

#: The consent-record columns OL111 wants (legal-notes 1.2).
CONSENT_COLUMNS = ("consent_at", "consent_source", "consent_text_version", "consent_channels", "consent_controllers")
#: Canonical columns a mapping may name; the flags are the ones with a `means`.
CANONICAL = ("email", "phone", "country", *CONSENT_COLUMNS, "confirmed_at", "unsubscribed", "bounced", "lead_source", "company", "company_type")
FLAGS = ("unsubscribed", "bounced")
#: Canonical columns listed in facts.contacts.columns (company and lead source are kept out: no rule reads them)
REPORTED = tuple(name for name in CANONICAL if name not in ("company", "lead_source"))
MEANINGS = ("truthy", "present", "values")


class ProfileError(ValueError):
    """A campaign names a profile or a column mapping that cannot be used (one line)."""


@dataclass(frozen=True)
class Field:
    """Where one canonical column comes from: header positions in preference order, and for a flag
    how a cell marks the row (``truthy``, ``present`` or one of ``values``)."""

    positions: tuple[int, ...]
    means: str = ""
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mapping:
    """The profile used and, per canonical column, the header positions it reads."""

    profile: str
    fields: dict[str, Field] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name in self.fields


def column_key(name: str) -> str:
    """A header as compared: trimmed, lower case, without quotes, spaces, ``_``, ``-`` and ``.``."""
    return re.sub(r"[\s_.\-]+", "", name.strip().strip('"').strip("\ufeff").lower())


#: ``{"profiles": {id: profile}, "checks": {fact: spec}, "sets": {NAME: [...]}, "country_names": {name: code},
#: "domain_aliases": {domain: canonical domain}}``: what reading a contact list needs from the pack
ContactData = dict[str, Any]


def contact_data_from_pack(tables: AnyMapping[str, AnyMapping[str, Any]], sets: AnyMapping[str, AnyMapping[str, Any]]) -> ContactData:
    """The contact-list tables of the pack (``sets``: the pack's set spans, members in file order)."""
    spellings = (*tables["country_names"].items(), *tables["contact_country_spellings"].items())
    return {
        "profiles": dict(tables["contact_profiles"]),
        "checks": dict(tables["contact_checks"]),
        "sets": {name: [str(v) for v in members] for name, members in sets.items()},
        "country_names": {str(k): str(v["code"]) for k, v in spellings},
        "domain_aliases": {str(k): str(v["domain"]) for k, v in tables["domain_aliases"].items()},
    }


def _headers_of(spec: Any) -> tuple[list[str], str, tuple[str, ...]]:
    """(header names, meaning, values) of a profile field, a list or a flag mapping."""
    if isinstance(spec, str):
        return [spec], "", ()
    if isinstance(spec, list):
        return [str(s) for s in spec], "", ()
    return [str(s) for s in spec.get("headers", [])], str(spec.get("means", "truthy")), tuple(str(v).lower() for v in spec.get("values", []))


def _field(spec: Any, keys: dict[str, int], name: str) -> Field | None:
    headers, means, values = _headers_of(spec)
    positions = tuple(dict.fromkeys(keys[k] for k in map(column_key, headers) if k in keys))
    if not positions:
        return None
    if name in FLAGS and not means:
        means = "truthy"
    return Field(positions, means, values)


def detect(header: list[str], profiles: dict[str, dict[str, Any]]) -> str:
    """The id of the most specific of ``profiles`` whose ``detect`` headers are all in ``header``, else ``generic``."""
    keys = {column_key(h) for h in header}
    best, size = "generic", 0
    for pid, profile in profiles.items():
        wanted = {column_key(h) for h in profile.get("detect") or []}
        if wanted and wanted <= keys and len(wanted) > size:
            best, size = pid, len(wanted)
    return best


def resolve(header: list[str], known: dict[str, dict[str, Any]], profile: str | None = None, columns: dict[str, Any] | None = None) -> Mapping:
    """The mapping for a list with ``header``: the named (or detected) profile of ``known`` (the pack's
    ``contact_data["profiles"]``), then the generic aliases for what it leaves out; ``columns`` (a
    campaign's own mapping) overrides both."""
    if profile is not None and profile not in known:
        raise ProfileError(f"names an unknown column profile {profile!r} (known: {', '.join(sorted(known))})")
    chosen = profile or detect(header, known)
    keys: dict[str, int] = {}
    for index, name in enumerate(header):
        keys.setdefault(column_key(name), index)
    fields: dict[str, Field] = {}
    layers = [known[chosen]["columns"]] + ([known["generic"]["columns"]] if chosen != "generic" else [])
    for layer in layers:
        for name, spec in layer.items():
            if name not in fields:
                found = _field(spec, keys, name)
                if found is not None:
                    fields[name] = found
    for name, spec in (columns or {}).items():
        fields[name] = _explicit(name, spec, keys)
    return Mapping(chosen, fields)


def _explicit(name: str, spec: Any, keys: dict[str, int]) -> Field:
    """A campaign's ``columns: {name: header | [headers] | {headers, means, values}}`` entry."""
    if name not in CANONICAL:
        raise ProfileError(f"maps an unknown column {name!r} (known: {', '.join(CANONICAL)})")
    headers, means, _ = _headers_of(spec)
    if means and means not in MEANINGS:
        raise ProfileError(f"maps {name!r} with an unknown meaning {means!r} (known: {', '.join(MEANINGS)})")
    found = _field(spec, keys, name)
    if found is None:
        raise ProfileError(f"maps {name!r} to {', '.join(repr(h) for h in headers)}, which is not a header of the list")
    return found
