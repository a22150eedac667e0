"""The query DuckDB runs for one list: compile_query's, with the addresses masked after the tally.

:func:`contact_sql.compile_query` (what Spark and the warehouses run) computes the shown address
``x`` (a regular-expression extraction and masking, about 2 microseconds) for every row that any
check flags, which on a typical list is most rows, and then keeps five of them per bucket and check.
:func:`tally_query` keeps the first rows' addresses unmasked inside the query (``min_by`` over
``{n, e}``) and masks only those, after the tally: the same result, without the masking of every
flagged row. Nothing unmasked leaves the query unless ``show_pii``.

What stays on one thread: the rows are numbered by ``row_number() OVER ()`` (the file's order; a
CSV has no row number of its own in DuckDB), and DuckDB runs everything after such a window in the
window's pipeline. An insert in file order on all threads (``preserve_insertion_order``) was tried
and does not keep the order once the plan has hash joins (the value sets and the suppression list).
"""

from __future__ import annotations

from .contact_sql import QuerySpec, address_extracts, compile_query, fact_names, quote_literal, row_layers, shown_from

#: lists smaller than this run compile_query itself: masking their few flagged rows costs less
#: than planning the longer statement of :func:`tally_query` (about 0.25 s a list, measured)
TALLY_MIN_BYTES = 1 << 20


def query_for(spec: QuerySpec, source: str, size: int) -> str:
    """The statement DuckDB runs for a list of ``size`` bytes (both give the same groups)."""
    return tally_query(spec, source) if size >= TALLY_MIN_BYTES else compile_query(spec, source)


def tally_query(spec: QuerySpec, source: str) -> str:
    """Per bucket: ``row_count``, ``last_n``, then per check ``<fact>__count`` and ``<fact>__first``
    (the first ``sample`` rows as ``{n, x}``), over ``source`` (numbered in file order, ``n``)."""
    return tally_over(spec, row_layers(spec, source))


def tally_over(spec: QuerySpec, layers: str) -> str:
    """:func:`tally_query` over CTEs ``layers`` that end in ``marked`` (``n``, ``bucket``, ``e``, ``f_<fact>``)."""
    names = fact_names(spec.data)
    k = max(int(spec.sample), 0)
    tallies = ",\n    ".join(
        f"count_if(f_{name}) AS {name}__count, "
        + (f"min_by({{'n': n, 'e': e}}, n, {k}) FILTER (WHERE f_{name})" if k else "NULL::STRUCT(n BIGINT, e VARCHAR)[]")
        + f" AS {name}__rows"
        for name in names
    )
    samples = "\n  UNION ALL ".join(f"SELECT bucket, {quote_literal(name)} AS fact, unnest({name}__rows) AS s FROM tallies" for name in names)
    shown = ",\n  ".join(
        f"t.{name}__count, (SELECT first FROM shown WHERE shown.bucket IS NOT DISTINCT FROM t.bucket AND shown.fact = {quote_literal(name)}) AS {name}__first"
        for name in names
    )
    return f"""WITH {layers},
tallies AS MATERIALIZED (
  SELECT bucket, count(*) AS row_count, max(n) AS last_n,
    {tallies}
  FROM marked
  GROUP BY bucket
),
samples AS (
  {samples}
),
sample_extracts AS MATERIALIZED (
  SELECT bucket, fact, s, {address_extracts("s.e")}
  FROM samples
),
shown AS (
  SELECT bucket, fact, list({{'n': s.n, 'x': {shown_from("s.e", "x_found", "x_bare", spec.show_pii)}}} ORDER BY s.n) AS first
  FROM sample_extracts
  GROUP BY bucket, fact
)
SELECT t.bucket, t.row_count, t.last_n,
  {shown}
FROM tallies t"""
