"""Re-check a report against the files it was made from: did anything change since sign-off?

The hashes in the report's manifest are recomputed. Paths are resolved the
way :mod:`.manifest` recorded them: relative to the report's folder, or to the
current folder for a report that was written to standard output (``--base``
overrides both). A file that was missing when the report was made and is still
missing is unchanged; one that appeared since is a change. A suppression list
whose recorded content is still its beginning, with whole lines added after it,
has ``grown``: routine growth that does not void a sign-off. The report itself
must be as outreach-lint wrote it (:func:`.manifest.sealed_intact`).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..facts.references import escapes
from .inputs import sha256_of
from .manifest import GROWING_KINDS, NotAReport, sealed_intact, split_report


@dataclass(frozen=True)
class Check:
    path: str
    status: str  # unchanged | grown | changed | missing | appeared | outside (not read)

    @property
    def ok(self) -> bool:
        return self.status in ("unchanged", "grown")


@dataclass(frozen=True)
class Verification:
    manifest: dict[str, Any]
    checks: tuple[Check, ...]
    #: the report's content hash matches: nobody edited its verdict, findings, inputs or sign-off
    intact: bool = True

    @property
    def ok(self) -> bool:
        return self.intact and all(c.ok for c in self.checks)

    @property
    def problems(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.ok)


#: a report is a page, not a data dump: a bigger file is not one
MAX_REPORT_BYTES = 64 * 1024 * 1024


def read_text(path: Path) -> str:
    try:
        if path.is_file() and path.stat().st_size > MAX_REPORT_BYTES:
            raise NotAReport(f"{path} is over {MAX_REPORT_BYTES:,} bytes")
        data = path.read_bytes()
    except OSError as exc:
        raise NotAReport(f"cannot read {path}: {exc.strerror}") from None
    return data.decode("utf-8", "surrogateescape")


def read_report(path: Path) -> dict[str, Any]:
    return split_report(read_text(path))[1]


def verify(report_path: Path, base: Path | None = None) -> Verification:
    text = read_text(report_path)
    manifest = split_report(text)[1]
    if base is None:
        base = report_path.parent if manifest.get("paths_relative_to") == "report" else Path.cwd()
    bounds = _repository_of(base)
    checks = []
    seen: set[str] = set()
    for entry in manifest["inputs"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            raise NotAReport("the manifest lists an input without a path")
        path = entry["path"]
        if path in seen:
            continue
        seen.add(path)
        if bounds and escapes(base / path, bounds) is not None:  # a hand-edited manifest must not make us read /etc
            checks.append(Check(path, "outside"))
            continue
        grows = entry.get("kind") in GROWING_KINDS and isinstance(entry.get("size"), int)
        checks.append(Check(path, _status(base / path, entry.get("sha256"), entry.get("size") if grows else None)))
    return Verification(manifest, tuple(checks), sealed_intact(text))


def _repository_of(base: Path) -> tuple[Path, ...]:
    """The folder inputs must lie in: the git repository around ``base`` (``()``: not in one, so
    not bounded, as the check leaves someone's own files outside a repository unbounded)."""
    from ..discovery import repository_root

    root = repository_root(Path(os.path.abspath(base)))
    return (Path(os.path.realpath(root)),) if root is not None else ()


def _status(path: Path, recorded: Any, grows_from: int | None = None) -> str:
    digest, size, _ = sha256_of(path)
    if not recorded:
        return "unchanged" if not digest else "appeared"
    if not digest:
        return "missing"
    if digest == recorded:
        return "unchanged"
    if grows_from is not None and size > grows_from and _only_lines_added(path, grows_from, recorded):
        return "grown"
    return "changed"


def _only_lines_added(path: Path, old_size: int, old_digest: str) -> bool:
    """The file still starts with exactly the recorded content, which ended a line (or was empty),
    and what follows are whole lines: rows appended, none changed or removed."""
    digest = hashlib.sha256()
    left = old_size
    last = b"\n"
    try:
        with path.open("rb") as handle:
            while left:
                chunk = handle.read(min(left, 1 << 20))
                if not chunk:
                    return False
                digest.update(chunk)
                left -= len(chunk)
                last = chunk[-1:]
    except OSError:
        return False
    return digest.hexdigest() == old_digest and last in (b"\n", b"\r")
