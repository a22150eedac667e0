"""The consent tools the scan knows: the ``consent_tools`` table of the rule pack (built in:
``rules/data/consent-tools.yaml``; a ``--rules`` folder may add rows), each a banner and its buttons.

Kept apart from :mod:`.consent` (which needs Playwright) so the pack can check the rows when it loads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ConsentTool:
    id: str
    name: str
    banner: tuple[str, ...]
    reject: tuple[str, ...]
    accept: tuple[str, ...]


def tool_from_row(key: Any, row: Any) -> ConsentTool:
    """A row of the ``consent_tools`` table; ValueError says what is wrong with it."""
    if not isinstance(row, dict) or not isinstance(row.get("name"), str):
        raise ValueError("needs a name")

    def selectors(name: str) -> tuple[str, ...]:
        value = row.get(name)
        if not isinstance(value, list) or not value or not all(isinstance(s, str) and s for s in value):
            raise ValueError(f"{name} must be a non-empty list of selectors")
        return tuple(value)

    return ConsentTool(str(key), row["name"], selectors("banner"), selectors("reject"), selectors("accept"))


def tools_from_tables(tables: Mapping[str, Mapping[str, Any]]) -> tuple[ConsentTool, ...]:
    """The consent tools of the pack's ``consent_tools`` table, in order (rows checked when the pack loaded)."""
    return tuple(tool_from_row(key, row) for key, row in (tables.get("consent_tools") or {}).items())
