"""Which campaigns in the repository point to a given file (a template, contact list, site file).

pre-commit passes only the staged files. When a template changes and its campaign does not,
the campaign must still be re-checked: :func:`campaigns_referencing` finds, under the current
folder, the campaign files whose referenced files (``steps[].template``, ``audience.contacts``,
``tracking.sites``, ...) resolve to one of the given files. It reads a candidate only when its
first megabyte looks like a campaign and names one of the given files (by base name), so a
large repository costs one directory walk and a few small reads.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

#: how much of a candidate file is read to decide whether to parse it
HEAD_BYTES = 1024 * 1024


def campaigns_referencing(targets: Sequence[str], root: str = ".") -> list[str]:
    """Campaign files under ``root`` (paths as :func:`engine.discover` gives them) that reference a target."""
    from .engine import _LOOKS_LIKE_CAMPAIGN, discover
    from .facts.references import iter_references

    # campaigns are checked themselves; only the other files (templates, lists, sites, GTM
    # exports, documents) send us looking, so a commit of campaigns alone costs no walk
    others = [t for t in targets if os.path.isfile(t) and not _is_campaign(t, _LOOKS_LIKE_CAMPAIGN)]
    wanted = {os.path.realpath(t) for t in others}
    names = {os.path.basename(t) for t in others}
    if not wanted:
        return []
    found: list[str] = []
    for path, _ in discover([root]):
        if os.path.realpath(path) in wanted:
            continue
        head = _head(path)
        if head is None or not any(name in head for name in names) or not _LOOKS_LIKE_CAMPAIGN.search(head):
            continue
        data = _load(path)
        if not isinstance(data, dict) or "campaign" not in data:
            continue
        if any(os.path.realpath(ref.path) in wanted for ref in iter_references(data, Path(path).parent)):
            found.append(path)
    return found


def _is_campaign(path: str, looks_like: re.Pattern[str]) -> bool:
    head = _head(path) if path.lower().endswith((".yaml", ".yml", ".json")) else None
    return head is not None and bool(looks_like.search(head))


def _head(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return handle.read(HEAD_BYTES).decode("utf-8", "replace")
    except OSError:
        return None


def _load(path: str) -> object:
    """The parsed campaign, or None when it cannot be read or parsed (the check reports that itself)."""
    from .engine import read_campaign_bytes
    from .loader import LoadError, load_bytes

    try:
        return load_bytes(read_campaign_bytes(Path(path)), path).data
    except (LoadError, OSError, ValueError, RecursionError):
        return None
