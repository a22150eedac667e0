"""Judge a rule for each recipient country, on each day its law changes during the schedule.

For one rule (or one check of a rule) the countries in scope are the campaign's countries met by
the rule's ``jurisdictions`` on the day judged (all of them when the sender is established where
the rule's ``sender_jurisdictions`` say). Countries the rule cannot tell apart (the same members
in the sets its conditions use, the same contact rows, ...) are judged together, and verdicts
that agree are merged into one finding naming its countries. While a rule is judged for
countries S the document reads ``facts.countries`` = S and ``facts.contacts`` counts the rows of
S only (``facts.contacts.by_country``).

Rows whose country is unknown (``"??"``: no country column, and the campaign targets several
countries) are judged on their own under the law of each class; a verdict they alone cause is
a finding with countries ``["??"]`` that says so. Rules with ``jurisdictions: ALL`` (and no
sender clause) are law-independent: they read the whole file's counts, as before.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .countryview import UNKNOWN, Sensitivity, aggregate, sensitivity, view
from .countryview import by_country_of as _by_country
from .findings import Severity
from .interpolate import render
from .lawtime import Period
from .rulepack import Rule, RulePack

#: the per-country document helpers are in countryview; importable from here too
__all__ = ["UNKNOWN", "Judge", "Outcome", "Verdict", "aggregate", "message_of", "sensitivity", "view"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """A rule's verdict before its message is written (messages depend on the merged countries)."""

    parts: tuple[str | int, ...]
    severity: Severity
    template: str
    note: str = ""
    item_at: tuple[str, int] | None = None
    #: the facts at the rule's ``evidence`` pointer (not part of what makes two verdicts agree)
    evidence: Any = field(default=None, compare=False, hash=False)


@dataclass(frozen=True, slots=True)
class Verdict:
    """One finding of one rule (or check): where, how bad, what it says, for which countries."""

    parts: tuple[str | int, ...]
    severity: Severity
    message: str
    countries: tuple[str, ...]
    #: the countries whose law the finding applies (its countries, or for "??" rows the classes judged)
    law_countries: frozenset[str]
    evidence: Any = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class _Context:
    """A document's countries, rows per country, sender and screening: what grouping depends on."""

    campaign: tuple[str, ...]
    by_country: dict[str, Any] | None
    contact_key: tuple[str, ...] | None
    dnc: tuple[Any, ...]
    sender: Any
    facts: Mapping[str, Any]
    #: the document as judged for some countries, made once per document (several checks read each)
    views: dict[tuple[Any, ...], dict[str, Any]] = field(default_factory=dict)

    def view(self, document: dict[str, Any], countries: tuple[str, ...], contacts_of: tuple[str, ...] | None) -> dict[str, Any]:
        key = (countries, contacts_of)
        made = self.views.get(key)
        if made is None:
            made = self.views[key] = view(document, list(countries), list(contacts_of) if contacts_of is not None else None)
        return made


#: countries judged together, as a set, whose contact rows they read (None: the whole file), and
#: whether the rows of unknown country are judged under their law too
_Group = tuple[tuple[str, ...], frozenset[str], "tuple[str, ...] | None", bool]
#: (rule, document, sets) -> outcomes of a check known to be in scope
Evaluate = Callable[[Rule, dict[str, Any], Mapping[str, frozenset[str]]], Iterable[Outcome]]


# -- the judge -----------------------------------------------------------------------


class Judge:
    """Judges checks of one pack per country and per day (one per FileChecker; caches by check)."""

    def __init__(self, pack: RulePack, evaluate: Evaluate) -> None:
        self.pack = pack
        self.timeline = pack.timeline
        self.evaluate = evaluate
        self._sensitivity: dict[int, Sensitivity] = {}
        self._scopes: dict[tuple[int, dt.date], frozenset[str] | None] = {}
        self._days: dict[int, tuple[dt.date, ...]] = {}
        self._plans: dict[tuple[Any, ...], list[_Group]] = {}
        self._last: tuple[dict[str, Any], _Context] | None = None
        #: per check: whether its plan depends on the sender, the contact rows, the screening
        self._needs: dict[int, tuple[bool, bool, bool]] = {}
        self._simple: dict[int, bool] = {}
        self._scoped: dict[tuple[int, int], tuple[str, ...]] = {}
        self._interned: dict[tuple[str, ...], tuple[str, ...]] = {}

    def sensitivity(self, leaf: Rule) -> Sensitivity:
        known = self._sensitivity.get(id(leaf))
        if known is None:
            known = self._sensitivity[id(leaf)] = sensitivity(leaf)
        return known

    def scope_on(self, leaf: Rule, day: dt.date) -> frozenset[str] | None:
        """The rule's jurisdictions on ``day`` (None: everywhere)."""
        if leaf.jurisdictions is None:
            return None
        key = (id(leaf), day)
        if key not in self._scopes:
            dated = [n for n in leaf.jurisdiction_names if n in self.timeline.dated]
            if not dated:
                self._scopes[key] = leaf.jurisdictions
            else:
                sets = self.timeline.on(day)
                self._scopes[key] = frozenset(c for n in leaf.jurisdiction_names for c in (sets.get(n) or ({n} if len(n) == 2 else ())))
        return self._scopes[key]

    def all_change_days(self) -> tuple[dt.date, ...]:
        """Every day on which some check of the pack changes (sorted)."""
        if -1 not in self._days:
            days = {d for rule in self.pack.rules for leaf in (rule.checks or (rule,)) for d in self.change_days(leaf)}
            self._days[-1] = tuple(sorted(days))
        return self._days[-1]

    def change_days(self, leaf: Rule) -> tuple[dt.date, ...]:
        """Every day on which the check, one of its cases or a set it reads starts or stops applying."""
        known = self._days.get(id(leaf))
        if known is None:
            days = set(leaf.period.dates())
            for case in leaf.cases:
                days.update(case.period.dates())
            names = set(self.sensitivity(leaf).sets) | set(leaf.jurisdiction_names) | set(leaf.sender_jurisdiction_names)
            names |= set(re.findall(r"\|(?:in|notin):([A-Za-z0-9_]+)", leaf.message + leaf.missing_message + "".join(c.note for c in leaf.cases)))
            for name in names & self.timeline.dated:
                days.update(self.timeline.changes(name))
            known = self._days[id(leaf)] = tuple(sorted(days))
        return known

    def judge(self, leaf: Rule, days: list[dt.date], document_on: Callable[[dt.date], dict[str, Any]]) -> list[Verdict]:
        """The check's verdicts over the schedule ``days`` (the first is the day judged)."""
        start = days[0]
        simple = self._simple.get(id(leaf))
        if simple is None:
            simple = self._simple[id(leaf)] = self._is_simple(leaf)
        if simple:
            return self._judge_simple(leaf, start, document_on(start))
        changes = self.change_days(leaf)
        if not changes or len(days) == 1:
            return self._judge_one_day(leaf, start, document_on(start))
        mine = [start] + [d for d in changes if start < d and d in days[1:]]
        presence: dict[tuple[Outcome, str], list[dt.date]] = {}
        classes_of: dict[tuple[Outcome, str], frozenset[str]] = {}
        for day in mine:
            if not leaf.period.holds(day):
                continue
            self.timeline.use(day)
            for outcome, members, law in self._on_day(leaf, document_on(day), day):
                for country in members:
                    presence.setdefault((outcome, country), []).append(day)
                    classes_of[(outcome, country)] = classes_of.get((outcome, country), frozenset()) | law
        self.timeline.use(start)
        groups: dict[tuple[Outcome, Period | None], tuple[list[str], set[str], dt.date]] = {}
        for (outcome, country), present in presence.items():
            window = _window(present, mine)
            entry = groups.setdefault((outcome, window), ([], set(), present[0]))
            entry[0].append(country)
            entry[1].update(classes_of[(outcome, country)])
        verdicts = []
        for (outcome, window), (countries, judged, first) in groups.items():
            verdicts.append(self._verdict(leaf, outcome, window, sorted(countries), frozenset(judged), document_on(first), first, start))
        return verdicts

    def simple(self, leaf: Rule) -> bool:
        """:meth:`_is_simple`, remembered per check."""
        known = self._simple.get(id(leaf))
        if known is None:
            known = self._simple[id(leaf)] = self._is_simple(leaf)
        return known

    def _is_simple(self, leaf: Rule) -> bool:
        """Whether the check is judged for all its countries at once on every day: nothing it reads
        is dated and nothing in its conditions tells countries apart (about half the pack)."""
        sens = self.sensitivity(leaf)
        dated = set(leaf.jurisdiction_names) & self.timeline.dated
        return (
            not self.change_days(leaf)
            and leaf.period.always
            and not dated
            and leaf.sender_jurisdictions is None
            and not (sens.sets or sens.codes or sens.dnc or (sens.contacts and leaf.jurisdictions is not None))
        )

    def _judge_simple(self, leaf: Rule, day: dt.date, document: dict[str, Any]) -> list[Verdict]:
        """:meth:`judge` of a check that :meth:`_is_simple`: one evaluation, for its countries."""
        last = self._last
        context = last[1] if last is not None and last[0] is document else self._context(document)
        members: tuple[str, ...] = context.campaign
        if leaf.jurisdictions is not None:
            key = (id(leaf), id(members))  # campaign tuples are interned by _context
            known = self._scoped.get(key)
            if known is None:
                if len(self._scoped) >= 16384:
                    self._scoped.clear()
                known = tuple(c for c in members if c in leaf.jurisdictions)
                self._scoped[key] = known = members if known == members else known
            if not known:
                return []
            members = known
        doc = document if members is context.campaign else context.view(document, members, None)
        if self.timeline.day != day:
            self.timeline.use(day)
        sets = self.timeline.current
        found = list(self.evaluate(leaf, doc, sets))
        if not found:
            return []
        judged = frozenset(members)
        return [Verdict(outcome.parts, outcome.severity, message_of(outcome, doc, sets), members, judged, outcome.evidence) for outcome in dict.fromkeys(found)]

    def _judge_one_day(self, leaf: Rule, day: dt.date, document: dict[str, Any]) -> list[Verdict]:
        """:meth:`judge` when nothing the check reads changes during the schedule (the usual case)."""
        if not leaf.period.always and not leaf.period.holds(day):
            return []
        if self.timeline.day != day:
            self.timeline.use(day)
        context, plan = self._plan_for(leaf, document, day)
        if not plan:
            return []
        if len(plan) == 1 and not plan[0][3]:  # one group, no rows of unknown country: no merging
            members, judged, contacts_of, _ = plan[0]
            doc = document if contacts_of is None and members is context.campaign else context.view(document, members, contacts_of)
            found = list(self.evaluate(leaf, doc, self.timeline.current))
            if not found:
                return []
            countries = sorted(c for c in members if c)
            return [self._verdict(leaf, outcome, None, countries, judged, document, day, day) for outcome in dict.fromkeys(found)]
        merged: dict[Outcome, tuple[list[str], set[str]]] = {}
        for outcome, members, law in self._on_day(leaf, document, day):
            entry = merged.get(outcome)
            if entry is None:
                merged[outcome] = (list(members), set(law))
            else:
                entry[0].extend(members)
                entry[1].update(law)
        return [
            self._verdict(leaf, outcome, None, sorted(set(countries)), frozenset(judged), document, day, day) for outcome, (countries, judged) in merged.items()
        ]

    def _plan_for(self, leaf: Rule, document: dict[str, Any], day: dt.date) -> tuple[_Context, list[_Group]]:
        """The document's context and the groups of countries ``leaf`` is judged for on ``day``."""
        last = self._last
        context = last[1] if last is not None and last[0] is document else self._context(document)
        needs = self._needs.get(id(leaf))
        if needs is None:
            sens = self.sensitivity(leaf)
            needs = self._needs[id(leaf)] = (leaf.sender_jurisdictions is not None, sens.contacts and leaf.jurisdictions is not None, sens.dnc)
        # only what this check can tell countries apart by keys its plan
        key = (
            id(leaf),
            day,
            context.campaign,
            context.sender if needs[0] else None,
            context.contact_key if needs[1] or needs[0] else None,
            context.dnc if needs[2] else None,
        )
        plan = self._plans.get(key)
        if plan is None:
            if len(self._plans) >= 16384:
                self._plans.clear()
            plan = self._plans[key] = self._plan(leaf, day, context)
        return context, plan

    def _on_day(self, leaf: Rule, document: dict[str, Any], day: dt.date) -> Iterator[tuple[Outcome, tuple[str, ...], frozenset[str]]]:
        """(outcome, the countries it is about, the countries whose law it applies) for one day."""
        context, plan = self._plan_for(leaf, document, day)
        sets = self.timeline.current
        evaluate = self.evaluate
        for members, judged, contacts_of, unknown in plan:
            doc = document if contacts_of is None and members is context.campaign else context.view(document, members, contacts_of)
            for outcome in list(evaluate(leaf, doc, sets)):
                yield outcome, members, judged
            if unknown:
                alone = set(evaluate(leaf, context.view(document, members, (UNKNOWN,)), sets))
                if alone:
                    alone -= set(evaluate(leaf, context.view(document, members, ()), sets))
                for outcome in alone:
                    yield outcome, (UNKNOWN,), judged

    def _context(self, document: dict[str, Any]) -> _Context:
        """What of a document decides how countries are grouped (made once per document)."""
        if self._last is not None and self._last[0] is document:
            return self._last[1]
        facts = document.get("facts") or {}
        campaign = tuple(c for c in facts.get("all_countries") or facts.get("countries") or [] if isinstance(c, str))
        if len(self._interned) >= 16384:  # the ids of interned tuples key _scoped: forget both at once
            self._interned.clear()
            self._scoped.clear()
        campaign = self._interned.setdefault(campaign, campaign)
        by_country = _by_country(facts)
        dnc = (
            tuple(facts.get("dnc_unscreened") or ()),
            tuple((e.get("country"), e.get("age_days")) for e in facts.get("dnc_screening_age_days") or () if isinstance(e, dict)),
        )
        sender = facts.get("sender_country")
        context = _Context(campaign, by_country, tuple(by_country) if by_country is not None else None, dnc, sender, facts)
        self._last = (document, context)
        return context

    def _plan(self, leaf: Rule, day: dt.date, context: _Context) -> list[_Group]:
        """The groups of countries to judge ``leaf`` for: (countries, as a set, whose rows it
        counts or None for the whole file, whether rows of unknown country are judged too)."""
        campaign = context.campaign
        scope = self.scope_on(leaf, day)
        law_independent = self._law_independent(leaf, scope)
        if scope is not None and not self._sender_in(leaf, context.facts):
            campaign = tuple(c for c in campaign if c in scope)
            if not campaign:
                return []
        if not campaign:  # no countries stated (a rule for everywhere, or one the sender brings in)
            return [(("",), frozenset(), None, False)]
        sens = self.sensitivity(leaf)
        split = sens.contacts and context.by_country is not None and not law_independent
        groups = self._group(list(campaign), sens, context.facts, context.by_country if split else None)
        unknown = split and UNKNOWN in (context.by_country or {})
        out = []
        for members in groups:
            chosen = context.campaign if tuple(members) == context.campaign else tuple(members)
            out.append((chosen, frozenset(members), tuple(members) if split else None, unknown))
        return out

    def _group(self, countries: list[str], sens: Sensitivity, facts: Mapping[str, Any], by_country: dict[str, Any] | None) -> list[list[str]]:
        sets = self.timeline.current
        unscreened = set(facts.get("dnc_unscreened") or ()) if sens.dnc else set()
        ages = {e.get("country"): e.get("age_days") for e in facts.get("dnc_screening_age_days") or () if isinstance(e, dict)} if sens.dnc else {}
        groups: dict[tuple[Any, ...], list[str]] = {}
        for country in sorted(set(countries)):
            key = (
                tuple(country in sets.get(name, ()) for name in sens.sets),
                country if country in sens.codes else "",
                country if by_country is not None and country in by_country else "",
                (country in unscreened, ages.get(country)) if sens.dnc else None,
            )
            groups.setdefault(key, []).append(country)
        return list(groups.values())

    @staticmethod
    def _law_independent(leaf: Rule, scope: frozenset[str] | None) -> bool:
        return scope is None and leaf.sender_jurisdictions is None

    def _split(self, leaf: Rule, facts: Mapping[str, Any], law_independent: bool) -> bool:
        """Whether the check counts contact rows per country (it reads them, and the reader split them)."""
        return self.sensitivity(leaf).contacts and _by_country(facts) is not None and not law_independent

    @staticmethod
    def _sender_in(leaf: Rule, facts: Mapping[str, Any]) -> bool:
        return leaf.sender_jurisdictions is not None and facts.get("sender_country") in leaf.sender_jurisdictions

    def _verdict(
        self,
        leaf: Rule,
        outcome: Outcome,
        window: Period | None,
        countries: list[str],
        law: frozenset[str],
        document: dict[str, Any],
        day: dt.date,
        start: dt.date,
    ) -> Verdict:
        unknown = countries == [UNKNOWN]
        judged = sorted(law) if unknown else [c for c in countries if c]
        sets = self.timeline.use(day)
        scope = self.scope_on(leaf, day)
        facts = document.get("facts") or {}
        split = self._split(leaf, facts, self._law_independent(leaf, scope))
        doc = view(document, judged, ([UNKNOWN] if unknown else judged) if split else None)
        message = message_of(outcome, doc, sets)
        self.timeline.use(start)
        if unknown:
            message += (
                f" These rows have no country (the contacts file does not say, and the campaign targets several"
                f" countries): country unknown, judged as if in {', '.join(judged)}."
            )
        if scope is not None and self._sender_in(leaf, facts):
            outside = [c for c in judged if c not in scope]
            if outside or not judged:
                whom = f"recipients in {', '.join(outside)} too" if outside else "every recipient"
                message += f" This applies to {whom}: the sender is established in {facts.get('sender_country')}."
                # the law that applies is the sender's: cite it (GDPR citations carry countries: [EEA])
                law = law | {str(facts.get("sender_country"))}
        if window is not None:
            message = f"{window.describe()[0].upper()}{window.describe()[1:]}: {message}"
        return Verdict(outcome.parts, outcome.severity, message, tuple(c for c in countries if c), law, outcome.evidence)


def message_of(outcome: Outcome, document: dict[str, Any], sets: Mapping[str, frozenset[str]]) -> str:
    """The outcome's message (and its case's note) written for ``document``."""
    if outcome.item_at is not None:
        document = dict(document, item=document.get(outcome.item_at[0], [])[outcome.item_at[1]], index=outcome.item_at[1])
    message = render(outcome.template, document, sets)
    return f"{message} {render(outcome.note, document, sets)}" if outcome.note else message


def _window(present: list[dt.date], days: list[dt.date]) -> Period | None:
    """None when present on every day judged; else the period it holds, from the days it is present on."""
    if len(present) == len(days):
        return None
    first = present[0]
    start = None if first == days[0] else first
    after = [d for d in days if d > first and d not in present]
    return Period(start, after[0] if after else None)
