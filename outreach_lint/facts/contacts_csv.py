"""What a contacts CSV is before DuckDB reads it: encoding, delimiter, header, line numbers.

Excel writes CSV as UTF-8 with a BOM, as UTF-16 (Unicode text, tab separated), or in the
Windows code page (cp1252) with ``;`` where the decimal mark is a comma, sometimes with a
``sep=;`` first line. UTF-8 (BOM or not) is read in place; UTF-16 and a declared legacy encoding
(``audience.contacts: {path, encoding: cp1252}``) are transcoded to a temporary UTF-8 file that
is always removed. An undeclared non-UTF-8 file is refused naming the first bad line and byte.

Rows are numbered by the line where the record starts (header = line 1, as an editor shows it).
DuckDB numbers records; :func:`lines_of` turns record numbers into lines: when the body has as
many lines as records, by adding the header's line, otherwise by one csv-module pass up to the
last record asked for (quoted line breaks or blank lines are rare).
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .references import ReferenceProblem, Undecodable

SNIFF_BYTES = 64 * 1024
#: A physical line longer than this is refused (a file without newlines must not be read whole).
MAX_LINE_CHARS = 1024 * 1024
DELIMITERS = (",", ";", "\t", "|")
#: Encodings a campaign may declare for a list that is not UTF-8 or UTF-16.
DECLARABLE = {
    "cp1252": "cp1252",
    "windows-1252": "cp1252",
    "latin-1": "latin-1",
    "latin1": "latin-1",
    "iso-8859-1": "latin-1",
    "iso-8859-15": "iso-8859-15",
    "utf-8": "utf-8",
    "utf-16": "utf-16",
}
_CHUNK = 1 << 22


class ContactsError(ReferenceProblem):
    """The contacts or suppression file cannot be read. The message is one line that reads on after
    the file's name ("is not UTF-8 at line 3 ...") and names the line where it can."""


class ContactsUndecodable(ContactsError, Undecodable):
    """The file's bytes are not text in an accepted encoding (OL008, not OL003)."""

    code = "OL008"


@dataclass
class CsvLayout:
    """How to read a CSV: ``path`` is UTF-8 (the file itself or a temporary copy)."""

    path: Path
    encoding: str
    delimiter: str
    header: list[str]
    #: the header's line (1 unless ``sep=`` or blank lines come first)
    header_line: int
    temporary: bool = False

    def cleanup(self) -> None:
        if self.temporary:
            try:
                os.unlink(self.path)
            except OSError:
                pass


def sniff_encoding(head: bytes) -> str:
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise ContactsUndecodable("is UTF-32, which is not supported; save it as UTF-8")
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        raise ContactsUndecodable("is a binary file (it contains NUL bytes), not a CSV file")
    return "utf-8"


def sniff_delimiter(text: str) -> str:
    """Excel's ``sep=`` hint, else the candidate most frequent outside quotes in the first line (',' on a tie)."""
    if text[:4].lower() == "sep=" and text[4:5] in DELIMITERS:
        return text[4]
    header = ""
    in_quotes = False
    for ch in text[:SNIFF_BYTES]:
        if ch == '"':
            in_quotes = not in_quotes
        elif ch in "\r\n" and not in_quotes:
            if header.strip():
                break
            header = ""
            continue
        header += ch if not in_quotes else ""
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def layout(path: Path, declared_encoding: str | None = None, tmpdir: str | None = None) -> CsvLayout:
    """Sniff ``path`` and make it readable as UTF-8 (see the module docstring)."""
    try:
        with path.open("rb") as raw:
            head = raw.read(SNIFF_BYTES)
    except OSError as exc:
        raise ContactsError(f"cannot be read ({exc.strerror})") from None
    encoding = sniff_encoding(head)
    if declared_encoding and encoding not in ("utf-16", "utf-8-sig"):
        encoding = DECLARABLE[declared_encoding.lower()]
    text = head.decode(encoding, errors="ignore").lstrip("\ufeff")
    delimiter = sniff_delimiter(text)
    header, header_line = _header(text, delimiter)
    if encoding in ("utf-8", "utf-8-sig"):
        return CsvLayout(path, "utf-8", delimiter, header, header_line)
    target = _transcode(path, encoding, tmpdir)
    return CsvLayout(target, encoding, delimiter, header, header_line, temporary=True)


def uniform_newlines(layout_: CsvLayout, tmpdir: str | None = None) -> CsvLayout:
    """``layout_`` when its file ends every line the same way, else a temporary copy whose lines all
    end in LF: DuckDB's reader refuses a file that mixes CRLF, LF and CR (an Excel export appended
    to by a Unix tool; Excel's own line breaks inside quoted cells), the csv module read it.
    Bytes are rewritten, not decoded (CR and LF never occur inside a UTF-8 sequence)."""
    if _uniform_line_ends(layout_.path):
        return layout_
    handle, name = tempfile.mkstemp(prefix="outreach-lint-", suffix=".csv", dir=tmpdir)
    try:
        with os.fdopen(handle, "wb") as out, layout_.path.open("rb") as raw:
            carried = b""
            while chunk := raw.read(_CHUNK):
                chunk, carried = carried + chunk, b""
                if chunk.endswith(b"\r"):
                    chunk, carried = chunk[:-1], b"\r"
                out.write(chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n"))
            out.write(carried.replace(b"\r", b"\n"))
    except BaseException:
        os.unlink(name)
        raise
    layout_.cleanup()
    return CsvLayout(Path(name), layout_.encoding, layout_.delimiter, layout_.header, layout_.header_line, temporary=True)


def _uniform_line_ends(path: Path) -> bool:
    """Whether every line of ``path`` ends in LF, every one in CRLF, or every one in CR."""
    crlf = lf = cr = 0
    previous = b""
    with path.open("rb") as raw:
        while chunk := raw.read(_CHUNK):
            lf += chunk.count(b"\n")
            here = chunk.count(b"\r")
            cr += here
            if here or previous == b"\r":
                crlf += chunk.count(b"\r\n") + (previous == b"\r" and chunk[:1] == b"\n")
            previous = chunk[-1:]
    return cr == 0 or lf == 0 or crlf == cr == lf


def _header(text: str, delimiter: str) -> tuple[list[str], int]:
    """The first row that is not blank and not Excel's ``sep=`` hint, and its line."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            if row and row[0].lower().startswith("sep="):
                continue
            if row and any(cell.strip() for cell in row):
                return row, reader.line_num
    except csv.Error:
        pass
    return [], 0


def _transcode(path: Path, encoding: str, tmpdir: str | None) -> Path:
    """A temporary UTF-8 copy of ``path`` (removed by :meth:`CsvLayout.cleanup`)."""
    handle, name = tempfile.mkstemp(prefix="outreach-lint-", suffix=".csv", dir=tmpdir)
    decoder = codecs.getincrementaldecoder(encoding)()
    line = 1
    try:
        with os.fdopen(handle, "wb") as out, path.open("rb") as raw:
            first = True
            while True:
                chunk = raw.read(_CHUNK)
                try:
                    text = decoder.decode(chunk, final=not chunk)
                except UnicodeDecodeError:
                    raise not_decodable(path, encoding, line) from None
                if first:
                    text, first = text.lstrip("\ufeff"), False
                line += text.count("\n")
                out.write(text.encode("utf-8"))
                if not chunk:
                    break
    except BaseException:
        os.unlink(name)
        raise
    return Path(name)


def not_decodable(path: Path, encoding: str, line: int) -> ContactsError:
    """The error for a file that does not decode, naming the first bad line (``line`` if not found)."""
    bad_line, byte = _first_bad_byte(path, encoding)
    name = encoding.upper().replace("-SIG", "")
    hint = (
        ("; save it as UTF-8, or declare a Windows-1252/Latin-1 export with `audience.contacts: {path: ..., encoding: cp1252}`")
        if name == "UTF-8"
        else "; save it as UTF-8"
    )
    return ContactsUndecodable(f"is not {name} at line {bad_line or line}" + (f" (byte 0x{byte:02x})" if byte is not None else "") + hint)


def _first_bad_byte(path: Path, encoding: str) -> tuple[int, int | None]:
    """(line, byte) of the first undecodable byte, found by a streaming pass."""
    decoder = codecs.getincrementaldecoder(encoding)()
    line = 1
    with path.open("rb") as raw:
        while True:
            chunk = raw.read(1 << 16)
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                line += chunk.count(b"\n", 0, max(exc.start, 0))
                return line, chunk[exc.start] if 0 <= exc.start < len(chunk) else None
            if not chunk:
                return 0, None
            line += chunk.count(b"\n")


def _body_lines(path: Path, header_line: int) -> int:
    """Lines after the header (a last line without a newline counts)."""
    newlines, last = 0, b"\n"
    buffer = bytearray(_CHUNK)
    with path.open("rb", buffering=0) as raw:
        while True:
            size = raw.readinto(buffer)
            if not size:
                break
            view = memoryview(buffer)[:size]
            newlines += bytes(view).count(b"\n") if size < _CHUNK else buffer.count(b"\n")
            last = bytes(view[-1:])
    return newlines + (0 if last == b"\n" else 1) - header_line


def lines_of(layout_: CsvLayout, records: int, wanted: Iterable[int]) -> dict[int, int]:
    """Record number (1-based, as DuckDB counts them after the header) -> line where it starts."""
    wanted = sorted(set(wanted))
    if not wanted:
        return {}
    if _body_lines(layout_.path, layout_.header_line) == records:
        return {n: n + layout_.header_line for n in wanted}
    found: dict[int, int] = {}
    targets = set(wanted)
    with layout_.path.open("r", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=layout_.delimiter)
        for _ in range(layout_.header_line):
            next(reader, None)
        previous, record = reader.line_num, 0
        for row in reader:
            start, previous = previous + 1, reader.line_num
            if not row:
                continue  # an empty line: DuckDB skips it too
            record += 1
            if record in targets:
                found[record] = start
                if len(found) == len(targets):
                    break
    return found
