"""Which files a report rests on, and their SHA-256 content hashes.

A report is only as current as its inputs: the campaign file and every file it
points to (templates, contacts, suppression list, LIA, DPIA, consent proof,
sites). References are resolved relative to the campaign file, exactly as the
engine resolves them. Files are hashed in chunks, so a contacts file of
millions of rows costs no memory; its content never enters the report.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..facts.references import escapes, iter_references

CHUNK = 1 << 20


@dataclass(frozen=True)
class InputFile:
    """One file the report rests on. ``sha256`` is empty when the file was missing or unreadable."""

    path: Path  # as the run saw it (relative to the current folder, or absolute)
    kind: str  # campaign | template | contacts | suppression_list | lia | dpia | site | proof
    campaign: str  # the campaign file that refers to it (itself for a campaign)
    sha256: str
    size: int = 0
    problem: str = ""

    @property
    def missing(self) -> bool:
        return not self.sha256


def sha256_of(path: Path) -> tuple[str, int, str]:
    """(hex digest, size, problem). Only regular files are read: a FIFO would hang the run."""
    try:
        if not path.is_file():
            return "", 0, "does not exist" if not path.exists() else "is not a regular file"
        digest = hashlib.sha256()
        size = 0
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
        return digest.hexdigest(), size, ""
    except OSError as exc:
        return "", 0, f"cannot be read ({exc.strerror})"
    except ValueError:  # a NUL byte in a path from a hand-edited manifest
        return "", 0, "is not a valid path"


def inputs_of(campaign_file: str, campaign: Any, bounds: tuple[Path, ...] | None = None) -> list[InputFile]:
    """The campaign file and every distinct file it references, each hashed once.

    ``bounds`` are the folders the check let references lead into (``()``: anywhere). A reference
    leading outside them was refused by the check (OL003) and is not opened here either: it is
    listed without a hash, so the report neither reads nor vouches for it. ``None`` (nothing
    recorded) reads nothing outside the campaign's repository, as the check's default does."""
    if bounds is None:
        from ..facts.references import repository_bounds

        bounds = repository_bounds(Path(campaign_file))
    path = Path(campaign_file)
    digest, size, problem = sha256_of(path)
    found = [InputFile(path, "campaign", campaign_file, digest, size, problem)]
    if not isinstance(campaign, dict):
        return found
    seen = {os.path.normpath(path)}
    for ref in iter_references(campaign, path.parent):
        key = os.path.normpath(ref.path)
        if key in seen:
            continue
        seen.add(key)
        outside = escapes(ref.path, bounds) if bounds else None
        if outside is not None:
            found.append(InputFile(Path(key), ref.kind, campaign_file, "", 0, f"resolves to {outside}, outside the repository; not read (OL003)"))
            continue
        digest, size, problem = sha256_of(ref.path)
        found.append(InputFile(Path(key), ref.kind, campaign_file, digest, size, problem))
    return found
