"""A small on-disk cache under the user's cache folder, never in the checked repo.

Two things are cached, both as JSON (never pickle: a cache folder must not be
a way to run code):

* the validated rule pack, keyed by the rule files' paths, sizes and mtimes,
  so a warm start needs neither the meta-schema validation nor jsonschema;
* each file's findings, keyed by its content, the rule pack, the options and
  the run date, and checked against the size and mtime of every file it
  referenced.

Any problem with the cache (read-only home, a corrupt entry) silently means
"no cache": the cache may make a run faster, never different.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from . import __version__

ENV_DIR = "OUTREACH_LINT_CACHE_DIR"


def cache_dir() -> Path:
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "outreach-lint" / __version__


def key_of(*parts: object) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def read(kind: str, key: str) -> Any:
    try:
        with (cache_dir() / kind / key[:2] / f"{key}.json").open("r", encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def write(kind: str, key: str, value: Any) -> None:
    folder = cache_dir() / kind / key[:2]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(value, handle, separators=(",", ":"))
        os.replace(temp, folder / f"{key}.json")
    except (OSError, TypeError, ValueError):
        pass


def stat_signature(path: Path) -> list[int] | None:
    """(size, mtime_ns) of a file, or None when it cannot be stat-ed."""
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]
