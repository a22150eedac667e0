"""Evidence for findings caused by referenced files: where in the file, and what was found.

A rule names the facts behind its finding with ``evidence: <JSON pointer>`` (``/item/...``
inside ``for_each``). The facts there are a dict or a list of dicts; every one that has a
``line`` becomes a related location ``(file, line, column)`` in the referenced file it came
from (its own ``file`` key, else the nearest enclosing dict's, as the template facts carry
the template's path). The facts themselves, trimmed to short scalar values, become the
finding's machine-readable evidence (JSON ``evidence``, SARIF ``properties.evidence``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from .findings import Finding, encode_evidence

#: at most this many items (vendor hits, pixels) in one finding's evidence
MAX_ITEMS = 20
_SCALARS = (str, int, float, bool)


def resolve(document: Mapping[str, Any], pointer: str) -> tuple[Any, str]:
    """(value at ``pointer``, the nearest ``file`` seen on the way); (None, "") when absent."""
    node: Any = document
    file = ""
    for raw in pointer.split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict):
            if isinstance(node.get("file"), str):
                file = node["file"]
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None, ""
        if node is None:
            return None, ""
    return node, file


def with_evidence(finding: Finding, caused: tuple[Any, str], campaign_dir: Path) -> Finding:
    """``finding`` with the related locations and evidence of the facts that caused it."""
    value, inherited = caused
    items = value[:MAX_ITEMS] if isinstance(value, list) else [value] if isinstance(value, dict) and value else []
    items = [item for item in items if isinstance(item, dict)]
    if not items:
        return finding
    related: list[tuple[str, int, int]] = []
    trimmed = []
    for item in items:
        file = item.get("file") if isinstance(item.get("file"), str) else inherited
        line = item.get("line")
        if file and isinstance(line, int) and not isinstance(line, bool) and line > 0:
            column = item.get("column")
            related.append((_beside(finding.file, file), line, max(column, 1) if isinstance(column, int) else 1))
        trimmed.append(_trim(dict(item, file=_beside(finding.file, file)) if file else item))
    evidence = {"facts": trimmed} if isinstance(value, list) else {"facts": trimmed[0]}
    return replace(finding, related=tuple(dict.fromkeys(related)), evidence=encode_evidence(evidence))


def _beside(campaign_file: str, referenced: str) -> str:
    """The referenced file's path as the campaign's path is given (relative stays relative)."""
    if os.path.isabs(referenced):
        return referenced
    return os.path.normpath(os.path.join(os.path.dirname(campaign_file), referenced))


def _trim(item: dict[str, Any]) -> dict[str, Any]:
    """Scalars and short lists of scalars only (no nested facts), strings at most 200 characters."""
    out: dict[str, Any] = {}
    for key, value in item.items():
        if key == "general_analytics":
            continue
        if isinstance(value, str):
            out[key] = value[:200]
        elif isinstance(value, _SCALARS):
            out[key] = value
        elif isinstance(value, list) and all(isinstance(v, _SCALARS) for v in value):
            out[key] = value[:MAX_ITEMS]
    return out
