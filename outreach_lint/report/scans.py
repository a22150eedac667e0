"""Browser scan evidence in the review report: which vendors loaded in which phase, with screenshots.

The facts come from :mod:`outreach_lint.facts.evidence` (``facts.scans``). Screenshots are read
from next to the evidence file and embedded as ``data:`` URIs (the report stays one file with
no external resource); a screenshot that is missing, too big, not a PNG or outside the
evidence file's folder is not shown, and the report says why.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from .model import ScanPhaseView, ScanView

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
#: Per screenshot and per report: the report must stay a reasonable size.
MAX_SHOT_BYTES = 2 * 1024 * 1024
MAX_SHOTS = 24
LEVELS = {"person": "person-level", "company": "company-level"}


def scan_views(document: dict[str, Any] | None, campaign_file: str) -> tuple[ScanView, ...]:
    facts = document.get("facts") if isinstance(document, dict) else None
    scans = facts.get("scans") if isinstance(facts, dict) else None
    if not isinstance(scans, list):
        return ()
    budget = [MAX_SHOTS]
    views = []
    for scan in scans:
        if not isinstance(scan, dict) or not isinstance(scan.get("file"), str):
            continue
        folder = (Path(campaign_file).parent / scan["file"]).parent
        pages = tuple(
            (str(page.get("url", "")), str(page.get("consent_tool") or ""), tuple(_phase(p, folder, budget) for p in page.get("phases", [])))
            for page in scan.get("scans", [])
            if isinstance(page, dict)
        )
        views.append(ScanView(scan["file"], str(scan.get("browser", "")), str(scan.get("started", "")), pages))
    return tuple(views)


def _phase(phase: dict[str, Any], folder: Path, budget: list[int]) -> ScanPhaseView:
    vendors = tuple(
        f"{v.get('name')} ({LEVELS.get(str(v.get('level')), v.get('level'))}) from {v.get('host')}" for v in phase.get("vendors", []) if isinstance(v, dict)
    )
    if phase.get("status") == "no_consent_tool":
        shot, note = "", "no consent tool found: nothing to click"
    else:
        shot, note = _screenshot(folder, str(phase.get("screenshot") or ""), budget)
    name = str(phase.get("phase", ""))
    return ScanPhaseView(name, str(phase.get("status", "")), vendors, bool(vendors) and name in ("arrival", "reject"), shot, note)


def _screenshot(folder: Path, relative: str, budget: list[int]) -> tuple[str, str]:
    if not relative:
        return "", "no screenshot recorded"
    if budget[0] <= 0:
        return "", f"not shown: more than {MAX_SHOTS} screenshots"
    path = folder / relative
    try:
        if folder.resolve() not in path.resolve().parents:
            return "", "not shown: outside the evidence file's folder"
        if not path.is_file() or path.stat().st_size > MAX_SHOT_BYTES:
            return "", f"not shown: {relative} is missing or over {MAX_SHOT_BYTES // 1024 // 1024} MB"
        data = path.read_bytes()[: MAX_SHOT_BYTES + 1]
    except OSError as exc:
        return "", f"not shown: {relative} cannot be read ({exc.strerror or exc})"
    if not data.startswith(PNG_MAGIC):
        return "", f"not shown: {relative} is not a PNG"
    budget[0] -= 1
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii"), ""
