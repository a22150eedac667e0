"""The last stage: inline ``# outreach-lint: ignore[...]`` comments (real comments only).

Suppressed findings stay in the result, marked; unsuppressible rules stay reported; problems with
the comments themselves are findings (OL004-OL006).
"""

from __future__ import annotations

from .. import suppressions
from ..findings import Finding
from ..loader import Loaded
from .context import CheckContext


def apply_suppressions(ctx: CheckContext, file: str, loaded: Loaded, findings: list[Finding]) -> list[Finding]:
    if not ctx.options.inline_suppressions or "outreach-lint" not in loaded.text:
        return findings
    parsed = suppressions.parse(loaded.text)
    if not parsed:
        return findings
    outcome = suppressions.apply(findings, parsed, ctx.today, ctx.locked)
    result = list(outcome.findings)
    for code, suppression, detail in outcome.problems:
        if ctx.selected(code):
            result.append(ctx.finding(code, file, (suppression.line, suppression.column), detail))
    return result
