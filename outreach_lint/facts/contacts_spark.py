"""Run a contact list's checks on Apache Spark (the ``spark`` extra: ``pip install outreach-lint[spark]``).

For lists that live where Spark runs: ``audience.contacts: {engine: spark, table: crm.contacts}``
or ``{engine: spark, path: s3://bucket/contacts/, format: parquet|delta}``, with ``spark: {master:
local[4]}`` or, without it, the session already active in the process (a notebook or job). The
query is the one DuckDB runs (:func:`contact_sql.compile_query`), transpiled to Spark SQL by
sqlglot, so both engines give the same facts. Row numbers: a Parquet file's 1-based row
(``_metadata.row_index``, as DuckDB's ``file_row_number``); for tables and Delta, the order
Spark reads them in (``monotonically_increasing_id``), which is stable only for a fixed layout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import contact_profiles, contact_sql
from .contact_profiles import ContactData, ProfileError
from .contacts import ListSpec, assemble, describe_list
from .contacts_csv import ContactsError
from .contacts_duckdb import group

VIEW = "ol_contacts"


def session(master: str | None) -> Any:
    """The active Spark session, or a new one on ``master``."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise ContactsError("needs Spark (engine: spark): install outreach-lint[spark]") from None
    active = SparkSession.getActiveSession()
    if active is not None and master is None:
        return active
    builder = SparkSession.builder.appName("outreach-lint").config("spark.ui.enabled", "false")
    if master:
        builder = builder.master(master)
    return builder.getOrCreate()


def _frame(spark: Any, listing: dict[str, Any], base: Path) -> Any:
    """The list as a DataFrame of text columns plus ``n``."""
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    table, path = listing.get("table"), listing.get("path")
    fmt = str(listing.get("format") or ("delta" if table is None and str(path).rstrip("/").endswith("delta") else "parquet"))
    if table:
        frame = spark.table(str(table))
    else:
        location = str(path) if "://" in str(path) else str((base / str(path)).resolve())
        frame = spark.read.format(fmt).load(location)
    columns = list(frame.columns)
    if not table and fmt == "parquet":
        number = frame["_metadata.row_index"] + 1
    else:
        number = F.row_number().over(Window.orderBy(F.monotonically_increasing_id()))
    frame = frame.select(*[F.col(f"`{c}`").cast("string").alias(c) for c in columns], number.alias("n"))
    return frame, columns


def check_spark(
    listing: dict[str, Any],
    base: Path,
    *,
    declared_countries: frozenset[str] = frozenset(),
    suppression: tuple[frozenset[str], frozenset[str]] | None = None,
    show_pii: bool = False,
    sample: int = 5,
    data: ContactData,
) -> dict[str, Any]:
    """Facts about the list ``listing`` (``audience.contacts`` as a mapping) computed by Spark (``data``: the pack's contact_data)."""
    spark = session((listing.get("spark") or {}).get("master"))
    try:
        frame, columns = _frame(spark, listing, base)
    except Exception as exc:  # Spark's AnalysisException and friends: the message names paths, not rows
        raise ContactsError(f"cannot be read by Spark ({type(exc).__name__})") from None
    spec_in = ListSpec(profile=listing.get("profile"), columns=dict(listing.get("columns") or {}))
    try:
        mapping = contact_profiles.resolve(columns, data["profiles"], spec_in.profile, spec_in.columns)
    except ProfileError as exc:
        raise ContactsError(str(exc)) from None
    spec = contact_sql.QuerySpec(
        mapping, tuple(columns), frozenset(c.upper() for c in declared_countries), sample, show_pii, suppression is not None, data=data
    )
    frame.createOrReplaceTempView(VIEW)
    if suppression is not None:
        keys, domains = suppression
        spark.createDataFrame([(k,) for k in sorted(keys)], "key string").createOrReplaceTempView(contact_sql.KEYS_TABLE)
        spark.createDataFrame([(d,) for d in sorted(domains)], "domain string").createOrReplaceTempView(contact_sql.DOMAINS_TABLE)
    sql = contact_sql.compile_query(spec, f"SELECT * FROM {VIEW}", dialect="spark")
    names = contact_sql.fact_names(data)
    rows = spark.sql(sql).collect()
    result = assemble([group(tuple(row), names) for row in rows], None, sample)
    result.update(describe_list(mapping, columns))
    result["encoding"], result["delimiter"] = "spark", ""
    return result
