"""The built-in pack, validated ahead of time: ``builtin-pack.json`` next to this module.

Loading the built-in rules means parsing ~80 YAML files with positions, validating each rule
file against ``schemas/rule.json`` and compiling conditions: most of the start-up of a check
without the pack cache (``--no-cache``, CI, a first run). ``python -m outreach_lint.packgen``
writes what :func:`outreach_lint.rulepack.load_pack` would cache for the built-in folder, with
:func:`sources_digest` of the files it was made from; ``tests/test_pack_snapshot.py`` fails when
the committed file is out of date.

A snapshot is trusted only for exactly the files it was made from: :func:`fresh` hashes the
installed rule files (and the two schemas that validate them) on every load, a few
milliseconds, and a single changed, added or removed byte means "validate as usual". Nothing
about it is trusted from file dates. ``--rules`` folders are never part of it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from .. import schemas
from .files import read_rule_file
from .model import RuleError

#: the generated file, shipped as package data (setup.cfg)
SNAPSHOT = Path(__file__).with_name("builtin-pack.json")
#: the layout of the file; another value is read as "no snapshot"
FORMAT = 1
#: what validating a rule file reads besides the rule files: a change to either invalidates the snapshot
SCHEMAS = ("rule.json", "facts.json")


def version_entry(folder: Path, path: Path, raw: bytes) -> bytes:
    """What one file adds to the pack's version (a hash of every file's path and bytes)."""
    return str(path.relative_to(folder)).encode() + b"\0" + raw


def sources_digest(files: list[tuple[Path, Path]]) -> tuple[str, str]:
    """(digest, version) of the built-in files: the digest a snapshot is made for, and the pack
    version exactly as validating them computes it. Raises RuleError for an unreadable file."""
    digest, version = hashlib.sha256(), hashlib.sha256()
    for folder, path in files:
        raw = read_rule_file(path)
        version.update(version_entry(folder, path, raw))
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + raw + b"\0")
    for name in SCHEMAS:
        digest.update(f"schemas/{name}".encode() + b"\0" + schemas.read_bytes(name) + b"\0")
    return digest.hexdigest(), version.hexdigest()[:16]


def read_snapshot(path: Path | None = None) -> dict[str, Any] | None:
    """The snapshot file's content, or None when it is missing, unreadable or not this layout."""
    try:
        data = json.loads((path or SNAPSHOT).read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    return data


def fresh(snapshot: dict[str, Any], files: list[tuple[Path, Path]]) -> dict[str, Any] | None:
    """The cached-pack form of ``snapshot`` (see ``rulepack._pack_from_cache``) when it was made
    from exactly ``files`` (the built-in folder's), with each rule's source under that folder;
    else None."""
    try:
        digest, version = sources_digest(files)
    except (OSError, RuleError):
        return None  # validating reports it, with the file
    if not files or snapshot.get("digest") != digest:
        return None
    folder = files[0][0]
    rules = snapshot["rules"]
    if not isinstance(rules, list):
        return None
    return {
        "version": version,
        "timeline": snapshot["timeline"],
        "tables": snapshot["tables"],
        "rules": [[str(folder.joinpath(*relative.split("/"))), raw] for relative, raw in rules],
    }
