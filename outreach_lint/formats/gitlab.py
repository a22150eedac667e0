"""GitLab Code Quality report (a JSON array), shown in merge-request widgets and diffs.

GitLab compares the report of the merge request with the target branch's by
``fingerprint``, so the fingerprint must not change when lines move (see
:mod:`outreach_lint.formats.common`). Paths are relative to the repository
root, which is where CI runs the linter.
"""

from __future__ import annotations

import json
from typing import Any

from ..findings import Finding, Report, Severity, fingerprinted, portable_path
from . import RenderContext

#: GitLab severities are info, minor, major, critical, blocker
SEVERITIES = {Severity.ERROR: "critical", Severity.WARNING: "minor", Severity.INFO: "info"}


def render(report: Report, context: RenderContext) -> str:
    issues = [_issue(finding, fingerprint) for finding, fingerprint in fingerprinted(report) if not finding.suppressed]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def _issue(finding: Finding, fingerprint: str) -> dict[str, Any]:
    description = f"{finding.code} {finding.rule}: {finding.message}"
    return {
        "type": "issue",
        "description": description,
        "check_name": f"{finding.code} {finding.rule}",
        "fingerprint": fingerprint,
        "severity": SEVERITIES[finding.severity],
        "categories": ["Security"],
        "location": {"path": portable_path(finding.file), "lines": {"begin": finding.line}},
    }
