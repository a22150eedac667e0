"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

``::error file=F,line=L,col=C,title=OL101 cold-email-needs-consent::message``.
GitHub parses these lines from the step's output, so every value is escaped
the way the runner unescapes it (``%``, CR and LF everywhere; ``:`` and ``,``
also in properties), or a message containing a newline or a comma in a file
name would break the annotation or forge another one.
"""

from __future__ import annotations

from ..findings import Finding, Report, Severity, portable_path
from . import RenderContext
from .common import log_safe

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, context: RenderContext) -> str:
    return "".join(annotation(finding, context) + "\n" for finding in report.findings)


def annotation(finding: Finding, context: RenderContext) -> str:
    properties = {
        "file": portable_path(finding.file),
        "line": str(finding.line),
        "col": str(finding.column),
        "title": f"{finding.code} {finding.rule}",
    }
    props = ",".join(f"{key}={escape_property(log_safe(value))}" for key, value in properties.items())
    return f"::{COMMANDS[finding.severity]} {props}::{escape_data(_message(finding, context))}"


def _message(finding: Finding, context: RenderContext) -> str:
    lines = [finding.message]
    if not context.quiet:
        lines += [f"Law: {citation}" + (f" <{citation.url}>" if citation.url else "") for citation in finding.citations]
        if finding.fix:
            lines.append(f"Fix: {finding.fix}")
    return "\n".join(log_safe(line) for line in lines)
