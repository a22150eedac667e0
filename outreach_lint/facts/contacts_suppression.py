"""The campaign's suppression list, read by DuckDB into the two tables the contact query reads.

Python only sniffs (:func:`contacts_csv.layout`: encoding, delimiter, a UTF-8 copy of a UTF-16
file) and reads the first rows: which column holds the address is decided from the first row
that is not blank, a ``#`` comment or Excel's ``sep=`` line (the generic column profile; a first
row without '@' or '.' in any cell is a header too). DuckDB reads the whole file (every column
as text, strict quoting, at most ``MAX_LINE_CHARS`` a line) and builds
``ol_suppressed_keys(key)`` and ``ol_suppressed_domains(domain)`` in SQL: per row the cells
trimmed (what Python's ``str.strip`` removes) and in lower case; comment, ``sep=`` and blank rows
skipped anywhere; the address column's cell, or, where a row has no such cell (or the list no
header), its first cell with an '@', else its first cell; then :func:`suppression_sql.suppression_selects`
(the one definition of keys and domains, shared with the warehouse query).

DuckDB's error texts quote the line (personal data): they go through
:func:`contacts_duckdb.csv_error`, which keeps the line number and the kind of problem.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from . import contact_profiles, contact_sql, suppression_sql
from .contact_profiles import ContactData
from .contacts_csv import MAX_LINE_CHARS, SNIFF_BYTES, ContactsError, CsvLayout, layout, not_decodable, uniform_newlines
from .references import check_file

#: What Python's ``str.strip()`` removes (the characters for which ``str.isspace()`` holds): a
#: cell is trimmed of exactly these, as the csv-module reader of the list did (a test checks the set)
WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_SPACES = "".join(f"\\x{{{ord(c):x}}}" for c in WHITESPACE)  # the class's contents in RE2
#: the relation of entries (one normalised cell a row) the two tables are built from
ENTRIES_TABLE = "ol_suppression_entries"
#: more fields than this in a row: the list is refused (DuckDB needs the number of columns up front)
MAX_FIELDS = 768


@dataclass
class SuppressionSource:
    """What DuckDB needs to read a suppression list: the sniffed layout, the address column
    (-1: none), how many columns to read, and whether the first row (a header) is left out."""

    path: Path
    layout: CsvLayout
    column: int
    width: int
    skip_first: bool

    def cleanup(self) -> None:
        self.layout.cleanup()


def prepare(path: Path, data: ContactData) -> SuppressionSource:
    """Sniff the list at ``path`` and decide its address column (see the module docstring)."""
    check_file(path)
    sniffed = uniform_newlines(layout(path))
    try:
        first, width = _first_row(path, sniffed)
    except BaseException:
        sniffed.cleanup()
        raise
    column, skip_first = -1, False
    if first:
        found = contact_profiles.resolve(first, data["profiles"], "generic").fields.get("email")
        column = found.positions[0] if found is not None else -1
        cells = [cell.strip().lower() for cell in first]
        # a header row is left out where its address cell could count as an entry (a header
        # without '@' or '.' in that cell, or without an address column, adds nothing)
        skip_first = column >= 0 and ("@" in cells[column] or "." in cells[column])
    return SuppressionSource(path, sniffed, column, max(width, len(first), 1), skip_first)


def _first_row(path: Path, sniffed: CsvLayout) -> tuple[list[str], int]:
    """The first row that is not blank, a comment or ``sep=``, and the most fields of a row in the
    first ``SNIFF_BYTES`` (DuckDB reads that many columns; a wider row further down reads again)."""
    with sniffed.path.open("rb") as raw:
        head = raw.read(SNIFF_BYTES).decode("utf-8", errors="ignore")
    width = 1
    reader = csv.reader(io.StringIO(head, newline=""), delimiter=sniffed.delimiter)
    try:
        for row in reader:
            if len(row) > MAX_FIELDS:
                raise too_wide(reader.line_num)
            width = max(width, len(row))
    except csv.Error:
        pass
    limit = csv.field_size_limit(MAX_LINE_CHARS)  # as DuckDB reads the rest: lines are limited, cells not
    with sniffed.path.open("r", encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(bounded_lines(handle), delimiter=sniffed.delimiter)
        try:
            for row in reader:
                cells = [cell.strip().lower() for cell in row]
                if any(cells) and not cells[0].startswith(("#", "sep=")):
                    return row, width
        except csv.Error as exc:
            raise ContactsError(f"is not valid CSV at line {reader.line_num} ({exc})") from None
        except UnicodeDecodeError:
            raise not_decodable(path, sniffed.encoding, reader.line_num + 1) from None
        finally:
            csv.field_size_limit(limit)
    return [], width


def too_wide(line: int) -> ContactsError:
    return ContactsError(f"has more than {MAX_FIELDS:,} fields in a row (line {line})")


def bounded_lines(handle: IO[str]) -> Iterator[str]:
    """The lines of ``handle``; a line longer than ``MAX_LINE_CHARS`` is an error naming it."""
    number = 0
    while True:
        line = handle.readline(MAX_LINE_CHARS)
        if not line:
            return
        number += 1
        if len(line) >= MAX_LINE_CHARS and not line.endswith(("\n", "\r")):
            raise ContactsError(f"has a line longer than {MAX_LINE_CHARS:,} characters (line {number})")
        yield line


def entries_sql(source: SuppressionSource, parallel: bool = True) -> str:
    """The SELECT of the list's entries (column ``v``: the chosen cell, trimmed, lower case)."""
    sniffed, width = source.layout, source.width
    names = [f"c{i}" for i in range(width)]
    columns = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
    # nullstr is a line break, which no unquoted cell can be, and quoted cells are never NULL:
    # a NULL cell is one the row does not have (null_padding), an empty cell is ''
    read = (
        f"read_csv({contact_sql.quote_literal(str(sniffed.path))}, delim = {contact_sql.quote_literal(sniffed.delimiter)}, "
        f"quote = '\"', escape = '\"', header = false, auto_detect = false, columns = {columns}, null_padding = true, "
        f"nullstr = chr(10), allow_quoted_nulls = false, max_line_size = {MAX_LINE_CHARS}, encoding = 'utf-8', "
        f"parallel = {'true' if parallel else 'false'})"
    )
    # the first cell, trimmed and lowered, starts with '#' or 'sep=' (only S, E, P lower to s, e, p)
    skipped = f"regexp_matches(c0, {contact_sql.quote_literal(f'^[{_SPACES}]*(?:#|[sS][eE][pP]=)')})"
    # a cell's '@' does not depend on trimming or case: only the chosen cell is normalised, and
    # the fallback (first cell with an '@', else the first) runs only for the rows that need it
    fallback = "CASE " + " ".join(f"WHEN strpos({n}, '@') > 0 THEN {n}" for n in names) + " ELSE c0 END"
    chosen = f"CASE WHEN c{source.column} IS NOT NULL THEN c{source.column} ELSE {fallback} END" if source.column >= 0 else fallback
    value = f"lower({trimmed(chosen)})"
    if not source.skip_first:
        # a blank row (every cell empty after trimming) gives no entry either way: no test for it
        return f"SELECT {value} AS v FROM {read} WHERE NOT coalesce({skipped}, false)"
    # the first row that is not skipped nor blank is the header: found by its number in the file
    blank = trimmed("concat(" + ", ".join(names) + ")") + " = ''"
    rows = f"SELECT row_number() OVER () AS n, * FROM {read}"
    return (
        f"WITH cells AS ({rows}), kept AS (SELECT * FROM cells WHERE NOT coalesce({skipped}, false) AND NOT {blank}) "
        f"SELECT {value} AS v FROM kept WHERE n > (SELECT min(n) FROM kept)"
    )


def trimmed(cell: str) -> str:
    """SQL for ``cell`` without leading and trailing :data:`WHITESPACE` (a regular expression of
    code points: DuckDB's ``trim(s, characters)`` with these took five times as long; a new string
    only for the cells that need one)."""
    ends = contact_sql.quote_literal(f"^[{_SPACES}]|[{_SPACES}]$")
    trim = f"regexp_replace({cell}, {contact_sql.quote_literal(f'^[{_SPACES}]+|[{_SPACES}]+$')}, '', 'g')"
    return f"CASE WHEN regexp_matches({cell}, {ends}) THEN {trim} ELSE {cell} END"


def load_tables(con: Any, source: SuppressionSource, data: ContactData) -> None:
    """Create ``ol_suppressed_keys`` and ``ol_suppressed_domains`` on ``con`` from the list."""
    from .contacts_duckdb import FieldCount, execute_csv

    def create(parallel: bool) -> str:
        return f"CREATE OR REPLACE TEMP TABLE {ENTRIES_TABLE} AS {entries_sql(source, parallel)}"

    while True:
        try:
            execute_csv(con, create, source.path)
            break
        except FieldCount as wider:  # a row wider than the first rows: read again with more columns
            if source.width >= MAX_FIELDS:  # (DuckDB counts up to one field more than it reads)
                raise too_wide(wider.line) from None
            source.width = min(max(wider.found, 2 * source.width), MAX_FIELDS)
    keys, domains = suppression_sql.suppression_selects(ENTRIES_TABLE, "v", data)
    # distinct, as the Python sets were: the contact query may count the domains (few are tested
    # as a list in each row) and hashes the keys once each
    con.execute(f"CREATE TEMP TABLE {contact_sql.KEYS_TABLE} AS SELECT DISTINCT key FROM ({keys})")
    con.execute(f"CREATE TEMP TABLE {contact_sql.DOMAINS_TABLE} AS SELECT DISTINCT domain FROM ({domains})")
    con.execute(f"DROP TABLE {ENTRIES_TABLE}")


def read_sets(path: Path, data: ContactData, threads: int | None = None) -> tuple[frozenset[str], frozenset[str]]:
    """(match keys, whole domains) of the list at ``path``, for an engine that gets them as values (Spark)."""
    from . import contacts_duckdb

    source = prepare(path, data)
    scratch = contacts_duckdb.scratch_dir()
    try:
        con = contacts_duckdb.connect(threads, scratch)
        try:
            load_tables(con, source, data)
            keys = con.execute(f"SELECT key FROM {contact_sql.KEYS_TABLE}").fetchall()
            domains = con.execute(f"SELECT domain FROM {contact_sql.DOMAINS_TABLE}").fetchall()
        finally:
            con.close()
    finally:
        source.cleanup()
        contacts_duckdb.remove(scratch)
    return frozenset(str(k) for (k,) in keys), frozenset(str(d) for (d,) in domains)
