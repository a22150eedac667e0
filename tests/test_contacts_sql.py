"""`outreach-lint contacts-sql`: the campaign's contact checks as one query per dialect."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import FIXTURES, run_cli
from .packdata import check_contacts

CAMPAIGN = FIXTURES / "rules" / "OL133" / "trip-suppressed-and-unsubscribed-rows.yaml"
LISTS = CAMPAIGN.parent / "lists"


@pytest.mark.parametrize("dialect", ["duckdb", "spark", "snowflake", "bigquery"])
def test_prints_a_query_that_parses_in_its_dialect(dialect: str) -> None:
    import sqlglot

    code, out, err = run_cli("contacts-sql", "--dialect", dialect, str(CAMPAIGN))
    assert code == 0, err
    assert out.startswith("-- outreach-lint contact checks for trip-suppressed-and-unsubscribed-rows.yaml (profile generic; countries AT, DE)")
    sqlglot.parse_one(out.rstrip().rstrip(";"), read=dialect)
    assert "suppressed__count" in out


def test_the_duckdb_query_on_warehouse_tables_gives_the_linters_counts() -> None:
    import duckdb

    _, out, _ = run_cli("contacts-sql", "--dialect", "duckdb", str(CAMPAIGN))
    con = duckdb.connect()
    con.execute(f"CREATE TABLE contacts AS SELECT * FROM read_csv('{LISTS / 'spring.csv'}', all_varchar = true)")
    con.execute(f"CREATE TABLE suppression_list AS SELECT * FROM read_csv('{LISTS / 'do-not-contact.csv'}', all_varchar = true)")
    cursor = con.execute(out)
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row)) for row in cursor.fetchall()]
    facts = check_contacts(LISTS / "spring.csv", declared_countries=frozenset({"DE", "AT"}), suppression_path=LISTS / "do-not-contact.csv")
    for fact in ("suppressed", "unsubscribed", "missing_consent", "freemail", "role_address"):
        assert sum(r[f"{fact}__count"] for r in rows if r["bucket"] is not None) == facts[fact]["count"], fact
    assert sum(r["row_count"] for r in rows if r["bucket"] is not None) == facts["rows"]


def test_columns_option_when_the_list_is_elsewhere(tmp_path: Path) -> None:
    campaign = tmp_path / "c.yaml"
    campaign.write_text("campaign: c\nchannel: email\naudience:\n  countries: [DE]\n  contacts: {engine: spark, table: crm.leads, profile: hubspot}\n", "utf-8")
    code, out, err = run_cli(
        "contacts-sql",
        "--dialect",
        "spark",
        "--columns",
        "Record ID,Email,Unsubscribed from all email",
        "--suppression-table",
        "none",
        "--row-id",
        "Record ID",
        str(campaign),
    )
    assert code == 0, err
    assert "profile hubspot" in out and "`Unsubscribed from all email`" in out and "ORDER BY `Record ID`" in out


def test_a_list_it_cannot_read_asks_for_columns(tmp_path: Path) -> None:
    campaign = tmp_path / "c.yaml"
    campaign.write_text("campaign: c\naudience:\n  contacts: missing.csv\n", "utf-8")
    code, _, err = run_cli("contacts-sql", str(campaign))
    assert code == 2 and "pass --columns" in err  # a usage problem: exit 2 as SPEC §4 says


def test_usage_problems_are_exit_2_with_one_line(tmp_path: Path) -> None:
    no_list = tmp_path / "no-list.yaml"
    no_list.write_text("campaign: c\naudience: {countries: [US]}\n", "utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("campaign: [unclosed\n", "utf-8")
    for campaign, says in ((no_list, "names no list file"), (broken, str(broken))):
        code, out, err = run_cli("contacts-sql", str(campaign))
        assert (code, out) == (2, "")
        assert err.startswith("outreach-lint: error: ") and says in err and err.count("\n") == 1


def test_the_bigquery_query_has_no_split_part_and_splits_as_duckdb_does() -> None:
    """BigQuery has no SPLIT_PART (sqlglot wrote it as it was): the query splits with SPLIT and
    SAFE_ORDINAL instead; read back into DuckDB it gives split_part's parts, '' past the end and
    NULL for NULL."""
    import duckdb
    import sqlglot

    code, out, err = run_cli("contacts-sql", "--dialect", "bigquery", "--suppression-table", "crm.dnc", str(CAMPAIGN))
    assert code == 0, err
    assert "SPLIT_PART" not in out.upper() and "SAFE_ORDINAL" in out
    from outreach_lint.facts.bigquery_sql import transpile

    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT unnest(['a@b@c', '', NULL, 'abc', 'a+b@x.y', '@', 'x.', 'ä@ö.example']) AS x")
    query = "SELECT split_part(x, '@', -1), split_part(x, '+', 1), split_part(x, '.', 2) FROM t"
    back = sqlglot.transpile(transpile(query), read="bigquery", write="duckdb")[0]
    assert con.execute(back).fetchall() == con.execute(query).fetchall()
