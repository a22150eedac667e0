"""The same compiled checks on Spark (local[2]) and on DuckDB give the same facts.

Needs the `spark` extra (pyspark) and Java; CI installs both (.ci/run). Without them the test is
skipped with the reason, never passed silently.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from ..packdata import DATA, check_contacts, load_suppression

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "contacts"
DECLARED = frozenset({"DE", "AT", "CH"})

pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java (apt-get install openjdk-17-jre-headless)")


@pytest.fixture(scope="module")
def parquet_list(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import duckdb

    folder = tmp_path_factory.mktemp("spark")
    source = folder / "list.csv"
    # the tricky fixture's rows on one line each (Parquet has no line numbers), plus a HubSpot-style flag
    lines = (FIXTURES / "b2b-tricky.csv").read_text("utf-8").replace('fair,\nbooth 4"', 'fair booth 4"').splitlines()
    source.write_text("\n".join(lines) + "\n", "utf-8")
    target = folder / "list.parquet"
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{source}', all_varchar = true)) TO '{target}' (FORMAT parquet)")
    return target


def test_spark_and_duckdb_give_identical_facts(parquet_list: Path) -> None:
    pytest.importorskip("pyspark", reason="the spark extra is not installed (pip install outreach-lint[spark])")
    from outreach_lint.facts.contacts_spark import check_spark, session

    suppression_path = FIXTURES / "do-not-contact.csv"
    duck = check_contacts(parquet_list, declared_countries=DECLARED, suppression_path=suppression_path)
    spark = session("local[2]")
    try:
        sparked = check_spark(
            {"engine": "spark", "path": str(parquet_list)},
            parquet_list.parent,
            declared_countries=DECLARED,
            suppression=load_suppression(suppression_path),
            data=DATA,
        )
        _suppression_ctes_on_spark(spark)
    finally:
        spark.stop()
    for key in ("encoding", "delimiter"):
        duck.pop(key), sparked.pop(key)
    assert sparked == duck
    # and they are the facts the CSV gives, in row numbers of the Parquet file (header not counted)
    assert duck["suppressed"] == {"count": 2, "rows": [2, 4], "examples": ["J***@example.com", "J***@gmail.com"]}
    assert duck["by_country"]["FR"]["undeclared_country"]["count"] == 1
    assert duck["rows"] == 10


def _suppression_ctes_on_spark(spark: Any) -> None:
    """contacts-sql's suppression CTEs, transpiled to Spark SQL and run there, give the keys and
    domains the linter gives (the old Python loader's, tests/facts/suppression_oracle.py)."""
    from outreach_lint.facts import contact_sql, suppression_sql

    from .suppression_oracle import _add_suppression_entry

    entries = ["John.Smith+Promo@GMAIL.com", "j.o.h.n@googlemail.com", "a@b@c.example", "x@gmail.com.", "@Blocked.Example"]
    entries += ["@googlemail.com", "competitor.example", "not a domain.", "anna@", "+only@gmail.com", "Müller@Bücher.example"]
    spark.createDataFrame([(e,) for e in entries], "email string").createOrReplaceTempView("suppression_list")
    ctes = suppression_sql.suppression_ctes("suppression_list", DATA)[: -len(",\n")]
    query = f"WITH {ctes} SELECT 'k' AS t, key AS v FROM {contact_sql.KEYS_TABLE} UNION ALL SELECT 'd', domain FROM {contact_sql.DOMAINS_TABLE}"
    rows = spark.sql(contact_sql.to_dialect(query, "spark")).collect()
    expected: tuple[set[str], set[str]] = (set(), set())
    for entry in entries:
        _add_suppression_entry(entry.strip().lower(), *expected, DATA)
    assert ({r.v for r in rows if r.t == "k"}, {r.v for r in rows if r.t == "d"}) == expected
