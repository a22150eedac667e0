"""Compile the row checks (``rules/data/contact-checks.yaml``) into one SQL query per list.

The query reads the list once: a relation ``src`` gives the list's columns and ``n``, the row's
ordinal in the file. Layer by layer it trims and normalises the columns a :class:`Mapping`
names (address parts, the suppression key, the ISO country code, flags), evaluates every check
as a boolean column ``f_<fact>``, and groups by the row's country bucket: per bucket the row
count, and per check the count and the first ``sample`` rows as ``(n, example)`` pairs, where
the example is the masked address (first letter and domain, the rule of
``outreach_lint.masking``) unless ``show_pii``. Nothing else from a cell leaves the query: the
bucket is an ISO code, ``??`` or the campaign's own country. The group of blank records (bucket
NULL) only carries the highest ``n``, for line numbering.

The text is DuckDB SQL; :func:`to_dialect` transpiles it with sqlglot for Spark, Snowflake and
BigQuery (the per-group "first rows" aggregate differs in each and is written per dialect).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .contact_profiles import ContactData, Field, Mapping
from .sql_text import in_list as _in
from .sql_text import quote_ident as quote_ident
from .sql_text import quote_literal as quote_literal
from .suppression_sql import DOMAINS_TABLE as DOMAINS_TABLE
from .suppression_sql import KEYS_TABLE as KEYS_TABLE
from .suppression_sql import suppression_ctes

#: A domain as the old reader accepted it: dotted labels of letters, digits, "-" and "_" (any
#: script), ending in a label that starts with a letter; RE2 and Java regex both read \p{..}.
#: Label length (at most 63) is a second, separate test: counted repetition over Unicode classes
#: ({0,61}) makes RE2 ~200 times slower.
DOMAIN_PATTERN = (
    r"^(?:[\p{L}\p{N}](?:[\p{L}\p{N}_-]*[\p{L}\p{N}])?\.)+"
    r"[\p{L}\p{Nl}\p{No}][\p{L}\p{N}_-]*\.?$"
)
LONG_LABEL = r"[^.]{64}"
DIALECTS = ("duckdb", "spark", "snowflake", "bigquery")


@dataclass(frozen=True)
class QuerySpec:
    """What one list's query needs: its columns, the mapping, the campaign's countries."""

    mapping: Mapping
    columns: tuple[str, ...]
    declared: frozenset[str] = frozenset()
    sample: int = 5
    show_pii: bool = False
    suppression: bool = False
    #: a CSV body: a record of one blank cell is a blank line, not a row
    skip_blank: bool = False
    #: the suppression columns as hashes (DuckDB's ordered plan: :mod:`.contact_ordered`)
    hashed: bool = False
    #: the suppressed whole domains, when few enough to test as a list in the row (ordered plan)
    suppressed_domains: tuple[str, ...] | None = None
    #: the checks, value sets, spellings and aliases (the rule pack's contact_data)
    data: ContactData = field(kw_only=True, compare=False, repr=False)


def _cell(spec: QuerySpec, position: int) -> str:
    return f"coalesce(trim({quote_ident(spec.columns[position])}), '')"


def _value(spec: QuerySpec, name: str) -> str:
    """The first non-empty trimmed cell of the column's headers, '' when none (or no column)."""
    found = spec.mapping.fields.get(name)
    if found is None:
        return "''"
    cells = [f"nullif({_cell(spec, p)}, '')" for p in found.positions]
    return f"coalesce({', '.join(cells)}, '')" if len(cells) > 1 else _cell(spec, found.positions[0])


def _flag(spec: QuerySpec, name: str, sets: dict[str, list[str]]) -> str:
    """Whether any of the flag's cells marks the row (see contact-columns.yaml, ``means``)."""
    found: Field | None = spec.mapping.fields.get(name)
    if found is None:
        return "FALSE"
    parts = []
    for position in found.positions:
        cell = f"lower({_cell(spec, position)})"
        if found.means == "present":
            parts.append(f"NOT ({_in(cell, sets['EMPTY_VALUES'])} OR {_in(cell, sets['FLAG_FALSE'])})")
        elif found.means == "values":
            parts.append(_in(cell, found.values))
        else:
            parts.append(_in(cell, sets["FLAG_TRUE"]))
    return "(" + " OR ".join(parts) + ")"


def _normalised(spec: QuerySpec, data: dict[str, Any]) -> str:
    """SELECT list of the ``rows`` layer: the trimmed cells the checks read."""
    sets = data["sets"]
    country_raw = f"upper({_value(spec, 'country')})"
    company = f"lower({_value(spec, 'company_type')})"
    for char in (" ", "_", ".", "-"):
        company = f"replace({company}, '{char}', '')"
    columns = [
        "n",
        f"{_value(spec, 'email')} AS e",
        f"{country_raw} AS country_raw",
        f"{company} AS company_type_key",
        f"{_flag(spec, 'unsubscribed', sets)} AS unsubscribed",
        f"{_flag(spec, 'bounced', sets)} AS bounced",
    ]
    for name in ("consent_at", "consent_source"):
        empty = _in(f"lower({_value(spec, name)})", sets["EMPTY_VALUES"]) if spec.mapping.has(name) else "TRUE"
        columns.append(f"{empty} AS empty_{name}")
    columns.append(f"{_blank(spec)} AS blank")
    return ",\n    ".join(columns)


def _blank(spec: QuerySpec) -> str:
    """A record that is one blank cell and nothing else (a line of spaces, or an empty line of a
    one-column file): not a row, as the csv module's reader skipped it."""
    if not spec.skip_blank or not spec.columns:
        return "FALSE"
    first = quote_ident(spec.columns[0])
    if len(spec.columns) == 1:  # DuckDB makes an empty line of a one-column file a NULL record
        return f"({first} IS NULL OR trim({first}) = '')"
    # The CSV is read with nullstr a line break: an empty cell is '', a NULL cell one the record
    # does not have (null padding); so a record of one cell is one whose second cell is NULL, and
    # only the first two columns are read for it, not all of them
    return f"({first} IS NOT NULL AND {quote_ident(spec.columns[1])} IS NULL AND trim({first}) = '')"


def _address_parts() -> str:
    """SELECT list of the ``parts`` layer: the address split at its last '@'."""
    return ",\n    ".join(
        [
            "*",
            "strpos(e, '@') > 0 AS has_at",
            "CASE WHEN strpos(e, '@') > 0 THEN reverse(split_part(reverse(e), '@', 1)) ELSE '' END AS dom",
        ]
    )


def _address_facts(spec: QuerySpec, data: dict[str, Any]) -> str:
    """SELECT list of the ``addr`` layer: local part, canonical domain, validity, key, country code."""
    return ",\n    ".join(
        [
            "*",
            "CASE WHEN has_at THEN left(e, length(e) - length(dom) - 1) ELSE '' END AS loc",
            # rtrim with characters is slow in DuckDB: only for the rare domain that ends in '.'
            "CASE WHEN dom LIKE '%.' THEN rtrim(lower(dom), '.') ELSE lower(dom) END AS dom_l",
            f"{_country_code(data['country_names'])} AS country_code",
        ]
    )


def _canonical_domain(data: dict[str, Any]) -> str:
    """SELECT list of the ``canon_`` layer: the domain lower-cased, without a final '.', aliases resolved."""
    aliases = data["domain_aliases"]
    canon = (
        ("CASE " + " ".join(f"WHEN dom_l = {quote_literal(a)} THEN {quote_literal(b)}" for a, b in sorted(aliases.items())) + " ELSE dom_l END")
        if aliases
        else "dom_l"
    )
    return f"*, {canon} AS canon"


def _country_code(names: dict[str, str]) -> str:
    """ISO code of ``country_raw``: a country name mapped (contact-checks.yaml, country_names), else as written.

    Not a join: DuckDB built a join's hash table on the list's side (memory grew with the rows); an
    IN list probes a table of the names, and the CASE runs only for the rows that are names."""
    if not names:
        return "country_raw"
    lookup = " ".join(f"WHEN {quote_literal(k)} THEN {quote_literal(v)}" for k, v in sorted(names.items()))
    return f"CASE WHEN {_in('country_raw', names)} THEN CASE country_raw {lookup} END ELSE country_raw END"


def _checks_layer(spec: QuerySpec, data: dict[str, Any]) -> str:
    """SELECT list of the ``norm`` layer: every normalised column a predicate may name."""
    sets = data["sets"]
    loc_base = "split_part(lower(loc), '+', 1)"
    key_local = f"CASE WHEN {_in('canon', sets['DOT_INSENSITIVE_DOMAINS'])} THEN replace({loc_base}, '.', '') ELSE {loc_base} END"
    brand = "split_part(canon, '.', 1)"
    rest = f"(length(canon) - length({brand}) - 1)"
    valid = (
        "(has_at AND loc <> '' AND length(loc) <= 64 AND strpos(loc, '@') = 0 AND strpos(loc, ' ') = 0"
        f" AND strpos(loc, chr(9)) = 0 AND length(dom) <= 253 AND regexp_matches(dom, {quote_literal(DOMAIN_PATTERN)})"
        f" AND NOT (length(dom) >= 64 AND regexp_matches(dom, {quote_literal(LONG_LABEL)})))"
    )
    key = f"({key_local} || '@' || canon)"
    single = next(iter(spec.declared)) if len(spec.declared) == 1 else "??"
    return ",\n    ".join(
        [
            "n",
            "blank",
            "unsubscribed",
            "bounced",
            "empty_consent_at",
            "empty_consent_source",
            "company_type_key",
            "country_code",
            f"{valid} AS email_valid",
            f"{loc_base} AS email_local_base",
            f"({_in('canon', sets['FREEMAIL_DOMAINS'])} OR ({_in(brand, sets['FREEMAIL_BRANDS'])} AND {rest} BETWEEN 1 AND 6)) AS email_freemail",
            *_suppression_columns(spec, key),
            f"{'TRUE' if spec.mapping.has('email') else 'FALSE'} AS has_email_column",
            f"CASE WHEN blank THEN NULL WHEN country_code = '' THEN {quote_literal(single)} "
            "WHEN regexp_matches(country_code, '^[A-Z][A-Z]$') THEN country_code ELSE '??' END AS bucket",
            "e",
        ]
    )


def _suppression_columns(spec: QuerySpec, key: str) -> list[str]:
    """The suppression columns of the ``norm`` layer: membership tests, or (``spec.hashed``) the
    hashes of the key and the domain, tested later against the tables' hashes (the ordered plan)."""
    if not spec.suppression:
        return ["FALSE AS email_key_suppressed", "FALSE AS email_domain_suppressed"]
    if spec.hashed and spec.suppressed_domains is not None:
        return [f"hash({key}) AS email_key_hash", f"{_in('canon', spec.suppressed_domains)} AS email_domain_suppressed"]
    if spec.hashed:
        return [f"hash({key}) AS email_key_hash", "hash(canon) AS email_domain_hash"]
    return [f"{key} IN (SELECT key FROM {KEYS_TABLE}) AS email_key_suppressed", f"canon IN (SELECT domain FROM {DOMAINS_TABLE}) AS email_domain_suppressed"]


#: outreach_lint.masking's rule, in SQL: the first address in the cell (ASCII, as masking._ADDRESS),
#: masked to its first letter and domain; a cell that is only "@domain" keeps the domain; nothing
#: else of the cell is shown, not even with --show-pii (then the address alone)
#: (letters of any script, where masking._ADDRESS has ASCII: an internationalised address keeps its domain)
ADDRESS_PATTERN = r"[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+"
BARE_DOMAIN_PATTERN = r"^@([\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)$"


def address_extracts(cell: str, guard: str = "true") -> str:
    """Select items ``x_found`` and ``x_bare`` (the address in ``cell``, a bare ``@domain``), each
    extracted once where ``guard`` holds, for :func:`shown_from` in the layer after.

    The layer that computes them is ``MATERIALIZED`` in DuckDB: otherwise DuckDB inlines the
    columns back into each use, and each use compiles the Unicode-class patterns again (about
    0.02 s each; it was half the time of checking a small list: bench/RESULTS.md)."""
    found = f"trim(regexp_extract({cell}, {quote_literal(ADDRESS_PATTERN)}), '.')"
    bare = f"regexp_extract({cell}, {quote_literal(BARE_DOMAIN_PATTERN)}, 1)"
    return f"CASE WHEN {guard} THEN {found} END AS x_found, CASE WHEN {guard} THEN {bare} END AS x_bare"


def shown_from(cell: str, found: str, bare: str, show_pii: bool) -> str:
    """SQL for what a finding may show of the address cell ``cell``, from its extracts."""
    if show_pii:
        return f"CASE WHEN {cell} = '' THEN '' ELSE coalesce(nullif({found}, ''), '***') END"
    masked = f"left({found}, 1) || '***@' || lower(reverse(split_part(reverse({found}), '@', 1)))"
    return f"CASE WHEN {cell} = '' THEN '' WHEN {found} = '' THEN '***' || CASE WHEN {bare} <> '' THEN '@' || lower({bare}) ELSE '' END ELSE {masked} END"


def materialized(dialect: str) -> str:
    """``MATERIALIZED`` where the dialect has it (DuckDB), else nothing: the CTE means the same."""
    return " MATERIALIZED" if dialect == "duckdb" else ""


def predicate(node: Any, spec: QuerySpec, sets: dict[str, list[str]], fixed: dict[str, bool] | None = None) -> str:
    """SQL for one predicate of contact-checks.yaml over the ``norm`` layer's columns; ``fixed``
    gives some boolean columns a constant value instead (the ordered plan's deferred columns)."""
    fixed = fixed or {}
    if "any" in node:
        return "(" + " OR ".join(predicate(p, spec, sets, fixed) for p in node["any"]) + ")"
    if "all" in node:
        return "(" + " AND ".join(predicate(p, spec, sets, fixed) for p in node["all"]) + ")"
    if "not" in node:
        return f"(NOT {predicate(node['not'], spec, sets, fixed)})"
    if "empty" in node:
        return f"empty_{node['empty']}"
    if "is" in node and node["is"] in fixed:
        return "TRUE" if fixed[node["is"]] else "FALSE"
    if "is" in node:
        return f"coalesce({node['is']}, FALSE)"
    if "in" in node:
        column, set_name = node["in"]
        return _in(column, sets[set_name])
    if "not_declared" in node:
        column = node["not_declared"]
        if not spec.declared:
            return "FALSE"
        return f"({column} <> '' AND NOT {_in(column, spec.declared)})"
    raise ValueError(f"unknown predicate {sorted(node)}")


def fact_names(data: ContactData) -> list[str]:
    return list(data["checks"])


def compile_query(spec: QuerySpec, source: str, dialect: str = "duckdb", suppression_table: str | None = None) -> str:
    """The whole query over ``source`` (a relation with the list's columns and ``n``); with
    ``suppression_table`` the suppression tables are built in the query from that table's ``email``."""
    data = spec.data
    names = fact_names(data)
    aggregates = ",\n  ".join(f"count_if(f_{name}) AS {name}__count,\n  OL_FIRST(f_{name}, {int(spec.sample)}) AS {name}__first" for name in names)
    any_flag = " OR ".join(f"f_{name}" for name in names)
    body = f"""WITH {suppression_ctes(suppression_table, data) if suppression_table else ""}{row_layers(spec, source)},
extracts AS{materialized(dialect)} (
  SELECT *, {address_extracts("e", any_flag)}
  FROM marked
),
flags AS (
  SELECT *, CASE WHEN {any_flag} THEN {shown_from("e", "x_found", "x_bare", spec.show_pii)} END AS x
  FROM extracts
)
SELECT bucket, count(*) AS row_count, max(n) AS last_n,
  {aggregates}
FROM flags
GROUP BY bucket"""
    return to_dialect(body, dialect)


def row_layers(spec: QuerySpec, source: str) -> str:
    """The CTEs from ``src`` (``source``, with ``n``) to ``marked``: per row ``n``, ``bucket``, the
    address ``e`` and ``f_<fact>`` for every check."""
    data = spec.data
    flags = ",\n    ".join(f"{predicate(data['checks'][name]['when'], spec, data['sets'])} AS f_{name}" for name in fact_names(data))
    return f"""{norm_layers(spec, source)},
marked AS (
  SELECT n, bucket, e,
    {flags}
  FROM norm
)"""


def norm_layers(spec: QuerySpec, source: str) -> str:
    """The CTEs from ``src`` (``source``, with ``n``) to ``norm``: every column a predicate may name."""
    data = spec.data
    return f"""src AS (
  {source}
),
rows_ AS (
  SELECT
    {_normalised(spec, data)}
  FROM src
),
parts AS (
  SELECT
    {_address_parts()}
  FROM rows_
),
addr AS (
  SELECT
    {_address_facts(spec, data)}
  FROM parts
),
canon_ AS (
  SELECT {_canonical_domain(data)}
  FROM addr
),
norm AS (
  SELECT
    {_checks_layer(spec, data)}
  FROM canon_
)"""


#: per dialect: the first ``k`` (n, x) pairs of the rows where ``f`` holds, ordered by n
_FIRST = {
    "duckdb": "min_by({{'n': n, 'x': x}}, n, {k}) FILTER (WHERE {f})",
    "spark": "slice(array_sort(collect_list(CASE WHEN {f} THEN named_struct('n', n, 'x', x) END)), 1, {k})",
    "snowflake": "ARRAY_SLICE(ARRAY_AGG(CASE WHEN {f} THEN OBJECT_CONSTRUCT('n', n, 'x', x) END) WITHIN GROUP (ORDER BY n), 0, {k})",
    "bigquery": "ARRAY_AGG(IF({f}, STRUCT(n AS n, x AS x), NULL) IGNORE NULLS ORDER BY n LIMIT {k})",
}
_PLACEHOLDER = re.compile(r"OL_FIRST\((\w+), (\d+)\)", re.IGNORECASE)


def to_dialect(sql: str, dialect: str) -> str:
    """``sql`` (DuckDB, with OL_FIRST placeholders) in ``dialect``; sqlglot only for non-DuckDB."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown dialect {dialect!r} (known: {', '.join(DIALECTS)})")
    if dialect == "bigquery":
        from .bigquery_sql import transpile

        sql = transpile(sql)
    elif dialect != "duckdb":
        import sqlglot

        sql = sqlglot.transpile(sql, read="duckdb", write=dialect, pretty=True)[0]
    template = _FIRST[dialect]
    return _PLACEHOLDER.sub(lambda m: template.format(f=m.group(1), k=m.group(2)), sql)
