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
The groups of countries are made by :mod:`outreach_lint.countrygroups`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .countrygroups import CountryGroups
from .countryview import UNKNOWN, aggregate, sensitivity, view
from .findings import Severity
from .interpolate import render
from .lawtime import Period
from .rulepack import Rule, RulePack

if TYPE_CHECKING:
    from .document_types import Document

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


#: (rule, document, sets) -> outcomes of a check known to be in scope
Evaluate = Callable[[Rule, "Document", Mapping[str, frozenset[str]]], Iterable[Outcome]]


# -- the judge -----------------------------------------------------------------------


class Judge:
    """Judges checks of one pack per country and per day (one per FileChecker; caches by check)."""

    def __init__(self, pack: RulePack, evaluate: Evaluate) -> None:
        self.pack = pack
        self.timeline = pack.timeline
        self.evaluate = evaluate
        self.groups = CountryGroups(pack.timeline)
        self._days: dict[int, tuple[dt.date, ...]] = {}
        self._simple: dict[int, bool] = {}

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
            names = set(self.groups.sensitivity(leaf).sets) | set(leaf.jurisdiction_names) | set(leaf.sender_jurisdiction_names)
            names |= set(re.findall(r"\|(?:in|notin):([A-Za-z0-9_]+)", leaf.message + leaf.missing_message + "".join(c.note for c in leaf.cases)))
            for name in names & self.timeline.dated:
                days.update(self.timeline.changes(name))
            known = self._days[id(leaf)] = tuple(sorted(days))
        return known

    def judge(self, leaf: Rule, days: list[dt.date], document_on: Callable[[dt.date], Document]) -> list[Verdict]:
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
        sens = self.groups.sensitivity(leaf)
        dated = set(leaf.jurisdiction_names) & self.timeline.dated
        return (
            not self.change_days(leaf)
            and leaf.period.always
            and not dated
            and leaf.sender_jurisdictions is None
            and not (sens.sets or sens.codes or sens.dnc or (sens.contacts and leaf.jurisdictions is not None))
        )

    def _judge_simple(self, leaf: Rule, day: dt.date, document: Document) -> list[Verdict]:
        """:meth:`judge` of a check that :meth:`_is_simple`: one evaluation, for its countries."""
        context = self.groups.context(document)
        members = self.groups.scoped_members(leaf, context)
        if members is None:
            return []
        doc = document if members is context.campaign else context.view(document, members, None)
        if self.timeline.day != day:
            self.timeline.use(day)
        sets = self.timeline.current
        found = list(self.evaluate(leaf, doc, sets))
        if not found:
            return []
        judged = frozenset(members)
        return [Verdict(outcome.parts, outcome.severity, message_of(outcome, doc, sets), members, judged, outcome.evidence) for outcome in dict.fromkeys(found)]

    def _judge_one_day(self, leaf: Rule, day: dt.date, document: Document) -> list[Verdict]:
        """:meth:`judge` when nothing the check reads changes during the schedule (the usual case)."""
        if not leaf.period.always and not leaf.period.holds(day):
            return []
        if self.timeline.day != day:
            self.timeline.use(day)
        context, plan = self.groups.plan_for(leaf, document, day)
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

    def _on_day(self, leaf: Rule, document: Document, day: dt.date) -> Iterator[tuple[Outcome, tuple[str, ...], frozenset[str]]]:
        """(outcome, the countries it is about, the countries whose law it applies) for one day."""
        context, plan = self.groups.plan_for(leaf, document, day)
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

    def _verdict(
        self,
        leaf: Rule,
        outcome: Outcome,
        window: Period | None,
        countries: list[str],
        law: frozenset[str],
        document: Document,
        day: dt.date,
        start: dt.date,
    ) -> Verdict:
        unknown = countries == [UNKNOWN]
        judged = sorted(law) if unknown else [c for c in countries if c]
        sets = self.timeline.use(day)
        scope = self.groups.scope_on(leaf, day)
        facts = document.get("facts") or {}
        split = self.groups.split(leaf, facts, CountryGroups.law_independent(leaf, scope))
        doc = view(document, judged, ([UNKNOWN] if unknown else judged) if split else None)
        message = message_of(outcome, doc, sets)
        self.timeline.use(start)
        if unknown:
            message += (
                f" These rows have no country (the contacts file does not say, and the campaign targets several"
                f" countries): country unknown, judged as if in {', '.join(judged)}."
            )
        if scope is not None and CountryGroups.sender_in(leaf, facts):
            outside = [c for c in judged if c not in scope]
            if outside or not judged:
                whom = f"recipients in {', '.join(outside)} too" if outside else "every recipient"
                message += f" This applies to {whom}: the sender is established in {facts.get('sender_country')}."
                # the law that applies is the sender's: cite it (GDPR citations carry countries: [EEA])
                law = law | {str(facts.get("sender_country"))}
        if window is not None:
            message = f"{window.describe()[0].upper()}{window.describe()[1:]}: {message}"
        return Verdict(outcome.parts, outcome.severity, message, tuple(c for c in countries if c), law, outcome.evidence)


def message_of(outcome: Outcome, document: Mapping[str, Any], sets: Mapping[str, frozenset[str]]) -> str:
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
