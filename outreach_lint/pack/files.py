"""Reading the files of rule folders: which files, their bytes (bounded), parsed with line numbers."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from pathlib import Path

from ..loader import Limits, Loaded, LoadError, load_bytes
from .model import RuleError


def builtin_rules_dir() -> Path:
    """The folder of the package ``outreach_lint.rules`` (without importlib.resources: ~3 ms of
    imports at every start for what the package's ``__path__`` says)."""
    return Path(next(iter(importlib.import_module("outreach_lint.rules").__path__)))


def pack_files(dirs: list[Path]) -> list[tuple[Path, Path]]:
    """(folder, file) for every YAML file under ``dirs``, in a stable order; a missing folder is a RuleError."""
    for folder in dirs:
        if not folder.is_dir():
            raise RuleError("rule folder does not exist or is not a folder", str(folder))
    return [(folder, path) for folder in dirs for path in sorted(folder.rglob("*.y*ml")) if path.suffix in (".yaml", ".yml") and path.is_file()]


def is_data(folder: Path, path: Path) -> bool:
    """A file under ``data/`` defines sets and tables; every other file is one rule."""
    return path.relative_to(folder).parts[0] == "data"


def read_rule_file(path: Path) -> bytes:
    """A rule or data file's bytes; an unreadable or oversized one is a RuleError (exit 2), not a traceback."""
    limit = Limits().max_file_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            raise RuleError(f"file is {size:,} bytes, over the limit of {limit:,} for a rule file", str(path), 1)
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise RuleError(f"cannot be read ({exc.strerror or exc})", str(path), 1) from None
    if len(raw) > limit:  # it grew after the stat
        raise RuleError(f"file is over the limit of {limit:,} bytes for a rule file", str(path), 1)
    return raw


def parse(path: Path, raw: bytes) -> Loaded:
    try:
        return load_bytes(raw, str(path))
    except LoadError as exc:
        raise RuleError(str(exc), str(path), exc.line) from None


def line_of(loaded: Loaded, parts: Iterable[str | int]) -> int:
    """The line of the node at ``parts`` (the nearest existing parent's when it is missing)."""
    (line, _column), _depth = loaded.source_map.locate(loaded.data, list(parts))
    return line
