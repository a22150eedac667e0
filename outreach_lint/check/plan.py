"""The evaluate stage: which rules apply to a campaign, and their verdicts per country and per day.

:func:`plan_for` picks the selected rules (and checks) whose countries and channels meet the
campaign's, once per combination; :func:`judge_rule` judges one rule's checks on the document:
a check that :meth:`~outreach_lint.jurisdiction.Judge.simple` says reads nothing that tells
countries or days apart is evaluated once for all its countries, the others are judged per
group of countries and per day by :class:`~outreach_lint.jurisdiction.Judge`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..jurisdiction import Verdict, message_of, view
from ..rulepack import Rule
from . import evaluate
from .context import CheckContext, Leaves, Plan
from .document import documents_by_day

#: plans remembered per context (distinct country/channel/sender combinations)
MAX_PLANS = 4096


def plan_for(ctx: CheckContext, facts: Mapping[str, Any]) -> Plan:
    """The rules (with their checks) that apply to these countries and channels, and the checks
    that cannot be scoped; computed once per combination, so rules that cannot apply cost nothing.
    A check that :meth:`Judge.simple` says is judged once comes with the countries it is judged
    for; the others with None (the Judge groups their countries per file)."""
    countries, channels = facts.get("countries") or [], facts.get("channels") or []
    sender = facts.get("sender_country")
    try:  # the sender's country matters only as far as some check's sender_jurisdictions hold it
        key: Any = (frozenset(countries), frozenset(channels), tuple(sender in scope for scope in ctx.sender_scopes))
    except TypeError:  # not a list of names: no index, same answer
        key = None
    plan = ctx.plans.get(key) if key is not None else None
    if plan is None:
        plan = _make_plan(ctx, countries, channels, sender)
        if key is not None:
            if len(ctx.plans) >= MAX_PLANS:
                ctx.plans.clear()
            ctx.plans[key] = plan
    return plan


def _make_plan(ctx: CheckContext, countries: Any, channels: Any, sender: Any) -> Plan:
    applicable: list[tuple[Rule, Leaves]] = []
    unscoped: list[Rule] = []
    names = all(isinstance(c, str) for c in countries)
    scoped: dict[int, tuple[str, ...]] = {}
    for rule in ctx.active:
        leaves: list[tuple[Rule, tuple[str, ...] | None]] = []
        for leaf in rule.checks or (rule,):
            scope = evaluate.scope_of(leaf, countries, channels, sender)
            if scope == "in":
                leaves.append((leaf, _simple_members(ctx, leaf, countries, scoped) if names else None))
            elif scope == "unscoped":
                unscoped.append(leaf)
        if leaves:
            applicable.append((rule, tuple(leaves)))
    return tuple(applicable), tuple(unscoped)


def _simple_members(ctx: CheckContext, leaf: Rule, countries: list[str], scoped: dict[int, tuple[str, ...]]) -> tuple[str, ...] | None:
    """The countries a simple check is judged for (None: not simple); ``scoped`` remembers them
    per jurisdiction set while one plan is made."""
    if not ctx.judge.simple(leaf):
        return None
    scope = leaf.jurisdictions
    known = scoped.get(id(scope))
    if known is None:
        known = scoped[id(scope)] = tuple(countries) if scope is None else tuple(c for c in countries if c in scope)
    return known


@dataclass
class Judging:
    """One evaluation document being judged: the days, the document as it reads on each, the
    sets on the first day, and the document as seen by groups of countries (made once each)."""

    days: list[dt.date]
    document: dict[str, Any]
    document_on: Callable[[dt.date], dict[str, Any]]
    sets: Mapping[str, frozenset[str]]
    everywhere: tuple[str, ...]
    views: dict[tuple[str, ...], dict[str, Any]] = field(default_factory=dict)


def start_judging(ctx: CheckContext, document: dict[str, Any], days: list[dt.date]) -> Judging:
    document_on = documents_by_day(document, days[0])
    sets = ctx.judge.timeline.use(days[0])
    return Judging(days, document, document_on, sets, tuple(document["facts"].get("countries") or ()))


def judge_rule(ctx: CheckContext, judging: Judging, leaves: Leaves) -> Iterator[tuple[Rule, Verdict]]:
    """Each verdict of one rule's checks in scope (from :func:`plan_for`), with the check it came from."""
    for leaf, members in leaves:
        if members is None:  # judged per group of countries and per day (jurisdiction.Judge)
            for verdict in ctx.judge.judge(leaf, judging.days, judging.document_on):
                yield leaf, verdict
            continue
        # Judge.simple: one evaluation for all its countries, the same on every day
        document = judging.document
        if members != judging.everywhere:
            document = judging.views.get(members) or judging.views.setdefault(members, view(document, list(members), None))
        sets = judging.sets
        for outcome in dict.fromkeys(evaluate.evaluate_in_scope(leaf, document, sets)):
            yield leaf, Verdict(outcome.parts, outcome.severity, message_of(outcome, document, sets), members, frozenset(members), outcome.evidence)
