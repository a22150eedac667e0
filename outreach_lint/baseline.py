"""Baselines: adopt the linter on a repository that already has findings.

``check --write-baseline FILE`` records today's findings; ``check --baseline
FILE`` then reports only findings that are not in it. An entry is keyed by
file, rule code and JSON pointer, never by line, so reformatting a campaign
does not bring its findings back, and carries a count, so that a baseline
holding two identical findings hides at most two. File paths are stored
relative to the baseline's own folder, so the same baseline works whatever
folder the linter runs from and whether paths are given relative or absolute.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from .findings import Finding, Report, finding_key

FORMAT = "outreach-lint-baseline"
VERSION = 1

Key = tuple[str, str, str]  # (file relative to the baseline's folder, code, JSON pointer)
#: a file that could not be loaded or checked is never "known debt": a baseline neither records
#: nor hides it (a hostile change could otherwise break a campaign and baseline the breakage)
NEVER_HIDDEN = frozenset({"OL000", "OL001"})


class BaselineError(Exception):
    """A baseline file that cannot be read; ``str()`` names the file (and line for bad JSON)."""


@dataclass(frozen=True)
class Baseline:
    entries: dict[Key, int]
    folder: Path


@dataclass(frozen=True)
class BaselineMatch:
    report: Report
    hidden: int
    #: entries (with their unused counts) that matched nothing: fixed since, rewrite the baseline
    stale: dict[Key, int]
    #: entries for unsuppressible rules, with how many findings they tried to hide: ignored, and reported
    refused: dict[Key, int] = field(default_factory=dict)


def _key(finding: Finding, folder: Path) -> Key:
    """The file as an absolute path first (relative paths are relative to the current folder), then
    relative to the baseline's folder when it lies under it."""
    return finding_key(replace(finding, file=os.path.abspath(finding.file)), folder)


def baseline_document(report: Report, folder: Path, locked: frozenset[str] = frozenset()) -> dict[str, object]:
    """The baseline of the report's findings; findings of ``locked`` rules (and :data:`NEVER_HIDDEN`) are never recorded."""
    locked = locked | NEVER_HIDDEN
    findings = [f for f in report.findings if f.code not in locked]
    counts: Counter[Key] = Counter(_key(f, folder) for f in findings)
    names = {_key(f, folder): f.rule for f in findings}
    entries = [
        {"file": file, "code": code, "rule": names[(file, code, pointer)], "path": pointer, "count": count}
        for (file, code, pointer), count in sorted(counts.items())
    ]
    return {"format": FORMAT, "version": VERSION, "entries": entries}


def write_baseline(report: Report, path: str | Path, locked: frozenset[str] = frozenset()) -> int:
    """Write the report's findings as a baseline, atomically; returns how many findings it holds.

    The file is written to a temporary file in the same folder and renamed
    over the target, so an interrupted run never leaves half a baseline
    (:func:`outreach_lint.atomic.write_atomic`).
    """
    target = Path(path)
    folder = target.resolve().parent
    document = baseline_document(report, folder, locked)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not UTF-8: its bytes as JSON escapes
        text = json.dumps(document, indent=2, ensure_ascii=True) + "\n"
    from .atomic import write_atomic

    write_atomic(str(path), [text])
    return sum(1 for f in report.findings if f.code not in locked | NEVER_HIDDEN)


def load_baseline(path: str | Path) -> Baseline:
    source = Path(path)
    try:
        text = source.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read the baseline ({getattr(exc, 'strerror', None) or exc})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}:{exc.lineno}: not a baseline file: invalid JSON ({exc.msg})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BaselineError(f"{path}: not an outreach-lint baseline (write one with --write-baseline)")
    if document.get("version") != VERSION:
        raise BaselineError(f"{path}: baseline version {document.get('version')!r} is not supported (this outreach-lint reads version {VERSION})")
    entries: Counter[Key] = Counter()
    raw_entries = document.get("entries")
    if not isinstance(raw_entries, list):
        raise BaselineError(f"{path}: `entries` must be a list")
    for number, entry in enumerate(raw_entries, start=1):
        try:
            key = (str(entry["file"]), str(entry["code"]), str(entry.get("path", "")))
            count = int(entry.get("count", 1))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise BaselineError(f"{path}: entry {number} needs file, code, path and count") from None
        if count < 1:
            raise BaselineError(f"{path}: entry {number} has a count below 1")
        entries[key] += count
    return Baseline(dict(entries), source.resolve().parent)


def match_baseline(report: Report, baseline: Baseline, locked: frozenset[str] = frozenset()) -> BaselineMatch:
    """Hide findings the baseline holds, at most ``count`` per key, earliest lines first.

    Entries for ``locked`` (unsuppressible) rules hide nothing: they are returned in ``refused``.
    """
    left = Counter(baseline.entries)
    locked = locked | NEVER_HIDDEN
    refused: dict[Key, int] = {key: count for key, count in left.items() if key[1] in locked}
    for key in refused:
        del left[key]
    hidden = 0
    results = []
    for result in report.results:
        kept = []
        for finding in sorted(result.findings):
            key = _key(finding, baseline.folder)
            if not finding.suppressed and finding.code not in NEVER_HIDDEN and left[key] > 0:
                left[key] -= 1
                hidden += 1
                continue
            kept.append(finding)
        results.append(replace(result, findings=tuple(kept)))
    stale = {key: count for key, count in left.items() if count > 0}
    return BaselineMatch(replace(report, results=tuple(results)), hidden, stale, refused)


def apply_baseline(report: Report, baseline: Baseline, locked: frozenset[str] = frozenset()) -> Report:
    return match_baseline(report, baseline, locked).report
