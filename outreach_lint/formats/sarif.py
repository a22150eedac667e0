"""SARIF 2.1.0, the format GitHub code scanning and most security dashboards read.

One run; the driver lists every rule of the pack as a reporting descriptor
(help text with the fix and the law, so a dashboard can explain a finding
without outreach-lint installed), and each finding is a result pointing at
its file, line and column. Inline-suppressed findings are kept as results
with an ``inSource`` suppression carrying the reason, which is how SARIF
consumers tell "silenced on purpose" from "fixed".
"""

from __future__ import annotations

import json
import os
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from ..findings import Finding, Report, Severity, fingerprinted, portable_path
from ..pack.meta import RuleMeta
from . import RenderContext

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://outreach-lint.readthedocs.io/"
#: the uriBaseId of every location: the folder outreach-lint ran in (the repository root in CI)
SRCROOT = "%SRCROOT%"
FINGERPRINT_NAME = "outreachLint/v1"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(report: Report, context: RenderContext) -> str:
    rules, index = _descriptors(report, context)
    results = [_result(finding, index[finding.code], fingerprint) for finding, fingerprint in fingerprinted(report)]
    driver: dict[str, Any] = {
        "name": "outreach-lint",
        "version": context.tool_version,
        "semanticVersion": context.tool_version,
        "informationUri": INFORMATION_URI,
        "rules": rules,
    }
    if report.rule_pack_version:
        driver["properties"] = {"rulePackVersion": report.rule_pack_version}
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if report.released:
        # unsuppressible rules (clearly unlawful practices) the root configuration or the command line
        # switched off: a dashboard must be able to tell "not found" from "not looked for"
        run["properties"] = {"unsuppressibleRulesSwitchedOff": [{"ruleId": code, "by": by} for code, by in report.released]}
    document = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [run],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _descriptors(report: Report, context: RenderContext) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Every rule of the pack, then any rule a finding names that the pack did not describe."""
    infos = list(context.rules)
    known = {info.code for info in infos}
    for finding in report.findings + report.suppressed:
        if finding.code not in known:
            known.add(finding.code)
            infos.append(RuleMeta(finding.code, finding.rule, finding.rule, finding.severity, finding.citations, finding.fix))
    return [_descriptor(info) for info in infos], {info.code: i for i, info in enumerate(infos)}


def _descriptor(info: RuleMeta) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": info.code,
        "name": info.name,
        "shortDescription": {"text": info.title or info.name},
        "fullDescription": {"text": info.description or info.title or info.name},
        "help": {"text": _help_text(info), "markdown": _help_markdown(info)},
        "defaultConfiguration": {"level": LEVELS[info.severity]},
        "properties": {"tags": ["compliance", "privacy"] + sorted({c.law for c in info.citations})},
    }
    if info.help_uri:
        descriptor["helpUri"] = info.help_uri
    return descriptor


def _help_text(info: RuleMeta) -> str:
    parts = [info.description or info.title]
    if info.fix:
        parts.append(f"Fix: {info.fix}")
    for citation in info.citations:
        parts.append(f"Law: {citation}" + (f" <{citation.url}>" if citation.url else ""))
    return "\n\n".join(p for p in parts if p)


def _help_markdown(info: RuleMeta) -> str:
    parts = [f"**{info.code} {info.name}**: {info.title}"]
    if info.description:
        parts.append(info.description)
    if info.fix:
        parts.append(f"**Fix:** {info.fix}")
    if info.citations:
        lines = [f"- [{citation}]({citation.url})" if citation.url else f"- {citation}" for citation in info.citations]
        parts.append("**Law:**\n" + "\n".join(lines))
    return "\n\n".join(parts)


def _result(finding: Finding, rule_index: int, fingerprint: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {"artifactLocation": _artifact(finding.file), "region": _region(finding)}}],
        "partialFingerprints": {FINGERPRINT_NAME: fingerprint},
    }
    properties: dict[str, Any] = {}
    if finding.path:
        properties["jsonPointer"] = finding.path
    if finding.countries:
        properties["countries"] = list(finding.countries)
    if properties:
        result["properties"] = properties
    evidence = json.loads(finding.evidence) if finding.evidence else None
    if finding.related:
        # the places in referenced files (template, site page, GTM export) that caused the finding
        result["relatedLocations"] = [
            {
                "id": index,
                "physicalLocation": {"artifactLocation": _artifact(file), "region": {"startLine": max(line, 1), "startColumn": max(column, 1)}},
                "message": {"text": _related_text(evidence, line, column)},
            }
            for index, (file, line, column) in enumerate(finding.related)
        ]
    if evidence is not None:
        result.setdefault("properties", {})["evidence"] = evidence
    if finding.suppressed:
        result["suppressions"] = [{"kind": "inSource", "justification": finding.suppression_reason}]
    return result


def _related_text(evidence: Any, line: int, column: int) -> str:
    """What is at a related location, from the evidence item recorded for that place."""
    facts = evidence.get("facts") if isinstance(evidence, dict) else None
    items = facts if isinstance(facts, list) else [facts] if isinstance(facts, dict) else []
    item = next((i for i in items if isinstance(i, dict) and i.get("line") == line and i.get("column", 1) == column), None)
    if item is None:
        return "found here"
    if "vendor" in item:
        state = "loads before consent" if item.get("ungated") else "waits for consent" + (f" ({item['gated_by']})" if item.get("gated_by") else "")
        return f"{item.get('name', item['vendor'])} ({item.get('level', '?')}-level) {state}"
    if "reason" in item:
        return f"open-tracking pixel: {item['reason']}"
    for key in ("phrase", "placeholder", "link", "instruction", "header"):
        if key in item:
            return f"opt-out found here ({key}: {item[key]})"
    return "the message text ends here; nothing found"


def _artifact(file: str) -> dict[str, str]:
    """A relative URI against %SRCROOT% where possible; a file: URI for a path outside it.

    The path's bytes are percent-encoded (``os.fsencode``): a file name that is not valid UTF-8
    (kept by Python as surrogate escapes) becomes ``%FF`` and so on, the URI of that very file.
    """
    path = portable_path(file)
    encoded = quote(os.fsencode(path))
    if PurePosixPath(path).is_absolute():
        return {"uri": "file://" + encoded}
    return {"uri": encoded, "uriBaseId": SRCROOT}


def _region(finding: Finding) -> dict[str, int]:
    return {"startLine": max(finding.line, 1), "startColumn": max(finding.column, 1)}
