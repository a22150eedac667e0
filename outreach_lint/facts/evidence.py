"""Read an ``outreach-lint scan`` evidence file into the facts a site file gives.

A campaign's ``tracking.sites`` entry is evidence when its JSON has the marker key
``outreach_lint_evidence`` (``schemas/evidence.json``); collect.py then calls
:func:`read_evidence` instead of the static page/GTM reader. The result has the same shape as
:func:`outreach_lint.facts.sites.scan_site` (``vendor_hits``, ``analytics_hits``, ``ungated``,
``consent_manager``) and adds, per hit, ``phase``, ``host``, ``initiator`` and ``page``, plus:

* ``scans`` — per page and phase, which vendors loaded (for the review report)
* ``problems`` — one line per problem the scan recorded (a page that did not load or settle,
  a consent button that could not be clicked): an incomplete scan is a finding, never a pass.

The file is untrusted input: it must validate against the schema (compiled by
:mod:`outreach_lint.condition`, no jsonschema import), and every request URL is matched again
against the current catalogue, so removing a ``vendor`` annotation from the file hides nothing.
A vendor seen in phase ``arrival`` (no consent given) or ``reject`` fires without consent:
the hit is ``ungated``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

from ..condition import Check, Compiler, Failure
from .jsontext import parse_json
from .references import ReferenceProblem
from .vendors import Catalogue, Vendor, split_url

MARKER = "outreach_lint_evidence"
_MARKER_KEY = re.compile(r'"outreach_lint_evidence"\s*:')
#: Phases in which no consent has been given.
UNGATED_PHASES = ("arrival", "reject")
PHASE_LABELS = {"arrival": "no consent given", "reject": "after the consent tool's reject button", "accept": "after its accept button"}


class EvidenceError(ReferenceProblem):
    """The file is not usable evidence; the message is one line that reads on after the file's name."""


def is_evidence(text: str) -> bool:
    """Does this JSON text carry the evidence marker key (anywhere: the schema check comes later)?"""
    return _MARKER_KEY.search(text) is not None


@lru_cache(maxsize=1)
def _schema_check() -> Check:
    schema = json.loads(resources.files("outreach_lint.schemas").joinpath("evidence.json").read_text("utf-8"))
    return Compiler().compile(schema)


def read_evidence(text: str, catalogue: Catalogue) -> dict[str, Any]:
    """Facts for one evidence file; :class:`EvidenceError` when it is not valid evidence."""
    data = parse_json(text, "a scan evidence file", EvidenceError)
    errors: list[Failure] = []
    if not _schema_check()(data, errors):
        failure = errors[0] if errors else None
        where = (failure.pointer if failure else "") or "the top level"
        raise EvidenceError(
            f"is not a valid scan evidence file (outreach-lint schema evidence): at {where}: {failure.message if failure else 'does not match'}"
        )
    visitor: list[dict[str, Any]] = []
    analytics: list[dict[str, Any]] = []
    scans: list[dict[str, Any]] = []
    problems: list[str] = []
    tools: list[str] = []
    for number, page in enumerate(data["pages"]):
        url = page["url"]
        tools.append(page.get("consent_tool", ""))
        _check_phases(number, page["phases"])
        for problem in page["problems"]:
            phase = f" ({problem['phase']})" if problem.get("phase") else ""
            problems.append(f"{url}{phase}: {problem['message']}")
        if not page["problems"]:  # a phase that was not recorded is an incomplete scan, said or not
            problems += [
                f"{url} ({p['phase']}): the phase was not recorded ({p['status'].replace('_', ' ')})"
                for p in page["phases"]
                if p["status"] in ("not_loaded", "not_clicked")
            ]
        phases = []
        for phase in page["phases"]:
            hits = _phase_hits(url, phase, catalogue)
            for hit in hits:
                hit["line"] = _line_of(text, hit.pop("url"))
            for hit in hits:
                (analytics if hit.pop("general_analytics") else visitor).append(hit)
            phases.append(
                {
                    "phase": phase["phase"],
                    "status": phase["status"],
                    "screenshot": phase.get("screenshot", ""),
                    "vendors": [{k: h[k] for k in ("name", "level", "host", "initiator")} for h in hits],
                }
            )
        scans.append({"url": url, "consent_tool": page.get("consent_tool", ""), "phases": phases})
    return {
        "vendor_hits": visitor,
        "analytics_hits": analytics,
        "ungated": any(h["ungated"] for h in visitor),
        "consent_manager": next((t for t in tools if t), ""),
        "scans": scans,
        "browser": f"{data['browser']['name']} {data['browser']['version']}",
        "started": data["started"],
        "problems": problems,
    }


def _check_phases(number: int, phases: list[dict[str, Any]]) -> None:
    """Each page has an arrival phase and no phase twice: a file without them proves nothing."""
    names = [p["phase"] for p in phases]
    if "arrival" not in names or len(set(names)) != len(names):
        raise EvidenceError(
            f"is not a valid scan evidence file: page {number + 1} needs one arrival phase and each phase at most once (has {', '.join(names)})"
        )


def _phase_hits(page: str, phase: dict[str, Any], catalogue: Catalogue) -> list[dict[str, Any]]:
    """One hit per vendor seen in the phase (its first request or beacon)."""
    hits: dict[str, dict[str, Any]] = {}
    sources = [(r["url"], r.get("initiator", ""), r.get("vendor")) for r in phase["requests"]]
    sources += [(url, "", None) for url in phase.get("beacons", [])]
    for url, initiator, recorded in sources:
        vendor = catalogue.match_url(url)
        if vendor is None and isinstance(recorded, dict):
            vendor = catalogue.get(recorded["id"])  # annotated by the scanner's catalogue, unknown to this one's hosts
        if vendor is None or vendor.id in hits:
            continue
        hits[vendor.id] = _hit(vendor, page, phase["phase"], url, initiator)
    return list(hits.values())


def _hit(vendor: Vendor, page: str, phase: str, url: str, initiator: str) -> dict[str, Any]:
    host, path = split_url(url)
    return {
        "vendor": vendor.id,
        "name": vendor.name,
        "level": vendor.level,
        "evidence": (host + path)[:120] if host else url[:120],
        "line": 1,
        "ungated": phase in UNGATED_PHASES,
        "phase": phase,
        "host": host,
        "initiator": initiator[:300],
        "page": page[:300],
        "general_analytics": vendor.general_analytics,
        "url": url,
    }


def _line_of(text: str, url: str) -> int:
    """The line where ``url`` first appears in the file (its first request), else 1 (other JSON escaping)."""
    at = text.find(json.dumps(url, ensure_ascii=False))
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def describe(hit: Mapping[str, Any]) -> str:
    """One line of evidence for a finding: vendor, host, phase, page and the initiating script."""
    by = f", started by {hit['initiator']}" if hit.get("initiator") else ""
    return f"{hit['name']} loading from {hit['host']} on {hit['page']} in phase {hit['phase']} ({PHASE_LABELS.get(hit['phase'], '')}){by}"
