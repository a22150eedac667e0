"""Named sets from the ``sets:`` of data files: literal members (a member may be dated), other sets
(``$NAME``) and the keys of table rows that match ``where:``; each member with the periods it belongs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..lawtime import ALWAYS, Period, PeriodError, Spans, join, period_of
from ..loader import Loaded
from .files import line_of
from .model import EVERYWHERE, RuleError

#: table name -> row key -> the row's dated versions
Variants = dict[str, dict[str, list[tuple[dict[str, Any], Period]]]]
#: set name -> (file, parsed file, its specification)
RawSets = dict[str, tuple[Path, Loaded, Any]]


class SetResolver:
    """Resolves every set once, following ``$NAME`` references; a cycle or unknown name is a RuleError."""

    def __init__(self, raw: RawSets, variants: Variants) -> None:
        self.raw, self.variants = raw, variants
        self.sets: dict[str, Spans] = {EVERYWHERE: {}}
        self._resolving: set[str] = set()

    def resolve_all(self) -> dict[str, Spans]:
        for name in self.raw:
            self.resolve(name)
        return self.sets

    def resolve(self, name: str) -> Spans:
        if name in self.sets:
            return self.sets[name]
        if name not in self.raw:
            raise KeyError(name)
        path, loaded, spec = self.raw[name]
        if name in self._resolving:
            raise RuleError(f"set {name!r} refers to itself", str(path), line_of(loaded, ["sets", name]))
        self._resolving.add(name)
        try:
            if isinstance(spec, list):
                members = self._listed(name, spec, path, loaded)
            elif isinstance(spec, dict) and "table" in spec:
                members = self._from_table(name, spec, path, loaded)
            else:
                raise RuleError(f"set {name!r} must be a list or {{table: ..., where: ...}}", str(path), line_of(loaded, ["sets", name]))
        except KeyError as exc:
            raise RuleError(f"set {name!r} refers to unknown set {exc.args[0]!r}", str(path), line_of(loaded, ["sets", name])) from None
        self._resolving.discard(name)
        self.sets[name] = members
        return members

    def _listed(self, name: str, spec: list[Any], path: Path, loaded: Loaded) -> Spans:
        members: Spans = {}
        for index, item in enumerate(spec):
            if isinstance(item, str) and item.startswith("$"):
                for member, periods in self.resolve(item[1:]).items():
                    join(members, member, periods)
            elif isinstance(item, dict):
                join(members, *_dated_member(name, item, path, line_of(loaded, ["sets", name, index])))
            else:
                join(members, item, (ALWAYS,))
        return members

    def _from_table(self, name: str, spec: dict[str, Any], path: Path, loaded: Loaded) -> Spans:
        rows = self.variants.get(spec["table"])
        if rows is None:
            raise RuleError(f"set {name!r} uses unknown table {spec['table']!r}", str(path), line_of(loaded, ["sets", name]))
        where = spec.get("where", {})
        members: Spans = {}
        for key, versions in rows.items():
            for row, period in versions:
                if all(row.get(col) in (want if isinstance(want, list) else [want]) for col, want in where.items()):
                    join(members, key, (period,))
        return members


def _dated_member(name: str, item: dict[str, Any], path: Path, line: int) -> tuple[str, tuple[Period, ...]]:
    """``{code: FR, from: 2026-08-11, until: ...}``: the member and the period it belongs."""
    if not isinstance(item.get("code"), str) or set(item) - {"code", "from", "until"}:
        raise RuleError(f"set {name!r}: a dated member is {{code: XX, from: YYYY-MM-DD, until: YYYY-MM-DD}}", str(path), line)
    try:
        return item["code"], (period_of(item),)
    except PeriodError as exc:
        raise RuleError(f"set {name!r} member {item['code']!r}: {exc}", str(path), line) from None
