"""Quoting for the SQL the contact checks generate (DuckDB's syntax; sqlglot transpiles it)."""

from __future__ import annotations

from collections.abc import Iterable


def quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def in_list(expr: str, values: Iterable[str]) -> str:
    """``expr IN (values...)``, or FALSE for no values."""
    items = sorted(set(values))
    return f"({expr} IN ({', '.join(quote_literal(v) for v in items)}))" if items else "FALSE"
