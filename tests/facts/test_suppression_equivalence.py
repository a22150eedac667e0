"""Suppression lists read by DuckDB (contacts_suppression) give exactly the (keys, domains) the
Python loader gave (kept as tests/facts/suppression_oracle.py), on lists in the shapes real
tools export, and the same errors; where DuckDB reads malformed CSV differently, the stricter
behaviour is kept and tested here."""

from __future__ import annotations

import codecs
import csv
import io
import random
import tempfile
from pathlib import Path

import pytest

from outreach_lint.facts import contact_sql, contacts_suppression, suppression_sql
from outreach_lint.facts.contacts import SuppressionListError
from outreach_lint.facts.contacts_csv import ContactsError, sniff_delimiter, sniff_encoding

from ..packdata import DATA, check_contacts, load_suppression
from . import suppression_oracle

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "contacts"
LISTS = sorted((FIXTURES / "suppression").iterdir()) + [FIXTURES / "suppression-plain.txt", FIXTURES / "do-not-contact.csv"]


def both(path: Path) -> tuple[tuple[frozenset[str], frozenset[str]], tuple[frozenset[str], frozenset[str]]]:
    return load_suppression(path), suppression_oracle.load_suppression(path, DATA)


@pytest.mark.parametrize("path", LISTS, ids=lambda p: p.name)
def test_fixture_lists_give_the_python_loaders_keys_and_domains(path: Path) -> None:
    new, old = both(path)
    assert new == old
    assert new[0] or new[1]  # every fixture suppresses something


def test_the_shapes_give_the_keys_expected() -> None:
    """Not only equal to the old loader: the keys a reader would write down by hand."""
    keys, domains = load_suppression(FIXTURES / "suppression" / "mailchimp-unsubscribed.csv")
    assert keys == {"sofia.probe@example.de", "johnroe@gmail.com", "mary@example.org", "pierre.dupont@exemple.fr"}
    assert domains == frozenset()
    keys, domains = load_suppression(FIXTURES / "suppression" / "domains.txt")
    assert keys == {"anna@"}
    # '@' alone blocks the domain '' (which no address has); 'anna@' is an address with an empty domain
    assert domains == {"competitor.example", "blocked.example", "gmail.com", "example.org.", "trailing.example.", ""}
    keys, _ = load_suppression(FIXTURES / "suppression" / "ragged.csv")
    # 'Bob,,' has an empty address cell (nothing); 'short.row@...' has no second cell (its first with '@')
    assert keys == {"anna@example.com", "short.row@example.com", "bob2@example.com", "carl@example.com"}
    keys, _ = load_suppression(FIXTURES / "suppression" / "utf16-unicode-text.txt")
    assert keys == {"utf16.user@example.com", "müller@bücher.example"}


def _random_list(rng: random.Random) -> str:
    """A list mixing the shapes: headers or none, delimiters, comments, quotes, ragged rows, line ends.

    Valid CSV for the delimiter the list's first line shows (``sep=`` or a header of two cells or
    more), or one cell a line: where the csv module guessed at invalid quoting, DuckDB refuses the
    list (tested apart below)."""
    delimiter = rng.choice([",", ";", "\t", "|"])
    single = rng.random() < 0.3
    locals_ = ["john", "J.Doe", "a+b", "x.y+z.w", "Anna-Lena", "o'neil", "ü.ser", "", "+tag", 'q"x', "a@b"]
    domains = ["example.com", "GMAIL.com", "googlemail.com", "gmail.com.", "Example.org", "bücher.example", "x", "", "Googlemail.COM"]
    fillers = ["", " ", "Name", "2026-05-01", "a, b", "note; x", "\u00a0", "#", "sep=;", "x.y", "a b.c", "tab\there", "two\nlines"]
    lines = []
    if rng.random() < 0.3:
        lines.append(f"sep={delimiter}")
    elif not single:
        lines.append(delimiter.join(rng.sample(["Email", "E-Mail", "Name", "address", "Reason", "E.Mail", "created"], rng.randint(2, 4))))
    elif rng.random() < 0.5:
        lines.append(rng.choice(["Email", "email address", "E.Mail", "address"]))

    def quoted(cell: str) -> str:
        special = delimiter in cell or '"' in cell or "\n" in cell or cell.strip() != cell
        return f'"{cell.replace(chr(34), chr(34) * 2)}"' if special or rng.random() < 0.2 else cell

    for _ in range(rng.randint(5, 40)):
        if rng.random() < 0.1:
            lines.append(rng.choice(["# comment", f"  #note{delimiter}x", "", "   ", f"SEP={delimiter}"]))
            continue
        cells = [] if single else [rng.choice(fillers) for _ in range(rng.randint(0, 4))]
        entry = rng.choice(
            [f"{rng.choice(locals_)}@{rng.choice(domains)}", f"@{rng.choice(domains)}", rng.choice(domains), f" {rng.choice(locals_)}@{rng.choice(domains)} "]
        )
        cells.insert(rng.randint(0, len(cells)), entry)
        lines.append(delimiter.join(quoted(c) for c in cells))
    ends = rng.choice([["\n"], ["\r\n"], ["\n", "\r\n"], ["\r"]])
    return "".join(line + rng.choice(ends) for line in lines)[: None if rng.random() < 0.5 else -1]


@pytest.mark.parametrize("seed", range(60))
def test_generated_lists_give_the_python_loaders_keys_and_domains(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    text = _random_list(rng)
    path = tmp_path / "s.csv"
    encoding = rng.choice(["utf-8", "utf-8-sig", "utf-16"])
    path.write_bytes(text.encode(encoding))
    new, old = both(path)
    assert new == old, text


def test_a_row_wider_than_the_first_rows_is_read(tmp_path: Path) -> None:
    """DuckDB reads as many columns as the widest row of the first 64 KiB; a wider row further down reads again."""
    path = tmp_path / "s.csv"
    path.write_text("".join(f"user{i}@example.com\n" for i in range(5000)) + "a,b,c,late@example.com,e\n", "utf-8")
    new, old = both(path)
    assert new == old and "late@example.com" in new[0]


def test_whitespace_is_what_python_strips() -> None:
    assert set(contacts_suppression.WHITESPACE) == {chr(c) for c in range(0x110000) if chr(c).isspace()}


def test_warehouse_ctes_compute_the_same_keys() -> None:
    """contacts-sql's CTEs share the definition: over a table of entries (every cell of the fixture
    lists, as the loader trimmed them: a warehouse's TRIM removes spaces only), DuckDB running them
    gives what the loader made of each entry."""
    import duckdb

    entries: set[str] = set()
    for path in LISTS:
        text = path.read_bytes().decode(sniff_encoding(path.read_bytes()[:4096])).lstrip("\ufeff")
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text)):
            entries.update(cell.strip().lower() for cell in row if cell.strip())
    expected: tuple[set[str], set[str]] = (set(), set())
    for entry in entries:
        suppression_oracle._add_suppression_entry(entry, *expected, DATA)
    con = duckdb.connect()
    con.execute("CREATE TABLE suppression_list AS SELECT unnest($1::VARCHAR[]) AS email", [sorted(entries)])
    ctes = suppression_sql.suppression_ctes("suppression_list", DATA)[: -len(",\n")]
    keys = con.execute(f"WITH {ctes} SELECT key FROM {contact_sql.KEYS_TABLE}").fetchall()
    domains = con.execute(f"WITH {ctes} SELECT domain FROM {contact_sql.DOMAINS_TABLE}").fetchall()
    assert len(expected[0]) > 30 and len(expected[1]) > 5
    assert ({k for (k,) in keys}, {d for (d,) in domains}) == expected


# -- errors: the same messages and codes -------------------------------------


def _error(path: Path) -> tuple[str, str]:
    with pytest.raises(ContactsError) as info:
        load_suppression(path)
    return str(info.value), info.value.code


def _old_error(path: Path) -> tuple[str, str]:
    with pytest.raises(ContactsError) as info:
        suppression_oracle.load_suppression(path, DATA)
    return str(info.value), info.value.code


@pytest.mark.parametrize(
    "content",
    [
        "email\na@example.com\nb@exampl\xe9.com\n".encode("latin-1"),  # latin-1 export, not declared: OL008 at line 3
        b"\xe9t\xe9@example.com\n",  # the first line
        codecs.BOM_UTF32_LE + "a@example.com\n".encode("utf-32-le"),
        b"a@example.com\n\x00\x01",
        codecs.BOM_UTF16_LE + b"a\x00@\x00\x00\xd8",  # a lone surrogate in UTF-16
        b"a@example.com\n" + b"x" * (1 << 20) + b"\nb@example.com\n",  # a line over the limit
    ],
)
def test_errors_are_the_python_loaders(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes(content)
    assert _error(path) == _old_error(path)


def test_an_undecodable_list_is_ol008_as_a_suppression_list_error(tmp_path: Path) -> None:
    listing, suppression = tmp_path / "c.csv", tmp_path / "s.csv"
    listing.write_text("email\na@example.com\n", "utf-8")
    suppression.write_bytes(b"email\nok@example.com\n" + "bad@exampl\xe9.com\n".encode("latin-1"))
    with pytest.raises(SuppressionListError) as info:
        check_contacts(listing, suppression_path=suppression)
    assert info.value.code == "OL008"
    assert str(info.value).startswith("is not UTF-8 at line 3 (byte 0xe9)")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # the csv module read an unclosed quote to the end of the file (one cell holding every line
        # after it: those entries were silently lost); DuckDB refuses the list, naming the line
        ('a@example.com\n"b@example.com\nc@example.com\n', "is not valid CSV at line 2 (a quoted field is not closed)"),
        # the csv module glued '"a@example.com"x' into one cell; DuckDB refuses it
        ('ok@example.com\n"a@example.com"x\n', "is not valid CSV at line 2"),
    ],
)
def test_malformed_quotes_are_refused_where_the_csv_module_guessed(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "s.csv"
    path.write_text(content, "utf-8")
    assert _error(path)[0].startswith(message)
    with pytest.raises(SuppressionListError):
        check_contacts(FIXTURES / "no-consent-columns.csv", suppression_path=path)


def test_error_messages_never_quote_the_list(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text('secret.person@example.com\n"unclosed.secret@example.com\n', "utf-8")
    message, _ = _error(path)
    assert "secret" not in message


def test_a_row_with_too_many_fields_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("a@example.com\n" + ",".join(["x"] * 1000) + "\n", "utf-8")
    assert _error(path)[0] == "has more than 768 fields in a row (line 2)"
    path.write_text("".join(f"user{i}@example.com\n" for i in range(5000)) + ",".join(["x"] * 1000) + "\n", "utf-8")
    assert _error(path)[0] == "has more than 768 fields in a row (line 5001)"


# -- where the result changed, deliberately -----------------------------------


def test_capitals_lower_as_the_contact_side_lowers_them(tmp_path: Path) -> None:
    """Python's str.lower and DuckDB's lower differ on a few letters ('İ' -> 'i̇' or 'i'; a final
    'Σ' -> 'ς' or 'σ'). The list's keys were lowered by Python and the contacts' by DuckDB, so such
    an address on both lists was not matched; now both sides are lowered by DuckDB."""
    listing, suppression = tmp_path / "c.csv", tmp_path / "s.csv"
    listing.write_text("email\nİlker@example.com\nΟΔΥΣΣΕΥΣ@example.gr\nother@example.com\n", "utf-8")
    suppression.write_text("İlker@example.com\nΟΔΥΣΣΕΥΣ@example.gr\n", "utf-8")
    assert check_contacts(listing, suppression_path=suppression)["suppressed"]["rows"] == [2, 3]
    old_keys, _ = suppression_oracle.load_suppression(suppression, DATA)
    assert old_keys != load_suppression(suppression)[0]  # the old keys: 'i̇lker@...', 'οδυσσευς@...'


@pytest.mark.parametrize("first", [True, False])
def test_a_cell_longer_than_the_csv_modules_field_limit_is_read(tmp_path: Path, first: bool) -> None:
    """The csv module refused a cell of more than 131,072 characters ('field larger than field
    limit'); DuckDB reads it (a line stays limited to 1,048,576 characters), in the first row too."""
    long = "x" * 140_000 + "@example.com"
    path = tmp_path / "s.csv"
    path.write_text((f"{long}\nok@example.com\n" if first else f"ok@example.com\n{long}\n"), "utf-8")
    limit = csv.field_size_limit()
    assert load_suppression(path) == ({long, "ok@example.com"}, frozenset())
    assert csv.field_size_limit() == limit  # the process's limit is restored
    assert _old_error(path)[0] == f"is not valid CSV at line {1 if first else 2} (field larger than field limit (131072))"


@pytest.mark.parametrize("ends", [["\r\n", "\n"], ["\n", "\r"], ["\r\n", "\r\n", "\r"]])
def test_mixed_line_ends_are_read(tmp_path: Path, ends: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """An Excel export appended to with a Unix tool mixes CRLF and LF: DuckDB's reader refuses
    such a file, so it is read from a copy with LF line ends (the csv module read it as it is)."""
    rows = ["Email Address,Name", "a@example.com,A", '"b@example.com","B ""quoted"""', "c@example.com", "@d.example,D"]
    path = tmp_path / "s.csv"
    path.write_bytes("".join(row + ends[i % len(ends)] for i, row in enumerate(rows)).encode("utf-8"))
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    new, old = both(path)
    assert new == old == ({"a@example.com", "b@example.com", "c@example.com"}, {"d.example"})
    assert not list(scratch.iterdir())  # the copy (and DuckDB's folder) are removed


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 1 << 22])
def test_line_ends_across_read_chunks(tmp_path: Path, chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """A CRLF split between two reads is one line end, when detecting and when rewriting."""
    from outreach_lint.facts import contacts_csv

    monkeypatch.setattr(contacts_csv, "_CHUNK", chunk)
    for text, uniform in [(b"a\r\nb\r\nc\r\n", True), (b"a\nb\n", True), (b"a\rb\r", True), (b"a\r\nb\nc\r\n", False), (b"a\rb\n", False)]:
        path = tmp_path / "s.csv"
        path.write_bytes(text)
        assert contacts_csv._uniform_line_ends(path) is uniform, text
        copy = contacts_csv.uniform_newlines(contacts_csv.layout(path))
        assert copy.temporary is not uniform
        assert copy.path.read_bytes() == (text if uniform else text.replace(b"\r\n", b"\n").replace(b"\r", b"\n"))
        copy.cleanup()
