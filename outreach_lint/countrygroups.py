"""Which of a campaign's countries a check is judged for together, on one day.

Countries a check cannot tell apart (the same members in the sets its conditions read, the
same contact rows, the same do-not-call screening, ...) form one group and are judged once;
:class:`~outreach_lint.jurisdiction.Judge` merges the verdicts. A group is (its countries, as
a set, whose contact rows it reads or None for the whole file, whether the rows of unknown
country are judged under its law too). Plans are remembered per check, day and what of the
document they depend on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .countryview import UNKNOWN, Sensitivity, sensitivity, view
from .countryview import by_country_of as _by_country
from .lawtime import SetTimeline
from .rulepack import Rule

if TYPE_CHECKING:
    from .document_types import ContactsCountry, Document, Facts


@dataclass(frozen=True)
class Context:
    """A document's countries, rows per country, sender and screening: what grouping depends on."""

    campaign: tuple[str, ...]
    by_country: dict[str, ContactsCountry] | None
    contact_key: tuple[str, ...] | None
    dnc: tuple[Any, ...]
    sender: Any
    facts: Facts
    #: the document as judged for some countries, made once per document (several checks read each)
    views: dict[tuple[Any, ...], Document] = field(default_factory=dict)

    def view(self, document: Document, countries: tuple[str, ...], contacts_of: tuple[str, ...] | None) -> Document:
        key = (countries, contacts_of)
        made = self.views.get(key)
        if made is None:
            made = self.views[key] = view(document, list(countries), list(contacts_of) if contacts_of is not None else None)
        return made


#: countries judged together, as a set, whose contact rows they read (None: the whole file), and
#: whether the rows of unknown country are judged under their law too
Group = tuple[tuple[str, ...], frozenset[str], "tuple[str, ...] | None", bool]


class CountryGroups:
    """The groups of countries each check of a pack is judged for (one per Judge; caches by check)."""

    def __init__(self, timeline: SetTimeline) -> None:
        self.timeline = timeline
        self._sensitivity: dict[int, Sensitivity] = {}
        self._scopes: dict[tuple[int, dt.date], frozenset[str] | None] = {}
        self._plans: dict[tuple[Any, ...], list[Group]] = {}
        self._last: tuple[Document, Context] | None = None
        #: per check: whether its plan depends on the sender, the contact rows, the screening
        self._needs: dict[int, tuple[bool, bool, bool]] = {}
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

    def plan_for(self, leaf: Rule, document: Document, day: dt.date) -> tuple[Context, list[Group]]:
        """The document's context and the groups of countries ``leaf`` is judged for on ``day``."""
        last = self._last
        context = last[1] if last is not None and last[0] is document else self.context(document)
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

    def context(self, document: Document) -> Context:
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
        context = Context(campaign, by_country, tuple(by_country) if by_country is not None else None, dnc, sender, facts)
        self._last = (document, context)
        return context

    def _plan(self, leaf: Rule, day: dt.date, context: Context) -> list[Group]:
        """The groups of countries to judge ``leaf`` for: (countries, as a set, whose rows it
        counts or None for the whole file, whether rows of unknown country are judged too)."""
        campaign = context.campaign
        scope = self.scope_on(leaf, day)
        law_independent = self.law_independent(leaf, scope)
        if scope is not None and not self.sender_in(leaf, context.facts):
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

    def _group(self, countries: list[str], sens: Sensitivity, facts: Facts, by_country: dict[str, ContactsCountry] | None) -> list[list[str]]:
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
    def law_independent(leaf: Rule, scope: frozenset[str] | None) -> bool:
        return scope is None and leaf.sender_jurisdictions is None

    def split(self, leaf: Rule, facts: Facts, law_independent: bool) -> bool:
        """Whether the check counts contact rows per country (it reads them, and the reader split them)."""
        return self.sensitivity(leaf).contacts and _by_country(facts) is not None and not law_independent

    @staticmethod
    def sender_in(leaf: Rule, facts: Facts) -> bool:
        return leaf.sender_jurisdictions is not None and facts.get("sender_country") in leaf.sender_jurisdictions

    def scoped_members(self, leaf: Rule, context: Context) -> tuple[str, ...] | None:
        """The campaign's countries in the check's (undated) jurisdictions, the campaign's own
        tuple when it is all of them; None when none is."""
        members: tuple[str, ...] = context.campaign
        if leaf.jurisdictions is not None:
            key = (id(leaf), id(members))  # campaign tuples are interned by context()
            known = self._scoped.get(key)
            if known is None:
                if len(self._scoped) >= 16384:
                    self._scoped.clear()
                known = tuple(c for c in members if c in leaf.jurisdictions)
                self._scoped[key] = known = members if known == members else known
            if not known:
                return None
            members = known
        return members
