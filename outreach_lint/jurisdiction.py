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
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Mapping

from .findings import Severity
from .interpolate import render
from .lawtime import Period
from .normalize import derive_file_facts
from .rulepack import Rule, RulePack

UNKNOWN = "??"
_CODE = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True, slots=True)
class Outcome:
    """A rule's verdict before its message is written (messages depend on the merged countries)."""

    parts: tuple[str | int, ...]
    severity: Severity
    template: str
    note: str = ""
    item_at: tuple[str, int] | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """One finding of one rule (or check): where, how bad, what it says, for which countries."""

    parts: tuple[str | int, ...]
    severity: Severity
    message: str
    countries: tuple[str, ...]
    #: the countries whose law the finding applies (its countries, or for "??" rows the classes judged)
    law_countries: frozenset[str]


#: (rule, document, sets) -> outcomes of a check known to be in scope
Evaluate = Callable[[Rule, dict[str, Any], Mapping[str, frozenset[str]]], Iterable[Outcome]]


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


def view(document: dict[str, Any], countries: list[str], contacts_of: list[str] | None) -> dict[str, Any]:
    """The document judged for ``countries``; ``contacts_of``: whose rows ``facts.contacts`` counts
    (None: the whole file, as read)."""
    facts = dict(document.get("facts") or {})
    facts["countries"] = countries
    wanted = set(countries)
    if isinstance(facts.get("dnc_unscreened"), list):
        facts["dnc_unscreened"] = [c for c in facts["dnc_unscreened"] if c in wanted]
    if isinstance(facts.get("dnc_screening_age_days"), list):
        facts["dnc_screening_age_days"] = [e for e in facts["dnc_screening_age_days"] if isinstance(e, dict) and e.get("country") in wanted]
    doc = dict(document)
    doc["facts"] = facts
    contacts = facts.get("contacts")
    if contacts_of is not None and isinstance(contacts, dict) and isinstance(contacts.get("by_country"), dict):
        facts["contacts"] = aggregate(contacts, contacts_of)
        derive_file_facts(doc)
    return doc


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
        mine = [days[0]] + [d for d in self.change_days(leaf) if days[0] < d and d in days[1:]]
        presence: dict[tuple[Outcome, str], list[dt.date]] = {}
        classes_of: dict[tuple[Outcome, str], frozenset[str]] = {}
        for day in mine:
            if not leaf.period.holds(day):
                continue
            self.timeline.use(day)
            for outcome, country, law in self._on_day(leaf, document_on(day), day):
                presence.setdefault((outcome, country), []).append(day)
                classes_of[(outcome, country)] = classes_of.get((outcome, country), frozenset()) | law
        self.timeline.use(days[0])
        groups: dict[tuple[Outcome, Period | None], tuple[list[str], set[str], dt.date]] = {}
        for (outcome, country), present in presence.items():
            window = _window(present, mine)
            entry = groups.setdefault((outcome, window), ([], set(), present[0]))
            entry[0].append(country)
            entry[1].update(classes_of[(outcome, country)])
        verdicts = []
        for (outcome, window), (countries, judged, first) in groups.items():
            verdicts.append(self._verdict(leaf, outcome, window, sorted(countries), frozenset(judged), document_on(first), first, days[0]))
        return verdicts

    def _on_day(self, leaf: Rule, document: dict[str, Any], day: dt.date) -> Iterator[tuple[Outcome, str, frozenset[str]]]:
        """(outcome, country it is about, countries whose law it applies) for one day."""
        facts = document.get("facts") or {}
        campaign = [c for c in facts.get("all_countries") or facts.get("countries") or [] if isinstance(c, str)]
        scope = self.scope_on(leaf, day)
        law_independent = self._law_independent(leaf, scope)
        if scope is not None and not self._sender_in(leaf, facts):
            campaign = [c for c in campaign if c in scope]
            if not campaign:
                return
        sets = self.timeline.current
        if not campaign:  # no countries stated (a rule for everywhere, or one the sender brings in)
            for outcome in self.evaluate(leaf, view(document, [], None), sets):
                yield outcome, "", frozenset()
            return
        sens = self.sensitivity(leaf)
        by_country = _by_country(facts)
        split = self._split(leaf, facts, law_independent)
        for members in self._classes(campaign, sens, facts, by_country if split else None):
            judged = frozenset(members)
            found = list(self.evaluate(leaf, view(document, members, members if split else None), sets))
            for outcome in found:
                for country in members:
                    yield outcome, country, judged
            if split and isinstance(by_country, dict) and UNKNOWN in by_country:
                alone = set(self.evaluate(leaf, view(document, members, [UNKNOWN]), sets))
                if alone:
                    alone -= set(self.evaluate(leaf, view(document, members, []), sets))
                for outcome in alone:
                    yield outcome, UNKNOWN, judged

    def _classes(self, countries: list[str], sens: Sensitivity, facts: Mapping[str, Any], by_country: dict[str, Any] | None) -> list[list[str]]:
        """The countries grouped by everything the check can tell them apart by."""
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

    def _verdict(self, leaf: Rule, outcome: Outcome, window: Period | None, countries: list[str], law: frozenset[str],
                 document: dict[str, Any], day: dt.date, start: dt.date) -> Verdict:
        unknown = countries == [UNKNOWN]
        judged = sorted(law) if unknown else [c for c in countries if c]
        sets = self.timeline.use(day)
        scope = self.scope_on(leaf, day)
        facts = document.get("facts") or {}
        split = self._split(leaf, facts, self._law_independent(leaf, scope))
        doc = view(document, judged, ([UNKNOWN] if unknown else judged) if split else None)
        if outcome.item_at is not None:
            doc = dict(doc, item=doc.get(outcome.item_at[0], [])[outcome.item_at[1]], index=outcome.item_at[1])
        message = render(outcome.template, doc, sets)
        if outcome.note:
            message = f"{message} {render(outcome.note, doc, sets)}"
        self.timeline.use(start)
        if unknown:
            message += (f" These rows have no country (the contacts file does not say, and the campaign targets several"
                        f" countries): country unknown, judged as if in {', '.join(judged)}.")
        if scope is not None and self._sender_in(leaf, facts):
            outside = [c for c in judged if c not in scope]
            if outside or not judged:
                whom = f"recipients in {', '.join(outside)} too" if outside else "every recipient"
                message += f" This applies to {whom}: the sender is established in {facts.get('sender_country')}."
                # the law that applies is the sender's: cite it (GDPR citations carry countries: [EEA])
                law = law | {str(facts.get("sender_country"))}
        if window is not None:
            message = f"{window.describe()[0].upper()}{window.describe()[1:]}: {message}"
        return Verdict(outcome.parts, outcome.severity, message, tuple(c for c in countries if c), law)


def _by_country(facts: Mapping[str, Any]) -> dict[str, Any] | None:
    contacts = facts.get("contacts")
    by_country = contacts.get("by_country") if isinstance(contacts, dict) else None
    return by_country if isinstance(by_country, dict) else None


def _window(present: list[dt.date], days: list[dt.date]) -> Period | None:
    """None when present on every day judged; else the period it holds, from the days it is present on."""
    if len(present) == len(days):
        return None
    first = present[0]
    start = None if first == days[0] else first
    after = [d for d in days if d > first and d not in present]
    return Period(start, after[0] if after else None)
