"""The same compiled checks on Spark (local[2]) and on DuckDB give the same facts.

Needs the `spark` extra (pyspark) and Java; CI installs both (.ci/run). Without them the test is
skipped with the reason, never passed silently.
"""

from __future__ import annotations

import shutil
from pathlib import Path

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
    finally:
        spark.stop()
    for key in ("encoding", "delimiter"):
        duck.pop(key), sparked.pop(key)
    assert sparked == duck
    # and they are the facts the CSV gives, in row numbers of the Parquet file (header not counted)
    assert duck["suppressed"] == {"count": 2, "rows": [2, 4], "examples": ["J***@example.com", "J***@gmail.com"]}
    assert duck["by_country"]["FR"]["undeclared_country"]["count"] == 1
    assert duck["rows"] == 10
