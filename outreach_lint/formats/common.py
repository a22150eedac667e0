"""Helpers shared by the output formats: campaign text and file names made safe to print.

(Portable paths and finding fingerprints live beside :class:`~outreach_lint.findings.Finding`.)
"""

from __future__ import annotations

from dataclasses import replace

from ..findings import Finding, Report


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
