"""The tally of DuckDB's ordered plan: rows grouped by their check bits, first rows merged in Python.

The single statement (:func:`.contact_passes.tally_over`) keeps, per bucket and check, a count
and the first rows with ``count_if`` and ``min_by(..., 5) FILTER``: eighteen aggregates a row.
Over :data:`.contact_ordered.ROWS_TABLE` the rows are grouped instead by what decides every check
at once (bucket, check bits, the deferred suppression tests), with per group a count, the last
record number and the ``sample`` first record numbers: a few hundred groups however long the
list. :func:`groups_from` adds them up per bucket and check (the first rows of a check are the
first of the union of its groups' first rows), and :func:`shown_statement` masks the addresses of
only the rows a finding shows, with the single statement's masking (``contact_sql.shown_from``).
"""

from __future__ import annotations

import heapq
from typing import Any

from .contact_ordered import DEFERRED, ROWS_TABLE, BitLayout, Group, bit_layout
from .contact_sql import QuerySpec, address_extracts, fact_names, shown_from


def grouped_statement(spec: QuerySpec) -> str:
    """One row per (bucket, bits, deferred tests): count, last record number, first record numbers."""
    layout = bit_layout(spec)
    tests = "".join(f", ({stored} IN ({table_hashes})) AS d_{column}" for column, stored, table_hashes in DEFERRED if column in layout.deferred)
    keys = "bucket, bits" + "".join(f", d_{column}" for column in layout.deferred)
    firsts = f"min(n, {int(spec.sample)})" if spec.sample > 0 else "[]::BIGINT[]"
    return f"""WITH numbered AS (
  SELECT rowid + 1 AS n, bucket, bits{tests}
  FROM {ROWS_TABLE}
)
SELECT {keys}, count(*) AS row_count, max(n) AS last_n, {firsts} AS firsts
FROM numbered
GROUP BY {keys}"""


def _flags(layout: BitLayout, bits: int, deferred: tuple[bool, ...]) -> dict[str, bool]:
    """Each check's value for a row with ``bits`` and these deferred test values."""
    return {name: bool((bits >> layout.bit(name, deferred)) & 1) for name in layout.bits}


def groups_from(spec: QuerySpec, rows: list[tuple[Any, ...]]) -> tuple[list[Group], set[int]]:
    """The tally's groups (examples still empty) from :func:`grouped_statement`'s rows, and the
    record numbers whose shown address the groups need."""
    layout = bit_layout(spec)
    names = fact_names(spec.data)
    width = len(layout.deferred)
    totals: dict[Any, list[int]] = {}
    counts: dict[tuple[Any, str], int] = {}
    firsts: dict[tuple[Any, str], list[int]] = {}
    for row in rows:
        bucket, bits, deferred = row[0], int(row[1]), tuple(bool(v) for v in row[2 : 2 + width])
        row_count, last_n, first = int(row[2 + width]), int(row[3 + width]), [int(n) for n in row[4 + width] or []]
        total = totals.setdefault(bucket, [0, 0])
        total[0] += row_count
        total[1] = max(total[1], last_n)
        for name, flagged in _flags(layout, bits, deferred).items():
            if flagged:
                counts[bucket, name] = counts.get((bucket, name), 0) + row_count
                firsts[bucket, name] = heapq.nsmallest(spec.sample, firsts.get((bucket, name), []) + first)
    groups: list[Group] = []
    wanted: set[int] = set()
    for bucket, (row_count, last_n) in totals.items():
        facts = {}
        for name in names:
            numbers = firsts.get((bucket, name), [])
            wanted.update(numbers)
            facts[name] = (counts.get((bucket, name), 0), [(n, "") for n in numbers])
        groups.append((bucket, row_count, last_n, facts))
    return groups, wanted


def shown_statement(spec: QuerySpec, numbers: set[int]) -> str:
    """(record number, what a finding may show of its address) for the rows ``numbers``."""
    listed = ", ".join(str(int(n) - 1) for n in sorted(numbers)) or "NULL"
    return f"""WITH picked AS (
  SELECT rowid + 1 AS n, coalesce(e, '') AS e
  FROM {ROWS_TABLE}
  WHERE rowid IN ({listed})
),
extracts AS MATERIALIZED (
  SELECT n, e, {address_extracts("e")}
  FROM picked
)
SELECT n, {shown_from("e", "x_found", "x_bare", spec.show_pii)} AS x
FROM extracts"""


def with_shown(groups: list[Group], shown: dict[int, str]) -> list[Group]:
    """The groups with each first row's shown address filled in."""
    return [
        (bucket, count, last, {name: (number, [(n, shown.get(n, "")) for n, _ in first]) for name, (number, first) in facts.items()})
        for bucket, count, last, facts in groups
    ]
