"""Config globs (``include``, ``exclude``, ``per-path-ignores``), matched in bounded time.

Patterns come from configuration files, which a pull request can change. A glob turned into one
backtracking regular expression (``*a*a*a*a*a*b`` as ``[^/]*a[^/]*a...``) can take minutes on
one long file name, so a pattern is split at ``/`` and each segment is compiled by the standard
library's :func:`fnmatch.translate`, whose output matches in linear time (it consumes each ``*``
with an atomic look-ahead, never backtracking into it); the segments are then matched against
the path's components with a table of reachable positions (segments x components), and ``**``
takes any number of whole components. Patterns are bounded in length and segments
(:func:`check_pattern`), so a run's cost is bounded too.

Semantics (gitignore-like, as documented in the README): a pattern with a ``/`` is anchored at
the config folder, one without matches a file or folder name at any depth; a pattern that
matches a folder matches everything in it; a trailing ``/`` matches folders only; ``**`` as a
whole segment matches any number of folders (at least one at the end: ``a/**`` is what is in
``a``); ``*``, ``?`` and ``[...]`` (``[!...]`` or ``[^...]`` negated) never cross a ``/``.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from functools import lru_cache

MAX_PATTERN = 1024
MAX_SEGMENTS = 64

Segment = Callable[[str], object] | None  # None: ``**``


class GlobError(ValueError):
    """A pattern over the bounds; ``str()`` says which."""


def check_pattern(pattern: str) -> None:
    if len(pattern) > MAX_PATTERN:
        raise GlobError(f"a glob may be at most {MAX_PATTERN} characters long")
    if pattern.count("/") >= MAX_SEGMENTS:
        raise GlobError(f"a glob may have at most {MAX_SEGMENTS} segments")


def _segment(text: str) -> Segment:
    if text == "**":
        return None
    if "[^" in text:  # gitignore's negated class; fnmatch spells it [!...]
        text = text.replace("[^", "[!")
    return re.compile(fnmatch.translate(text)).match


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> tuple[bool, bool, tuple[Segment, ...]]:
    """(anchored, folder only, segments)."""
    check_pattern(pattern)
    folder_only = pattern.endswith("/")
    pattern = pattern.strip("/")
    pattern = pattern.removeprefix("./")
    texts = [t for t in pattern.split("/") if t not in ("", ".")] or [""]
    return "/" in pattern, folder_only, tuple(_segment(t) for t in texts)


def _ends(segments: tuple[Segment, ...], parts: list[str]) -> set[int]:
    """Every j such that all ``segments`` match ``parts[:j]``."""
    reach = {0}
    last = len(segments) - 1
    for index, segment in enumerate(segments):
        if segment is None:
            start = min(reach) + (1 if index == last else 0)
            reach = set(range(start, len(parts) + 1))
        else:
            reach = {j + 1 for j in reach if j < len(parts) and segment(parts[j])}
        if not reach:
            break
    return reach


def glob_matches(pattern: str, relative: str) -> bool:
    """Whether ``pattern`` matches the forward-slash path ``relative`` (relative to the config folder)."""
    anchored, folder_only, segments = _compiled(pattern)
    parts = [p for p in relative.split("/") if p not in ("", ".")]
    last = len(parts) - 1 if folder_only else len(parts)
    if anchored:
        return any(1 <= j <= last for j in _ends(segments, parts))
    [only] = segments[:1] or (None,)
    if only is None:
        return last >= 1
    return any(only(parts[j]) for j in range(last))
