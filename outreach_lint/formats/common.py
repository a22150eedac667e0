"""Helpers shared by the machine formats: portable paths and stable fingerprints.

CI systems (GitHub code scanning, GitLab code quality) match findings across
runs by a fingerprint. A fingerprint built from the line number would make
every finding below an inserted line look new, so it is built from what
identifies a finding regardless of layout: the file, the rule and the JSON
pointer into the campaign, plus an occurrence index for the rare findings
that share all three.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path, PurePosixPath

from ..findings import Finding, Report

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


def printable(text: str) -> str:
    """``text`` with every character a terminal or a log parser could act on escaped.

    Campaign values, rule texts from ``--rules`` folders and file names reach the output; a
    newline, a carriage return, an escape sequence (``\\x1b[...``), a bidirectional override or
    a byte of a file name that is not UTF-8 (kept by the ``surrogateescape`` error handler as
    U+DC80-U+DCFF) is written as ``\\xNN`` / ``\\uNNNN`` instead, so one finding stays one line.
    """
    if text.isprintable():
        return text
    out = []
    for char in text:
        code = ord(char)
        if char.isprintable():
            out.append(char)
        elif 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out)


def log_safe(line: str) -> str:
    """One line of plain-text output that a CI log parser cannot read as a command.

    :func:`printable` first; then a line that would start with ``::`` (GitHub Actions workflow
    commands, parsed after leading spaces) or that holds ``##[`` / ``##vso[`` (older runner and
    Azure Pipelines commands, parsed anywhere in a line) has those characters escaped.
    """
    line = printable(line)
    if line.lstrip().startswith("::"):
        index = line.index(":")
        line = line[:index] + "\\x3a" + line[index + 1 :]
    if "##" in line:
        line = line.replace("##[", "#\\x23[").replace("##vso[", "#\\x23vso[")
    return line


def _clean(f: Finding, files: bool) -> bool:
    return (
        (not files or f.file.isprintable())
        and f.message.isprintable()
        and f.path.isprintable()
        and f.rule.isprintable()
        and f.fix.isprintable()
        and f.suppression_reason.isprintable()
        and all(part.isprintable() for part in f.fix_edit)
    )


def _display_finding(f: Finding, files: bool) -> Finding:
    if _clean(f, files):
        return f
    return replace(
        f,
        file=printable(f.file) if files else f.file,
        message=printable(f.message),
        path=printable(f.path),
        rule=printable(f.rule),
        fix=printable(f.fix),
        suppression_reason=printable(f.suppression_reason),
        fix_edit=tuple(printable(part) for part in f.fix_edit),
    )


def displayable(report: Report, files: bool = True) -> Report:
    """The report as every output format shows it: each text of each finding and each file name
    made :func:`printable` (newlines, escape sequences, and the undecodable bytes of a file name
    that is not UTF-8 become ``\\xNN``), so no format can be broken or injected by a campaign value
    or a file name, and every format can encode what it writes.

    ``files=False`` keeps file names as they are (SARIF percent-encodes their bytes in a URI).
    """
    results = list(report.results)
    changed = False
    for index, result in enumerate(results):
        if (not files or result.file.isprintable()) and all(_clean(f, files) for f in result.findings):
            continue  # the common case: nothing to escape, nothing copied
        changed = True
        findings = tuple(_display_finding(f, files) for f in result.findings)
        results[index] = replace(result, file=printable(result.file) if files else result.file, findings=findings)
    return replace(report, results=tuple(results)) if changed else report
