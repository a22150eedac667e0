"""The values the core hands to formatters: findings and the report of a run, and fingerprints.

Everything here is immutable and sortable so that output is deterministic
(same input, same report, same order) whatever the number of workers.

CI systems (GitHub code scanning, GitLab code quality) match findings across runs by a
fingerprint, and baselines match them by key. A fingerprint built from the line number would
make every finding below an inserted line look new, so it is built from what identifies a
finding regardless of layout: the file, the rule and the JSON pointer into the campaign, plus
an occurrence index for the rare findings that share all three.
"""

from __future__ import annotations

import enum
import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath


class Severity(enum.IntEnum):
    """Ordered so that ``severity >= threshold`` answers "does this fail the run"."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, order=True, slots=True)
class Citation:
    law: str
    article: str = ""
    url: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"law": self.law, "article": self.article, "url": self.url}

    def __str__(self) -> str:
        return f"{self.law} {self.article}".strip()


@dataclass(frozen=True, order=True, slots=True)
class Finding:
    """One problem in one file (slots: a large repository's report holds 100k of them).

    ``line`` and ``column`` are 1-based and point at the offending key, or at
    its nearest existing parent when the key is missing (SPEC section 6).
    ``path`` is a JSON pointer into the campaign document.
    """

    file: str
    line: int
    column: int
    code: str
    rule: str
    severity: Severity
    message: str
    path: str = ""
    fix: str = ""
    citations: tuple[Citation, ...] = ()
    suppressed: bool = False
    suppression_reason: str = ""
    #: a safe, mechanical fix as data (``check --fix``, the language server's quick fixes):
    #: (kind, JSON pointer, new value as JSON, title); kind is ``replace`` (the value at the
    #: pointer) or ``rename`` (the key at the pointer). Empty when there is none or it is not safe.
    fix_edit: tuple[str, ...] = ()
    #: places in referenced files that caused the finding: (file, line, column), file as the
    #: finding's file is given (relative stays relative); SARIF relatedLocations
    related: tuple[tuple[str, int, int], ...] = ()
    #: machine-readable evidence as canonical JSON text (hashable, sortable): vendor, host, level,
    #: gating, the opt-out phrase or placeholder found, ...
    evidence: str = ""
    #: the recipient countries the finding is about (ISO codes, sorted; "??" for rows of unknown
    #: country); empty for file-level findings and campaigns that state no countries
    countries: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity.label,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
            "fix": self.fix,
            "citations": [c.as_dict() for c in self.citations],
            "countries": list(self.countries),
        }
        if self.related:
            data["related"] = [{"file": f, "line": line, "column": column} for f, line, column in self.related]
        if self.evidence:
            data["evidence"] = json.loads(self.evidence)
        if self.suppressed:
            data["suppressed"] = True
            data["suppression_reason"] = self.suppression_reason
        if self.fix_edit:
            data["fix_edit"] = fix_edit_as_dict(self.fix_edit)
        return data


def fix_edit_as_dict(edit: tuple[str, ...]) -> dict[str, str]:
    """A fix edit as JSON output shows it: {kind, path, value, title} (value is JSON text)."""
    kind, pointer, value, title = (tuple(edit) + ("", "", "", ""))[:4]
    return {"kind": kind, "path": pointer, "value": value, "title": title}


def encode_evidence(value: object) -> str:
    """Evidence as canonical JSON text (what :attr:`Finding.evidence` holds)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


@dataclass(frozen=True)
class FileResult:
    """What checking one file produced. ``is_campaign`` is False for files skipped quietly."""

    file: str
    findings: tuple[Finding, ...] = ()
    is_campaign: bool = True
    sha256: str = ""
    facts: dict[str, object] = field(default_factory=dict, compare=False, hash=False)
    #: codes of the rules that were checked on this file (in scope and selected), found or not:
    #: the JUnit report lists each as a test case, so a clean campaign shows what it passed
    checked: tuple[str, ...] = ()


def _order(f: Finding) -> tuple[object, ...]:
    """The dataclass order of :class:`Finding` as a key: sorting 100k findings by key is C tuple
    comparisons, instead of two tuples built in Python per comparison."""
    return (
        f.file,
        f.line,
        f.column,
        f.code,
        f.rule,
        f.severity,
        f.message,
        f.path,
        f.fix,
        f.citations,
        f.suppressed,
        f.suppression_reason,
        f.fix_edit,
        f.related,
        f.evidence,
        f.countries,
    )


@dataclass(frozen=True)
class Report:
    """The whole run: every checked file's findings, sorted."""

    results: tuple[FileResult, ...]
    rule_pack_version: str = ""
    #: unsuppressible rules switched off for this run, with what did it: (code, by); see :mod:`.locks`
    released: tuple[tuple[str, str], ...] = ()

    @cached_property
    def _sorted(self) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
        every = sorted((f for r in self.results for f in r.findings), key=_order)
        return tuple(f for f in every if not f.suppressed), tuple(f for f in every if f.suppressed)

    @property
    def findings(self) -> list[Finding]:
        return list(self._sorted[0])

    @property
    def suppressed(self) -> list[Finding]:
        return list(self._sorted[1])

    @property
    def campaign_files(self) -> list[FileResult]:
        return [r for r in self.results if r.is_campaign]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self._sorted[0] if f.severity == severity)

    def summary(self) -> dict[str, int]:
        return {
            "files": len(self.campaign_files),
            "errors": self.count(Severity.ERROR),
            "warnings": self.count(Severity.WARNING),
            "infos": self.count(Severity.INFO),
            "suppressed": len(self.suppressed),
        }

    def fails(self, threshold: Severity) -> bool:
        return any(f.severity >= threshold for f in self._sorted[0])


# -- identity across runs: portable paths, keys and fingerprints ------------------------------

FINGERPRINT_VERSION = "1"


def portable_path(file: str, base: str | os.PathLike[str] | None = None) -> str:
    """``file`` as a forward-slash path relative to ``base`` (default: the current folder).

    Relative paths stay relative (only normalised: ``./a/../b.yaml`` is
    ``b.yaml``); an absolute path under ``base`` becomes relative to it; an
    absolute path elsewhere stays absolute.
    """
    root = Path(base) if base is not None else Path.cwd()
    path = Path(file)
    if path.is_absolute():
        inside = _relative_to(path, root)
        if inside is not None:
            path = inside
    text = os.path.normpath(path).replace(os.sep, "/")
    return str(PurePosixPath(text))


def _relative_to(path: Path, root: Path) -> Path | None:
    for candidate, folder in ((path, root), (path.resolve(), root.resolve())):
        try:
            return candidate.relative_to(folder)
        except ValueError:
            continue
    return None


def finding_key(finding: Finding, base: str | os.PathLike[str] | None = None) -> tuple[str, str, str]:
    """What identifies a finding across runs and reformatting: (file, rule code, JSON pointer)."""
    return portable_path(finding.file, base), finding.code, finding.path


def occurrences(findings: Iterable[Finding], base: str | os.PathLike[str] | None = None) -> list[tuple[tuple[str, str, str], int]]:
    """Each finding's key and how many earlier findings (in the given order) share it."""
    seen: Counter[tuple[str, str, str]] = Counter()
    out: list[tuple[tuple[str, str, str], int]] = []
    for finding in findings:
        key = finding_key(finding, base)
        out.append((key, seen[key]))
        seen[key] += 1
    return out


def fingerprints(findings: Iterable[Finding], base: str | os.PathLike[str] | None = None) -> list[str]:
    """A stable hex fingerprint per finding, never depending on line or column."""
    result = []
    for (file, code, pointer), index in occurrences(findings, base):
        material = "\0".join((FINGERPRINT_VERSION, file, code, pointer, str(index)))
        result.append(hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest())
    return result


def fingerprinted(report: Report) -> list[tuple[Finding, str]]:
    """Every finding of the report, reported and suppressed, in order, with its fingerprint.

    Counted over both lists so that a finding keeps its fingerprint when a
    sibling with the same key is suppressed or un-suppressed.
    """
    everything = sorted(report.findings + report.suppressed)
    return list(zip(everything, fingerprints(everything)))
