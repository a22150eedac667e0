"""What was checked and what could not be, so a reviewer knows what a clean report does not say.

A rule is scoped the way the check scopes it (:func:`outreach_lint.check.evaluate.scope_of`):
by the campaign's countries and channels. A rule whose scope needs a fact the
campaign does not state could not be checked at all, and says which fact.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from ..findings import Finding
from ..selectors import is_selected
from .model import Catalogue, Coverage

#: how the engine words a finding about a fact the campaign does not state
MISSING_FACT_PREFIX = "The campaign does not say"
#: how the engine words an OL000 about one rule (the others still judged the campaign)
_RULE_CRASH = re.compile(r"internal error in rule (OL\d+)")
#: findings that mean part of the campaign could not be read or judged
UNREADABLE_CODES = ("OL000", "OL001", "OL003", "OL007")


def build_coverage(
    document: dict[str, Any] | None, findings: Sequence[Finding], catalogue: Catalogue, select: Sequence[str], ignore: Sequence[str], mask: Callable[[str], str]
) -> Coverage:
    crashed = [f for f in findings if f.code == "OL000" and not _RULE_CRASH.match(f.message)]
    if crashed:
        document = None  # the engine stopped before judging: no rule result can be trusted
    broken = {m.group(1) for f in findings if f.code == "OL000" and (m := _RULE_CRASH.match(f.message))}
    facts = document.get("facts", {}) if isinstance(document, dict) else {}
    countries = set(facts.get("countries") or ())
    channels = set(facts.get("channels") or ())
    applied: list[str] = []
    not_relevant: list[tuple[str, str, str]] = []
    unscoped: list[tuple[str, str, str]] = []
    deselected: list[str] = []
    for code, meta in sorted(catalogue.rules.items()):
        if meta.engine:
            continue
        if not is_selected(code, meta.name, select, ignore):
            deselected.append(code)
        elif document is None:
            continue  # said once below, not once per rule
        elif code in broken:
            unscoped.append((code, meta.title, "a working rule: it failed on this campaign (see OL000)"))
        elif meta.jurisdictions is not None and not countries:
            unscoped.append((code, meta.title, "where the recipients are (audience.countries)"))
        elif meta.channels is not None and not channels:
            unscoped.append((code, meta.title, "which channel the messages use (channel)"))
        elif meta.jurisdictions is not None and meta.jurisdictions.isdisjoint(countries):
            not_relevant.append((code, meta.title, f"not for recipients in {', '.join(sorted(countries))}"))
        elif meta.channels is not None and meta.channels.isdisjoint(channels):
            not_relevant.append((code, meta.title, f"not for {', '.join(sorted(channels))}"))
        else:
            applied.append(code)
    missing = tuple(f"{f.code}: {mask(f.message)}" for f in findings if f.message.startswith(MISSING_FACT_PREFIX))
    unreadable = tuple(f"{f.code} line {f.line}: {mask(f.message)}" for f in findings if f.code in UNREADABLE_CODES)
    if crashed:
        unreadable += ("No rule could judge this campaign: outreach-lint failed while checking it (OL000).",)
    elif document is None:
        unreadable += ("No rule could judge this campaign: the file could not be read as a campaign.",)
    return Coverage(tuple(applied), tuple(not_relevant), tuple(unscoped), missing, unreadable, tuple(deselected))
