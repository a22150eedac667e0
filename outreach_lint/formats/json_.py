"""The JSON output contract of SPEC section 6."""

from __future__ import annotations

import json

from ..findings import Report
from . import RenderContext


def render(report: Report, context: RenderContext) -> str:
    document = {
        "version": "1",
        "tool": {"name": "outreach-lint", "version": context.tool_version, "rule_pack": report.rule_pack_version},
        "findings": [f.as_dict() for f in report.findings],
        "suppressed": [f.as_dict() for f in report.suppressed],
        "summary": report.summary(),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
