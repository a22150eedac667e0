"""Fast path of the contacts reader: column-at-a-time checks on UTF-8 text.

:func:`contacts.scan_rows` costs a Python loop turn per row on top of the csv module. Here a
block of whole lines is split into fields with one ``str.split`` and each needed column is
sliced out of the flat list, so the per-row work runs in C (``map``, ``set``, ``bytes.translate``,
``list.count``, ``itertools.compress``); Python code runs once per *distinct* value (flags,
countries, domains) and once per row that matches a check. Results are identical to the csv
path, which ``tests/facts/test_contacts_fast.py`` checks on the fixtures and generated files.

A block is taken only where the csv module splits lines the same way: no NUL, no lone CR, and
every line one record. Lines with a quote are parsed by the csv module one line each, strictly,
so a line that ends inside quotes (a record spanning lines) is noticed; the caller then reads
the rest of the file with the csv module. Plain lines must all have the same number of fields,
else the block goes through :func:`contacts.scan_rows`. A big file is cut into byte ranges at
line ends, scanned by forked processes, and the per-range :class:`contacts.Stats` (numbered from
the range's first line) are renumbered and merged in order. A range that starts inside a
multi-line record cannot mislead: the range before it stops at the record's first line, and
everything after that point is read again by the csv module.
"""

from __future__ import annotations

import csv
import os
import pickle
import signal
from itertools import compress, count, repeat
from operator import contains, methodcaller, not_
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from . import contacts
from .contacts import Context, Plan, Stats, Tally

#: Bytes per block (a line that does not fit goes to the csv path): 1 MB keeps the pure path's
#: per-block objects small; pyarrow's kernels cost ~0.1 ms a call, so it gets bigger blocks, but
#: not 4 MB: that put the 1M-row bench at 206 MB over a parent and two workers (2 MB: 159 MB, as fast).
BLOCK_BYTES = 1 << 20
ARROW_BLOCK_BYTES = 2 << 20
#: A file smaller than this is scanned in this process (forking costs more than it saves).
PARALLEL_MIN_BYTES = 32 << 20
#: pyarrow (the optional ``fast`` extra) checks the plain lines of files at least this big
#: (importing it costs ~0.2 s); OUTREACH_LINT_CONTACTS_ENGINE=python turns it off.
ARROW_MIN_BYTES = 16 << 20
# domain classes (bits): not a valid domain, free mail, suppressed as a whole, suppression key
# differs from the lower-cased address (gmail dots, googlemail, trailing dot), some address at
# the domain is suppressed (only those rows are looked up: a big set's lookups miss the cache)
_INVALID, _FREE, _DOMAIN_SUPPRESSED, _SPECIAL, _ADDRESSED = 1, 2, 4, 8, 16
#: bytes.translate tables: class byte -> 1 when it has the bit (both bits for _SPECIAL_ADDRESSED)
_ROWS_WITH = {bit: bytes(int(bool(c & bit)) for c in range(256)) for bit in (_INVALID, _FREE, _DOMAIN_SUPPRESSED, _ADDRESSED)}
_SPECIAL_ADDRESSED = bytes(int(c & (_SPECIAL | _ADDRESSED) == _SPECIAL | _ADDRESSED) for c in range(256))
#: stands in for an address without exactly one "@" (already counted invalid; valid in form, so
#: it does not make the block look for other invalid ones)
_PLACEHOLDER = "x@placeholder.invalid"


def find_header(path: Path, delimiter: str) -> tuple[list[str], int, int] | None:
    """(header cells, byte offset of the first body line, its line number), as the csv path would
    read them, or None when the lines up to the header are not plain (quotes, a lone CR, ...)."""
    with path.open("rb") as raw:
        head = raw.read(contacts.SNIFF_BYTES)
    pos = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    line = 0
    while True:
        end = head.find(b"\n", pos)
        if end < 0:
            return None
        raw_line = head[pos:end]
        if raw_line.endswith(b"\r"):
            raw_line = raw_line[:-1]
        if b'"' in raw_line or b"\r" in raw_line or b"\x00" in raw_line:
            return None
        try:
            cells = raw_line.decode("utf-8").split(delimiter)
        except UnicodeDecodeError:
            return None
        line, pos = line + 1, end + 1
        if cells[0].lower().startswith("sep="):
            continue
        if any(cell.strip() for cell in cells):
            return cells, pos, line + 1


def scan_file(path: Path, offset: int, line: int, plan: Plan, ctx: Context, delimiter: str, *,
              progress: Callable[[int, int], None] | None = None, workers: int | None = None) -> tuple[Stats, int, int]:
    """Scan from byte ``offset`` (line ``line``) as far as the fast path can.

    Returns (stats, byte offset where it stopped, line number there); the offset is the file's
    size when it read everything.
    """
    size = path.stat().st_size
    arrow = _arrow() if size - offset >= ARROW_MIN_BYTES else None
    if workers is None:
        workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if workers < 2 or size - offset < PARALLEL_MIN_BYTES or not hasattr(os, "fork"):
        return scan_range(path, offset, size, line, plan, ctx, delimiter, progress, arrow)
    _key_domains(ctx.suppressed)  # once, before the fork
    bounds = _split(path, offset, size, workers)
    jobs = [(path, start, end, 1, plan, ctx, delimiter, None, arrow) for start, end in zip(bounds, bounds[1:])]
    stats = Stats()
    for (_, start, end, *_), (part, stop, next_line) in zip(jobs, _fork_map(scan_range, jobs)):
        part.shift(line - 1)
        stats.merge(part, ctx.sample)
        line += next_line - 1
        if progress is not None:
            progress(stats.rows, stop)
        if stop < end:  # the rest is the csv path's
            return stats, stop, line
    return stats, size, line


def scan_range(path: Path, start: int, end: int, line: int, plan: Plan, ctx: Context, delimiter: str,
               progress: Callable[[int, int], None] | None, arrow: Any = None) -> tuple[Stats, int, int]:
    """Scan bytes ``[start, end)`` (both at line starts; line ``line`` begins at ``start``).

    Returns (stats, where it stopped, the line number there): it stops before the first block
    the fast path must not read.
    """
    stats = Stats()
    memo = _Memo()
    every = contacts.PROGRESS_EVERY
    block_bytes = BLOCK_BYTES if arrow is None else ARROW_BLOCK_BYTES
    fd = os.open(path, os.O_RDONLY)
    try:
        pos = start
        while pos < end:
            block = os.pread(fd, min(block_bytes, end - pos), pos)
            if not block:
                break
            if pos + len(block) < end:
                cut = block.rfind(b"\n") + 1
                if cut == 0:
                    break  # a line longer than a block: the csv path refuses or reads it
                block = block[:cut]
            if b"\x00" in block or _may_hold_a_long_field(block):
                break  # the csv path reads NUL; it refuses a field over its size limit
            if not block.isascii():
                try:
                    block.decode("utf-8")  # checked here; decoded again below only for the pure path
                except UnicodeDecodeError:
                    raise contacts._not_decodable(path, "utf-8", line) from None
            if b"\r" in block and block.count(b"\r") != block.count(b"\r\n"):
                break  # a lone CR ends a line for the csv path
            before = stats.rows
            lines = block.count(b"\n") + (not block.endswith(b"\n"))
            if arrow is None or not arrow.check_block(block, lines, line, delimiter, plan, ctx, memo, stats):
                text = block.decode("utf-8").replace("\r\n", "\n")
                if not text.endswith("\n"):
                    text += "\n"
                scanned = scan_block(text, line, plan, ctx, delimiter, memo, stats, arrow)
                del text
                if scanned is None:
                    break
            line += lines
            pos += len(block)
            if progress is not None and stats.rows // every > before // every:
                for done in range((before // every + 1) * every, stats.rows + 1, every):
                    progress(done, pos - len(block) + len(block) * (done - before) // max(stats.rows - before, 1))
    finally:
        os.close(fd)
    return stats, min(pos, end), line


def _may_hold_a_long_field(block: bytes) -> bool:
    """Whether a line of ``block`` may exceed the csv module's field size limit: some stretch of
    half the limit has no newline (checked with a few ``find`` calls, not per line)."""
    step = max(csv.field_size_limit() // 2, 1)
    return any(block.find(b"\n", at, at + step) < 0 for at in range(0, len(block) - step + 1, step))


def engine(size: int) -> str:
    """Which reader checks a contacts file of ``size`` bytes: "arrow" (pyarrow installed, file of
    at least ARROW_MIN_BYTES), "python" (only when OUTREACH_LINT_CONTACTS_ENGINE=python asks for
    it: on exports with many quoted lines it measured no faster than the csv path), else "csv"."""
    wanted = os.environ.get("OUTREACH_LINT_CONTACTS_ENGINE", "").lower()
    if wanted in ("python", "csv"):
        return wanted
    if size >= ARROW_MIN_BYTES and _arrow() is not None:
        return "arrow"
    return "csv"


def _arrow() -> Any:
    """The pyarrow engine module, or None when pyarrow is not installed or turned off."""
    if os.environ.get("OUTREACH_LINT_CONTACTS_ENGINE", "").lower() in ("python", "csv"):
        return None
    try:
        from . import contacts_arrow
    except ImportError:
        return None
    return contacts_arrow


def scan_block(text: str, line: int, plan: Plan, ctx: Context, delimiter: str, memo: _Memo, stats: Stats,
               arrow: Any = None) -> int | None:
    """Add the rows of ``text`` (whole lines, each ending in "\\n"; ``line`` is the first one's
    number) to ``stats``; return the number of lines, or None (and add nothing) when a record
    may span lines: the csv path must read from here."""
    lines = text.count("\n")
    width = max(plan.columns.values(), default=-1) + 1
    plain, quoted, quoted_at = _take_quoted_lines(text) if '"' in text else (text, [], [])
    try:  # strict: a line that ends inside quotes raises instead of being taken as a whole record
        quoted_rows = list(csv.reader(quoted, delimiter=delimiter, strict=True))
    except csv.Error:
        return None
    if len(quoted_rows) != len(quoted):  # one line continued another: a multi-line record
        return None
    plain_count = lines - len(quoted)
    numbers = None
    if quoted:
        plain_lines = bytearray(b"\x01") * lines
        for i in quoted_at:
            plain_lines[i] = 0
        numbers = list(compress(range(line, line + lines), plain_lines))
    if plain_count and not (arrow is not None and arrow.check_plain(plain.encode("utf-8"), plain_count, line, numbers,
                                                                    delimiter, plan, ctx, memo, stats)):
        columns = _columns(plain, delimiter, plain_count, width)
        if columns is None:  # ragged or blank lines: the csv module's rules (each line is one record)
            part = contacts.scan_rows(csv.reader(text.split("\n")[:-1], delimiter=delimiter), plan, ctx, line_offset=line - 1)
            stats.merge(part, ctx.sample)
            return lines
        _check_columns({name: columns[index] for name, index in plan.columns.items()}, plain_count, line, ctx, memo,
                       stats, numbers)
        stats.rows += plain_count
    if quoted:
        _check_rows(quoted_rows, [line + i for i in quoted_at], plan, ctx, memo, stats)
    return lines


def _take_quoted_lines(text: str) -> tuple[str, list[str], list[int]]:
    """(``text`` without its lines that hold a quote, those lines, their indices)."""
    plain: list[str] = []
    quoted: list[str] = []
    indices: list[int] = []
    start = counted = line = 0
    at = text.find('"')
    while at >= 0:
        begin = text.rfind("\n", 0, at) + 1
        end = text.index("\n", at) + 1
        line += text.count("\n", counted, begin)
        plain.append(text[start:begin])
        quoted.append(text[begin:end - 1])
        indices.append(line)
        line += 1
        start = counted = end
        at = text.find('"', end)
    plain.append(text[start:])
    return "".join(plain), quoted, indices


def _check_rows(rows: list[list[str]], numbers: list[int], plan: Plan, ctx: Context, memo: _Memo, stats: Stats) -> None:
    """Check rows the csv module parsed (``numbers``: their lines), skipping blank ones as it does."""
    width = max(plan.columns.values(), default=-1) + 1
    kept = [(number, row + [""] * (width - len(row)) if len(row) < width else row)
            for number, row in zip(numbers, rows) if row and not (len(row) == 1 and not row[0].strip())]
    if not kept:
        return
    part = Stats()
    cols = {name: [row[index] for _, row in kept] for name, index in plan.columns.items()}
    _check_columns(cols, len(kept), kept[0][0], ctx, memo, part, [number for number, _ in kept])
    part.rows = len(kept)
    stats.merge(part, ctx.sample)


def _columns(text: str, delimiter: str, lines: int, width: int) -> list[list[str]] | None:
    """The first ``width`` columns of ``text``, when every line has the same number of fields
    (and there are no blank lines); else None. A column a row does not have is all ""."""
    if delimiter not in text:
        cells = text.split("\n")
        cells.pop()
        if not min(map(len, map(str.strip, cells)), default=1):
            return None  # blank lines are not rows
        return [cells] + [[""] * lines for _ in range(1, width)]
    fields = text.split(delimiter)
    per_line, extra = divmod(len(fields) - 1, lines)  # delimiters per line
    if extra or not per_line:
        return None
    # Field k of line i is fields[i * per_line + k], except that a line's last field and the next
    # line's first are one element ("last\nfirst"): when each of those holds a newline, every
    # line has per_line + 1 fields.
    joined = fields[per_line::per_line]
    if not all(map(contains, joined, repeat("\n"))):
        return None
    ends = "\n".join(joined).split("\n")
    firsts = ends[1::2]
    firsts[-1:] = []
    firsts.insert(0, fields[0])
    out = [firsts]
    for k in range(1, min(width, per_line + 1)):
        out.append(fields[k::per_line] if k < per_line else ends[0::2])
    out += [[""] * lines for _ in range(len(out), width)]
    return out


class _Memo:
    """Per-value results kept across blocks (bounded, like the csv path's)."""

    def __init__(self) -> None:
        self.empty: dict[str, bool] = {}
        self.flags: dict[str, bool] = {}
        self.kinds: dict[str, bool] = {}
        self.codes: dict[str, str] = {}
        self.domains: dict[str, int] = {}
        self.canonical: dict[str, tuple[str, bool]] = {}


def _classify(values: list[str], memo: dict[str, Any], judge: Callable[[str], Any]) -> list[Any]:
    """``[judge(v) for v in values]``, calling ``judge`` once per new distinct value."""
    try:
        return list(map(memo.__getitem__, values))
    except KeyError:
        pass
    extra: dict[str, Any] = {}
    for value in set(values).difference(memo):
        result = judge(value)
        if len(memo) < contacts._MEMO_LIMIT:
            memo[value] = result
        else:
            extra[value] = result
    if not extra:
        return list(map(memo.__getitem__, values))
    return [memo[value] if value in memo else extra[value] for value in values]


def _hits(flags: Iterable[Any]) -> Iterator[int]:
    """Indices of the true values of ``flags``, in order."""
    return compress(count(), flags)


def _check_columns(cols: dict[str, list[str]], lines: int, line: int, ctx: Context, memo: _Memo, stats: Stats,
                   numbers: list[int] | None = None) -> None:
    """Check the ``lines`` rows whose columns are ``cols``: row i is on line ``line + i``, or ``numbers[i]``."""
    tallies = stats.tallies
    sample, show = ctx.sample, ctx.show_pii
    emails = cols.get("email")
    number: Callable[[int], int] = numbers.__getitem__ if numbers is not None else line.__add__

    def record(tally: Tally, hits: int, indices: Iterable[int]) -> None:
        if hits:
            tally.add_many(hits, ((number(i), emails[i] if emails is not None else "") for i in indices), sample, show)

    if "consent_at" in cols and "consent_source" in cols:
        missing = _empty(cols["consent_at"], memo) | _empty(cols["consent_source"], memo)
        record(tallies["missing_consent"], len(missing), sorted(missing))
    else:
        record(tallies["missing_consent"], lines, range(lines))
    if "unsubscribed" in cols:
        flags = _classify(cols["unsubscribed"], memo.flags, lambda v: v.strip().lower() in contacts._TRUE)
        record(tallies["unsubscribed"], flags.count(True), _hits(flags))
    if "company_type" in cols:
        flags = _classify(cols["company_type"], memo.kinds, contacts.is_sole_trader)
        record(tallies["sole_trader"], flags.count(True), _hits(flags))
    if "country" in cols and ctx.declared_countries:
        declared = ctx.declared_countries
        codes = _classify(cols["country"], memo.codes, lambda value: contacts.undeclared_country(value, declared))
        hits = lines - codes.count("")
        record(tallies["undeclared_country"], hits, _hits(codes))
        if hits and len(stats.countries) < contacts.MAX_COUNTRIES:
            _first_countries(codes, number, stats)
    if emails is not None:
        _check_emails(emails, lines, ctx, memo, tallies, record)


def _empty(values: list[str], memo: _Memo) -> set[int]:
    """Indices of the values the csv path calls empty (short ones only: "n/a", "-", "", ...)."""
    short = compress(count(), map((8).__gt__, map(len, values)))
    judged = memo.empty
    out = set()
    for i in short:
        value = values[i]
        empty = judged.get(value)
        if empty is None:
            empty = judged[value] = value.strip().lower() in contacts._EMPTY  # short values: few distinct
        if empty:
            out.add(i)
    return out


def _first_countries(codes: list[str], number: Callable[[int], int], stats: Stats) -> None:
    """Add the block's undeclared countries to ``stats`` in the order they first appear."""
    new = {code for code in set(codes) if code and code[:40] not in stats.countries}
    firsts: dict[str, int] = {}
    if len(new) > contacts.MAX_COUNTRIES:  # a garbage column: one pass in Python
        for i in _hits(codes):
            firsts.setdefault(codes[i][:40], i)
    else:
        for code in new:
            i = codes.index(code)
            firsts[code[:40]] = min(i, firsts.get(code[:40], i))
    stats.add_first_countries({code: number(i) for code, i in firsts.items()})


def _check_emails(emails: list[str], lines: int, ctx: Context, memo: _Memo, tallies: dict[str, Tally],
                  record: Callable[[Tally, int, Iterable[int]], None]) -> None:
    stripped = list(map(str.strip, emails))
    joined = "\n".join(stripped)
    invalid: set[int] = set()
    ats = joined.count("@")
    if ats != lines or not all(map(contains, stripped, repeat("@"))):
        # an address without exactly one "@" is invalid; a placeholder stands in for it below
        has_at = bytes(map(contains, stripped, repeat("@")))
        at = has_at.find(0)
        while at >= 0:
            invalid.add(at)
            at = has_at.find(0, at + 1)
        if ats != lines - len(invalid):
            invalid.update(_hits(map((1).__lt__, map(methodcaller("count", "@"), stripped))))
        for i in invalid:
            stripped[i] = _PLACEHOLDER
        joined = "\n".join(stripped)
    pieces = joined.replace("@", "\n").split("\n")
    locals_, domains = pieces[0::2], pieces[1::2]
    suppressed = ctx.suppressed
    kinds = bytes(_classify(domains, memo.domains, lambda domain: _domain_class(domain, ctx, memo)))  # class bits per row

    def rows_with(table: bytes) -> bytes:
        """1 for the rows whose domain class is marked in ``table``, else 0."""
        return kinds.translate(table)

    bad = rows_with(_ROWS_WITH[_INVALID])
    if 1 in bad:
        invalid.update(_hits(bad))
    if "" in locals_:
        invalid.update(_hits(map(not_, locals_)))
    if max(map(len, locals_)) > 64:
        invalid.update(_hits(map((64).__lt__, map(len, locals_))))
    all_locals = "\n".join(locals_)
    for blank in (" ", "\t"):
        if blank in all_locals:
            invalid.update(_hits(map(contains, locals_, repeat(blank))))
    record(tallies["invalid_email"], len(invalid), sorted(invalid))

    def valid_hits(flags: list[bool] | bytes) -> tuple[int, Iterable[int]]:
        hits = flags.count(True)
        if invalid:
            hits -= sum(1 for i in invalid if flags[i])
            return hits, (i for i in _hits(flags) if i not in invalid)
        return hits, _hits(flags)

    lower_locals = all_locals.lower()
    lowered = locals_ if lower_locals == all_locals else lower_locals.split("\n")  # addresses are mostly lower case
    plus = _lines_with(all_locals, "+")
    for i in plus:
        lowered[i] = lowered[i].split("+", 1)[0]
    roles = contacts.ROLE_LOCALS.intersection(lowered)  # hashes in C, builds no per-row list
    if roles:
        record(tallies["role_address"], *valid_hits(list(map(roles.__contains__, lowered))))
    free = rows_with(_ROWS_WITH[_FREE])
    if 1 in free:
        record(tallies["freemail"], *valid_hits(free))
    rows: set[int] = set()
    domain_suppressed = rows_with(_ROWS_WITH[_DOMAIN_SUPPRESSED])
    if 1 in domain_suppressed:
        rows.update(_hits(domain_suppressed))
    candidates = rows_with(_ROWS_WITH[_ADDRESSED])
    looked_up = candidates.count(1)
    if looked_up:
        # the lower-cased address is the suppression key except on the rows fixed up below
        lower_joined = joined.lower()
        addresses = stripped if lower_joined == joined else lower_joined.split("\n")
        indices: Sequence[int] = range(lines)
        if looked_up < lines:
            indices, addresses = list(compress(indices, candidates)), list(compress(addresses, candidates))
        special = set(_hits(rows_with(_SPECIAL_ADDRESSED)))
        special.update(i for i in plus if candidates[i])
        found = suppressed.intersection(addresses)  # hashes in C; a small set to test rows against
        if found:
            rows.update(i for i in compress(indices, map(found.__contains__, addresses)) if i not in special)
        for i in special:
            canonical, dots = _canonical(domains[i], memo)
            local = lowered[i].replace(".", "") if dots else lowered[i]
            if f"{local}@{canonical}" in suppressed:
                rows.add(i)
    rows -= invalid
    record(tallies["suppressed"], len(rows), sorted(rows))


def _lines_with(text: str, char: str) -> list[int]:
    """Indices of the "\n"-separated lines of ``text`` that contain ``char`` (found with str.find: few)."""
    found: list[int] = []
    at, line, counted = text.find(char), 0, 0
    while at >= 0:
        line += text.count("\n", counted, at)
        counted = at
        if not found or found[-1] != line:
            found.append(line)
        at = text.find(char, at + 1)
    return found


_KEY_DOMAINS: list[tuple[frozenset[str], frozenset[str]]] = []


def _key_domains(suppressed: frozenset[str]) -> frozenset[str]:
    """The domains of the suppressed addresses (the last list's, kept: forked workers inherit it)."""
    if not _KEY_DOMAINS or _KEY_DOMAINS[0][0] is not suppressed:
        _KEY_DOMAINS[:] = [(suppressed, frozenset(key.rpartition("@")[2] for key in suppressed))]
    return _KEY_DOMAINS[0][1]


def _domain_class(domain: str, ctx: Context, memo: _Memo) -> int:
    """The class bits of a domain as written (remembered in ``memo``)."""
    known = memo.domains.get(domain)
    if known is None:
        canonical, _, free, domain_suppressed, valid = contacts._domain_info(domain, ctx.suppressed_domains)
        known = contacts._remember(memo.domains, domain, (
            (not valid) * _INVALID | free * _FREE | domain_suppressed * _DOMAIN_SUPPRESSED
            | (_canonical(domain, memo)[1] or canonical != domain.lower()) * _SPECIAL
            | (canonical in _key_domains(ctx.suppressed)) * _ADDRESSED))
    return known


def _canonical(domain: str, memo: _Memo) -> tuple[str, bool]:
    """(canonical domain, dots in the local part ignored) as the csv path computes them."""
    known = memo.canonical.get(domain)
    if known is None:
        canonical, dots, *_ = contacts._domain_info(domain, frozenset())
        known = contacts._remember(memo.canonical, domain, (canonical, dots))
    return known


def _split(path: Path, start: int, end: int, parts: int) -> list[int]:
    """``parts + 1`` offsets from ``start`` to ``end``, each inner one just after a newline."""
    bounds = [start]
    with path.open("rb") as raw:
        for k in range(1, parts):
            guess = max(start + (end - start) * k // parts, bounds[-1])
            raw.seek(guess)
            raw.readline()
            at = raw.tell()
            if bounds[-1] < at < end:
                bounds.append(at)
    return bounds + [end]


def _fork_map(function: Callable[..., Any], jobs: list[tuple[Any, ...]]) -> list[Any]:
    """``[function(*job) for job in jobs]``, all but the first job in forked children.

    A child that dies without an answer has its job redone here; an exception in a child
    (a ContactsError) is raised here.
    """
    children: list[tuple[int, int]] = []
    for job in jobs[1:]:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            os.close(read_end)
            code = 0
            try:
                try:
                    answer: tuple[str, Any] = ("ok", function(*job))
                except BaseException as exc:  # noqa: BLE001 - handed to the parent
                    answer = ("error", exc)
                data = pickle.dumps(answer)
                view = memoryview(data)
                while view:
                    view = view[os.write(write_end, view):]
            except BaseException:  # noqa: BLE001
                code = 1
            finally:
                os._exit(code)
        os.close(write_end)
        children.append((pid, read_end))
    try:
        results = [function(*jobs[0])]
    except BaseException:
        for pid, read_end in children:
            os.kill(pid, signal.SIGTERM)
            os.close(read_end)
            os.waitpid(pid, 0)
        raise
    for job, (pid, read_end) in zip(jobs[1:], children):
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        try:
            kind, value = pickle.loads(data)
        except Exception:  # noqa: BLE001 - the child died: do its share here
            kind, value = "ok", function(*job)
        if kind == "error":
            raise value
        results.append(value)
    return results
