"""What every campaign checked with one rule pack and one set of options shares.

A :class:`CheckContext` is made once per group of files (and once per worker process, inherited
when the pool forks). It holds the rules selected, the severity overrides and the rules nobody
may switch off, makes findings with the right name, severity and citations, and remembers pure
computations (plans per countries and channels, citations per countries, the Judge's memos).
Nothing about one file is kept on it: the same file gives the same result whatever was checked
before it.
"""

from __future__ import annotations

from typing import Any

from ..findings import Citation, Finding, Severity
from ..jurisdiction import Judge
from ..rulepack import Rule, RulePack
from ..selectors import is_selected
from . import evaluate
from .options import CheckOptions

#: a rule's checks in scope, each with the countries it is judged for when it is simple, else None
Leaves = tuple[tuple[Rule, tuple[str, ...] | None], ...]
#: the rules that apply to some countries and channels, each with its checks in scope
Applicable = tuple[tuple[Rule, Leaves], ...]
#: a plan: the applicable rules, and the checks that cannot be scoped
Plan = tuple[Applicable, tuple[Rule, ...]]


def _evaluate(rule: Rule, document: dict[str, Any], sets: Any) -> Any:
    """:func:`.evaluate.evaluate_in_scope`, looked up on each call (tests replace it)."""
    return evaluate.evaluate_in_scope(rule, document, sets)


class CheckContext:
    """The pack and the options of a run, with what follows from them (see the module docstring)."""

    def __init__(self, pack: RulePack, options: CheckOptions) -> None:
        self.pack = pack
        self.options = options
        self.rules = pack.by_code()
        self.active = tuple(r for r in pack.rules if not r.engine and (r.code in options.pinned or is_selected(r.code, r.name, options.select, options.ignore)))
        self.overrides = {key: Severity.parse(value) for key, value in options.severity_overrides}
        #: rules for clearly unlawful practices: no inline comment, baseline or severity override hides them
        self.locked = frozenset(r.code for r in pack.rules if not r.suppressible)
        self.today = options.run_date
        # Unmasked addresses must never land in a cache file; documents are too big to cache.
        self.use_cache = options.use_cache and not options.show_pii and not options.keep_documents
        self.judge = Judge(pack, _evaluate)
        #: the distinct sender_jurisdictions of the pack's checks (plans depend on the sender through them)
        self.sender_scopes = tuple(
            {leaf.sender_jurisdictions for rule in self.active for leaf in (rule.checks or (rule,)) if leaf.sender_jurisdictions is not None}
        )
        self.engine_codes = frozenset(r.code for r in pack.rules if r.engine) | {"OL000"}
        #: memos of pure computations (bounded where their keys come from campaigns)
        self.plans: dict[Any, Plan] = {}
        self._citations_for: dict[tuple[str, frozenset[str]], tuple[Citation, ...]] = {}

    def selected(self, code: str) -> bool:
        if code in self.options.pinned:
            return True
        rule = self.rules.get(code)
        return is_selected(code, rule.name if rule else code, self.options.select, self.options.ignore)

    def finding(
        self,
        code: str,
        file: str,
        position: tuple[int, int],
        message: str,
        pointer: str = "",
        severity: Severity | None = None,
        countries: tuple[str, ...] = (),
        law: frozenset[str] = frozenset(),
        fix_edit: tuple[str, ...] = (),
    ) -> Finding:
        """A finding of rule ``code`` with the rule's name, fix and citations and the configured severity."""
        rule = self.rules.get(code)
        name = rule.name if rule else code
        base = severity or (rule.severity if rule else Severity.ERROR)
        return Finding(
            file=file,
            line=position[0],
            column=position[1],
            code=code,
            rule=name,
            severity=self._override(code, name, base),
            message=message,
            path=pointer,
            fix=rule.fix if rule else "",
            citations=self.citations(rule, law) if rule else (),
            countries=countries,
            fix_edit=fix_edit,
        )

    def only(self, code: str, file: str, position: tuple[int, int], message: str) -> tuple[Finding, ...]:
        """One finding of an engine rule, or none when it is not selected."""
        return (self.finding(code, file, position, message),) if self.selected(code) else ()

    def checked_only(self, code: str) -> tuple[str, ...]:
        return (code,) if self.selected(code) else ()

    def internal_error(self, file: str, message: str) -> Finding:
        """OL000 at the top of the file: a bug of ours (or of a rule), never a silent pass."""
        return self.finding("OL000", file, (1, 1), message, severity=Severity.ERROR)

    def citations(self, rule: Rule, law: frozenset[str]) -> tuple[Citation, ...]:
        """The citations about the finding's countries, most specific first (then those for everywhere)."""
        if not law or not any(rule.citation_countries):
            return rule.citations
        key = (rule.code, law)
        known = self._citations_for.get(key)
        if known is None:
            known = self._citations_for[key] = citations_for(rule, law)
        return known

    def _override(self, code: str, name: str, severity: Severity) -> Severity:
        chosen = self.overrides.get(code) or self.overrides.get(name) or severity
        if code in self.locked and chosen < severity:
            return severity  # an unsuppressible rule is never lowered (only `ignore` in the root config turns it off)
        return chosen


def citations_for(rule: Rule, countries: frozenset[str]) -> tuple[Citation, ...]:
    """The rule's citations that are about ``countries`` (those with countries that meet them, the
    narrowest first) followed by those for every country."""
    specific = sorted(
        ((len(scope), index) for index, scope in enumerate(rule.citation_countries) if scope is not None and not scope.isdisjoint(countries)),
    )
    general = [index for index, scope in enumerate(rule.citation_countries) if scope is None]
    return tuple(rule.citations[i] for i in [index for _, index in specific] + general)
