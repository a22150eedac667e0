"""Re-check a report against the files it was made from: did anything change since sign-off?

The hashes in the report's manifest are recomputed. Paths are resolved the
way :mod:`.manifest` recorded them: relative to the report's folder, or to the
current folder for a report that was written to standard output (``--base``
overrides both). A file that was missing when the report was made and is still
missing is unchanged; one that appeared since is a change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .inputs import sha256_of
from .manifest import NotAReport, extract


@dataclass(frozen=True)
class Check:
    path: str
    status: str  # unchanged | changed | missing | appeared

    @property
    def ok(self) -> bool:
        return self.status == "unchanged"


@dataclass(frozen=True)
class Verification:
    manifest: dict[str, Any]
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def problems(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.ok)


def read_report(path: Path) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NotAReport(f"cannot read {path}: {exc.strerror}") from None
    return extract(data.decode("utf-8", "replace"))


def verify(report_path: Path, base: Path | None = None) -> Verification:
    manifest = read_report(report_path)
    if base is None:
        base = report_path.parent if manifest.get("paths_relative_to") == "report" else Path.cwd()
    checks = []
    seen: set[str] = set()
    for entry in manifest["inputs"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            raise NotAReport("the manifest lists an input without a path")
        path = entry["path"]
        if path in seen:
            continue
        seen.add(path)
        checks.append(Check(path, _status(base / path, entry.get("sha256"))))
    return Verification(manifest, tuple(checks))


def _status(path: Path, recorded: Any) -> str:
    digest, _, _ = sha256_of(path)
    if not recorded:
        return "unchanged" if not digest else "appeared"
    if not digest:
        return "missing"
    return "unchanged" if digest == recorded else "changed"
