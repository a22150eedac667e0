"""The ``data/`` files of rule folders: tables and the raw ``sets:`` (resolved by :mod:`.sets`).

Each set and each table is defined once: a ``--rules`` folder adds sets and tables, it never
redefines (and so never shrinks) what the built-in pack or another folder defines. The
catalogue tables of :data:`.rows.EXTENDABLE` (vendors, phrases, ESP placeholders, column
profiles, ...) may be given again to add rows; a row key that is already there is refused, so a
folder adds rows but never replaces one. Rows of the tables that readers build catalogues from
are checked here (:mod:`.rows`), with the file and line of a malformed row.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from ..lawtime import PeriodError, Spans, period_of
from ..loader import Loaded
from .files import line_of
from .model import EVERYWHERE, RuleError
from .rows import EXTENDABLE_NOTE, check_row, claims, extendable
from .sets import RawSets, SetResolver, Variants

Tables = dict[str, dict[str, Any]]


def load_data(files: list[tuple[Path, Loaded]]) -> tuple[dict[str, Spans], Tables]:
    """Named sets (each member with the periods it belongs) and tables, from the data files.

    A table row may carry ``from``/``until``; a set built from a table with ``where:`` holds the
    row's key only while the row is in force. A set literal member may be a mapping
    ``{code: FR, from: 2026-08-11}``.
    """
    data = _DataFiles()
    for path, loaded in files:
        data.add(path, loaded)
    return SetResolver(data.raw_sets, data.variants).resolve_all(), data.tables


class _DataFiles:
    """Tables, their dated row versions and raw sets, collected file by file."""

    def __init__(self) -> None:
        self.tables: Tables = {}
        self.variants: Variants = {}
        self.raw_sets: RawSets = {}
        self.defined: dict[tuple[str, str], Path] = {("sets", EVERYWHERE): Path("(built in: every country)")}
        #: table name -> row key -> the file that added the row
        self.row_files: dict[str, dict[str, Path]] = {}
        #: (table, what a row matches on) -> the row that claims it (see rows.claims)
        self.claimed: dict[tuple[str, str], str] = {}

    def add(self, path: Path, loaded: Loaded) -> None:
        data = loaded.data
        if not isinstance(data, dict):
            raise RuleError("a data file must be a mapping with `sets` and/or `tables`", str(path), 1)
        unknown = set(data) - {"sets", "tables", "description", "sources"}
        if unknown:
            key = sorted(unknown)[0]
            raise RuleError(f"unknown key {key!r} in a data file", str(path), line_of(loaded, [key]))
        for kind in ("tables", "sets"):
            for name in data.get(kind) or {}:
                self._define(kind, name, path, loaded)
        for name, table in (data.get("tables") or {}).items():
            if not isinstance(table, dict) or not isinstance(table.get("rows"), dict):
                raise RuleError(f"table {name!r} needs `rows:` mapping a key to its columns", str(path), line_of(loaded, ["tables", name]))
            self._add_rows(str(name), table["rows"], path, loaded)
        for name, spec in (data.get("sets") or {}).items():
            self.raw_sets[name] = (path, loaded, spec)

    def _define(self, kind: str, name: Any, path: Path, loaded: Loaded) -> None:
        first = self.defined.setdefault((kind, str(name)), path)
        if first == path or (kind == "tables" and extendable(str(name))):
            return
        what = kind[:-1]
        note = f"; {EXTENDABLE_NOTE}" if kind == "tables" else ""
        raise RuleError(
            f"{what} {name!r} is already defined in {first}: a rule folder may add {kind}, not redefine them{note}",
            str(path),
            line_of(loaded, [kind, name]),
        )

    def _add_rows(self, name: str, rows: dict[str, Any], path: Path, loaded: Loaded) -> None:
        table = self.tables.setdefault(name, {})
        variants = self.variants.setdefault(name, {})
        added_by = self.row_files.setdefault(name, {})
        for key, row in rows.items():
            line = partial(line_of, loaded, ["tables", name, "rows", key])  # looked up only for an error
            if key in table:
                raise RuleError(
                    f"table {name!r} already has a row {key!r} (from {added_by[key]}): a rule folder may add rows, not replace them", str(path), line()
                )
            try:
                check_row(name, key, row)
                self._claim(name, key, row)
            except ValueError as exc:
                raise RuleError(f"table {name!r} row {key!r}: {exc}", str(path), line()) from None
            variants[key] = _versions(name, key, row, path, line)
            table[key], added_by[key] = row, path

    def _claim(self, name: str, key: str, row: Any) -> None:
        for claim in claims(name, row):
            owner = self.claimed.setdefault((name, claim), key)
            if owner != key:
                raise ValueError(f"{claim} already belongs to row {owner!r}: a rule folder may add rows, not take over another row's")


def _versions(name: str, key: str, row: Any, path: Path, line: Callable[[], int]) -> list[tuple[dict[str, Any], Any]]:
    """A row, or a list of dated versions of it (``{..., until: D}`` then ``{..., from: D}``)."""
    versions = row if isinstance(row, list) else [row]
    try:
        found = [(v, period_of(v)) for v in versions if isinstance(v, dict)]
    except PeriodError as exc:
        raise RuleError(f"table {name!r} row {key!r}: {exc}", str(path), line()) from None
    if len(found) != len(versions):
        raise RuleError(f"table {name!r} row {key!r} must be a mapping or a list of mappings", str(path), line())
    return found
