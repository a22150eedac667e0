"""The machine-readable block inside every report: inputs, their hashes, verdict, sign-off.

It is embedded as ``<script type="application/json" id="outreach-lint-manifest">``
in the HTML page and, identically but inside an HTML comment, in the Markdown
file, so no Markdown viewer shows it. The JSON escapes ``<``, ``>`` and ``&``,
so no value can end the script element or the comment early.

Paths: when the report is written to a file, every input path is recorded
relative to the folder holding the report (``"paths_relative_to": "report"``),
so a report committed next to the campaigns verifies from any checkout and any
current folder. A report written to standard output records paths relative to
the current folder (``"cwd"``), and is verified from that folder.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from .model import ReportView

MANIFEST_ID = "outreach-lint-manifest"
FORMAT = "outreach-lint-report"
MANIFEST_VERSION = 1
_BLOCK = re.compile(
    r'<script\s+type="application/json"\s+id="' + MANIFEST_ID + r'"\s*>(.*?)</script>', re.S
)


class NotAReport(ValueError):
    """The file is not an outreach-lint report (no manifest, or one we cannot read)."""


def recorded_path(path: Path, report_dir: Path | None) -> str:
    """``path`` as the manifest records it: relative to the report's folder, with forward slashes."""
    absolute = os.path.abspath(path)
    base = os.path.abspath(report_dir) if report_dir is not None else os.getcwd()
    try:
        relative = os.path.relpath(absolute, base)
    except ValueError:  # another drive on Windows: keep it absolute
        relative = absolute
    return relative.replace(os.sep, "/")


def build_manifest(view: ReportView, report_dir: Path | None) -> dict[str, Any]:
    inputs = []
    for campaign in view.campaigns:
        for item in campaign.inputs:
            inputs.append({
                "path": recorded_path(item.path, report_dir),
                "kind": item.kind,
                "campaign": recorded_path(Path(campaign.file), report_dir),
                "sha256": item.sha256 or None,
                **({"problem": item.problem} if item.problem else {}),
            })
    sign_off = view.sign_off
    return {
        "format": FORMAT,
        "manifest_version": MANIFEST_VERSION,
        "tool_version": view.tool_version,
        "rule_pack_version": view.rule_pack_version,
        "generated_at": view.generated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "paths_relative_to": "report" if report_dir is not None else "cwd",
        "verdict": view.verdict.label.lower(),
        "fail_on": view.fail_on.label,
        "summary": {"errors": view.verdict.errors, "warnings": view.verdict.warnings,
                    "infos": view.verdict.infos, "suppressed": view.verdict.suppressed},
        "sign_off": {"name": sign_off.name, "role": sign_off.role,
                     "at": sign_off.at.strftime("%Y-%m-%dT%H:%M:%SZ")} if sign_off else None,
        "inputs": inputs,
        "released": [{"rule": code, "by": by} for code, by in view.released],
    }


def embed(manifest: dict[str, Any]) -> str:
    """The script element. ``<``, ``>`` and ``&`` are escaped so no value can close the element early."""
    payload = json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=False)
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{MANIFEST_ID}">\n{payload}\n</script>'


def extract(text: str) -> dict[str, Any]:
    match = _BLOCK.search(text)
    if match is None:
        raise NotAReport("no outreach-lint manifest found (was it made by `outreach-lint report`?)")
    try:
        data = json.loads(match.group(1))
    except json.JSONDecodeError as exc:
        raise NotAReport(f"the embedded manifest is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:  # json recurses once per nested list or object
        raise NotAReport("the embedded manifest is nested too deeply to be one") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("inputs"), list):
        raise NotAReport("the embedded manifest is not an outreach-lint report manifest")
    return data
