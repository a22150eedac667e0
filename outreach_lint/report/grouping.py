"""Findings grouped by law and article, each with its source line in context."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..findings import Finding, Severity
from .model import ArticleGroup, Catalogue, FindingView, LawGroup, SourceLine

#: lines shown above and below the flagged line
CONTEXT_LINES = 2
#: the group for findings about the file itself (engine rules cite no law)
FILE_GROUP = "The campaign file itself"


def source_context(lines: list[str], number: int, around: int = CONTEXT_LINES) -> tuple[SourceLine, ...]:
    """The flagged line and ``around`` lines either side; empty when the line is not in the file."""
    if not 1 <= number <= len(lines):
        return ()
    first, last = max(1, number - around), min(len(lines), number + around)
    return tuple(SourceLine(n, lines[n - 1].rstrip("\r"), n == number) for n in range(first, last + 1))


def finding_view(finding: Finding, catalogue: Catalogue, lines: list[str], mask: Callable[[str], str]) -> FindingView:
    meta = catalogue.rules.get(finding.code)
    return FindingView(finding, meta.title if meta else finding.rule, mask(finding.message), source_context(lines, finding.line))


def group_by_law(views: Iterable[FindingView]) -> tuple[LawGroup, ...]:
    """Law → article → findings; laws and articles with errors first, then by number of findings / article number.

    A finding citing several laws is listed under its first citation (the rule's
    primary basis) so it is shown, and counted, once.
    """
    laws: dict[str, dict[tuple[str, str], list[FindingView]]] = {}
    for view in views:
        citation = view.finding.citations[0] if view.finding.citations else None
        law = citation.law if citation else FILE_GROUP
        key = (citation.article, citation.url) if citation else ("", "")
        laws.setdefault(law, {}).setdefault(key, []).append(view)
    groups = []
    for law, articles in laws.items():
        members = [v for vs in articles.values() for v in vs]
        article_groups = tuple(
            ArticleGroup(article, url, tuple(sorted(vs, key=_order)))
            for (article, url), vs in sorted(articles.items(), key=lambda item: (-max(v.finding.severity for v in item[1]), _article_key(item[0][0]), item[0]))
        )
        groups.append(LawGroup(law, article_groups, max(v.finding.severity for v in members), len(members)))
    return tuple(sorted(groups, key=lambda g: (-g.worst, g.law == FILE_GROUP, -g.count, g.law)))


def _order(view: FindingView) -> tuple[int, int, str]:
    return (-view.finding.severity, view.finding.line, view.finding.code)


def _article_key(article: str) -> tuple[int, str]:
    """Art. 6 before Art. 28: sort by the first number, then by text."""
    digits = ""
    for char in article:
        if char.isdigit():
            digits += char
        elif digits:
            break
    return (int(digits) if digits else 10**6, article)


def worst(findings: Iterable[Finding]) -> Severity | None:
    return max((f.severity for f in findings), default=None)
