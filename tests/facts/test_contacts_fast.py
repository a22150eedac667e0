"""The fast contacts path gives what the csv path gives, byte for byte, serial or forked."""

from __future__ import annotations

import csv
import importlib.util
import io
import random
from pathlib import Path
from typing import Any

import pytest

from outreach_lint.facts import contacts, contacts_fast
from outreach_lint.facts.contacts import ContactsError, check_contacts

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "contacts"
HEADER = ["email", "first_name", "country", "consent_at", "consent_source", "company_type", "unsubscribed", "notes"]
EMAILS = [
    "anna@example.com", "Info@Example.COM", " bob@example.org ", "J.R.O.E+promo@gmail.com", "jroe@googlemail.com",
    "j.roe@gmail.com", "x@example.com.", "broken-address", "", "a@@example.com", "a b@example.com", "@example.com",
    "a@", "a@example", "x" * 70 + "@example.com", "ΑΣ@παράδειγμα.gr", "İnfo@example.de", "jörg@bücher.example",
    "a@-bad.example.com", "a@blocked.example", "mary+promo@example.com", "john@example.com", "SALES+eu@corp.example",
    "max@gmx.de", "someone@yahoo.co.uk", "info+x@web.de", "former.customer@example.com", "a@example..com",
    "a b@gmail.com", "@gmx.de", "jö rg@example.de", "ñ@@example.com", "jörg@gmx.de", "Ünfo+x@blocked.example",
]
COUNTRIES = ["DE", "de", "Germany", " AT ", "UK", "FR", "", "XX", "ÖSTERREICH", "Schweiz"]
CONSENT = ["2026-01-01T10:00:00Z", "", "n/a", " NULL ", "-", "unknown", "2026", "#N/A", "yes", "x"]
KINDS = ["GmbH", "", "sole_trader", "Sole Trader", "gbr", "Ltd.", "Einzelunternehmen"]
FLAGS = ["no", "yes", " Yes ", "1", "0", "", "TRUE", "x", "nein"]
OPTIONS: dict[str, Any] = {"declared_countries": frozenset({"DE", "AT"}), "sample": 3}
ENGINES = ["python"] + (["arrow"] if importlib.util.find_spec("pyarrow") else [])


@pytest.fixture(autouse=True, params=ENGINES)
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test runs with the pure-Python fast path and, when pyarrow is installed, with it."""
    monkeypatch.setattr(contacts_fast, "ARROW_MIN_BYTES", 0)
    monkeypatch.setenv("OUTREACH_LINT_CONTACTS_ENGINE", request.param)
    return str(request.param)


def _result(path: Path, **options: Any) -> dict[str, Any]:
    return check_contacts(path, **{**OPTIONS, **options})


def _same(path: Path, **options: Any) -> dict[str, Any]:
    """Check ``path`` both ways and assert the results are equal; return them."""
    slow = _result(path, fast=False, **options)
    return _assert_same(_result(path, workers=1, **options), slow)


def _assert_same(fast: dict[str, Any], slow: dict[str, Any]) -> dict[str, Any]:
    """``fast == slow``, but for the rows split by country (issue 17, facts.contacts.by_country),
    which only the csv path gives for files with a country column (the fast engines leave it out,
    and the engine then counts the whole file for every country)."""
    if "by_country" not in fast:
        assert "country" in fast["columns"]
        slow = {key: value for key, value in slow.items() if key != "by_country"}
    assert fast == slow
    return slow


def _write_random(path: Path, rows: int, seed: int, *, delimiter: str = ",", newline: str = "\n", bom: bool = False,
                  blank: float = 0.0, ragged: float = 0.0, quoted_at: int | None = None, garbage_countries: bool = False,
                  quotes: float = 0.0) -> None:
    """Random rows; ``quotes``: share of rows with a field the csv module must quote (delimiter or
    quote inside), written as csv.writer writes it; ``quoted_at``: a record spanning two lines there."""
    rng = random.Random(seed)
    quoting = io.StringIO()
    writer = csv.writer(quoting, delimiter=delimiter, lineterminator="")
    lines = [delimiter.join(HEADER)]
    for i in range(rows):
        country = f"Q{i % 97:02d}" if garbage_countries and rng.random() < 0.5 else rng.choice(COUNTRIES)
        cells = [rng.choice(EMAILS), f"n{i}", country, rng.choice(CONSENT), rng.choice(CONSENT + ["form"] * 5),
                 rng.choice(KINDS), rng.choice(FLAGS), "" if rng.random() < 0.5 else "note"]
        if rng.random() < ragged:
            cells = cells[: rng.randint(1, len(cells))]
        cells = [cell.replace(delimiter, "") for cell in cells]
        if rng.random() < quotes:
            where = rng.choice([0, 1, 2, len(cells) - 1]) % len(cells)
            cells[where] = rng.choice([f"VIP{delimiter} call first", '"Quoted" Ltd', "", cells[where]]) + rng.choice(["", '"'])
            quoting.seek(0)
            quoting.truncate()
            writer.writerow(cells)
            lines.append(quoting.getvalue())
        else:
            lines.append(delimiter.join(cells))
        if rng.random() < blank:
            lines.append(rng.choice(["", "   "]))
        if i == quoted_at:
            lines.append(delimiter.join(['"quoted@example.com"', '"two\nlines"', "DE", "", "form", "", "no", ""]))
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + (newline.join(lines) + newline).encode("utf-8"))


@pytest.fixture()
def suppression(tmp_path: Path) -> Path:
    path = tmp_path / "suppress.csv"
    path.write_text("email\njohn@example.com\njroe@gmail.com\nmary@example.com\n@blocked.example\nx@example.com\n", "utf-8")
    return path


@pytest.fixture()
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of a few lines, so block edges, memos and merging are exercised on small files."""
    monkeypatch.setattr(contacts_fast, "BLOCK_BYTES", 300)
    monkeypatch.setattr(contacts_fast, "ARROW_BLOCK_BYTES", 600)


@pytest.fixture()
def spy(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Counts the rows each path checked (so an equality test cannot pass by never taking the fast path)."""
    calls = {"fast": 0, "csv": 0, "arrow": 0}
    scan_block, scan_rows = contacts_fast.scan_block, contacts.scan_rows
    if "arrow" in ENGINES:
        from outreach_lint.facts import contacts_arrow

        check_plain, check_block = contacts_arrow.check_plain, contacts_arrow.check_block

        def arrow(*args: Any) -> bool:
            taken = check_plain(*args)
            calls["arrow"] += args[1] if taken else 0
            return taken

        def arrow_block(*args: Any) -> bool:
            taken = check_block(*args)
            calls["arrow"] += args[1] if taken else 0
            calls["fast"] += args[1] if taken else 0
            return taken

        monkeypatch.setattr(contacts_arrow, "check_plain", arrow)
        monkeypatch.setattr(contacts_arrow, "check_block", arrow_block)

    def fast(*args: Any) -> int:
        before = args[6].rows
        lines = scan_block(*args)
        calls["fast"] += args[6].rows - before
        return lines

    def slow(*args: Any, **kwargs: Any) -> contacts.Stats:
        stats = scan_rows(*args, **kwargs)
        calls["csv"] += stats.rows
        return stats

    monkeypatch.setattr(contacts_fast, "scan_block", fast)
    monkeypatch.setattr(contacts, "scan_rows", slow)
    return calls


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir() if p.name != "latin1.csv"))
@pytest.mark.parametrize("show_pii", [False, True])
def test_fixtures_read_the_same_both_ways(name: str, show_pii: bool) -> None:
    _same(FIXTURES / name, suppression_path=FIXTURES / "do-not-contact.csv", show_pii=show_pii)


@pytest.mark.parametrize(("seed", "layout"), [
    (1, {}), (2, {"delimiter": ";", "bom": True}), (3, {"delimiter": "\t", "newline": "\r\n"}), (4, {"delimiter": "|"}),
    (5, {"blank": 0.05}), (6, {"ragged": 0.03}), (7, {"garbage_countries": True}), (8, {"newline": "\r\n", "bom": True}),
    (12, {"quotes": 0.2}), (13, {"quotes": 0.1, "delimiter": ";", "ragged": 0.02, "blank": 0.02}), (14, {"quotes": 0.9}),
])
def test_generated_files_read_the_same_and_fast(tmp_path: Path, suppression: Path, small_blocks: None, spy: dict[str, int],
                                                engine: str, seed: int, layout: dict[str, Any]) -> None:
    path = tmp_path / "c.csv"
    _write_random(path, 400, seed, **layout)
    result = _same(path, suppression_path=suppression)
    assert result["rows"] == 400
    assert spy["fast"] >= 300  # most blocks took the fast path (ragged or blank ones may not)
    if engine == "arrow":
        assert spy["arrow"] >= (10 if layout.get("quotes", 0) > 0.5 else 150)
    assert all(result[name]["count"] for name in ("missing_consent", "suppressed", "unsubscribed", "undeclared_country",
                                                  "freemail", "sole_trader", "role_address", "invalid_email"))


def test_a_quote_hands_the_rest_to_the_csv_module_with_exact_line_numbers(tmp_path: Path, suppression: Path,
                                                                        small_blocks: None, spy: dict[str, int]) -> None:
    path = tmp_path / "c.csv"
    _write_random(path, 300, 9, quoted_at=200)
    result = _same(path, suppression_path=suppression)
    assert result["rows"] == 301
    assert 0 < spy["fast"] <= 201 and spy["csv"] > 0
    lines = path.read_text("utf-8").split("\n")
    after = [row for row in result["missing_consent"]["rows"] if row > 203]
    assert all(lines[row - 2].split(",")[3].strip().lower() in contacts._EMPTY for row in after)


def test_forked_workers_give_what_one_process_gives(tmp_path: Path, suppression: Path, small_blocks: None,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(contacts_fast, "PARALLEL_MIN_BYTES", 0)
    path = tmp_path / "c.csv"
    _write_random(path, 3000, 10, blank=0.01, garbage_countries=True)
    serial = _same(path, suppression_path=suppression)
    for workers in (2, 3, 7):
        assert _result(path, workers=workers, suppression_path=suppression) == serial
    _write_random(path, 3000, 11, quoted_at=1500, quotes=0.1)
    _assert_same(_result(path, workers=3, suppression_path=suppression), _result(path, fast=False, suppression_path=suppression))


def test_more_than_fifty_undeclared_countries_keep_the_first_fifty(tmp_path: Path, small_blocks: None) -> None:
    path = tmp_path / "c.csv"
    path.write_text("email,country\n" + "".join(f"a{i}@example.com,C{(i * 7) % 120:03d}\n" for i in range(600)), "utf-8")
    result = _same(path)
    assert result["undeclared_country"]["countries"] == sorted(f"C{(i * 7) % 120:03d}" for i in range(50))


@pytest.mark.parametrize("text", [
    "email\n\n\nbad\n  \nworse",  # one column, blank lines, no final newline
    "email,country\r\na@example.com,DE\rb@example.com,FR\r\n",  # a lone CR ends a line
    "sep=;\n\nE-Mail;Land\nmax@gmx.de;DE\n",
    "email,country\na@example.com,DE,extra\nb@example.com\n",  # ragged
    "email\n" + "a" * 400 + "@example.com\nb@example.com\n",  # a line longer than a block
    'email,country\n"a@example.com",DE\nb@example.com,FR\n',
    '"email",country\na@example.com,FR\n',
    'email,country\n"a@example.com"x,DE\nb@example.com,FR\n',  # strict csv refuses: the csv path reads it
    'email,country\na"b@example.com,DE\n""\n"",""\n"c@example.com","F""R"\n',  # a stray quote; quoted blanks
    'email,country\n"a@example.com,DE\nb@example.com,FR\n',  # an unclosed quote runs to the end
])
def test_odd_layouts_read_the_same(tmp_path: Path, small_blocks: None, text: str) -> None:
    path = tmp_path / "c.csv"
    path.write_text(text, "utf-8", newline="")
    _same(path)


def test_latin1_after_the_sniffed_head_is_refused_with_the_same_line(tmp_path: Path, small_blocks: None) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(b"email,name\na@example.com,Anna\n" * 3000 + "b@example.com,Jos\u00e9\n".encode("cp1252"))
    for fast in (True, False):
        with pytest.raises(ContactsError, match=r"^is not UTF-8 at line 6001 \(byte 0xe9\)"):
            check_contacts(path, fast=fast)


def test_nul_after_the_sniffed_head_reads_the_same(tmp_path: Path, small_blocks: None) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(b"email,name\na@example.com,Anna\n" * 3000 + b"b@example.com,x\x00y\nnul\x00@example.com\n")
    assert _same(path)["rows"] == 6001


def test_a_field_over_the_csv_limit_is_refused_both_ways(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("email,notes\na@example.com,x\nb@example.com," + "n" * 140_000 + "\n", "utf-8")
    for fast in (True, False):
        with pytest.raises(ContactsError, match=r"^is not valid CSV at line 3 \(field larger than field limit"):
            check_contacts(path, fast=fast)


def test_a_record_spanning_a_block_edge_reads_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Wherever the block edge falls, also right after a line that opens a quoted field."""
    path = tmp_path / "c.csv"
    rows = [f"a{i}@example.com,DE,2026-01-01,form" for i in range(30)]
    rows[12] = 'b@example.com,DE,"2026-01-01\n",form'  # consent_at spans two lines
    rows[5] = 'c@example.com,DE,2026-01-01,"form\nx"'  # the first line alone has every field
    rows[20] = ',DE,,"x'  # an unclosed quote runs to the end of the file
    path.write_text("email,country,consent_at,consent_source\n" + "\n".join(rows) + "\n", "utf-8")
    expected = _result(path, fast=False)
    for size in range(40, 700, 7):
        monkeypatch.setattr(contacts_fast, "BLOCK_BYTES", size)
        monkeypatch.setattr(contacts_fast, "ARROW_BLOCK_BYTES", size)
        _assert_same(_result(path, workers=1), expected)
