"""The contacts reader: sniffing, aliases, row facts, masking, flat memory."""

from __future__ import annotations

import codecs
import tracemalloc
from pathlib import Path

import pytest

from outreach_lint.facts.contacts import mask_email
from outreach_lint.facts.references import ReferenceProblem

from .packdata import check_contacts, suppression_key

HEADER = "email,country,consent_at,consent_source,consent_text_version,consent_channels,consent_controllers,company_type,unsubscribed\n"


def write(tmp_path: Path, text: str, name: str = "contacts.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("John.Doe+news@Example.com", "john.doe@example.com"),  # any domain: the tag is dropped for matching
        ("John.Doe+news@gmail.com", "johndoe@gmail.com"),
        ("j.o.h.n@googlemail.com", "john@gmail.com"),
        (" Anna+x@Outlook.com ", "anna@outlook.com"),
    ],
)
def test_suppression_key(address: str, expected: str) -> None:
    assert suppression_key(address) == expected


def test_mask_email() -> None:
    assert mask_email("john.doe@Example.com") == "j***@example.com"
    assert mask_email("not-an-address") == "***"


def test_row_facts_with_line_numbers_and_masked_examples(tmp_path: Path) -> None:
    contacts = write(
        tmp_path,
        HEADER
        + "anna@example.com,DE,2026-01-01T10:00:00Z,form-1,v3,email,Acme,,no\n"  # line 2: clean
        + "John.Doe+news@gmail.com,DE,2026-01-02,form-1,v3,email,Acme,,\n"  # line 3: suppressed, freemail
        + "info@acme.example,US,,form-1,v3,email,Acme,,\n"  # line 4: no consent time, undeclared US, role address
        + "bob@example.org,FR,2026-01-03,,v3,email,Acme,sole trader,yes\n"  # line 5: no source, unsubscribed, sole trader
        + "broken-address,DE,2026-01-03,form-1,v3,email,Acme,,\n",  # line 6: invalid
    )
    suppression = write(tmp_path, "email\njohndoe@googlemail.com\n", "suppress.csv")
    facts = check_contacts(contacts, declared_countries=frozenset({"DE", "FR"}), suppression_path=suppression)
    assert facts["rows"] == 5
    assert facts["missing_columns"] == []
    assert facts["missing_consent"] == {"count": 2, "rows": [4, 5], "examples": ["i***@acme.example", "b***@example.org"]}
    assert facts["suppressed"] == {"count": 1, "rows": [3], "examples": ["J***@gmail.com"]}
    assert facts["freemail"] == {"count": 1, "rows": [3], "examples": ["J***@gmail.com"]}
    assert facts["unsubscribed"] == {"count": 1, "rows": [5], "examples": ["b***@example.org"]}
    assert facts["undeclared_country"] == {"count": 1, "rows": [4], "examples": ["i***@acme.example"], "countries": ["US"]}
    assert facts["role_address"] == {"count": 1, "rows": [4], "examples": ["i***@acme.example"]}
    assert facts["sole_trader"] == {"count": 1, "rows": [5], "examples": ["b***@example.org"]}
    assert facts["invalid_email"] == {"count": 1, "rows": [6], "examples": ["***"]}


def test_show_pii_shows_addresses(tmp_path: Path) -> None:
    contacts = write(tmp_path, HEADER + "john@gmail.com,DE,2026-01-01,f,v,email,A,,\n")
    assert check_contacts(contacts, show_pii=True)["freemail"]["examples"] == ["john@gmail.com"]


@pytest.mark.parametrize(
    ("encoding", "delimiter", "bom"),
    [("utf-8", ";", codecs.BOM_UTF8), ("utf-16-le", "\t", codecs.BOM_UTF16_LE), ("utf-8", "|", b"")],
)
def test_sniffs_encoding_delimiter_and_header_aliases(tmp_path: Path, encoding: str, delimiter: str, bom: bytes) -> None:
    text = delimiter.join(["E-Mail", "Land", "Opt-In Date", "Opt-In Source"]) + "\n" + delimiter.join(["jörg@example.de", "AT", "2026-01-01", "messe"]) + "\n"
    path = tmp_path / "c.csv"
    path.write_bytes(bom + text.encode(encoding))
    facts = check_contacts(path, declared_countries=frozenset({"DE"}))
    assert (facts["delimiter"], facts["rows"], facts["undeclared_country"]["countries"]) == (delimiter, 1, ["AT"])
    assert facts["columns"] == ["consent_at", "consent_source", "country", "email"]
    assert facts["missing_columns"] == ["consent_text_version", "consent_channels", "consent_controllers"]


def test_quoted_multiline_fields_keep_line_numbers_right(tmp_path: Path) -> None:
    contacts = write(tmp_path, 'email,consent_at,consent_source\n"a@example.com","2026-01-01","form\nwith newline"\nb@example.com,,\n')
    assert check_contacts(contacts)["missing_consent"] == {"count": 1, "rows": [4], "examples": ["b***@example.com"]}


@pytest.mark.parametrize(("raw", "message"), [(b"email\nj\xe9r\xf4me@example.fr\n" * 3, "not UTF-8"), (b"\x00\x01\x02binary", "binary")])
def test_refuses_what_it_cannot_read(tmp_path: Path, raw: bytes, message: str) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(raw)
    with pytest.raises(ReferenceProblem, match=message):
        check_contacts(path)


def _generate(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER)
        for i in range(rows):
            handle.write(f"person{i}@example{i % 97}.com,DE,2026-01-01,form,v1,email,Acme,,no\n")


def test_memory_stays_flat_as_the_file_grows(tmp_path: Path) -> None:
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    _generate(small, 10_000)
    _generate(large, 100_000)
    peaks = []
    for path in (small, large):
        tracemalloc.start()
        check_contacts(path, declared_countries=frozenset({"DE"}))
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < peaks[0] * 2 + 256 * 1024, peaks  # ten times the rows, not ten times the memory
