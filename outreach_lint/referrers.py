"""Which campaigns in the repository point to a given file (a template, contact list, site file).

pre-commit passes only the staged files. When a template changes and its campaign does not,
the campaign must still be re-checked: :func:`campaigns_referencing` finds, under the current
folder, the campaign files whose referenced files (``steps[].template``, ``audience.contacts``,
``tracking.sites``, ...) resolve to one of the given files. It parses a candidate only when
its text (up to the campaign size limit, the most a campaign may be) may hold a campaign and
names one of the given files (by base name), so a large repository costs one directory walk and
a few reads.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path


def campaigns_referencing(targets: Sequence[str], root: str = ".") -> list[str]:
    """Campaign files under ``root`` (paths as :func:`engine.discover` gives them) that reference a target."""
    from .discovery import discover, mentions_campaign
    from .facts.references import iter_references
    from .textio import readings

    # campaigns are checked themselves; only the other files (templates, lists, sites, GTM
    # exports, documents) send us looking, so a commit of campaigns alone costs no walk
    others = [t for t in targets if os.path.isfile(t) and not _is_campaign(t)]
    wanted = {os.path.realpath(t) for t in others}
    names = {os.path.basename(t) for t in others}
    if not wanted:
        return []
    found: list[str] = []
    for path, _ in discover([root]):
        if os.path.realpath(path) in wanted:
            continue
        raw = _read(path)
        if raw is None or not any(name in text for text in readings(raw) for name in names) or not mentions_campaign(raw):
            continue
        data = _load(path)
        if not isinstance(data, dict) or "campaign" not in data:
            continue
        if any(os.path.realpath(ref.path) in wanted for ref in iter_references(data, Path(path).parent)):
            found.append(path)
    return found


def _is_campaign(path: str) -> bool:
    """A staged YAML/JSON file that may hold a campaign is checked itself, not looked up."""
    from .discovery import mentions_campaign

    raw = _read(path) if path.lower().endswith((".yaml", ".yml", ".json")) else None
    return raw is not None and mentions_campaign(raw)


def _read(path: str) -> bytes | None:
    """The file's bytes up to the campaign size limit (a bigger file is no campaign: its check says so)."""
    from .loader import Limits

    try:
        with open(path, "rb") as handle:
            return handle.read(Limits().max_file_bytes + 1)
    except OSError:
        return None


def _load(path: str) -> object:
    """The parsed campaign, or None when it cannot be read or parsed (the check reports that itself)."""
    from .check.load import read_campaign_bytes
    from .loader import LoadError, load_bytes

    try:
        return load_bytes(read_campaign_bytes(Path(path)), path).data
    except (LoadError, OSError, ValueError, RecursionError):
        return None
