"""Human output, like ruff's: ``file:line:col: severity CODE name message``, then the source
line with a caret under the key (``--show-source``), one law line and the fix.

Without source the law and fix are indented by four spaces; with source they hang below a
ruff-style gutter. One law line per finding (the most specific citation, see
:func:`most_specific_citation`); ``--show-law`` prints every citation. Colour is applied only
when the context says so (a terminal, FORCE_COLOR, not NO_COLOR or --no-color).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..findings import Citation, Finding, Report, Severity
from . import RenderContext
from .common import log_safe

_COLOURS = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
#: kept for callers of the old layout: citations shown per finding before --show-law existed
MAX_CITATIONS = 1
_BOLD, _DIM, _RESET, _CARET = "\x1b[1m", "\x1b[2m", "\x1b[0m", "\x1b[1;35m"
#: a source line longer than this is cut around the column (a generated one-line campaign)
MAX_SOURCE_WIDTH = 160
#: the token under the caret: a quoted scalar, or a plain key or value up to the next indicator
_TOKEN = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|-(?=\s)|[^\s:,\[\]{}#]+(?::[^\s,\[\]{}#]+)*""")
#: law names that start with a country: "DE UWG", "UK PECR 2003", "US CAN-SPAM Act"
_NATIONAL = re.compile(r"^([A-Z]{2})\b")
_ALIASES = {"UK": "GB"}


def _paint(text: str, code: str, context: RenderContext) -> str:
    return f"{code}{text}{_RESET}" if context.color else text


def countries_of(finding: Finding) -> tuple[str, ...]:
    """The countries a finding concerns, when the engine says (``Finding.countries``), else ()."""
    value = getattr(finding, "countries", ())
    return tuple(str(c) for c in value) if isinstance(value, (list, tuple)) else ()


def citation_country(citation: Citation) -> str:
    """The ISO code a national law's name starts with ("DE UWG" -> DE, "UK PECR" -> GB), else ""."""
    match = _NATIONAL.match(citation.law)
    return _ALIASES.get(match.group(1), match.group(1)) if match else ""


def most_specific_citation(citations: Sequence[Citation], countries: Sequence[str]) -> Citation | None:
    """The one citation shown by default.

    A national law of one of the finding's countries comes first (it is what applies there);
    otherwise the rule's first citation, which rule files list as the governing provision.
    """
    if not citations:
        return None
    wanted = set(countries)
    for citation in citations:
        if wanted and citation_country(citation) in wanted:
            return citation
    return citations[0]


def render_finding(finding: Finding, context: RenderContext) -> list[str]:
    """Every text is :func:`log_safe` before it is painted: a campaign value or a file name cannot
    add a line, a terminal escape sequence or a CI workflow command (``::error``, ``##[``)."""
    where = _paint(log_safe(f"{finding.file}:{finding.line}:{finding.column}:"), _BOLD, context)
    level = _paint(finding.severity.label, _COLOURS[finding.severity], context)
    countries = countries_of(finding)
    scope = f" [{', '.join(countries)}]" if countries else ""
    lines = [f"{where} {level} {log_safe(finding.code)} {log_safe(finding.rule)} {log_safe(finding.message + scope)}"]
    if context.quiet:
        return lines
    source = _source_block(finding, context) if context.show_source else []
    lines.extend(source)
    indent = f"{' ' * (len(str(finding.line)) + 1)}= " if source else "    "
    for file, line, column in finding.related[:5]:  # the places in referenced files that caused it
        lines.append(f"{indent}at: {file}:{line}:{column}")
    for text in _law_lines(finding, context, countries):
        lines.append(_paint(log_safe(f"{indent}law: {text}"), _DIM, context))
    if finding.fix_edit:  # a safe fix says exactly what it changes
        lines.append(log_safe(f"{indent}fix: {finding.fix_edit[3]} (outreach-lint check --fix)"))
    elif finding.fix:
        lines.append(log_safe(f"{indent}fix: {finding.fix}"))
    return lines


def _law_lines(finding: Finding, context: RenderContext, countries: Sequence[str]) -> list[str]:
    if context.show_law:
        return [_cite(c) for c in finding.citations]
    best = most_specific_citation(finding.citations, countries)
    if best is None:
        return []
    more = len(finding.citations) - 1
    return [_cite(best) + (f" (+{more} more: --show-law)" if more else "")]


def _cite(citation: Citation) -> str:
    return f"{citation}" + (f" <{citation.url}>" if citation.url else "")


def _source_block(finding: Finding, context: RenderContext) -> list[str]:
    """The offending line with a caret under the key, in a ruff-style gutter; [] if unavailable."""
    reader = context.source
    text = reader(finding.file, finding.line) if reader is not None and finding.line > 0 else None
    if text is None or not text.strip() or text.lstrip().startswith("#"):
        return []  # nothing to point at: e.g. a missing top-level key is reported at 1:1, above the first key
    text = text.expandtabs(1).rstrip()
    start = max(0, min(finding.column - 1, len(text)))
    match = _TOKEN.match(text, start)
    width = max(1, match.end() - start) if match else 1
    if len(text) > MAX_SOURCE_WIDTH:  # keep the column in view
        left = max(0, start - MAX_SOURCE_WIDTH // 2)
        text = ("…" if left else "") + text[left : left + MAX_SOURCE_WIDTH] + "…"
        start = start - left + (1 if left else 0)
        width = min(width, MAX_SOURCE_WIDTH)
    text = log_safe("".join(ch if ch.isprintable() else "\ufffd" for ch in text))  # no CI command (##[) either
    number = str(finding.line)
    pad = " " * len(number)
    gutter = _paint(f"{pad} |", _DIM, context)
    caret = _paint("^" * width, _CARET, context)
    return [gutter, f"{_paint(number + ' |', _DIM, context)} {text}", f"{gutter} {' ' * start}{caret}", gutter]


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
    """The text one finding at a time: every line ends with a newline.

    ``-q`` (``context.quiet``) keeps one line per finding and the summary line; ``-qq`` prints
    nothing at all (the CLI does not call the formatter).
    """
    findings = report.findings
    for finding in findings:
        yield "".join(line + "\n" for line in render_finding(finding, context))
    if findings and not context.quiet:
        yield "\n"
    yield summary_line(report) + "\n"
