"""The rule pack's types: a rule ready to evaluate (a :class:`~.meta.RuleMeta` plus compiled
conditions, scope and messages), and the pack of rules and data a run uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..condition import Check
from ..findings import Severity
from ..lawtime import ALWAYS, Period, SetTimeline
from ..sender import Places
from .meta import RuleMeta

if TYPE_CHECKING:
    from ..facts.contact_profiles import ContactData
    from ..facts.phrases import Phrases
    from ..facts.vendors import Catalogue

#: Jurisdiction meaning "every country", including a campaign with no countries.
EVERYWHERE = "ALL"


class RuleError(Exception):
    """A rule pack problem: ``file:line: message``."""

    def __init__(self, message: str, file: str = "", line: int = 0) -> None:
        super().__init__(message)
        self.file = file
        self.line = line

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.line else (f"{self.file}: " if self.file else "")
        return f"{where}{self.args[0]}"


@dataclass(frozen=True)
class Case:
    when: Check
    severity: Severity
    note: str = ""
    period: Period = ALWAYS


@dataclass(frozen=True, kw_only=True)
class Rule(RuleMeta):
    """A rule ready to evaluate: its metadata plus scope, conditions and messages."""

    message: str
    source: str = ""
    jurisdiction_names: tuple[str, ...] = ()
    for_each: str | None = None
    when: Check | None = None
    require: Check | None = None
    locate: str = ""
    #: JSON pointer to the facts that caused a finding (a dict or a list of dicts; those with a
    #: line become related locations in the referenced file); see engine._evidence
    evidence: str = ""
    cases: tuple[Case, ...] = ()
    missing_message: str = ""
    missing_severity: Severity | None = None
    checks: tuple[Rule, ...] = ()  # several checks under one code; see construct.construct
    #: when the rule (or this check: the rule's period narrowed by its own) applies
    period: Period = ALWAYS
    #: where an establishment of the sender brings every recipient into scope (None: nowhere)
    sender_jurisdictions: frozenset[str] | None = None
    sender_jurisdiction_names: tuple[str, ...] = ()
    #: per citation, the countries it is about (None: every country); parallel to ``citations``
    citation_countries: tuple[frozenset[str] | None, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def examples(self) -> dict[str, list[dict[str, Any]]]:
        return self.raw.get("examples", {})  # type: ignore[no-any-return]


@dataclass(frozen=True)
class RulePack:
    """The rules and the data of a run. Readers get their catalogues from here (built from the
    tables on first use), so a ``--rules`` folder that adds rows reaches them too."""

    rules: tuple[Rule, ...]
    #: every set as it stands on the day the pack was loaded (see ``timeline`` for other days)
    sets: dict[str, frozenset[str]]
    tables: dict[str, dict[str, dict[str, Any]]]
    version: str
    timeline: SetTimeline = field(default_factory=lambda: SetTimeline({}), compare=False, repr=False)

    @property
    def country_groups(self) -> dict[str, frozenset[str]]:
        return {name: self.sets[name] for name in ("EU", "EEA", "EUROPE") if name in self.sets}

    @cached_property
    def places(self) -> Places:
        """What reading a sender's country from its postal address needs (rules/data/places.yaml)."""
        names = {
            name.upper(): row["code"]
            for name, row in self.tables.get("country_names", {}).items()
            if isinstance(row, dict) and isinstance(row.get("code"), str)
        }
        return Places(self.sets.get("ISO_COUNTRIES", frozenset()), self.sets.get("US_STATE_CODES", frozenset()), names)

    @cached_property
    def vendors(self) -> Catalogue:
        """The visitor-identification vendors and consent managers (tables ``vendors``, ``consent_managers``)."""
        from ..facts.vendors import catalogue_from_tables

        return catalogue_from_tables(self.tables)

    @cached_property
    def phrases(self) -> Phrases:
        """The phrase lists (tables ``phrases_<kind>_<lang>``) and ESP placeholders (``esp_placeholders``)."""
        from ..facts.phrases import phrases_from_tables

        return phrases_from_tables(self.tables)

    @cached_property
    def contact_data(self) -> ContactData:
        """Column profiles, row checks and their value sets, country spellings and domain aliases of contact lists."""
        from ..facts.contact_profiles import contact_data_from_pack

        return contact_data_from_pack(self.tables, self.timeline.spans)

    def by_code(self) -> dict[str, Rule]:
        return {rule.code: rule for rule in self.rules}

    def find(self, key: str) -> Rule | None:
        for rule in self.rules:
            if key in (rule.code, rule.name) or key.upper() == rule.code:
                return rule
        return None
