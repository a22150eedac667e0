"""The suppression-list loader as it was in Python (outreach_lint/facts/contacts.py at bd0356f),
kept unchanged as the reference the SQL definition must match: test_suppression_equivalence
runs both on many lists. Not product code: the product reads suppression lists with DuckDB
(outreach_lint/facts/contacts_suppression.py)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from outreach_lint.facts import contact_profiles
from outreach_lint.facts.contact_profiles import ContactData
from outreach_lint.facts.contacts_csv import SNIFF_BYTES, ContactsError, sniff_delimiter, sniff_encoding
from outreach_lint.facts.references import check_file

#: Domains known to deliver ``local+tag@domain`` to ``local@domain``.
PLUS_ADDRESSING = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "fastmail.com",
        "fastmail.fm",
        "proton.me",
        "protonmail.com",
        "pm.me",
        "yahoo.com",
        "zoho.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "posteo.de",
        "mailbox.org",
    }
)


def normalise_email(address: str, data: ContactData) -> str:
    """The form two spellings of one mailbox share: trimmed, lower case, ``googlemail.com`` is
    ``gmail.com`` (whose local part ignores dots), ``+tag`` dropped where the domain is known to
    deliver plus-addresses to the base mailbox (:data:`PLUS_ADDRESSING`)."""
    local, at, domain = address.strip().lower().rpartition("@")
    if not at:
        return domain
    domain = domain.rstrip(".")
    domain = data["domain_aliases"].get(domain, domain)
    if domain in PLUS_ADDRESSING:
        local = local.split("+", 1)[0]
    if domain in data["sets"]["DOT_INSENSITIVE_DOMAINS"]:
        local = local.replace(".", "")
    return f"{local}@{domain}"


def match_key(address: str, data: ContactData) -> str:
    """What the suppression check compares: :func:`normalise_email` with any ``+tag`` dropped
    (the query computes the same key for each row: contact_sql, ``email_key_suppressed``).

    Most business mail servers deliver ``john+news@`` to ``john@`` too; for a do-not-contact
    check a false match is a row to look at, while a miss is a message to someone who objected.
    """
    normal = normalise_email(address, data)
    local, at, domain = normal.rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}" if at else normal


def load_suppression(path: Path, data: ContactData) -> tuple[frozenset[str], frozenset[str]]:
    """(match keys, whole domains) from a suppression list.

    Accepts a CSV with an e-mail column, or one address per line; ``@example.com`` or a bare
    domain line suppresses the whole domain; ``#`` lines are comments.
    """
    check_file(path)
    with path.open("rb") as raw:
        head = raw.read(SNIFF_BYTES)
    encoding = sniff_encoding(head)
    delimiter = sniff_delimiter(head.decode(encoding, errors="ignore").lstrip("\ufeff"))
    addresses: set[str] = set()
    domains: set[str] = set()
    column, first = -1, True
    with path.open("r", encoding=encoding, newline="") as handle:
        reader = csv.reader(_bounded_lines(handle), delimiter=delimiter)
        try:
            for row in reader:
                cells = [cell.strip().lower() for cell in row]
                if not any(cells) or cells[0].startswith("#") or cells[0].startswith("sep="):
                    continue
                if first:
                    first = False
                    column = contact_profiles.resolve(row, data["profiles"], "generic").fields.get("email", contact_profiles.Field((-1,))).positions[0]
                    if column >= 0 or not any("@" in c or "." in c for c in cells):
                        continue  # a header line
                value = cells[column] if 0 <= column < len(cells) else next((c for c in cells if "@" in c), cells[0])
                _add_suppression_entry(value, addresses, domains, data)
        except csv.Error as exc:
            raise ContactsError(f"is not valid CSV at line {reader.line_num} ({exc})") from None
        except UnicodeDecodeError:
            from outreach_lint.facts.contacts_csv import not_decodable

            raise not_decodable(path, encoding, reader.line_num + 1) from None
    return frozenset(addresses), frozenset(domains)


def _bounded_lines(handle: Any) -> Any:
    from outreach_lint.facts.contacts_csv import MAX_LINE_CHARS

    number = 0
    while True:
        line = handle.readline(MAX_LINE_CHARS)
        if not line:
            return
        number += 1
        if len(line) >= MAX_LINE_CHARS and not line.endswith(("\n", "\r")):
            raise ContactsError(f"has a line longer than {MAX_LINE_CHARS:,} characters (line {number})")
        yield line


def _add_suppression_entry(value: str, addresses: set[str], domains: set[str], data: ContactData) -> None:
    """One normalised cell of a suppression list: ``@domain`` or ``domain`` blocks a whole domain."""
    if value.startswith("@"):
        domains.add(data["domain_aliases"].get(value[1:], value[1:]))
    elif "@" in value:
        addresses.add(match_key(value, data))
    elif "." in value and " " not in value:
        domains.add(value)
