"""Helpers for the hostile pull-request tests: write files, run the CLI, read its findings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..conftest import TODAY, run_cli

#: A campaign with exactly one finding, OL191 (suppressible) on line 7 (`dpa: false`).
SLACK = """\
campaign: visitor-alerts
processors:
  - name: Slack
    role: processor
    country: US
    transfer: dpf
    dpa: false
    data: [email, visited_pages]
"""


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def lint(*args: str) -> tuple[int, list[dict[str, Any]], str]:
    """``check --format json``: (exit code, findings, stderr). Exit 2 gives no findings."""
    code, out, err = run_cli("check", "--format", "json", "--no-cache", "--jobs", "1", "--today", TODAY, *args)
    findings = json.loads(out)["findings"] if code in (0, 1) else []
    return code, findings, err


def where(findings: list[dict[str, Any]], code: str | None = None) -> list[tuple[str, str, int]]:
    """(code, file name, line) of the findings (of one code), sorted."""
    return sorted((f["code"], Path(f["file"]).name, f["line"]) for f in findings if code is None or f["code"] == code)
