"""What a suppression-list entry blocks, in SQL: the one definition of its match key and domain.

DuckDB builds the suppression tables from a list file with it (:mod:`.contacts_suppression`),
a warehouse from a table in the query :mod:`.contact_sql` compiles (:func:`suppression_ctes`).
The contact query compares each row's key (``email_key_suppressed``) and canonical domain
against the two tables.
"""

from __future__ import annotations

from .contact_profiles import ContactData
from .sql_text import in_list, quote_ident, quote_literal

#: the suppression tables the query reads (built from the campaign's suppression list)
KEYS_TABLE, DOMAINS_TABLE = "ol_suppressed_keys", "ol_suppressed_domains"


def _aliased(expr: str, aliases: dict[str, str]) -> str:
    """``expr`` with a domain alias (``googlemail.com`` -> ``gmail.com``) replaced by its domain."""
    if not aliases:
        return expr
    cases = " ".join(f"WHEN {quote_literal(a)} THEN {quote_literal(b)}" for a, b in sorted(aliases.items()))
    return f"CASE {expr} {cases} ELSE {expr} END"


def suppression_selects(relation: str, column: str, data: ContactData) -> tuple[str, str]:
    """(keys, domains): the two SELECTs that turn a relation of suppression entries into the
    suppression tables, ``key`` and ``domain``. ``column`` holds each entry trimmed and in lower
    case. The one definition of a suppression entry (DuckDB builds the tables from a list file with
    it, :mod:`.contacts_suppression`; warehouses from a table, :func:`suppression_ctes`):

    - ``@domain`` blocks the domain (its alias applied); a bare ``domain`` (a dot, no '@', no
      space) blocks it as written;
    - any other entry with '@' is an address whose match key the query compares
      (``email_key_suppressed``): the local part (before the last '@') up to its first '+' (most
      mail servers deliver ``john+news@`` to ``john@``: for a do-not-contact check a false match is
      a row to look at, a miss a message to someone who objected), without dots where the domain
      ignores them (``DOT_INSENSITIVE_DOMAINS``), '@', the domain without trailing dots, aliased.
    """
    v = quote_ident(column)
    tail = f"split_part({v}, '@', -1)"  # after the last '@' (code points; Spark and Snowflake count -1 from the end too)
    # rtrim with characters is slow in DuckDB: only for the rare domain that ends in '.'
    dotless = "CASE WHEN tail LIKE '%.' THEN rtrim(tail, '.') ELSE tail END"
    base = "split_part(left(v, length(v) - length(tail) - 1), '+', 1)"
    local = f"CASE WHEN {in_list('canon', data['sets']['DOT_INSENSITIVE_DOMAINS'])} THEN replace(base, '.', '') ELSE base END"
    keys = (
        f"SELECT {local} || '@' || canon AS key FROM (SELECT base, {_aliased('dom', data['domain_aliases'])} AS canon FROM "
        f"(SELECT {base} AS base, {dotless} AS dom FROM "
        f"(SELECT {v} AS v, {tail} AS tail FROM {relation} WHERE strpos({v}, '@') > 1) AS entries) AS parts) AS aliased"
    )
    domain = f"CASE WHEN strpos({v}, '@') = 1 THEN {_aliased(f'substr({v}, 2)', data['domain_aliases'])} ELSE {v} END"
    bare = f"(strpos({v}, '@') = 0 AND strpos({v}, '.') > 0 AND strpos({v}, ' ') = 0)"
    domains = f"SELECT {domain} AS domain FROM {relation} WHERE strpos({v}, '@') = 1 OR {bare}"
    return keys, domains


def suppression_ctes(table: str, data: ContactData, column: str = "email") -> str:
    """CTEs that build the two suppression tables in the query from a warehouse table of raw
    entries (``column``, trimmed and lowered here), by :func:`suppression_selects`."""
    keys, domains = suppression_selects("ol_suppression_entries", "v", data)
    return (
        f"ol_suppression_entries AS (\n  SELECT lower(trim({quote_ident(column)})) AS v FROM {table}\n),\n"
        f"{KEYS_TABLE} AS (\n  {keys}\n),\n{DOMAINS_TABLE} AS (\n  {domains}\n),\n"
    )
