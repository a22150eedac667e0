"""Optional columnar engine for the contacts fast path: pyarrow (``pip install outreach-lint[fast]``).

:mod:`.contacts_fast` hands each block's quote-free lines here when pyarrow is installed. pyarrow
splits them (no quoting: exactly ``str.split``) and converts only the needed columns; the checks
run as pyarrow compute kernels, so no Python object is made per row. Whatever depends on Python's
own string rules is decided in Python once per *distinct* value (flags, countries, domains,
short consent values) and looked up with ``is_in``/``take``. Addresses with non-ASCII characters
(where pyarrow's case and space rules could differ from Python's) are checked by the pure path.
Results are identical to the csv path (``tests/facts/test_contacts_fast.py`` runs both engines).
"""

from __future__ import annotations

import csv
from typing import Any, Callable

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
import pyarrow.csv as pacsv  # type: ignore[import-untyped]

from . import contacts, contacts_fast
from .contacts import Context, Plan, Stats, Tally

# pyarrow's default allocator (mimalloc) keeps freed blocks: ~50 MB more peak memory on a
# million rows. This module is imported only to check a big contacts file, in the linter's process.
pa.set_memory_pool(pa.system_memory_pool())

#: what Python's str.strip() removes from an ASCII string
_ASCII_SPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
_ROLES = pa.array(sorted(contacts.ROLE_LOCALS), pa.string())
#: the columns the checks read (the other consent columns only count as present or missing)
_USED = frozenset({"email", "country", "consent_at", "consent_source", "company_type", "unsubscribed"})


def check_block(data: bytes, lines: int, line: int, delimiter: str, plan: Plan, ctx: Context, memo: Any, stats: Stats) -> bool:
    """Check a block of ``lines`` whole lines (quotes allowed; line ``line`` first). False (and
    nothing added) unless pyarrow reads it as the csv module does: every line one record.

    pyarrow unquotes as the csv module does (doubled quotes, text after a closing quote, quotes
    inside unquoted fields). A record spanning lines makes fewer rows than lines, except one
    that runs past the block's end: the last line is parsed alone, strictly, to catch that.
    """
    if not plan.columns:
        return False
    last = data.rstrip(b"\r\n").rpartition(b"\n")[2]
    if b'"' in last:
        try:
            list(csv.reader([last.decode("utf-8")], delimiter=delimiter, strict=True))
        except csv.Error:
            return False
    used = {name: index for name, index in plan.columns.items() if name in _USED}
    names = [f"f{index}" for index in sorted(set(used.values()))]
    if not names:
        return False
    table = _read(data, delimiter, names, quoted=True)
    if table is None or table.num_rows != lines:
        return False
    cols = {name: table.column(f"f{index}").combine_chunks() for name, index in used.items()}
    _check(cols, lines, line, None, ctx, memo, stats)
    stats.rows += lines
    return True


def check_plain(data: bytes, lines: int, line: int, numbers: list[int] | None, delimiter: str, plan: Plan, ctx: Context,
                memo: Any, stats: Stats) -> bool:
    """Check ``lines`` quote-free lines (``data``, each ending in a newline); row i is on line
    ``line + i`` or ``numbers[i]``. False (and nothing added) when pyarrow would not split them
    as the csv module does (blank or ragged lines)."""
    if not lines or b"\n\n" in data or data.startswith(b"\n") or not plan.columns:
        return False
    wanted = sorted(set(plan.columns.values()))
    names = [f"f{index}" for index in wanted]
    table = _read(data, delimiter, names, quoted=False)
    if table is None or table.num_rows != lines:
        return False
    cols = {name: table.column(f"f{index}").combine_chunks() for name, index in plan.columns.items()}
    _check(cols, lines, line, numbers, ctx, memo, stats)
    stats.rows += lines
    return True


def _read(data: bytes, delimiter: str, names: list[str], quoted: bool) -> pa.Table | None:
    """The ``names`` columns (``f0``, ``f1``, ...) of a block as strings, or None when pyarrow
    cannot read it; ``quoted=False`` splits exactly like ``str.split`` (no quote handling)."""
    if quoted:
        parse = pacsv.ParseOptions(delimiter=delimiter, quote_char='"', double_quote=True, newlines_in_values=True)
    else:
        parse = pacsv.ParseOptions(delimiter=delimiter, quote_char=False, double_quote=False)
    try:
        table = pacsv.read_csv(
            pa.py_buffer(data),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True, use_threads=False, block_size=max(len(data) + 1, 1 << 20)),
            parse_options=parse,
            convert_options=pacsv.ConvertOptions(include_columns=names, column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, pa.ArrowKeyError):
        return None
    return table if table.num_columns == len(names) else None


def _check(cols: dict[str, pa.Array], lines: int, line: int, numbers: list[int] | None, ctx: Context, memo: Any,
           stats: Stats) -> None:
    tallies = stats.tallies
    sample, show = ctx.sample, ctx.show_pii
    emails = cols.get("email")
    number: Callable[[int], int] = numbers.__getitem__ if numbers is not None else line.__add__

    def record(tally: Tally, mask: pa.Array | None) -> None:
        if mask is None:
            return
        hits = pc.sum(mask).as_py() or 0
        if not hits:
            return
        need = max(sample - len(tally.rows), 0)
        first = pc.indices_nonzero(mask).slice(0, need).to_pylist() if need else []
        tally.add_many(hits, ((number(i), emails[i].as_py() if emails is not None else "") for i in first), sample, show)

    if "consent_at" in cols and "consent_source" in cols:
        record(tallies["missing_consent"], _or(_empty(cols["consent_at"], memo), _empty(cols["consent_source"], memo)))
    else:
        tallies["missing_consent"].add_many(lines, ((number(i), emails[i].as_py() if emails is not None else "")
                                                    for i in range(min(lines, sample))), sample, show)
    if "unsubscribed" in cols:
        record(tallies["unsubscribed"], _flagged(cols["unsubscribed"], memo.flags, lambda v: v.strip().lower() in contacts._TRUE))
    if "company_type" in cols:
        record(tallies["sole_trader"], _flagged(cols["company_type"], memo.kinds, contacts.is_sole_trader))
    if "country" in cols and ctx.declared_countries:
        _countries(cols["country"], ctx, memo, stats, number, record)
    if emails is not None:
        _emails(emails, ctx, memo, stats, number, record)


def _or(a: pa.Array | None, b: pa.Array | None) -> pa.Array | None:
    if a is None or b is None:
        return a if b is None else b
    return pc.or_(a, b)


def _and_not(a: pa.Array | None, b: pa.Array) -> pa.Array | None:
    return None if a is None else pc.and_not(a, b)


def _distinct(values: pa.Array) -> list[str]:
    return pc.unique(values).to_pylist()  # type: ignore[no-any-return]


def _flagged(values: pa.Array, memo: dict[str, Any], judge: Callable[[str], Any],
             distinct: list[str] | None = None) -> pa.Array | None:
    """The rows whose value ``judge`` (once per distinct value, remembered in ``memo``) calls true."""
    hits = []
    for value in _distinct(values) if distinct is None else distinct:
        if contacts.recall(memo, value, judge):
            hits.append(value)
    return pc.is_in(values, value_set=pa.array(hits, pa.string())) if hits else None


def _empty(values: pa.Array, memo: Any) -> pa.Array | None:
    """The rows whose value the csv path calls empty (only short values can be)."""
    short = pc.filter(values, pc.less(pc.utf8_length(values), 8))
    if not len(short):
        return None
    return _flagged(values, memo.empty, lambda v: v.strip().lower() in contacts._EMPTY, _distinct(short))


def _countries(values: pa.Array, ctx: Context, memo: Any, stats: Stats, number: Callable[[int], int],
               record: Callable[[Tally, pa.Array | None], None]) -> None:
    declared = ctx.declared_countries

    def undeclared(value: str) -> str:
        return contacts.undeclared_country(value, declared)

    codes = {}
    for value in _distinct(values):
        code = contacts.recall(memo.codes, value, undeclared)
        if code:
            codes[value] = code
    if not codes:
        return
    record(stats.tallies["undeclared_country"], pc.is_in(values, value_set=pa.array(list(codes), pa.string())))
    countries = stats.countries
    if len(countries) >= contacts.MAX_COUNTRIES:
        return
    firsts: dict[str, int] = {}
    for value, code in codes.items():
        if code[:40] not in countries:
            at = pc.index(values, value).as_py()
            firsts[code[:40]] = min(at, firsts.get(code[:40], at))
    stats.add_first_countries({code: number(at) for code, at in firsts.items()})


def _bits(kinds: pa.Array, bit: int) -> pa.Array:
    return pc.not_equal(pc.bit_wise_and(kinds, pa.scalar(bit, pa.uint8())), pa.scalar(0, pa.uint8()))


def _emails(emails: pa.Array, ctx: Context, memo: Any, stats: Stats, number: Callable[[int], int],
            record: Callable[[Tally, pa.Array | None], None]) -> None:
    tallies = stats.tallies
    ascii_rows = pc.string_is_ascii(emails)
    part = Stats()
    if not pc.all(ascii_rows).as_py():
        # Python's rules for case and spaces beyond ASCII: those rows go through the pure path
        others = pc.indices_nonzero(pc.invert(ascii_rows)).to_pylist()
        sample, show = ctx.sample, ctx.show_pii
        values = [emails[i].as_py() for i in others]

        def record_py(tally: Tally, hits: int, indices: Any) -> None:  # tally is one of part's
            if hits:
                tally.add_many(hits, ((number(others[i]), values[i]) for i in indices), sample, show)

        contacts_fast._check_emails(values, len(values), ctx, memo, part.tallies, record_py)
    stripped = pc.utf8_trim(emails, characters=_ASCII_SPACE)
    one_at = pc.equal(pc.count_substring(stripped, "@"), 1)
    stripped = pc.if_else(one_at, stripped, contacts_fast._PLACEHOLDER)
    parts = pc.split_pattern(stripped, "@", max_splits=1)
    local, domain = pc.list_element(parts, 0), pc.list_element(parts, 1)
    encoded = pc.dictionary_encode(domain)
    classes = [contacts_fast._domain_class(value, ctx, memo) for value in encoded.dictionary.to_pylist()]
    kinds = pc.take(pa.array(classes, pa.uint8()), encoded.indices)
    length = pc.utf8_length(local)
    invalid = pc.or_(pc.invert(one_at), _bits(kinds, contacts_fast._INVALID))
    invalid = pc.or_(invalid, pc.or_(pc.equal(length, 0), pc.greater(length, 64)))
    invalid = pc.or_(invalid, pc.or_(pc.match_substring(local, " "), pc.match_substring(local, "\t")))
    invalid = pc.and_(invalid, ascii_rows)
    record(tallies["invalid_email"], invalid)
    valid = pc.and_not(ascii_rows, invalid)
    base = pc.list_element(pc.split_pattern(pc.ascii_lower(local), "+", max_splits=1), 0)
    record(tallies["role_address"], pc.and_(pc.is_in(base, value_set=_ROLES), valid))
    record(tallies["freemail"], pc.and_(_bits(kinds, contacts_fast._FREE), valid))
    suppressed = pc.and_(_bits(kinds, contacts_fast._DOMAIN_SUPPRESSED), valid)
    candidates = pc.and_(_bits(kinds, contacts_fast._ADDRESSED), valid)
    if pc.any(candidates).as_py():
        canonical = [contacts_fast._canonical(value, memo) for value in encoded.dictionary.to_pylist()]
        domains = pc.take(pa.array([c for c, _ in canonical], pa.string()), encoded.indices)
        dots = pc.take(pa.array([d for _, d in canonical], pa.bool_()), encoded.indices)
        local_key = pc.if_else(dots, pc.replace_substring(base, ".", ""), base)
        keys = pc.binary_join_element_wise(local_key, domains, "@")
        # is_in would hash the whole list again on every call (~20 ms for 100,000 keys); asking the
        # Python set (built once) which of the block's keys it holds costs half that
        found = ctx.suppressed.intersection(pc.filter(keys, candidates).to_pylist())
        if found:
            hits = pc.is_in(keys, value_set=pa.array(sorted(found), pa.string()))
            suppressed = pc.or_(suppressed, pc.and_(candidates, hits))
    record(tallies["suppressed"], suppressed)
    stats.merge(part, ctx.sample)  # after: merging sorts, the arrow rows were added in order
