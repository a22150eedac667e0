"""Turn a loaded campaign into the evaluation document the rules see.

The evaluation document is the campaign after normalisation (country groups
expanded, step channels defaulted) plus ``facts``: values derived from the
campaign itself (below) and, later, from the files it points to
(:mod:`outreach_lint.facts.collect`). Rules only ever read this document.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from .sender import Places, sender_facts

if TYPE_CHECKING:  # the generated shapes cost nothing at run time (outreach_lint/typegen.py)
    from .campaign_types import Campaign
    from .document_types import Document, Facts, FactsDncScreeningAgeDay

#: Facts every evaluation document has; the rule docs list them.
DERIVED_FACTS = {
    "channels": "every channel a step uses (the campaign channel when there are no steps)",
    "countries": "audience.countries with the groups EU, EEA and EUROPE expanded; while a rule is judged, only the countries it is judged for (the rule's jurisdictions met by the campaign's countries)",
    "all_countries": "every country the campaign targets (audience.countries expanded), whichever countries a rule is judged for",
    "today": "the day the campaign is judged on (ISO): --as-of, else schedule.start, else the day of the run",
    "sender_country": "sender.country, else the country the end of sender.postal_address names (a country name or code, a UK postcode, a US ZIP code); absent when unclear",
    "sender_regime": "EEA, GB, CH or other: the data-protection regime of the sender's establishment (absent with sender_country)",
    "consent_age_days": "days since audience.consent.collected_at, when it is a date",
    "step_count": "number of steps",
    "touches_per_channel": "the highest number of steps on one channel",
    "min_gap_days": "the smallest delay_days between two steps after the first",
    "touches_30d": "steps sent within 30 days of the first",
    "unconsented_channels": "step channels missing from audience.consent.channels",
    "sender_is_collector": "audience.consent.collected_by equals sender.name",
    "dnc_unscreened": "countries with a do-not-call register that audience.dnc_screened does not cover",
    "dnc_screening_age_days": "per target country in audience.dnc_screened, days since its latest dated screening: [{country, age_days}]",
    "visitor_countries": "where website tracking reaches people: tracking.visitor_identification.geo when set, else the audience countries",
}

#: Facts derived from file facts once the readers have run (:func:`derive_file_facts`).
DERIVED_FILE_FACTS = {
    "contacts.personal_address": "{count}: contact rows whose address is not a role address (contacts.rows minus contacts.role_address)",
}


def expand_countries(codes: Any, groups: Mapping[str, frozenset[str]]) -> list[str]:
    """Expand group names; drop what is not a two-letter code (a country name such as
    "Germany", a lower-case "de"): the schema reports it (OL001, "use the ISO code DE"), and it
    must not scope rules or appear in their messages as if it were a country."""
    if not isinstance(codes, list):
        return []
    out: set[str] = set()
    for code in codes:
        if isinstance(code, str) and code in groups:
            out |= groups[code]
        elif _is_code(code):
            out.add(code)
    return sorted(out)


def copy_tree(node: Any, memo: dict[int, Any] | None = None) -> Any:
    """``copy.deepcopy`` for loaded YAML/JSON data, several times faster.

    Mappings and lists are copied; a container that appears twice (a YAML alias) is copied
    once and appears twice in the copy, as with deepcopy; other values (str, numbers, bool,
    None) are immutable and shared. Anything else goes to ``copy.deepcopy``.
    """
    if memo is None:
        memo = {}
    kind = type(node)
    if kind is dict:
        done = memo.get(id(node))
        if done is not None:
            return done
        out: dict[Any, Any] = {}
        memo[id(node)] = out
        for key, value in node.items():
            out[key] = copy_tree(value, memo) if type(value) in _CONTAINERS else value if type(value) in _ATOMS else copy.deepcopy(value)
        return out
    if kind is list:
        done = memo.get(id(node))
        if done is not None:
            return done
        items: list[Any] = []
        memo[id(node)] = items
        for value in node:
            items.append(copy_tree(value, memo) if type(value) in _CONTAINERS else value if type(value) in _ATOMS else copy.deepcopy(value))
        return items
    return node if kind in _ATOMS else copy.deepcopy(node)


_CONTAINERS = frozenset({dict, list})
_ATOMS = frozenset({str, int, float, bool, type(None)})


def normalise(
    campaign: Campaign, groups: Mapping[str, frozenset[str]], today: dt.date, dnc_countries: frozenset[str] = frozenset(), places: Places | None = None
) -> Document:
    """Return a new evaluation document; ``campaign`` itself is not modified."""
    doc = copy_tree(campaign)
    audience = doc.get("audience")
    countries: list[str] = []
    if isinstance(audience, dict) and "countries" in audience:
        countries = expand_countries(audience["countries"], groups)
        audience["countries"] = countries
    if isinstance(audience, dict) and isinstance(audience.get("contacts"), dict):
        # rules and messages read audience.contacts as the list's name; the mapping stays beside it
        described = audience["contacts"]
        audience["contacts_list"] = described
        audience["contacts"] = described.get("path") or described.get("table") or ""
    tracking = doc.get("tracking")
    if isinstance(tracking, dict) and isinstance(tracking.get("visitor_identification"), dict):
        vid = tracking["visitor_identification"]
        if "geo" in vid:
            vid["geo"] = expand_countries(vid["geo"], groups)
    _drop_country_names(doc)
    default_channel = doc.get("channel")
    steps = doc.get("steps")
    channels: list[str] = []
    if isinstance(steps, list):
        for step in steps:
            if isinstance(step, dict):
                if "channel" not in step and isinstance(default_channel, str):
                    step["channel"] = default_channel
                if isinstance(step.get("channel"), str):
                    channels.append(step["channel"])
    if not channels and isinstance(default_channel, str):
        channels = [default_channel]
    facts = _derive(doc, countries, channels, today, dnc_countries)
    facts.update(sender_facts(doc, groups.get("EEA", frozenset()), places or Places()))
    doc["facts"] = facts
    return cast("Document", doc)


def redate(document: Document, today: dt.date) -> Document:
    """The evaluation document as it reads on another day: a copy whose date facts (today, ages)
    are recomputed; everything else (file facts included) is shared with ``document``."""
    doc = document.copy()
    facts = doc["facts"] = (document.get("facts") or {}).copy()
    facts["today"] = today.isoformat()
    facts.pop("consent_age_days", None)
    facts.update(_ages(doc, today))
    facts["dnc_screening_age_days"] = _screening_ages(_get(doc, "audience", "dnc_screened"), set(facts.get("all_countries") or ()), today)
    return doc


def _ages(doc: Mapping[str, Any], today: dt.date) -> Facts:
    collected = _get(doc, "audience", "consent", "collected_at")
    if isinstance(collected, str):
        try:
            return {"consent_age_days": (today - dt.date.fromisoformat(collected[:10])).days}
        except ValueError:
            pass
    return {}


def _is_code(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 2 and value.isascii() and value.isalpha() and value.isupper()


def _drop_country_names(doc: dict[str, Any]) -> None:
    """A single country written as a name ("Germany") is reported by the schema (OL001, "use the
    ISO code DE") and left out of the evaluation document, so that no rule takes it for a country
    (a processor "in Germany" is not a third country without a transfer route)."""
    audience = doc.get("audience")
    entries = [*(doc.get("processors") or [])] if isinstance(doc.get("processors"), list) else []
    if isinstance(audience, dict) and isinstance(audience.get("dnc_screened"), list):
        entries += audience["dnc_screened"]
    for entry in entries:
        if isinstance(entry, dict) and "country" in entry and isinstance(entry["country"], str) and not _is_code(entry["country"]):
            del entry["country"]


def _get(doc: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(doc, dict):
            return None
        doc = doc.get(key)
    return doc


def _derive(doc: dict[str, Any], countries: list[str], channels: list[str], today: dt.date, dnc_countries: frozenset[str]) -> Facts:
    facts: Facts = {
        "channels": sorted(set(channels)),
        "countries": countries,
        "all_countries": countries,
        "today": today.isoformat(),
    }
    facts.update(_ages(doc, today))
    steps = [s for s in doc.get("steps", []) if isinstance(s, dict)] if isinstance(doc.get("steps"), list) else []
    facts["step_count"] = len(steps)
    per_channel: dict[str, int] = {}
    for step in steps:
        channel = step.get("channel")
        if isinstance(channel, str):
            per_channel[channel] = per_channel.get(channel, 0) + 1
    facts["touches_per_channel"] = max(per_channel.values(), default=0)
    delays = [s.get("delay_days") for s in steps[1:]]
    numeric = [d for d in delays if isinstance(d, (int, float)) and not isinstance(d, bool)]
    if numeric:
        facts["min_gap_days"] = min(numeric)
    elapsed, within = 0.0, 0
    for index, step in enumerate(steps):
        delay = step.get("delay_days", 0)
        if index and isinstance(delay, (int, float)) and not isinstance(delay, bool):
            elapsed += delay
        if elapsed <= 30:
            within += 1
    facts["touches_30d"] = within
    consented = _get(doc, "audience", "consent", "channels")
    if isinstance(consented, list):
        facts["unconsented_channels"] = sorted(set(channels) - {c for c in consented if isinstance(c, str)})
    collected_by, sender_name = _get(doc, "audience", "consent", "collected_by"), _get(doc, "sender", "name")
    if isinstance(collected_by, str) and isinstance(sender_name, str):
        facts["sender_is_collector"] = collected_by.strip().casefold() == sender_name.strip().casefold()
    screened = _get(doc, "audience", "dnc_screened")
    covered = {e.get("country") for e in screened if isinstance(e, dict) and isinstance(e.get("country"), str)} if isinstance(screened, list) else set()
    facts["dnc_unscreened"] = sorted(c for c in countries if c in dnc_countries and c not in covered)
    facts["dnc_screening_age_days"] = _screening_ages(screened, set(countries), today)
    # A geo-fenced tag only fires where it is allowed to: that, not the mailing list, is its audience.
    geo = _get(doc, "tracking", "visitor_identification", "geo")
    facts["visitor_countries"] = sorted({c for c in geo if isinstance(c, str)}) if isinstance(geo, list) else countries
    return facts


def derive_file_facts(document: Document) -> None:
    """Add facts that combine file facts (JSON Schema cannot subtract one count from another)."""
    contacts = _get(document, "facts", "contacts")
    if not isinstance(contacts, dict):
        return
    total = _count(contacts.get("rows"))
    role = _count(contacts.get("role_address"))
    if total is not None and role is not None:
        contacts["personal_address"] = {"count": max(total - role, 0)}


def _count(value: Any) -> int | None:
    """A count written as a number or as a ``{count: n}`` fact object."""
    if isinstance(value, dict):
        value = value.get("count")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _screening_ages(screened: Any, countries: set[str], today: dt.date) -> list[FactsDncScreeningAgeDay]:
    """Age of the latest dated screening per target country (undated entries are left to the rules)."""
    latest: dict[str, dt.date] = {}
    for entry in screened if isinstance(screened, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("country"), str) or entry["country"] not in countries:
            continue
        value = entry.get("date")
        if not isinstance(value, (str, dt.date)):
            continue
        try:
            day = dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            continue
        country = entry["country"]
        latest[country] = max(day, latest.get(country, day))
    return [{"country": c, "age_days": (today - d).days} for c, d in sorted(latest.items())]
