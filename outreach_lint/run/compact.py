"""Results as tuples: only where they cross a process boundary (the pool) or go to the cache.

A finding is sent without its file (the caller knows it) and without what the rule pack already
holds (rule name, fix, citations) unless they differ; expanding it rebuilds the
:class:`~outreach_lint.findings.Finding` around the pack's shared texts, keeping one copy of each
message, pointer and citation list. The in-process path never uses this: its findings are the
ones the check made.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..findings import Citation, FileResult, Finding, Severity
from ..rulepack import Rule

_SEVERITY = {int(s): s for s in Severity}

#: A finding without its file (the caller knows it), rule name, fix and citations (the pack
#: has them): (line, column, code, severity, message, pointer, suppressed, suppression reason,
#: countries), followed by (rule name, fix, citations as lists) only when they differ from the
#: pack's, then the fix edit, then (related locations, evidence) when there are any.
CompactFinding = tuple[Any, ...]
#: (is_campaign, sha256, findings, codes of the rules checked)
CompactResult = tuple[bool, str, tuple[CompactFinding, ...], tuple[str, ...]]


class ResultCodec:
    """:meth:`compact` and :meth:`expand` for the rules of one pack (one per run; memos only)."""

    def __init__(self, rules: dict[str, Rule]) -> None:
        self.rules = rules
        self._strings: dict[str, str] = {}
        self._derived_of: dict[str, tuple[str, str, tuple[Citation, ...]]] = {}
        self._cited: dict[tuple[Any, ...], tuple[Citation, ...]] = {}

    def _derived(self, code: str) -> tuple[str, str, tuple[Citation, ...]]:
        known = self._derived_of.get(code)
        if known is None:
            rule = self.rules.get(code)
            known = self._derived_of[code] = (rule.name, rule.fix, rule.citations) if rule else (code, "", ())
        return known

    def compact(self, result: FileResult) -> CompactResult:
        findings = []
        for f in result.findings:
            item: tuple[Any, ...] = (f.line, f.column, f.code, int(f.severity), f.message, f.path, f.suppressed, f.suppression_reason, list(f.countries))
            extra = bool(f.fix_edit or f.related or f.evidence)
            if (f.rule, f.fix, f.citations) != self._derived(f.code) or extra:
                item += (f.rule, f.fix, [[c.law, c.article, c.url] for c in f.citations])
            if extra:
                item += (list(f.fix_edit),)
            if f.related or f.evidence:
                item += ([list(r) for r in f.related], f.evidence)
            findings.append(item)
        return (result.is_campaign, result.sha256, tuple(findings), result.checked)

    def expand(self, file: str, result: Sequence[Any], kept: dict[str, object] | None = None) -> FileResult:
        """The inverse of :meth:`compact` (also reads the lists a JSON cache file gives back)."""
        is_campaign, sha256, items, checked = result
        findings = []
        strings = self._strings
        for item in items:
            line, column, code, severity, message, pointer, suppressed, reason, countries = item[:9]
            # the same rule says the same thing about many campaigns: keep one copy of each text
            message = strings.setdefault(message, message)
            pointer = strings.setdefault(pointer, pointer)
            if len(item) > 9:
                cited = tuple(tuple(c) for c in item[11])
                known = self._cited.get(cited)
                if known is None:
                    known = self._cited[cited] = tuple(Citation(*c) for c in cited)
                name, fix, citations = item[9], item[10], known
            else:
                name, fix, citations = self._derived(code)
            edit = tuple(item[12]) if len(item) > 12 else ()
            related = tuple((str(r[0]), int(r[1]), int(r[2])) for r in item[13]) if len(item) > 14 else ()
            evidence = str(item[14]) if len(item) > 14 else ""
            findings.append(
                Finding(
                    file,
                    line,
                    column,
                    code,
                    name,
                    _SEVERITY[severity],
                    message,
                    pointer,
                    fix,
                    citations,
                    bool(suppressed),
                    reason,
                    fix_edit=edit,
                    related=related,
                    evidence=evidence,
                    countries=tuple(countries),
                )
            )
        return FileResult(file, tuple(findings), bool(is_campaign), sha256, facts=kept or {}, checked=tuple(checked))
