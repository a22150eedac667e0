"""The load stage: a campaign file's bytes, and its one document parsed with positions.

Only regular files within the size limit are read (a FIFO or ``/dev/zero`` must not hang a run).
A file that does not parse, or parses to something other than a mapping with a ``campaign`` key,
is either a campaign in the wrong shape (OL001) or no campaign at all (skipped quietly when it
was found in a folder rather than named).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..discovery import mentions_campaign
from ..findings import FileResult
from ..loader import Limits, Loaded, LoadError, load_bytes
from .context import CheckContext


def read_campaign_bytes(path: Path, limits: Limits = Limits()) -> bytes:
    """The bytes of a campaign file, or LoadError: only regular files within the size limit are read."""
    return read_campaign(path, limits)[0]


def read_campaign(path: Path, limits: Limits) -> tuple[bytes, os.stat_result]:
    """:func:`read_campaign_bytes` and the file's stat (taken before reading: the cache keys on it)."""
    from ..facts.references import ReferenceProblem, TooBig, read_bounded

    try:
        return read_bounded(path, limits.max_file_bytes)
    except TooBig as exc:
        raise LoadError(
            f"file is {exc.size:,} bytes, over the limit of {exc.limit:,} (raise it with {limits.describe('max_file_bytes')} in the config)"
        ) from None
    except ReferenceProblem as exc:
        raise LoadError(f"the file {exc}") from None


def load_campaign(ctx: CheckContext, file: str, raw: bytes, explicit: bool, sha256: str) -> Loaded | FileResult:
    """The parsed campaign, or the whole result when there is nothing to judge (not a campaign, or OL001)."""
    try:
        loaded = load_bytes(raw, file, ctx.options.limits)
    except LoadError as exc:
        if not explicit and not mentions_campaign(raw):
            return FileResult(file, (), is_campaign=False, sha256=sha256)
        return FileResult(file, ctx.only("OL001", file, (exc.line, exc.column), str(exc)), sha256=sha256, checked=ctx.checked_only("OL001"))
    data = loaded.data
    if not isinstance(data, dict):
        if not _holds_campaign(data):  # also a document of comments only: no tool reads data from it
            return FileResult(file, (), is_campaign=False, sha256=sha256)
        kind = "a list" if isinstance(data, list) else f"a {type(data).__name__}"
        return FileResult(
            file,
            ctx.only("OL001", file, (1, 1), f"the document is {kind}, not a mapping with a `campaign` key"),
            sha256=sha256,
            checked=ctx.checked_only("OL001"),
        )
    if "campaign" not in data:
        return FileResult(file, (), is_campaign=False, sha256=sha256)
    return loaded


def _holds_campaign(data: Any) -> bool:
    """A document that loaded but is not a mapping: does it hold a campaign anywhere (a list of
    campaigns, a list of lists of them)? Then it is a campaign file in the wrong shape."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict) and "campaign" in node:
            return True
        if isinstance(node, list):
            stack.extend(node)
    return False
