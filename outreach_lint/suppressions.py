"""Inline suppressions: ``# outreach-lint: ignore[OL101] reason="..." until=2027-03-31``.

A suppression applies to findings on its own line (a trailing comment) or on
the first non-comment line below a block of comment lines. It must give a
reason (OL004), must not be past its ``until`` date (OL006; a malformed date
counts as expired) and must match a finding (OL005). Rules marked
``suppressible: false`` cannot be silenced inline.

Only real YAML comments count: text that looks like a suppression inside a
quoted string or a ``|``/``>`` block scalar is campaign content (an e-mail
body can say anything), so the YAML scanner's scalar tokens decide.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field, replace

from .findings import Finding

Span = tuple[tuple[int, int], tuple[int, int]]  # (line, column) from, to (exclusive), 1-based

_COMMENT = re.compile(r"(?:^|\s)#\s*outreach-lint:\s*ignore\[([^\]]*)\](.*)$")
_ANY_COMMENT = re.compile(_COMMENT.pattern, re.MULTILINE)
_REASON = re.compile(r"""reason\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_UNTIL = re.compile(r"until\s*=\s*(\S+)")


@dataclass
class Suppression:
    line: int
    column: int
    selectors: tuple[str, ...]
    reason: str
    until: str
    applies_to: int  # the source line whose findings it silences
    used: bool = field(default=False)

    def expired(self, today: dt.date) -> bool:
        if not self.until:
            return False
        try:
            return dt.date.fromisoformat(self.until) < today
        except ValueError:
            return True  # a malformed date counts as expired (RULES.md OL006)

    def matches(self, finding: Finding) -> bool:
        return any(s in (finding.code, finding.rule) for s in self.selectors)


def parse(text: str) -> list[Suppression]:
    lines = text.split("\n")
    found: list[Suppression] = []
    pending: list[Suppression] = []
    if not _ANY_COMMENT.search(text):
        return []
    spans = _scalar_spans(text)
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        match = _COMMENT.search(line) if "outreach-lint" in line else None
        is_comment_line = stripped.startswith("#") and not _inside(spans, number, len(line) - len(line.lstrip()) + 1)
        if match and _inside(spans, number, line.index("#", match.start()) + 1):
            match = None  # inside a string or block scalar: content, not a comment
        if match:
            reason_match = _REASON.search(match.group(2))
            until_match = _UNTIL.search(match.group(2))
            suppression = Suppression(
                line=number,
                column=line.index("#", match.start()) + 1,
                selectors=tuple(s.strip() for s in match.group(1).split(",") if s.strip()),
                reason=(reason_match.group(1) or reason_match.group(2) or "") if reason_match else "",
                until=until_match.group(1) if until_match else "",
                applies_to=number,
            )
            found.append(suppression)
            if is_comment_line:
                pending.append(suppression)
                continue
        if is_comment_line or not stripped:
            continue
        for suppression in pending:
            suppression.applies_to = number
        pending = []
    return found


def _scalar_spans(text: str) -> list[Span]:
    """Where the scalars that span lines or could hold a ``#`` (quoted, block) are, from the
    YAML scanner (the file has loaded, so it scans; if not, no span: nothing is trusted more)."""
    import yaml

    from .loader import _BaseLoader

    spans: list[Span] = []
    scanner = _BaseLoader(text)
    try:
        while scanner.check_token():
            token = scanner.get_token()
            if isinstance(token, yaml.ScalarToken) and (token.style or token.start_mark.line != token.end_mark.line):
                start, end = token.start_mark, token.end_mark
                spans.append(((start.line + 1, start.column + 1), (end.line + 1, end.column + 1)))
    except yaml.YAMLError:
        pass
    finally:
        scanner.dispose()
    return spans


def _inside(spans: list[Span], line: int, column: int) -> bool:
    """Is (line, column) inside one of ``spans`` (sorted and disjoint, as the scanner gives them)?"""
    index = bisect.bisect_right(spans, ((line, column), (line, column + 1))) - 1
    return index >= 0 and spans[index][0] <= (line, column) < spans[index][1]


@dataclass(frozen=True)
class Outcome:
    findings: list[Finding]
    problems: list[tuple[str, Suppression, str]]  # (code, suppression, detail)


def apply(findings: list[Finding], suppressions: list[Suppression], today: dt.date, unsuppressible: frozenset[str]) -> Outcome:
    """Mark suppressed findings; return suppression problems as (code, suppression, detail)."""
    out: list[Finding] = []
    problems: list[tuple[str, Suppression, str]] = []
    refused: dict[int, str] = {}
    for finding in findings:
        hit = next((s for s in suppressions if s.applies_to == finding.line and s.matches(finding)), None)
        if hit is None:
            out.append(finding)
            continue
        if finding.code in unsuppressible:
            refused[id(hit)] = finding.code
            out.append(finding)
            continue
        hit.used = True
        if hit.expired(today):
            out.append(finding)
            continue
        out.append(replace(finding, suppressed=True, suppression_reason=hit.reason))
    for suppression in suppressions:
        label = ",".join(suppression.selectors)
        if not suppression.reason:
            problems.append(("OL004", suppression, f'the suppression of {label} gives no reason="..."'))
        if suppression.expired(today):
            problems.append(("OL006", suppression, f"the suppression of {label} expired (until={suppression.until}); its findings are reported again"))
        elif not suppression.used:
            if id(suppression) in refused:
                problems.append(("OL005", suppression, f"{refused[id(suppression)]} cannot be suppressed inline: the practice it flags is clearly unlawful"))
            else:
                problems.append(("OL005", suppression, f"the suppression of {label} matches no finding on line {suppression.applies_to}"))
    return Outcome(out, problems)
