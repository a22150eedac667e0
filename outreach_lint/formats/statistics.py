"""``--statistics``: how many findings each rule produced, most frequent first (like ruff)."""

from __future__ import annotations

from collections import Counter

from ..findings import Report, Severity


def render_statistics(report: Report) -> str:
    counts: Counter[tuple[str, str]] = Counter((f.code, f.rule) for f in report.findings)
    worst: dict[tuple[str, str], Severity] = {}
    for finding in report.findings:
        key = (finding.code, finding.rule)
        worst[key] = max(worst.get(key, finding.severity), finding.severity)
    if not counts:
        return ""
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    width = len(str(rows[0][1]))
    code_width = max(len(code) for (code, _), _ in rows)
    name_width = max(len(name) for (_, name), _ in rows)
    lines = [f"{count:>{width}}  {code:<{code_width}}  {name:<{name_width}}  {worst[(code, name)].label}" for (code, name), count in rows]
    return "\n".join(lines) + "\n"
