from __future__ import annotations

import csv
from pathlib import Path

import pytest

from outreach_lint.facts import contacts
from outreach_lint.facts.contacts import ContactsError, mask_email
from outreach_lint.rulepack import load_pack

from ..packdata import check_contacts, load_suppression, resolve, suppression_key

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "contacts"
DACH = frozenset({"DE", "AT", "CH"})


@pytest.fixture(scope="module")
def tricky() -> dict:
    return check_contacts(FIXTURES / "b2b-tricky.csv", declared_countries=DACH, suppression_path=FIXTURES / "do-not-contact.csv")


def test_tricky_rows_by_line_number(tricky: dict) -> None:
    assert tricky["rows"] == 10
    assert tricky["missing_consent"] == {"count": 2, "rows": [4, 12], "examples": ["b***@example.org", "o***@example.org"]}  # line 12 follows a two-line record
    assert tricky["suppressed"] == {"count": 2, "rows": [3, 5], "examples": ["J***@example.com", "J***@gmail.com"]}
    assert tricky["unsubscribed"] == {"count": 1, "rows": [6], "examples": ["c***@example.net"]}
    assert tricky["undeclared_country"] == {"count": 1, "rows": [5], "examples": ["J***@gmail.com"], "countries": ["FR"]}
    assert tricky["freemail"] == {"count": 2, "rows": [5, 8], "examples": ["J***@gmail.com", "m***@gmx.de"]}
    assert tricky["sole_trader"] == {"count": 1, "rows": [8], "examples": ["m***@gmx.de"]}
    assert tricky["role_address"] == {"count": 1, "rows": [7], "examples": ["i***@example.com"]}
    assert tricky["invalid_email"] == {"count": 1, "rows": [9], "examples": ["***"]}
    assert tricky["missing_columns"] == []
    assert (tricky["encoding"], tricky["delimiter"], tricky["email_column"]) == ("utf-8", ",", True)


def test_every_tally_has_count_rows_and_examples(tricky: dict) -> None:
    for name in contacts.TALLIES:
        assert set(tricky[name]) >= {"count", "rows", "examples"}, name


def test_no_unmasked_address_in_result(tricky: dict) -> None:
    text = repr(tricky)
    for line in (FIXTURES / "b2b-tricky.csv").read_text("utf-8").splitlines()[1:]:
        address = line.split(",")[0]
        if "@" in address:
            assert address not in text


def test_show_pii_gives_plain_addresses() -> None:
    result = check_contacts(FIXTURES / "b2b-tricky.csv", declared_countries=DACH, suppression_path=FIXTURES / "do-not-contact.csv", show_pii=True)
    assert result["suppressed"]["examples"] == ["John.Doe+news@Example.com", "J.R.O.E+promo@gmail.com"]


def test_sample_limits_rows_but_not_counts() -> None:
    result = check_contacts(FIXTURES / "b2b-tricky.csv", sample=1)
    assert result["missing_consent"] == {"count": 2, "rows": [4], "examples": ["b***@example.org"]}
    assert result["freemail"] == {"count": 2, "rows": [5], "examples": ["J***@gmail.com"]}


def test_undeclared_country_skipped_without_declared_countries() -> None:
    assert check_contacts(FIXTURES / "b2b-tricky.csv")["undeclared_country"] == {"count": 0, "rows": [], "examples": [], "countries": []}


def test_semicolon_with_bom_and_german_headers() -> None:
    result = check_contacts(FIXTURES / "semicolon-bom.csv", declared_countries=frozenset({"DE", "AT"}))
    assert (result["encoding"], result["delimiter"]) == ("utf-8", ";")
    assert result["columns"] == ["consent_at", "consent_source", "country", "email", "unsubscribed"]
    assert result["missing_consent"] == {"count": 1, "rows": [3], "examples": ["l***@example.de"]}
    assert result["unsubscribed"] == {"count": 1, "rows": [4], "examples": ["s***@example.ch"]}
    assert result["undeclared_country"]["countries"] == ["CH"]


def test_utf16_tab_separated() -> None:
    result = check_contacts(FIXTURES / "utf16.csv", declared_countries=frozenset({"FR"}))
    assert (result["encoding"], result["delimiter"], result["rows"]) == ("utf-16", "\t", 2)
    assert result["missing_consent"] == {"count": 1, "rows": [3], "examples": ["l***@example.fr"]}
    assert result["undeclared_country"] == {"count": 1, "rows": [3], "examples": ["l***@example.fr"], "countries": ["BE"]}


def test_missing_consent_columns_count_every_row() -> None:
    result = check_contacts(FIXTURES / "no-consent-columns.csv")
    assert result["columns"] == ["country", "email"]
    assert result["missing_columns"] == list(contacts.CONSENT_COLUMNS)
    assert result["missing_consent"] == {"count": 3, "rows": [2, 3, 4], "examples": ["p***@example.com", "s***@outlook.com", "s***@example.org"]}
    assert result["role_address"] == {"count": 1, "rows": [4], "examples": ["s***@example.org"]}
    assert result["freemail"]["examples"] == ["s***@outlook.com"]


def test_plain_suppression_list_with_comments() -> None:
    addresses, domains = load_suppression(FIXTURES / "suppression-plain.txt")
    assert addresses == {"former.customer@example.com", "otto.test@example.org"}
    assert domains == frozenset()
    result = check_contacts(FIXTURES / "b2b-tricky.csv", suppression_path=FIXTURES / "suppression-plain.txt")
    assert result["suppressed"] == {"count": 1, "rows": [12], "examples": ["o***@example.org"]}


def test_domain_suppression(tmp_path: Path) -> None:
    listing = tmp_path / "c.csv"
    listing.write_text("email\na@blocked.example\nb@fine.example\nc@sub.blocked.example\n", "utf-8")
    result = check_contacts(listing, suppression_path=FIXTURES / "do-not-contact.csv")
    assert result["suppressed"]["rows"] == [2]


@pytest.mark.parametrize(
    "address, key",
    [
        ("John.Doe+news@Example.com", "john.doe@example.com"),  # the match key drops a plus tag on any domain
        ("  john.doe@EXAMPLE.COM ", "john.doe@example.com"),
        ("J.R.O.E+promo@gmail.com", "jroe@gmail.com"),
        ("jroe@googlemail.com", "jroe@gmail.com"),
        ("j.roe@example.com", "j.roe@example.com"),
        ("a+b+c@outlook.com", "a@outlook.com"),
        ("no-at-sign", None),
    ],
)
def test_suppression_key(address: str, key: str | None) -> None:
    """(Was test_normalise_email: the Python normalisation is gone; the suppression list's keys are SQL.)"""
    assert suppression_key(address) == key


def test_suppression_match_drops_plus_tags_on_any_domain(tmp_path: Path) -> None:
    """john+news@example.com and john@example.com are matched both ways for a do-not-contact check."""
    listing, suppression = tmp_path / "c.csv", tmp_path / "s.csv"
    listing.write_text("email\njohn+news@example.com\nmary@example.com\n", "utf-8")
    suppression.write_text("mary+promo@example.com\njohn@example.com\n", "utf-8")
    assert check_contacts(listing, suppression_path=suppression)["suppressed"]["rows"] == [2, 3]


@pytest.mark.parametrize(
    "address, masked",
    [
        ("john.doe@example.com", "j***@example.com"),
        (" Anna@Example.org ", "A***@example.org"),
        ("x@example.com", "x***@example.com"),
        ("@example.com", "***@example.com"),
        ("not-an-address", "***"),
        ("", "***"),
    ],
)
def test_mask_email(address: str, masked: str) -> None:
    assert mask_email(address) == masked


@pytest.mark.parametrize(
    "header, delimiter",
    [
        ("email,country\n", ","),
        ("email;country\n", ";"),
        ("email\tcountry\n", "\t"),
        ("email|country\n", "|"),
        ('"e,mail";country;x\n', ";"),
        ("sep=|\nemail|country\n", "|"),
        ("email\n", ","),
    ],
)
def test_delimiter_sniffing(tmp_path: Path, header: str, delimiter: str) -> None:
    path = tmp_path / "c.csv"
    path.write_text(header, "utf-8")
    assert check_contacts(path)["delimiter"] == delimiter


def test_excel_sep_line_is_not_the_header(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("sep=;\nE-Mail;Land\nmax@gmx.de;DE\n", "utf-8")
    result = check_contacts(path)
    assert (result["columns"], result["freemail"]["rows"]) == (["country", "email"], [3])


@pytest.mark.parametrize(
    "header, canonical",
    [
        ("E-Mail", "email"),
        ("Email Address", "email"),
        ("MAIL", "email"),
        ("email_address", "email"),
        ("Country Code", "country"),
        ("Land", "country"),
        ("pays", "country"),
        ("Consent Date", "consent_at"),
        ("opt_in_at", "consent_at"),
        ("consent_timestamp", "consent_at"),
        ("Opt-In Source", "consent_source"),
        ("source", "consent_source"),
        ("Opted Out", "unsubscribed"),
        ("HasOptedOutOfEmail", "unsubscribed"),
        ("Legal Form", "company_type"),
    ],
)
def test_column_aliases(header: str, canonical: str) -> None:
    assert resolve(["x", header]).fields[canonical].positions == (1,)


@pytest.mark.parametrize(
    "value, flagged",
    [
        ("yes", True),
        ("TRUE", True),
        ("1", True),
        ("y", True),
        ("x", True),
        (" Yes ", True),
        ("no", False),
        ("false", False),
        ("0", False),
        ("", False),
        ("n", False),
    ],
)
def test_unsubscribed_flag_values(tmp_path: Path, value: str, flagged: bool) -> None:
    path = tmp_path / "c.csv"
    path.write_text(f"email,unsubscribed\nsam@example.com,{value}\n", "utf-8")
    assert check_contacts(path)["unsubscribed"]["count"] == int(flagged)


@pytest.mark.parametrize(
    "address, freemail, role",
    [
        ("a@gmail.com", True, False),
        ("a@yahoo.co.uk", True, False),
        ("a@hotmail.fr", True, False),
        ("a@orange.fr", True, False),
        ("a@libero.it", True, False),
        ("a@web.de", True, False),
        ("info@example.com", False, True),
        ("Sales+eu@example.com", False, True),
        ("a@example.com", False, False),
        ("a@yahoo.example.com", False, False),
        ("a@notgmail.com", False, False),
    ],
)
def test_freemail_and_role(tmp_path: Path, address: str, freemail: bool, role: bool) -> None:
    path = tmp_path / "c.csv"
    path.write_text(f"email\n{address}\n", "utf-8")
    result = check_contacts(path)
    assert (result["freemail"]["count"], result["role_address"]["count"]) == (int(freemail), int(role))


@pytest.mark.parametrize(
    "address, invalid",
    [
        ("a@example.com", False),
        (" a@example.com ", False),
        ("a@bücher.example", False),
        ("", True),
        ("a", True),
        ("a@", True),
        ("@example.com", True),
        ("a@example", True),
        ("a b@example.com", True),
        ("a@@example.com", True),
        ("a@-x.example.com", True),
        ("a@example..com", True),
    ],
)
def test_invalid_email(tmp_path: Path, address: str, invalid: bool) -> None:
    path = tmp_path / "c.csv"
    path.write_text(f'email,x\n"{address}",1\n', "utf-8")
    assert check_contacts(path)["invalid_email"]["count"] == int(invalid)


@pytest.mark.parametrize(
    "value, sole",
    [
        ("sole_trader", True),
        ("Sole Trader", True),
        ("partnership", True),
        ("Einzelunternehmen", True),
        ("GbR", True),
        ("ltd", False),
        ("GmbH", False),
        ("", False),
    ],
)
def test_sole_trader(tmp_path: Path, value: str, sole: bool) -> None:
    path = tmp_path / "c.csv"
    path.write_text(f"email,company_type\na@example.com,{value}\n", "utf-8")
    assert check_contacts(path)["sole_trader"]["count"] == int(sole)


def test_country_names_and_aliases(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("email,country\na@example.com,UK\nb@example.com,Germany\nc@example.com,gb\nd@example.com,EL\n", "utf-8")
    result = check_contacts(path, declared_countries=frozenset({"GB", "DE"}))
    assert result["undeclared_country"] == {"count": 1, "rows": [5], "examples": ["d***@example.com"], "countries": ["GR"]}


def test_latin1_is_refused_with_the_line(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes("email,name\na@example.com,Anna\nb@example.com,Jos\u00e9\n".encode("cp1252"))
    with pytest.raises(ContactsError, match=r"^is not UTF-8 at line 3 \(byte 0xe9\); save it as UTF-8, or declare .*encoding: cp1252"):
        check_contacts(path)


def test_declared_cp1252_is_read_and_the_temporary_copy_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    path = tmp_path / "c.csv"
    path.write_bytes("sep=;\r\nE-Mail;Land;Firma\r\ninfo@example.de;Österreich;Müller GmbH\r\nrené@gmail.com;DE;\u20ac-Shop\r\n".encode("cp1252"))
    result = check_contacts(path, declared_countries=frozenset({"DE"}), spec=contacts.ListSpec(encoding="cp1252"))
    assert (result["encoding"], result["delimiter"], result["rows"]) == ("cp1252", ";", 2)
    assert result["undeclared_country"] == {"count": 1, "rows": [3], "examples": ["i***@example.de"], "countries": ["AT"]}
    assert result["freemail"]["examples"] == ["r***@gmail.com"]
    assert list(scratch.iterdir()) == []  # the UTF-8 copy is gone


def test_binary_and_utf32_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(b"email\x00\x01\x02")
    with pytest.raises(ContactsError, match="^is a binary file"):
        check_contacts(path)
    path.write_bytes("email\n".encode("utf-32"))
    with pytest.raises(ContactsError, match="^is UTF-32, which is not supported"):
        check_contacts(path)


def test_overlong_line_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("email\n" + "a" * (contacts.MAX_LINE_CHARS + 10), "utf-8")
    with pytest.raises(ContactsError, match=r"^has a line longer than 1,048,576 characters \(line 2\)"):
        check_contacts(path)


def test_empty_and_header_only(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("email,country\n", "utf-8")
    result = check_contacts(path)
    assert (result["rows"], result["missing_consent"]["count"]) == (0, 0)


def test_blank_lines_are_not_rows_but_count_as_lines(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("email\n\nbad\n\n\nworse\n", "utf-8")
    result = check_contacts(path)
    assert (result["rows"], result["invalid_email"]["rows"]) == (2, [3, 6])


def _write_rows(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["email", "country", "consent_at", "consent_source", "unsubscribed"])
        for i in range(count):
            writer.writerow(
                [
                    f"user{i}@{'gmail.com' if i % 3 else 'example.com'}",
                    "FR" if i % 5 else "DE",
                    "" if i % 7 == 0 else "2026-01-01",
                    "form",
                    "yes" if i % 11 == 0 else "no",
                ]
            )


def test_progress_reports_the_rows_and_the_whole_file_at_the_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(contacts, "PROGRESS_MIN_BYTES", 1000)  # same code path, a smaller file
    path = tmp_path / "c.csv"
    _write_rows(path, 2500)
    calls: list[tuple[int, int]] = []
    result = check_contacts(path, progress=lambda rows, done: calls.append((rows, done)))
    assert result["rows"] == 2500
    assert calls[-1] == (2500, path.stat().st_size)
    assert all(rows == -1 and 0 <= done <= path.stat().st_size for rows, done in calls[:-1])


def test_small_lists_show_no_progress(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    _write_rows(path, 50)
    calls: list[tuple[int, int]] = []
    check_contacts(path, progress=lambda rows, done: calls.append((rows, done)))
    assert calls == []


def test_terminal_progress_line_names_the_file_and_ends_with_a_newline() -> None:
    import io

    from outreach_lint.facts.progress import terminal_progress

    stream = io.StringIO()
    report = terminal_progress("lists/big.csv", 1000, stream)
    report(-1, 400)
    report(200_000, 1000)
    assert stream.getvalue() == "\rlists/big.csv: reading (40%)\rlists/big.csv: 200,000 rows (100%)\n"


def test_progress_stream_reaches_the_contacts_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from outreach_lint.check.options import CheckOptions
    from outreach_lint.facts import collect

    monkeypatch.setattr(contacts, "PROGRESS_MIN_BYTES", 1000)
    _write_rows(tmp_path / "c.csv", 1500)
    campaign = {"campaign": "x", "audience": {"contacts": "c.csv"}}
    stream = io.StringIO()
    collect.collect(campaign, {"facts": {}}, tmp_path, collect.FactOptions(pack=load_pack(), progress_stream=stream))
    assert stream.getvalue().endswith("\rc.csv: 1,500 rows (100%)\n")
    assert CheckOptions().progress is False


def test_parquet_and_json_lines_give_the_csv_facts(tmp_path: Path) -> None:
    import duckdb

    flat = tmp_path / "flat.csv"
    flat.write_text(
        "email,country,consent_at,consent_source,unsubscribed\nanna@gmail.com,DE,2026-01-01,form,no\n"
        "info@example.com,FR,,form,yes\nbroken,DE,2026-01-01,form,\n",
        "utf-8",
    )
    for suffix, fmt in ((".parquet", "(FORMAT parquet)"), (".jsonl", "(FORMAT json)")):
        target = tmp_path / f"list{suffix}"
        duckdb.sql(f"COPY (SELECT * FROM read_csv('{flat}', all_varchar = true)) TO '{target}' {fmt}")
        facts = check_contacts(target, declared_countries=frozenset({"DE"}))
        assert facts["rows"] == 3 and facts["encoding"] == suffix.lstrip(".").replace("jsonl", "jsonl")
        # rows are 1-based record numbers here (no header line)
        assert facts["unsubscribed"] == {"count": 1, "rows": [2], "examples": ["i***@example.com"]}
        assert facts["undeclared_country"]["countries"] == ["FR"]
        assert facts["invalid_email"]["rows"] == [3]


@pytest.mark.parametrize(
    "body, message",
    [
        ("john.secret@example.com,DE,extra,fields\n", r"^is not valid CSV at line 2 \(more fields than the header's 2\)$"),
        ('"john.secret@example.com,DE\n', r"^is not valid CSV at line 2 \(a quoted field is not closed\)$"),
    ],
)
def test_csv_errors_name_the_line_never_its_content(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "c.csv"
    path.write_text("email,country\n" + body, "utf-8")
    with pytest.raises(ContactsError, match=message) as caught:
        check_contacts(path)
    assert "secret" not in str(caught.value)


def test_no_temporary_files_are_left(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    path = tmp_path / "c.csv"
    path.write_bytes("email\tcountry\r\na@example.com\tDE\r\n".encode("utf-16"))
    assert check_contacts(path)["rows"] == 1
    path.write_text('email\n"a@example.com\n', "utf-8")
    with pytest.raises(ContactsError):
        check_contacts(path)
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize("show_pii, shown", [(False, ["j***@example.com"]), (True, ["jane@example.com"])])
def test_only_the_address_of_a_display_form_cell_is_shown(tmp_path: Path, show_pii: bool, shown: list[str]) -> None:
    path = tmp_path / "c.csv"
    path.write_text('email,unsubscribed\n"Jane Doe <jane@example.com> +44 20 7946 0000",yes\n', "utf-8")
    facts = check_contacts(path, show_pii=show_pii)
    assert facts["unsubscribed"]["examples"] == shown
    assert "Doe" not in repr(facts) and "7946" not in repr(facts)


@pytest.mark.parametrize(("jobs", "threads"), [((), None), (("--jobs", "1"), 1), (("--jobs", "3"), 3)])
def test_jobs_sets_duckdbs_threads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: tuple[str, ...], threads: int | None) -> None:
    import collections

    from outreach_lint.facts import collect, contacts_duckdb

    from ..conftest import check_json

    seen: list[int | None] = []
    real = contacts_duckdb.connect

    def connect(count: int | None, scratch: str, memory_limit: str = contacts_duckdb.MEMORY_LIMIT) -> object:
        seen.append(count)
        return real(count, scratch, memory_limit)

    monkeypatch.setattr(contacts_duckdb, "connect", connect)
    monkeypatch.setattr(collect, "_MEMO", collections.OrderedDict())  # a list checked before in this process is remembered
    _write_rows(tmp_path / "c.csv", 20)
    campaign = tmp_path / "campaign.yaml"
    campaign.write_text("campaign: x\nchannel: email\naudience:\n  countries: [FR]\n  contacts: c.csv\nsteps:\n  - subject: Hi\n", "utf-8")
    _, report = check_json("--no-cache", *jobs, str(campaign))
    assert seen == [threads]
    assert report["findings"]  # the list was read and checked


@pytest.mark.parametrize("show_pii", [False, True])
def test_big_list_query_gives_the_small_list_querys_facts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, show_pii: bool) -> None:
    """Lists from TALLY_MIN_BYTES on run tally_query (masks only the rows shown), smaller ones
    compile_query (masks every flagged row): the same facts, on the tricky rows (suppression list,
    multi-line record) and on 3,000 generated rows in two countries."""
    from outreach_lint.facts import contact_passes

    _write_rows(tmp_path / "c.csv", 3000)
    lists = [(FIXTURES / "b2b-tricky.csv", FIXTURES / "do-not-contact.csv"), (tmp_path / "c.csv", None)]
    for path, suppression in lists:
        results = []
        for threshold in (0, 1 << 40):
            monkeypatch.setattr(contact_passes, "TALLY_MIN_BYTES", threshold)
            results.append(check_contacts(path, declared_countries=DACH, suppression_path=suppression, show_pii=show_pii))
        assert results[0] == results[1]
        assert results[0]["rows"] > 0


def test_an_export_with_line_breaks_inside_quoted_cells_is_read(tmp_path: Path) -> None:
    """Excel and CRM exports end rows in CRLF and break lines inside a quoted cell with LF alone;
    DuckDB refuses the mix, so such a list is read from a copy with LF ends (same lines)."""
    from ..conftest import check_json

    contacts = tmp_path / "hubspot.csv"
    contacts.write_bytes(
        b'"Email","Country","Notes"\r\n'
        b'"anna@firma.example","DE","met at the fair\nfollow up in May"\r\n'
        b'"bob@firma.example","FR","-"\r\n'
        b'"carl@firma.example","DE",""\r\n'
    )
    result = check_contacts(contacts, declared_countries=frozenset({"DE"}))
    assert result["rows"] == 3
    assert result["undeclared_country"]["rows"] == [4]  # the record of bob starts on line 4
    campaign = tmp_path / "campaign.yaml"
    campaign.write_text("campaign: x\nchannel: email\naudience:\n  countries: [DE]\n  contacts: hubspot.csv\nsteps:\n  - subject: Hi\n", "utf-8")
    code, report = check_json("--no-cache", str(campaign))
    messages = [f["message"] for f in report["findings"] if f["code"] == "OL123"]
    assert code == 1 and messages and "first rows: 4" in messages[0]
    assert not [f for f in report["findings"] if f["code"] in ("OL003", "OL008")]


def test_a_line_of_spaces_is_no_record_but_a_record_of_empty_cells_is(tmp_path: Path) -> None:
    """Only a record of one blank cell and nothing else is skipped (a line of spaces); a record of
    several empty cells (',' or '   ,') is a row, as the csv module reads it, whatever its first cell."""
    path = tmp_path / "c.csv"
    path.write_text("email,country\na@x.example,DE\n   \n   ,\n,\nb@y.example,DE\n", "utf-8")
    result = check_contacts(path, declared_countries=frozenset({"DE"}))
    assert result["rows"] == 4
    assert result["invalid_email"]["rows"] == [4, 5]
