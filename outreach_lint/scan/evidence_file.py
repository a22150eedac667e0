"""The evidence document a scan writes (``schemas/evidence.json``), with vendor matches.

Screenshots are PNG files in a folder next to the evidence file (``evidence.json`` ->
``evidence.shots/p1-arrival.png``), named by a path relative to the evidence file: the JSON
stays readable and diffable, and the review report embeds the pictures when it renders.
Vendor matches use the catalogue's own lookup (:mod:`outreach_lint.facts.vendors`); the reader
in ``check`` matches the URLs again with its catalogue, so a newer catalogue judges old evidence.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import __version__
from ..facts.references import MAX_TEXT_BYTES
from ..facts.vendors import Catalogue

#: The marker key (and format version) by which a campaign's ``tracking.sites`` entry is known as evidence.
MARKER = "outreach_lint_evidence"
FORMAT = 1
#: ``check`` reads a site file (evidence included) up to this size; bigger is an OL003 finding.
READ_LIMIT = MAX_TEXT_BYTES


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def shots_folder(output: Path) -> tuple[Path, str]:
    """The screenshot folder for ``output`` and its name relative to the evidence file."""
    name = output.stem + ".shots"
    return output.parent / name, name


def build(
    urls: list[str], pages: list[dict[str, Any]], browser: dict[str, str], settings: dict[str, Any], started: str, catalogue: Catalogue
) -> dict[str, Any]:
    """The evidence document: the pages as scanned, each request and beacon matched against the catalogue."""
    for page in pages:
        for phase in page["phases"]:
            phase["vendors"] = match_phase(phase, catalogue)
    return {
        MARKER: FORMAT,
        "tool": f"outreach-lint {__version__}",
        "started": started,
        "finished": now(),
        "browser": browser,
        "urls": urls,
        "settings": settings,
        "pages": pages,
    }


def match_phase(phase: dict[str, Any], catalogue: Catalogue) -> list[dict[str, Any]]:
    """Annotate matched requests with ``vendor``; one summary entry per vendor (its first request)."""
    summary: dict[str, dict[str, Any]] = {}
    for request in phase.get("requests", []):
        vendor = catalogue.match_url(request["url"])
        if vendor is None:
            continue
        request["vendor"] = {"id": vendor.id, "name": vendor.name, "level": vendor.level}
        summary.setdefault(
            vendor.id,
            {
                "vendor": vendor.id,
                "name": vendor.name,
                "level": vendor.level,
                "host": request["host"],
                "url": request["url"],
                "initiator": request.get("initiator", ""),
                "type": request.get("type", ""),
            },
        )
    for url in phase.get("beacons", []):
        vendor = catalogue.match_url(url)
        if vendor is not None and vendor.id not in summary:
            summary[vendor.id] = {
                "vendor": vendor.id,
                "name": vendor.name,
                "level": vendor.level,
                "host": url.split("/")[2] if url.count("/") >= 2 else "",
                "url": url,
                "initiator": "",
                "type": "beacon",
            }
    return list(summary.values())


def write(document: dict[str, Any], output: Path) -> int:
    """Write atomically (a temporary file renamed over the target): a killed scan leaves no half file.

    Returns the size in bytes (``check`` reads site files up to :data:`READ_LIMIT`).
    """
    text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=output.name + ".", suffix=".tmp", dir=output.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return len(text.encode("utf-8"))


def summary_lines(document: dict[str, Any]) -> list[str]:
    """One line per page and phase for the terminal: which vendors loaded, and the problems."""
    lines = []
    for page in document["pages"]:
        tool = page.get("consent_tool") or "no consent tool found"
        lines.append(f"{page['url']} ({tool})")
        for phase in page["phases"]:
            vendors = ", ".join(f"{v['name']} [{v['level']}] via {v['host']}" for v in phase.get("vendors", [])) or "no catalogue vendor"
            lines.append(f"  {phase['phase']:<8} {phase['status']:<16} {len(phase['requests'])} requests; {vendors}")
        for problem in page.get("problems", []):
            lines.append(f"  problem ({problem['kind']}, {problem['phase'] or 'page'}): {problem['message']}")
    return lines
