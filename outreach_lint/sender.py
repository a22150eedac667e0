"""Where the sender is established: ``facts.sender_country`` and ``facts.sender_regime``.

``sender.country`` when the campaign states it; otherwise read from the end of
``sender.postal_address``, conservatively: a country name, an ISO code, a UK postcode or a US
"ST 12345" ZIP code. Anything else, or a code that could as well be a US state ("Wilmington, DE"),
leaves the country unknown: the facts are then absent, and rules that need them say so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from .document_types import Document, Facts

#: the regimes a sender's establishment can put it under
EEA: Final = "EEA"
GB: Final = "GB"
CH: Final = "CH"
OTHER: Final = "other"

_US_ZIP = re.compile(r"^([A-Z]{2})\s+\d{5}(?:-\d{4})?$")
_UK_POSTCODE = re.compile(r"(?:^|\s)(?:GIR\s?0AA|[A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2})$")
#: a European postcode before the town ("10115 Berlin", "75008 Paris", "1010 Wien")
_EU_POSTCODE = re.compile(r"(?:^|[\s,])(?:[A-Z]{1,2}-)?\d{4,5}\s+\w")


@dataclass(frozen=True)
class Places:
    """The data the address reading needs (rules/data/places.yaml)."""

    codes: frozenset[str] = frozenset()
    us_states: frozenset[str] = frozenset()
    names: Mapping[str, str] = field(default_factory=dict)


def country_from_address(address: str, places: Places) -> str | None:
    """The ISO code an address ends with, or None when that is not clear."""
    lines = [part.strip().rstrip(".").strip() for part in re.split(r"[,\n;]", address)]
    lines = [part for part in lines if part]
    if not lines:
        return None
    tail = lines[-1].upper()
    tail = re.sub(r"\s+", " ", tail)
    named = places.names.get(tail)
    if named:
        return named
    zip_match = _US_ZIP.match(tail)
    if zip_match:
        return "US" if zip_match.group(1) in places.us_states else None
    if len(tail) == 2 and tail in places.codes:
        if tail in places.us_states:  # "Berlin, DE" or "Wilmington, DE"? only a European postcode tells
            return tail if any(_EU_POSTCODE.search(part.upper()) for part in lines[:-1]) else None
        return tail
    if _UK_POSTCODE.search(tail):
        return "GB"
    return None


def sender_facts(doc: Document, eea: frozenset[str], places: Places) -> Facts:
    """``{sender_country, sender_regime}``, or ``{}`` when the country is unknown."""
    sender = doc.get("sender")
    if not isinstance(sender, dict):
        return {}
    country = sender.get("country")
    if not (isinstance(country, str) and len(country) == 2 and country.isupper()):
        address = sender.get("postal_address")
        country = country_from_address(address, places) if isinstance(address, str) else None
    if country is None:
        return {}
    return {"sender_country": country, "sender_regime": EEA if country in eea else GB if country == "GB" else CH if country == "CH" else OTHER}
