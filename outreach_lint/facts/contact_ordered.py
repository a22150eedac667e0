"""DuckDB's plan for a CSV list: rows numbered by an ordered insert on all threads, then a parallel tally.

A CSV has no row number in DuckDB, and ``row_number() OVER ()`` runs the window and everything
after it on one thread (bench/RESULTS.md). DuckDB does keep the file's order when it inserts a
scan whose plan has only projections (``preserve_insertion_order``), and it does so on all
threads: the table's ``rowid`` is then the record number minus one. So the checks run as two
statements:

1. :func:`rows_statement` computes per row everything the checks need that needs no join, and
   stores compact columns in :data:`ROWS_TABLE`: the bucket, one bit per check, the hashes of the
   suppression key and domain (up to 64 suppressed domains are tested as a list in the row
   instead), and the address only for a row that some check may flag. A join
   would break the order: constant ``IN`` lists stay expressions (DuckDB's ``in_clause``
   optimizer is off for this statement, :data:`KEEP_ORDER`), and the suppression tests, which
   need the suppression tables, are deferred: a check that reads them gets one bit for each
   combination of their values.
2. :mod:`.contact_tally` tests the hashes against the hashes of the suppression tables, groups
   the rows by bucket, bits and those tests on all threads, and adds the groups up per check.

Two equal keys always have equal hashes, so a hash collision can only add a suppressed row (a row
to look at), never hide one.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, replace
from typing import Any

from .contact_sql import DOMAINS_TABLE, KEYS_TABLE, QuerySpec, fact_names, norm_layers, predicate, quote_literal

ROWS_TABLE = "ol_rows"
#: settings around :func:`rows_statement`: constant IN lists must not become (order-breaking) joins
KEEP_ORDER = "SET disabled_optimizers = 'in_clause'"
RESET_ORDER = "RESET disabled_optimizers"
#: the suppression tests, deferred to the tally: (column, stored hash, the tables' hashes)
DEFERRED = (
    ("email_key_suppressed", "email_key_hash", f"SELECT hash(key) FROM {KEYS_TABLE}"),
    ("email_domain_suppressed", "email_domain_hash", f"SELECT hash(domain) FROM {DOMAINS_TABLE}"),
)


#: one tally group: (bucket, rows, last record number, {fact: (count, [(n, shown address), ...])})
Group = tuple[str | None, int, int, dict[str, tuple[int, list[tuple[int, str]]]]]


@dataclass(frozen=True)
class BitLayout:
    """Which deferred tests the checks read, and per check its first bit and whether it has one
    bit per combination of the deferred tests' values (``2 ** len(deferred)`` bits) or one."""

    deferred: tuple[str, ...]
    bits: dict[str, tuple[int, bool]]
    width: int

    def bit(self, name: str, values: tuple[bool, ...]) -> int:
        """The position of check ``name``'s bit for a row whose deferred tests have ``values``
        (the first deferred test is the highest digit of the combination's number)."""
        first, depends = self.bits[name]
        return first + (sum(int(value) << (len(values) - 1 - i) for i, value in enumerate(values)) if depends else 0)


def keeps_order(plan: list[Any]) -> bool:
    """Whether DuckDB's plan (``EXPLAIN`` of :func:`rows_statement`) inserts in file order: its
    root is the batch insert, which DuckDB only plans when every operator below keeps the order.
    Otherwise (a construct that became a join) the caller numbers the rows with a window instead."""
    text = " ".join(str(cell) for row in plan for cell in row)
    return "Batch Create Table As" in text or "BATCH_CREATE_TABLE_AS" in text


def _reads(node: Any, column: str) -> bool:
    """Whether a predicate of contact-checks.yaml reads the boolean column ``column``."""
    if isinstance(node, dict):
        return node.get("is") == column or any(_reads(value, column) for value in node.values() if isinstance(value, dict | list))
    if isinstance(node, list):
        return any(_reads(item, column) for item in node)
    return False


def fits(spec: QuerySpec) -> bool:
    """Whether the checks' bits fit in one BIGINT (a rule folder may add checks; if they do not,
    the caller uses the window plan)."""
    try:
        bit_layout(spec)
    except ValueError:
        return False
    return True


def bit_layout(spec: QuerySpec) -> BitLayout:
    checks = spec.data["checks"]
    names = fact_names(spec.data)
    listed = {"email_domain_suppressed"} if spec.suppressed_domains is not None else set()
    deferred = tuple(column for column, _, _ in DEFERRED if spec.suppression and column not in listed and any(_reads(checks[n]["when"], column) for n in names))
    bits: dict[str, tuple[int, bool]] = {}
    position = 0
    for name in names:
        depends = any(_reads(checks[name]["when"], column) for column in deferred)
        bits[name] = (position, depends)
        position += (1 << len(deferred)) if depends else 1
    if position > 63:
        raise ValueError(f"{position} check bits do not fit in one BIGINT")
    return BitLayout(deferred, bits, position)


def _leaves(node: Any, found: dict[str, Any]) -> None:
    """Every leaf test of a predicate (anything but any/all/not), keyed by its canonical text."""
    for key in ("any", "all"):
        if key in node:
            for part in node[key]:
                _leaves(part, found)
            return
    if "not" in node:
        _leaves(node["not"], found)
        return
    found.setdefault(json.dumps(node, sort_keys=True), node)


def _combined(node: Any, columns: dict[str, str], fixed: dict[str, bool]) -> str:
    """A predicate over the ``leaves`` layer's boolean columns (deferred tests as constants)."""
    if "any" in node:
        return "(" + " OR ".join(_combined(p, columns, fixed) for p in node["any"]) + ")"
    if "all" in node:
        return "(" + " AND ".join(_combined(p, columns, fixed) for p in node["all"]) + ")"
    if "not" in node:
        return f"(NOT {_combined(node['not'], columns, fixed)})"
    if node.get("is") in fixed:
        return "TRUE" if fixed[node["is"]] else "FALSE"
    return columns[json.dumps(node, sort_keys=True)]


def rows_statement(spec: QuerySpec, source: str, keep_address: str = "bits <> 0") -> str:
    """``CREATE TEMP TABLE ol_rows AS ...`` over ``source`` (the list's columns, in file order,
    with a placeholder ``n``): per row ``bucket``, ``bits``, the deferred hashes, and ``e`` where
    ``keep_address`` holds (:func:`wanted_addresses`).

    Each leaf test is computed once (layer ``leaves``), each check's bits from those booleans."""
    spec = replace(spec, hashed=True)
    layout = bit_layout(spec)
    checks = spec.data["checks"]
    found: dict[str, Any] = {}
    for name in layout.bits:
        _leaves(checks[name]["when"], found)
    leaves = {key: node for key, node in found.items() if node.get("is") not in layout.deferred}
    columns = {key: f"l{i}" for i, key in enumerate(leaves)}
    tests = "".join(f",\n    {predicate(node, spec, spec.data['sets'])} AS {columns[key]}" for key, node in leaves.items())
    terms = []
    for name, (_, depends) in layout.bits.items():
        combinations = itertools.product((False, True), repeat=len(layout.deferred)) if depends else [()]
        for values in combinations:
            test = _combined(checks[name]["when"], columns, dict(zip(layout.deferred, values, strict=True)) if depends else {})
            terms.append(f"CASE WHEN {test} THEN {1 << layout.bit(name, values)} ELSE 0 END")
    hashes = "".join(f", {stored}" for column, stored, _ in DEFERRED if column in layout.deferred)
    width = "INTEGER" if layout.width <= 31 else "BIGINT"
    return f"""CREATE TEMP TABLE {ROWS_TABLE} AS
WITH {norm_layers(spec, source)},
leaves AS (
  SELECT bucket, e{hashes}{tests}
  FROM norm
),
coded AS (
  SELECT bucket, e{hashes},
    ({" + ".join(terms) or "0"})::{width} AS bits
  FROM leaves
)
SELECT bucket, bits{hashes}, CASE WHEN {keep_address} THEN e END AS e
FROM coded"""


def wanted_addresses(spec: QuerySpec, prefix: list[Group]) -> str:
    """Which rows must keep their address, given the tally of the list's first rows (``prefix``):
    a check that has ``sample`` rows in a bucket there has its first rows there too, so only the
    other checks' rows (few, by that very fact) need their address; a bucket the prefix does
    not have needs all. Keeping fewer addresses is what keeps a 10M-row table small."""
    layout = bit_layout(spec)
    masks = {name: ((1 << ((1 << len(layout.deferred)) if depends else 1)) - 1) << first for name, (first, depends) in layout.bits.items()}
    every = sum(masks.values())
    cases = []
    for bucket, _, _, facts in prefix:
        if bucket is None:
            continue
        open_checks = sum(masks[name] for name, (count, _) in facts.items() if count < spec.sample)
        cases.append(f"WHEN {quote_literal(bucket)} THEN {open_checks}")
    if not spec.sample:
        return "FALSE"
    return f"(bits & CASE bucket {' '.join(cases)} ELSE {every} END) <> 0" if cases else "bits <> 0"


def with_prefix_examples(groups: list[Group], prefix: list[Group], sample: int) -> list[Group]:
    """The tally's groups, each check's first rows taken from the prefix's tally where the prefix
    had ``sample`` of them (the addresses of those rows were not kept: :func:`wanted_addresses`)."""
    complete = {(bucket, name): first for bucket, _, _, facts in prefix for name, (count, first) in facts.items() if count >= sample}
    return [
        (bucket, count, last, {name: (number, complete.get((bucket, name), first)) for name, (number, first) in facts.items()})
        for bucket, count, last, facts in groups
    ]
