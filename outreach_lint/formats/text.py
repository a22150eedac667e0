"""Human output: ``file:line:col: severity CODE name message``, then law and fix.

Colour is applied only when the context says so (a terminal, not --no-color).
"""

from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Report, Severity
from . import RenderContext

_COLOURS = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
#: citations shown per finding on a terminal (the most specific: findings list the citations of
#: their countries first); the rest are in JSON and SARIF, and one `explain` away
MAX_CITATIONS = 1
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def _paint(text: str, code: str, context: RenderContext) -> str:
    return f"{code}{text}{_RESET}" if context.color else text


def render_finding(finding: Finding, context: RenderContext) -> list[str]:
    where = _paint(f"{finding.file}:{finding.line}:{finding.column}:", _BOLD, context)
    level = _paint(finding.severity.label, _COLOURS[finding.severity], context)
    countries = f" [{', '.join(finding.countries)}]" if finding.countries else ""
    lines = [f"{where} {level} {finding.code} {finding.rule}{countries} {finding.message}"]
    if context.quiet:
        return lines
    for citation in finding.citations[:MAX_CITATIONS]:
        url = f" <{citation.url}>" if citation.url else ""
        lines.append(_paint(f"    law: {citation}{url}", _DIM, context))
    if len(finding.citations) > MAX_CITATIONS:
        more = len(finding.citations) - MAX_CITATIONS
        lines.append(_paint(f"    law: … and {more} more (outreach-lint explain {finding.code})", _DIM, context))
    if finding.fix:
        lines.append(f"    fix: {finding.fix}")
    return lines


def summary_line(report: Report) -> str:
    counts = report.summary()
    files = counts["files"]
    parts = [_plural(counts["errors"], "error"), _plural(counts["warnings"], "warning"), _plural(counts["infos"], "info")]
    suppressed = f", {counts['suppressed']} suppressed" if counts["suppressed"] else ""
    if not report.findings:
        return f"No findings in {_plural(files, 'campaign file')}{suppressed}."
    return f"Found {', '.join(parts)} in {_plural(files, 'campaign file')}{suppressed}."


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render(report: Report, context: RenderContext) -> str:
    return "".join(render_chunks(report, context))


def render_chunks(report: Report, context: RenderContext) -> Iterator[str]:
    """The text one finding at a time: every line ends with a newline."""
    findings = report.findings
    for finding in findings:
        yield "".join(line + "\n" for line in render_finding(finding, context))
    if not context.quiet:
        if findings:
            yield "\n"
        yield summary_line(report) + "\n"
