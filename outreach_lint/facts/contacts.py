"""Row-level facts from a contact list, checked against the campaign's claims (SPEC section 5).

:func:`check_contacts` reads a CSV (as Excel writes it too), Parquet or JSON Lines list with
DuckDB (:mod:`.contacts_duckdb`): the columns come from the export's profile
(:mod:`.contact_profiles`), the checks from ``rules/data/contact-checks.yaml`` compiled to one
query (:mod:`.contact_sql`). The result keeps, per fact, ``{count, rows, examples}``: the count,
the first ``sample`` row numbers (the line where the record starts, header = line 1; for
Parquet the 1-based row) and the masked addresses of those rows (``j***@example.com``) unless
``show_pii``; the same per country in ``by_country`` (the row's country column as an ISO code,
else the campaign's single country, else ``??``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from . import contact_profiles, contact_sql
from .contact_profiles import CONSENT_COLUMNS, ContactData, Mapping, ProfileError
from .contacts_csv import MAX_LINE_CHARS, ContactsError, ContactsUndecodable, CsvLayout, layout, lines_of, uniform_newlines
from .references import check_file

__all__ = [
    "MAX_LINE_CHARS",
    "ContactsError",
    "ContactsUndecodable",
    "SuppressionListError",
    "ListSpec",
    "check_contacts",
    "mask_email",
    "CONSENT_COLUMNS",
    "TALLIES",
]

#: The facts each list gets (one per check in contact-checks.yaml), each ``{count, rows, examples}``.
TALLIES = ("missing_consent", "suppressed", "unsubscribed", "bounced", "undeclared_country", "freemail", "sole_trader", "role_address", "invalid_email")
#: Distinct undeclared countries listed in ``undeclared_country.countries``.
MAX_COUNTRIES = 50
#: Lists smaller than this get no progress display (they take well under a second).
PROGRESS_MIN_BYTES = 8 << 20
T = TypeVar("T")
COLUMNAR = {".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl"}


class SuppressionListError(ContactsError):
    """The suppression list, not the contacts file, is what cannot be read."""


@dataclass(frozen=True)
class ListSpec:
    """How a campaign describes its list beyond the path (``audience.contacts`` as a mapping)."""

    profile: str | None = None
    columns: dict[str, Any] = field(default_factory=dict)
    encoding: str | None = None
    format: str | None = None


# -- addresses ---------------------------------------------------------------


def mask_email(address: str) -> str:
    """``john.doe@example.com`` -> ``j***@example.com``; a cell without an address -> ``***``
    (:func:`outreach_lint.masking.mask_address`: never a name or a number from the same cell).
    The query masks with the same rule in SQL (contact_sql, the ``x`` column)."""
    from ..masking import mask_address

    return mask_address(address)


# -- checking a list ---------------------------------------------------------


def check_contacts(
    path: Path,
    data: ContactData,
    *,
    declared_countries: frozenset[str] = frozenset(),
    suppression_path: Path | None = None,
    show_pii: bool = False,
    sample: int = 5,
    progress: Callable[[int, int], None] | None = None,
    threads: int | None = None,
    spec: ListSpec = ListSpec(),
) -> dict[str, Any]:
    """Facts about every row of the list at ``path`` (see the module docstring); ``data``: the pack's contact_data."""
    from . import contacts_duckdb

    check_file(path)
    declared = frozenset(c.upper() for c in declared_countries)
    fmt = spec.format or COLUMNAR.get(path.suffix.lower(), "csv")
    suppression = _Suppression(suppression_path, data) if suppression_path is not None else None
    csv_layout: CsvLayout | None = None
    mappings: list[tuple[Mapping, list[str]]] = []
    size = path.stat().st_size

    def spec_for(header: list[str], sql_columns: list[str]) -> contact_sql.QuerySpec:
        try:
            mapping = contact_profiles.resolve(header, data["profiles"], spec.profile, spec.columns)
        except ProfileError as exc:
            raise ContactsError(str(exc)) from None
        return contact_sql.QuerySpec(
            mapping, tuple(sql_columns), declared, sample, show_pii, suppression_path is not None, skip_blank=csv_layout is not None, data=data
        )

    shown = progress is not None and size >= PROGRESS_MIN_BYTES
    tick = (lambda percent: progress(-1, int(size * percent / 100))) if progress is not None and shown else None
    try:
        csv_layout = layout(path, spec.encoding) if fmt == "csv" else None
        try:
            outcome = contacts_duckdb.check(spec_for, fmt, path, threads, suppression, tick, mappings, csv_layout)
        except ContactsError:
            uniform = _uniform_copy(csv_layout)
            if uniform is None:
                raise
            csv_layout = uniform
            outcome = contacts_duckdb.check(spec_for, fmt, path, threads, suppression, tick, mappings, csv_layout)
        lines = _line_numbers(csv_layout, outcome.groups)
    finally:
        if csv_layout is not None:
            csv_layout.cleanup()
        if suppression is not None:
            suppression.close()
    result = assemble(outcome.groups, lines, sample)
    if progress is not None and shown:
        progress(result["rows"], size)
    mapping, header = mappings[0]
    result.update(describe_list(mapping, header))
    result["encoding"] = csv_layout.encoding if csv_layout is not None else fmt
    result["delimiter"] = csv_layout.delimiter if csv_layout is not None else ""
    return result


class _Suppression:
    """The campaign's suppression list, sniffed (:func:`contacts_suppression.prepare`, before the
    contact list is); called with the DuckDB connection it builds the two tables there. Either
    step's error is a :class:`SuppressionListError` with the same code (undecodable: OL008)."""

    def __init__(self, path: Path, data: ContactData) -> None:
        from . import contacts_suppression

        self.data = data
        self.source = _as_suppression_error(lambda: contacts_suppression.prepare(path, data))

    def __call__(self, con: Any) -> None:
        from . import contacts_suppression

        _as_suppression_error(lambda: contacts_suppression.load_tables(con, self.source, self.data))

    def close(self) -> None:
        self.source.cleanup()


def _as_suppression_error(step: Callable[[], T]) -> T:
    try:
        return step()
    except ContactsError as exc:
        problem = SuppressionListError(str(exc))
        problem.code = exc.code  # an undecodable suppression list stays OL008
        raise problem from None


def _uniform_copy(csv_layout: CsvLayout | None) -> CsvLayout | None:
    """After DuckDB refused a CSV list: a copy with LF ends when the file mixes CRLF and LF (Excel's
    line breaks inside the quoted cells of a CRLF export), else None (the refusal stands). Checked
    only after a failed read: the common file pays nothing."""
    uniform = uniform_newlines(csv_layout) if csv_layout is not None else None
    return None if uniform is None or uniform is csv_layout else uniform


def _line_numbers(csv_layout: CsvLayout | None, groups: list[Any]) -> dict[int, int] | None:
    """Record number -> line of the first rows the groups name (None for Parquet and JSON Lines)."""
    if csv_layout is None:
        return None
    records = max((last for _, _, last, _ in groups), default=0)
    wanted = [n for _, _, _, facts in groups for _, first in facts.values() for n, _ in first]
    return lines_of(csv_layout, records, wanted)


def describe_list(mapping: Mapping, header: list[str]) -> dict[str, Any]:
    """The list's shape: profile, canonical columns found, consent columns missing, headers seen."""
    return {
        "profile": mapping.profile,
        "columns": sorted(name for name in mapping.fields if name in contact_profiles.REPORTED),
        "missing_columns": [name for name in CONSENT_COLUMNS if name not in mapping.fields],
        "email_column": mapping.has("email"),
        "phone_column": mapping.has("phone"),
        "headers": [_safe_header(h) for h in header[:60]],
    }


def _safe_header(name: str) -> str:
    """A header as it may be shown: a cell that looks like an address or a number is data, not a name."""
    import re

    name = name.strip().strip("\ufeff")[:60]
    if "@" in name:
        return mask_email(name)
    return "***" if re.search(r"\d{5,}", name) else name


def assemble(groups: list[Any], lines: dict[int, int] | None, sample: int) -> dict[str, Any]:
    """Totals and ``by_country`` from the query's groups (record numbers turned into lines)."""

    def line(n: int) -> int:
        return lines.get(n, n) if lines is not None else n

    totals: dict[str, list[Any]] = {name: [0, []] for name in TALLIES}
    by_country: dict[str, dict[str, Any]] = {}
    rows = 0
    for bucket, count, _, facts in groups:
        if bucket is None:
            continue  # blank records
        rows += count
        entry: dict[str, Any] = {"rows": count}
        for name in TALLIES:
            number, first = facts[name]
            totals[name][0] += number
            totals[name][1].extend(first)
            entry[name] = _tally(number, first, sample, line)
        entry["undeclared_country"]["countries"] = [bucket] if facts["undeclared_country"][0] else []
        by_country[bucket] = entry
    result: dict[str, Any] = {"rows": rows}
    for name in TALLIES:
        result[name] = _tally(totals[name][0], totals[name][1], sample, line)
    undeclared = sorted(b for b, e in by_country.items() if e["undeclared_country"]["count"])
    result["undeclared_country"]["countries"] = undeclared[:MAX_COUNTRIES]
    result["by_country"] = dict(sorted(by_country.items()))
    return result


def _tally(count: int, first: list[tuple[int, str]], sample: int, line: Callable[[int], int]) -> dict[str, Any]:
    pairs = sorted(first)[:sample]
    return {"count": count, "rows": [line(n) for n, _ in pairs], "examples": [x for _, x in pairs if x]}
