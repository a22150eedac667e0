"""Safe fixes: ``check --fix`` writes them, ``check --diff`` shows them, the language server
offers them as quick fixes. All three start from :attr:`Finding.fix_edit` (made by
:mod:`outreach_lint.schema_findings`) and go through :func:`plan_splices`.

A fix is a splice of one token: the text of the key or scalar at the finding's JSON pointer is
replaced, and nothing else in the file changes (comments, quoting, indentation, flow style and
line ends stay byte for byte). The token is found with ruamel.yaml's round-trip composer, whose
nodes carry exact start and end marks; ruamel is imported here only, so a plain ``check`` never
loads it. After splicing, the new text is loaded again with outreach-lint's own loader and must
equal the old document with exactly the planned changes: anything else is not written (fail
closed). Files are replaced atomically (a temporary file in the same folder, then rename).
"""

from __future__ import annotations

import difflib
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .findings import Finding, Report
from .schema_findings import RENAME, REPLACE, value_at


@dataclass(frozen=True)
class Splice:
    """Replace ``text[start:end]`` with ``new``; positions are also given 0-based (line, column)."""

    start: int
    end: int
    start_pos: tuple[int, int]
    end_pos: tuple[int, int]
    new: str
    title: str
    edit: tuple[str, ...]


@dataclass
class FileFix:
    file: str
    old: str
    new: str
    applied: list[Finding] = field(default_factory=list)
    problem: str = ""

    def diff(self) -> str:
        lines = difflib.unified_diff(self.old.splitlines(keepends=True), self.new.splitlines(keepends=True), f"a/{self.file}", f"b/{self.file}")
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


class FixError(Exception):
    """A planned fix could not be applied safely; the message is one line."""


def _parts(pointer: str) -> list[str | int]:
    parts: list[str | int] = []
    for raw in pointer.split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        parts.append(int(part) if part.isdigit() else part)
    return parts


def _compose(text: str) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt", pure=True)
    return yaml.compose(text)


def _node_at(root: Any, parts: Sequence[str | int], want_key: bool) -> Any:
    """The ruamel node of the value (or, with ``want_key``, the key) at ``parts``."""
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    node = root
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if isinstance(node, MappingNode):
            matches = [(k, v) for k, v in node.value if getattr(k, "value", None) == str(part)]
            if len(matches) != 1:
                raise FixError(f"cannot find {part!r} exactly once")
            key, value = matches[0]
            if last and want_key:
                return key
            node = value
        elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            raise FixError(f"cannot find {part!r}")
    return node


def _scalar_text(value: Any, old_token: str) -> str:
    """``value`` written as a YAML scalar, in the quoting style of the token it replaces."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if old_token.startswith('"'):
        return json.dumps(text, ensure_ascii=False)
    if old_token.startswith("'"):
        return "'" + text.replace("'", "''") + "'"
    return text


def plan_splices(text: str, findings: Iterable[Finding]) -> list[Splice]:
    """The splices for the findings' fix edits, in file order, without overlaps."""
    from ruamel.yaml.nodes import ScalarNode

    try:
        root = _compose(text)
    except Exception as exc:  # noqa: BLE001 - ruamel raises many kinds; the file is then left alone
        raise FixError(f"the file cannot be parsed for fixing ({type(exc).__name__})") from None
    splices: list[Splice] = []
    for finding in findings:
        edit = finding.fix_edit
        if len(edit) < 4 or edit[0] not in (REPLACE, RENAME):
            continue
        kind, pointer, value_json, title = edit[:4]
        try:
            node = _node_at(root, _parts(pointer), want_key=kind == RENAME)
        except FixError:
            continue
        if not isinstance(node, ScalarNode):
            continue
        start, end = node.start_mark, node.end_mark
        token = text[start.index : end.index]
        new = _scalar_text(json.loads(value_json), token)
        splices.append(Splice(start.index, end.index, (start.line, start.column), (end.line, end.column), new, title, edit))
    splices.sort(key=lambda s: s.start)
    kept: list[Splice] = []
    for splice in splices:
        if kept and splice.start < kept[-1].end:
            continue
        kept.append(splice)
    return kept


def apply_splices(text: str, splices: Sequence[Splice]) -> str:
    out, cursor = [], 0
    for splice in splices:
        out.append(text[cursor : splice.start])
        out.append(splice.new)
        cursor = splice.end
    out.append(text[cursor:])
    return "".join(out)


def _expected(document: Any, splices: Sequence[Splice]) -> Any:
    """The old document with the splices' edits applied as data (what the new text must load to)."""
    from .normalize import copy_tree

    result = copy_tree(document)
    for splice in splices:
        kind, pointer, value_json = splice.edit[:3]
        parts = _parts(pointer)
        found, parent = value_at(result, parts[:-1])
        if not found:
            raise FixError(f"{pointer} vanished")
        value = json.loads(value_json)
        if kind == REPLACE:
            parent[parts[-1]] = value
        else:
            parent[value] = parent.pop(parts[-1])
    return result


def fix_text(file: str, text: str, findings: Sequence[Finding]) -> FileFix:
    """The fixed text of one campaign, checked by loading it again; the problem when unsafe."""
    from .loader import LoadError, load_text

    fix = FileFix(file, text, text)
    try:
        splices = plan_splices(text, findings)
        if not splices:
            return fix
        new = apply_splices(text, splices)
        before, after = load_text(text).data, load_text(new).data
        if after != _expected(before, splices):
            raise FixError("the fixed file would not load as planned")
    except (FixError, LoadError) as exc:
        fix.problem = f"{file}: not fixed: {exc}"
        return fix
    edits = {s.edit for s in splices}
    fix.new = new
    fix.applied = [f for f in findings if f.fix_edit in edits]
    return fix


def fixable(report: Report) -> dict[str, list[Finding]]:
    """Reported (not suppressed) findings that carry a safe fix, by file."""
    by_file: dict[str, list[Finding]] = {}
    for finding in report.findings:
        if finding.fix_edit:
            by_file.setdefault(finding.file, []).append(finding)
    return by_file


def fix_report(report: Report, limit_bytes: int = 2 * 1024 * 1024) -> list[FileFix]:
    """The fixes of every file with fixable findings (nothing is written here)."""
    from .facts.references import ReferenceProblem, read_bounded
    from .textio import DecodeError, decode_text

    fixes = []
    for file, findings in fixable(report).items():
        try:
            data, _ = read_bounded(Path(file), limit_bytes)
            text = decode_text(data, file)
        except (ReferenceProblem, DecodeError) as exc:
            fixes.append(FileFix(file, "", "", problem=f"{file}: not fixed: {exc}"))
            continue
        if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
            fixes.append(FileFix(file, text, text, problem=f"{file}: not fixed: files with a byte-order mark are left alone"))
            continue
        fixes.append(fix_text(file, text, findings))
    return fixes


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) so that a reader sees the old or the new file, never half."""
    mode = path.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


@dataclass
class FixRun:
    """What ``check --fix`` / ``--diff`` did: the diff text, how many findings were fixed (or
    would be), in which files, and the files left alone with why."""

    diff: str
    fixed: int
    files: list[str]
    problems: list[str]


def run_fixes(report: Report, write: bool) -> FixRun:
    """Plan every safe fix of the report; write the files when ``write`` (``--fix``)."""
    fixes = fix_report(report)
    diff, fixed, files, problems = [], 0, [], []
    for fix in fixes:
        if fix.problem:
            problems.append(fix.problem)
            continue
        if fix.new == fix.old:
            continue
        if write:
            try:
                write_atomically(Path(fix.file), fix.new)
            except OSError as exc:
                problems.append(f"{fix.file}: not fixed: cannot write ({exc.strerror or exc})")
                continue
        diff.append(fix.diff())
        fixed += len(fix.applied)
        files.append(fix.file)
    return FixRun("".join(diff), fixed, files, problems)
