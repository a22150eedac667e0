"""JUnit XML, the test-report format every CI system can display.

One ``<testsuite>`` per campaign file and one ``<testcase>`` per rule checked
there (in scope for its countries and channels, and selected) or reporting
something: it passes when the rule found nothing, fails when any of its
findings is at or above the fail threshold (so the report agrees with the exit
code), passes with the lower-severity findings in ``<system-out>`` otherwise,
and is skipped when all its findings were suppressed inline. A file on which no
rule ran (everything deselected) gets a single passing "no findings" case, so
it still shows up as checked. An internal error (OL000: the linter could not
check the file) is an ``<error>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from ..findings import Finding, Report
from . import RenderContext

#: characters XML 1.0 cannot carry at all, even escaped
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CLEAN_CASE = "no findings"
INTERNAL_ERROR = "OL000"


def xml_safe(text: str) -> str:
    """Replace characters XML 1.0 forbids and normalise line ends (a parser would turn CR into LF
    or, in an attribute, into a space); ElementTree escapes the rest (&, <, quotes)."""
    return _INVALID_XML.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def render(report: Report, context: RenderContext) -> str:
    by_file: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for finding in sorted(report.findings + report.suppressed):
        by_file[finding.file][finding.code].append(finding)
    root = ET.Element("testsuites", name="outreach-lint")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for result in report.campaign_files:
        suite = _suite(result.file, result.checked, by_file.get(result.file, {}), context)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
        root.append(suite)
    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failures"]))
    root.set("errors", str(totals["errors"]))
    root.set("skipped", str(totals["skipped"]))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _suite(file: str, checked: tuple[str, ...], by_rule: dict[str, list[Finding]], context: RenderContext) -> ET.Element:
    suite = ET.Element("testsuite", name=xml_safe(file))
    failures = errors = skipped = 0
    codes = sorted(set(checked) | set(by_rule))
    if not codes:
        ET.SubElement(suite, "testcase", name=CLEAN_CASE, classname=xml_safe(file), time="0")
    for code in codes:
        findings = by_rule.get(code, [])
        case = ET.SubElement(suite, "testcase", name=xml_safe(f"{code} {_rule_name(code, findings, context)}"), classname=xml_safe(file), time="0")
        if not findings:
            continue  # checked, nothing found: a pass
        active = [f for f in findings if not f.suppressed]
        failing = [f for f in active if f.severity >= context.fail_on]
        if failing:
            # the linter failing on a file (OL000) is an <error>, a finding about the campaign a <failure>
            kind = "error" if code == INTERNAL_ERROR else "failure"
            if kind == "error":
                errors += 1
            else:
                failures += 1
            first = failing[0]
            message = first.message if len(failing) == 1 else f"{len(failing)} findings; first: {first.message}"
            failure = ET.SubElement(case, kind, message=xml_safe(message), type=xml_safe(f"{code} {first.severity.label}"))
            failure.text = xml_safe(_body(failing))
            rest = [f for f in active if f not in failing]
            if rest:
                ET.SubElement(case, "system-out").text = xml_safe(_body(rest))
        elif active:
            ET.SubElement(case, "system-out").text = xml_safe(_body(active))
        else:
            skipped += 1
            reasons = "; ".join(sorted({f.suppression_reason for f in findings if f.suppression_reason})) or "suppressed inline"
            ET.SubElement(case, "skipped", message=xml_safe(f"suppressed: {reasons}"))
    suite.set("tests", str(max(len(codes), 1)))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", str(skipped))
    suite.set("time", "0")
    return suite


def _rule_name(code: str, findings: list[Finding], context: RenderContext) -> str:
    if findings:
        return findings[0].rule
    info = context.rule(code)
    return info.name if info is not None else code


def _body(findings: list[Finding]) -> str:
    lines: list[str] = []
    for finding in findings:
        lines.append(f"{finding.file}:{finding.line}:{finding.column}: {finding.severity.label} {finding.code} {finding.rule} {finding.message}")
        if finding.path:
            lines.append(f"    at: {finding.path}")
        for citation in finding.citations:
            lines.append(f"    law: {citation}" + (f" <{citation.url}>" if citation.url else ""))
        if finding.fix:
            lines.append(f"    fix: {finding.fix}")
    return "\n".join(lines)
