"""``outreach-lint contacts-sql``: print the contact checks of a campaign as one SQL query.

For a data team whose list lives in a warehouse: the query is the one the linter runs in DuckDB
(compiled from rules/data/contact-checks.yaml for the campaign's countries and the list's column
profile), transpiled to Snowflake, BigQuery or Spark SQL. It reads the list from ``--table`` and
raw suppression entries from ``--suppression-table`` (column ``email``), and returns one row per
country bucket with ``row_count``, and per check ``<fact>__count`` and ``<fact>__first`` (the first
rows as (n, x): the row number and the masked address).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from ..facts import contact_profiles, contact_sql
from .exits import fail

if TYPE_CHECKING:
    from ..campaign_types import Campaign


def _campaign(path: Path) -> dict[str, Any]:
    from ..loader import load_bytes

    try:
        loaded = load_bytes(path.read_bytes(), str(path))
    except Exception as exc:  # the loader's errors are one line already
        raise fail(f"{path}: {exc}") from None
    if not isinstance(loaded.data, dict):
        raise fail(f"{path}: not a campaign (a mapping)")
    return loaded.data


def _header(listing: Any, base: Path) -> list[str]:
    """The list's header, read from the file the campaign names (CSV, Parquet, JSON Lines)."""
    from ..facts import contacts_csv
    from ..facts.contacts import COLUMNAR

    path_value = listing.get("path") if isinstance(listing, dict) else listing
    if not isinstance(path_value, str):
        raise fail("the campaign names no list file to read the header from; pass --columns")
    path = base / path_value
    fmt = (listing.get("format") if isinstance(listing, dict) else None) or COLUMNAR.get(path.suffix.lower(), "csv")
    import duckdb

    try:
        if fmt == "csv":
            layout = contacts_csv.layout(path, listing.get("encoding") if isinstance(listing, dict) else None)
            layout.cleanup()
            return layout.header
        reader = "read_parquet" if fmt == "parquet" else "read_json"
        described = duckdb.connect().execute(f"DESCRIBE SELECT * FROM {reader}({contact_sql.quote_literal(str(path))})")
        return [str(r[0]) for r in described.fetchall()]
    except (OSError, duckdb.Error, contacts_csv.ContactsError) as exc:
        raise fail(f"{path}: {exc}; pass --columns") from None


@click.command("contacts-sql")
@click.argument("campaign", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dialect", type=click.Choice(contact_sql.DIALECTS), default="duckdb", show_default=True)
@click.option("--table", default="contacts", show_default=True, help="The table that holds the list.")
@click.option(
    "--suppression-table",
    default="suppression_list",
    show_default=True,
    help="The table of suppression entries (column email; '@domain' rows block a domain); 'none' for none.",
)
@click.option("--row-id", default=None, help="A column that orders the rows (row numbers follow it).")
@click.option("--columns", default=None, help="The list's column names, comma-separated (instead of reading the file's header).")
@click.option("--show-pii", is_flag=True, help="Return addresses unmasked in the first rows.")
def contacts_sql_command(campaign: Path, dialect: str, table: str, suppression_table: str, row_id: str | None, columns: str | None, show_pii: bool) -> None:
    """Print the contact checks of CAMPAIGN as one SQL query for a warehouse or Spark."""
    from ..normalize import normalise
    from ..rulepack import load_pack

    raw = _campaign(campaign)
    pack = load_pack()
    document = normalise(cast("Campaign", raw), pack.country_groups, dt.date.today(), pack.sets.get("DNC_COUNTRIES", frozenset()))
    audience = raw.get("audience")
    listing = audience.get("contacts") if isinstance(audience, dict) else None
    header = [c.strip() for c in columns.split(",")] if columns else _header(listing, campaign.parent)
    spec_in = listing if isinstance(listing, dict) else {}
    try:
        mapping = contact_profiles.resolve(header, pack.contact_data["profiles"], spec_in.get("profile"), spec_in.get("columns"))
    except contact_profiles.ProfileError as exc:
        raise fail(f"{campaign}: audience.contacts {exc}") from None
    declared = frozenset(str(c).upper() for c in document.get("facts", {}).get("countries", []))
    use_suppression = suppression_table.lower() != "none"
    spec = contact_sql.QuerySpec(mapping, tuple(header), declared, 5, show_pii, use_suppression, data=pack.contact_data)
    order = f"ORDER BY {contact_sql.quote_ident(row_id)}" if row_id else ""
    source = f"SELECT *, row_number() OVER ({order}) AS n FROM {table}"
    sql = contact_sql.compile_query(spec, source, dialect, suppression_table if use_suppression else None)
    click.echo(
        f"-- outreach-lint contact checks for {campaign.name} (profile {mapping.profile}; countries "
        f"{', '.join(sorted(declared)) or 'none declared'}); one row per country bucket.\n"
        + ("" if row_id else "-- Row numbers follow the scan order; pass --row-id COLUMN for stable ones.\n")
        + sql
        + ";"
    )
