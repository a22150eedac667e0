"""Run a contact list's checks in DuckDB (embedded; imported only when a campaign has a list).

One connection per list, in memory, with all cores (or ``threads``), a memory limit and a
temporary folder of its own that is removed afterwards. CSV is read by DuckDB's parallel reader
with the dialect :mod:`.contacts_csv` sniffed (every column as text, strict quoting, at most
``MAX_LINE_CHARS`` per line); Parquet and JSON Lines by their readers. DuckDB's own error texts
quote the offending line (personal data), so they never reach a finding: :func:`_csv_error`
keeps only the line number and the kind of problem.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import contact_ordered, contact_passes, contact_sql, contact_tally
from .contact_profiles import Mapping
from .contacts_csv import MAX_LINE_CHARS, ContactsError, CsvLayout, not_decodable

#: DuckDB's memory limit for one list; with the interpreter and DuckDB itself the process stays
#: under ~200 MB (bench/RESULTS.md). Sorting/grouping beyond it spills to the temporary folder.
MEMORY_LIMIT = "96MB"
#: the limit while the ordered plan builds its table, which spills to the temporary folder beyond
#: it: at 96 MB a 10M-row list peaked at 203-209 MB, at 72 MB at 176 MB, at the same speed. (The
#: suppression list, read before, keeps 96 MB: DuckDB needs it for rows of up to 768 fields.)
ORDERED_MEMORY_LIMIT = "72MB"
#: Parquet is decompressed a row group at a time per thread, so its memory grows with the row
#: groups' size (Spark writes 128 MB groups), not with the rows: 96 MB ran out on 1M-row groups
COLUMNAR_MEMORY_LIMIT = "384MB"
PROGRESS_SECONDS = 0.5
#: CSV lists from this size run :mod:`.contact_ordered`'s two statements (on all threads); smaller
#: ones the single statement of :func:`.contact_passes.query_for`
ORDERED_MIN_BYTES = 1 << 20
#: from this size the first PREFIX_ROWS records are tallied first (contact_ordered.wanted_addresses):
#: below it the addresses of all flagged rows fit in memory, and the prefix's statement (about
#: 0.15 s, mostly planning) would cost more than it saves
PREFIX_MIN_BYTES = 192 << 20
PREFIX_ROWS = 16_384
#: suppressed whole domains up to this many are tested as a list in each row
LISTED_DOMAINS = 64
#: DuckDB's CSV read buffer (default 32 MB a thread); 4 MB keeps memory down at no cost in speed
BUFFER_BYTES = 4 * MAX_LINE_CHARS


@dataclass
class Outcome:
    """The query's groups: (bucket, row count, last record number, {fact: (count, [(n, x), ...])})."""

    groups: list[contact_ordered.Group]


def connect(threads: int | None, scratch: str, memory_limit: str = MEMORY_LIMIT) -> Any:
    import duckdb

    con = duckdb.connect(":memory:", config={"threads": max(1, threads or os.cpu_count() or 1)})
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute(f"SET temp_directory = {contact_sql.quote_literal(scratch)}")
    con.execute("SET preserve_insertion_order = true")  # row_number() OVER () is the file's order
    con.execute("SET enable_progress_bar = false")
    return con


def csv_source(layout: CsvLayout, parallel: bool = True, numbered: bool = True, limit: int | None = None) -> str:
    """``src`` for a sniffed CSV: its body, every column as text, numbered in file order (or, for
    the ordered plan, which numbers rows by its insert, with a placeholder ``n``).

    Short rows are padded with NULL (as the csv module's reader left them short); DuckDB's
    parallel reader cannot pad rows when a quoted field spans lines, so such a file is read again
    with ``parallel = false`` (see :func:`check`)."""
    names = [f"c{i}" for i in range(len(layout.header))]
    columns = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
    delimiter = contact_sql.quote_literal(layout.delimiter)
    number = "row_number() OVER ()" if numbered else "0"
    if limit is not None:
        return f"SELECT {number} AS n, * FROM (SELECT * FROM ({csv_source(layout, parallel, False)}) LIMIT {int(limit)})"
    return (
        f"SELECT {number} AS n, * FROM read_csv({contact_sql.quote_literal(str(layout.path))}, "
        f"delim = {delimiter}, quote = '\"', escape = '\"', header = false, skip = {layout.header_line}, "
        f"auto_detect = false, columns = {columns}, null_padding = true, nullstr = chr(10), allow_quoted_nulls = false, "
        f"max_line_size = {MAX_LINE_CHARS}, buffer_size = {BUFFER_BYTES}, "
        f"encoding = 'utf-8', parallel = {'true' if parallel else 'false'})"
    )


def describe(con: Any, relation: str) -> list[str]:
    """Column names of a Parquet or JSON Lines relation."""
    return [str(row[0]) for row in con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()]


def columnar_source(con: Any, path: Path, fmt: str) -> tuple[str, list[str]]:
    """(``src``, column names) for Parquet (numbered by file row) or JSON Lines (by line)."""
    literal = contact_sql.quote_literal(str(path))
    relation = (
        f"read_parquet({literal}, file_row_number = true)"
        if fmt == "parquet"
        else f"read_json({literal}, format = 'newline_delimited', maximum_object_size = {MAX_LINE_CHARS})"
    )
    columns = [c for c in describe(con, relation) if not (fmt == "parquet" and c == "file_row_number")]
    casts = ", ".join(f"CAST({contact_sql.quote_ident(c)} AS VARCHAR) AS {contact_sql.quote_ident(c)}" for c in columns)
    number = "file_row_number + 1" if fmt == "parquet" else "row_number() OVER ()"
    return f"SELECT {number} AS n, {casts} FROM {relation}", columns


def run(con: Any, sql: str, names: list[str], path: Path, progress: Callable[[float], None] | None = None) -> Outcome:
    """Execute the compiled query; CSV errors become one-line :class:`ContactsError` messages."""
    return Outcome([group(tuple(row), names) for row in execute(con, sql, path, progress)])


def execute(con: Any, sql: str, path: Path, progress: Callable[[float], None] | None = None) -> list[Any]:
    """The rows of one statement; DuckDB's errors (which quote the line) become one-line messages."""
    import duckdb

    stop = threading.Event()
    watcher = _watch(con, progress, stop) if progress is not None else None
    try:
        rows = con.execute(sql).fetchall()
    except duckdb.Error as exc:
        problem = _error(con, exc, path)
        raise (problem.error if isinstance(problem, FieldCount) else problem) from None
    finally:
        stop.set()
        if watcher is not None:
            watcher.join()
    return list(rows)


def _error(con: Any, exc: Exception, path: Path) -> Exception:
    """The one-line error (or retry signal) for DuckDB's ``exc`` while reading the file at ``path``."""
    import duckdb

    if isinstance(exc, duckdb.OutOfMemoryException):
        limit = (con.execute("SELECT current_setting('memory_limit')").fetchone() or ("?",))[0]
        return ContactsError(f"cannot be checked within the memory limit ({limit})")
    text = str(exc)
    if "null_padding in conjunction with quoted new lines" in text:
        return _Serial()
    if "CSV Error" in text or isinstance(exc, duckdb.InvalidInputException):
        columns, line = _COLUMNS.search(text), _LINE.search(text)
        if columns and line:
            return FieldCount(int(columns.group(2)), int(line.group(1)), _csv_error(text, path))
        return _csv_error(text, path)
    return ContactsError("cannot be read as a contact list")


def execute_csv(con: Any, statement: Callable[[bool], str], path: Path) -> None:
    """Run ``statement(parallel)``, a statement that reads the CSV at ``path``, as :func:`run` does:
    again without the parallel reader where that one gives up, errors as one-line messages (a
    row wider than the columns read as :class:`FieldCount`)."""
    import duckdb

    for parallel in (True, False):
        try:
            con.execute(statement(parallel))
            return
        except duckdb.Error as exc:
            problem = _error(con, exc, path)
            if not (parallel and isinstance(problem, _Serial)):
                raise problem from None


class FieldCount(Exception):
    """A CSV row has ``found`` fields, more than the columns read (at ``line``); ``error`` says so."""

    def __init__(self, found: int, line: int, error: ContactsError) -> None:
        super().__init__(found, line)
        self.found, self.line, self.error = found, line, error


def group(row: tuple[Any, ...], names: list[str]) -> tuple[str | None, int, int, dict[str, tuple[int, list[tuple[int, str]]]]]:
    """One result row of the compiled query (DuckDB tuple or Spark Row, in select order)."""
    facts = {}
    for i, name in enumerate(names):
        count, first = row[3 + 2 * i], row[4 + 2 * i]
        facts[name] = (int(count or 0), [(int(item["n"]), str(item["x"] or "")) for item in (first or [])])
    return row[0], int(row[1]), int(row[2] or 0), facts


def _watch(con: Any, progress: Callable[[float], None], stop: threading.Event) -> threading.Thread:
    """Report DuckDB's query progress (a percentage) every PROGRESS_SECONDS until ``stop``."""

    def loop() -> None:
        while not stop.wait(PROGRESS_SECONDS):
            try:
                done = float(con.query_progress())
            except Exception:  # noqa: BLE001 - the query ended between the wait and the call
                return
            if done >= 0:
                progress(done)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    return thread


class _Serial(Exception):
    """The parallel CSV reader gave up (padding short rows around a quoted line break)."""


_LINE = re.compile(r"CSV Error on Line: (\d+)")
_COLUMNS = re.compile(r"Expected Number of Columns: (\d+) Found: (\d+)")


def _csv_error(message: str, path: Path) -> ContactsError:
    """A one-line message from DuckDB's CSV error, without any of the line's content."""
    match = _LINE.search(message)
    line = int(match.group(1)) if match else 0
    where = f" at line {line}" if line else ""
    if "unicode" in message.lower() or "utf-8" in message.lower():
        return not_decodable(path, "utf-8", line)
    if "Maximum line size" in message:
        return ContactsError(f"has a line longer than {MAX_LINE_CHARS:,} characters (line {line})")
    if "unterminated quote" in message:
        return ContactsError(f"is not valid CSV{where} (a quoted field is not closed)")
    columns = _COLUMNS.search(message)
    if columns:
        return ContactsError(f"is not valid CSV{where} (more fields than the header's {columns.group(1)})")
    return ContactsError(f"is not valid CSV{where}")


def _ordered(con: Any, spec: contact_sql.QuerySpec, layout: CsvLayout, path: Path, progress: Callable[[float], None] | None) -> Outcome | None:
    """:mod:`.contact_ordered`'s statements (rows numbered on all threads), serial CSV reading
    when the parallel reader gives up; None when DuckDB would not keep the file's order.

    A big list's first :data:`PREFIX_ROWS` records are tallied first (one thread, a window): the
    checks that have their first rows there need no addresses kept in the big table."""
    names = contact_sql.fact_names(spec.data)
    if spec.suppression:
        spec = replace(spec, suppressed_domains=_few_domains(con))
    if not contact_ordered.fits(spec):
        return None
    con.execute(f"SET memory_limit = '{ORDERED_MEMORY_LIMIT}'")
    prefix = None
    keep = "bits <> 0"
    if path.stat().st_size >= PREFIX_MIN_BYTES:
        try:
            prefix = run(con, contact_passes.tally_query(spec, csv_source(layout, limit=PREFIX_ROWS)), names, path, None)
        except _Serial:
            prefix = run(con, contact_passes.tally_query(spec, csv_source(layout, parallel=False, limit=PREFIX_ROWS)), names, path, None)
        if sum(count for _, count, _, _ in prefix.groups) < PREFIX_ROWS:
            return prefix  # the whole list
        keep = contact_ordered.wanted_addresses(spec, prefix.groups)
    con.execute(contact_ordered.KEEP_ORDER)
    try:
        statement = contact_ordered.rows_statement(spec, csv_source(layout, numbered=False), keep)
        if not contact_ordered.keeps_order(con.execute(f"EXPLAIN {statement}").fetchall()):
            return None
        try:
            execute(con, statement, path, progress)
        except _Serial:
            con.execute(f"DROP TABLE IF EXISTS {contact_ordered.ROWS_TABLE}")
            execute(con, contact_ordered.rows_statement(spec, csv_source(layout, parallel=False, numbered=False), keep), path, progress)
    finally:
        con.execute(contact_ordered.RESET_ORDER)
    groups, wanted = contact_tally.groups_from(spec, execute(con, contact_tally.grouped_statement(spec), path))
    shown = {int(n): str(x or "") for n, x in execute(con, contact_tally.shown_statement(spec, wanted), path)} if wanted else {}
    groups = contact_tally.with_shown(groups, shown)
    return Outcome(groups if prefix is None else contact_ordered.with_prefix_examples(groups, prefix.groups, spec.sample))


def _few_domains(con: Any) -> tuple[str, ...] | None:
    """The suppressed whole domains when there are at most LISTED_DOMAINS (tested in the row, no
    hash kept per row), else None."""
    table = contact_sql.DOMAINS_TABLE
    if (con.execute(f"SELECT count(*) FROM {table}").fetchone() or (0,))[0] > LISTED_DOMAINS:
        return None
    return tuple(sorted(str(row[0]) for row in con.execute(f"SELECT DISTINCT domain FROM {table} WHERE domain IS NOT NULL").fetchall()))


def scratch_dir() -> str:
    return tempfile.mkdtemp(prefix="outreach-lint-duckdb-")


def remove(folder: str) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def check(
    spec_for: Callable[[list[str], list[str]], contact_sql.QuerySpec],
    fmt: str,
    path: Path,
    threads: int | None,
    suppression: Callable[[Any], None] | None,
    progress: Callable[[float], None] | None,
    mapping_holder: list[tuple[Mapping, list[str]]],
    layout: CsvLayout | None,
) -> Outcome:
    """Connect, build the suppression tables (``suppression(con)``) and ``src`` (CSV from
    ``layout``, else Parquet/JSON Lines), run, clean up."""
    scratch = scratch_dir()
    try:
        con = connect(threads, scratch, MEMORY_LIMIT if layout is not None else COLUMNAR_MEMORY_LIMIT)
        try:
            if suppression is not None:
                suppression(con)
            if layout is not None:
                relation, columns = csv_source(layout), [f"c{i}" for i in range(len(layout.header))]
                header = list(layout.header)
            else:
                import duckdb

                try:
                    relation, columns = columnar_source(con, path, fmt)
                except duckdb.Error:
                    raise ContactsError(f"cannot be read as {'Parquet' if fmt == 'parquet' else 'JSON Lines'}") from None
                header = columns
            spec = spec_for(header, columns)
            mapping_holder.append((spec.mapping, header))
            size = path.stat().st_size
            if layout is not None and size >= ORDERED_MIN_BYTES:
                outcome = _ordered(con, spec, layout, path, progress)
                if outcome is not None:
                    return outcome
            sql = contact_passes.query_for(spec, relation, size)
            try:
                return run(con, sql, contact_sql.fact_names(spec.data), path, progress)
            except _Serial:
                assert layout is not None
                sql = contact_passes.query_for(spec, csv_source(layout, parallel=False), size)
                return run(con, sql, contact_sql.fact_names(spec.data), path, progress)
        finally:
            con.close()
    finally:
        remove(scratch)
