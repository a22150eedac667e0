"""Evaluate one check of one rule on an evaluation document: scope, ``for_each``, ``when``,
``require``, ``cases``, and where the finding points.

The verdicts come back as :class:`~outreach_lint.jurisdiction.Outcome` (messages unwritten: they
depend on the countries a verdict is merged for, see :mod:`.plan` and :mod:`outreach_lint.jurisdiction`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from ..condition import Failure
from ..jurisdiction import Outcome
from ..rulepack import Rule


def scope_of(rule: Rule, countries: Any, channels: Any, sender_country: Any = None) -> str:
    """``in``, ``out`` (another country or channel) or ``unscoped`` (the campaign does not say).

    A rule whose ``sender_jurisdictions`` hold the sender's country is in scope for every
    country (GDPR Art. 3(1)), even when the campaign names none."""
    if rule.jurisdictions is not None and not (rule.sender_jurisdictions is not None and sender_country in rule.sender_jurisdictions):
        if not countries:
            return "unscoped"
        if rule.jurisdictions.isdisjoint(countries):
            return "out"
    if rule.channels is not None:
        if not channels:
            return "unscoped"
        if rule.channels.isdisjoint(channels):
            return "out"
    return "in"


def evaluate_in_scope(rule: Rule, document: dict[str, Any], sets: Mapping[str, frozenset[str]]) -> Iterator[Outcome]:
    """The verdicts of one check whose countries and channels are known to apply (messages unwritten;
    with the facts at the rule's ``evidence`` pointer, :func:`evidence.resolve` of the scoped document)."""
    if rule.for_each is None:
        yield from _outcome(rule, document, None)
        return
    items = document.get(rule.for_each)
    if not isinstance(items, list):
        return
    for index, item in enumerate(items):
        if rule.for_each == "steps" and rule.channels is not None and not (isinstance(item, dict) and item.get("channel") in rule.channels):
            continue
        scoped = dict(document)
        scoped["item"] = item
        scoped["index"] = index
        yield from _outcome(rule, scoped, (rule.for_each, index))


def _outcome(rule: Rule, doc: dict[str, Any], item_at: tuple[str, int] | None) -> Iterator[Outcome]:
    if rule.when is not None and not rule.when(doc, None):
        return
    failure: Failure | None = None
    if rule.require is not None:
        errors: list[Failure] = []
        if rule.require(doc, errors):
            return
        failure = _most_specific(errors)
    severity, note = rule.severity, ""
    for case in rule.cases:
        if not case.period.always:  # a dated case: only on the days it applies
            day = _day_of(doc)
            if day is not None and not case.period.holds(day):
                continue
        if case.when(doc, None):
            severity, note = case.severity, case.note
            break
    if failure is not None and failure.missing is not None and _is_campaign_path(failure.path):
        severity = min(severity, rule.missing_severity or severity)
        template = rule.missing_message or (
            "The campaign does not say `"
            + ".".join(str(p) for p in _campaign_parts(failure.path + (failure.missing,), item_at))
            + "`, which this check needs: "
            + rule.message
        )
    else:
        template = rule.message
    if rule.locate:
        parts = tuple(_pointer_parts(rule.locate))
    elif failure is not None:
        parts = failure.path + ((failure.missing,) if failure.missing else ())
    else:
        parts = ("item",) if item_at else ()
    evidence = None
    if rule.evidence:
        from ..evidence import resolve

        evidence = resolve(doc, rule.evidence)
    yield Outcome(_campaign_parts(parts, item_at), severity, template, note, item_at, evidence)


def _day_of(doc: dict[str, Any]) -> dt.date | None:
    today = (doc.get("facts") or {}).get("today")
    try:
        return dt.date.fromisoformat(today) if isinstance(today, str) else None
    except ValueError:
        return None


def _is_campaign_path(parts: tuple[str | int, ...]) -> bool:
    """A missing key under /facts is a missing file fact, not something the campaign failed to say."""
    return not parts or parts[0] != "facts" and not (len(parts) > 2 and parts[0] == "item" and parts[1] == "facts")


def _most_specific(errors: list[Failure]) -> Failure:
    best = errors[0]
    best_depth = -1
    for error in errors:
        depth = len(error.reversed_path) + (1 if error.missing else 0)
        if depth > best_depth:
            best, best_depth = error, depth
    return best


def _pointer_parts(pointer: str) -> list[str | int]:
    parts: list[str | int] = []
    for raw in pointer.split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        parts.append(int(part) if part.isdigit() else part)
    return parts


def _campaign_parts(parts: tuple[str | int, ...], item_at: tuple[str, int] | None) -> tuple[str | int, ...]:
    """Map ``/item/...`` back to ``/steps/<i>/...`` and drop the ``facts`` tail for locating."""
    if item_at and parts and parts[0] == "item":
        parts = item_at + parts[1:]
    elif item_at and parts and parts[0] == "index":
        parts = item_at
    return parts
