"""DuckDB SQL in BigQuery's dialect where sqlglot's translation is not BigQuery SQL.

BigQuery has no ``SPLIT_PART``, and sqlglot writes it as it is: each ``split_part(x, d, n)`` of
the compiled query becomes ``SPLIT(x, d)`` indexed with ``SAFE_ORDINAL`` (counted from the end for
a negative ``n``, as DuckDB does), ``''`` when there is no such part and NULL for a NULL ``x``, as
in DuckDB.
"""

from __future__ import annotations

from typing import Any


def transpile(sql: str) -> str:
    """``sql`` (DuckDB) in BigQuery's dialect, pretty-printed."""
    import sqlglot
    from sqlglot import exp

    tree = sqlglot.parse_one(sql, read="duckdb")
    tree = tree.transform(lambda node: _split_part(node) if isinstance(node, exp.SplitPart) else node)
    return str(tree.sql(dialect="bigquery", pretty=True))


def _split_part(node: Any) -> Any:
    import sqlglot

    this = node.this.sql(dialect="bigquery")
    delimiter = node.args["delimiter"].sql(dialect="bigquery")
    index = node.args["part_index"].sql(dialect="bigquery")
    try:
        number = int(index)
    except ValueError:
        return node  # not a constant part number: left as it is (the compiled query has none)
    parts = f"SPLIT({this}, {delimiter})" if number > 0 else f"ARRAY_REVERSE(SPLIT({this}, {delimiter}))"
    text = f"IF({this} IS NULL, NULL, COALESCE({parts}[SAFE_ORDINAL({abs(number)})], ''))"
    return sqlglot.parse_one(text, read="bigquery")
