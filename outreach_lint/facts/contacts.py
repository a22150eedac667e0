"""Facts from a contacts CSV, checked row by row against the campaign's claims.

The file is streamed: memory holds the suppression set and counters, never the
rows, so it stays flat whatever the file size. Row numbers are 1-based line
numbers in the file (the header is line 1), so a reviewer can open the file at
them. Addresses in the returned facts are masked (``j***@example.com``) unless
``show_pii`` is set: the facts end up in findings, reports and caches.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .references import ReferenceProblem, check_file

#: canonical column -> accepted header names (compared lower-cased, with - and spaces as _)
ALIASES: dict[str, tuple[str, ...]] = {
    "email": ("email", "e_mail", "email_address", "mail", "emailaddress", "e_mail_address", "work_email"),
    "country": ("country", "country_code", "countrycode", "land", "pays", "pais", "paese", "iso_country"),
    "consent_at": ("consent_at", "consent_date", "consent_timestamp", "opt_in_at", "opted_in_at", "opt_in_date", "optin_date", "optin_at", "consent_time", "date_of_consent"),
    "consent_source": ("consent_source", "opt_in_source", "optin_source", "source", "consent_url", "signup_source"),
    "consent_text_version": ("consent_text_version", "consent_version", "consent_wording", "wording_version"),
    "consent_channels": ("consent_channels", "consented_channels", "channels"),
    "consent_controllers": ("consent_controllers", "controllers", "consented_controllers", "named_senders"),
    "company_type": ("company_type", "legal_form", "entity_type", "business_type"),
    "unsubscribed": ("unsubscribed", "opted_out", "unsubscribe", "opt_out", "optout", "do_not_contact"),
}
CONSENT_COLUMNS = ("consent_at", "consent_source", "consent_text_version", "consent_channels", "consent_controllers")

FREEMAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "hotmail.fr", "hotmail.de",
    "live.com", "live.fr", "msn.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "yahoo.es", "yahoo.it",
    "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "gmx.de", "gmx.net", "gmx.at", "gmx.ch", "web.de",
    "t-online.de", "freenet.de", "orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr", "libero.it",
    "virgilio.it", "tiscali.it", "alice.it", "proton.me", "protonmail.com", "mail.com", "zoho.com", "yandex.com",
    "yandex.ru", "mail.ru", "seznam.cz", "wp.pl", "o2.pl", "onet.pl", "interia.pl", "telenet.be", "skynet.be",
    "ziggo.nl", "kpnmail.nl", "hetnet.nl", "btinternet.com", "sky.com", "virginmedia.com", "bluewin.ch", "hispeed.ch",
})
ROLE_LOCAL_PARTS = frozenset({
    "info", "sales", "contact", "office", "hello", "support", "admin", "team", "marketing", "kontakt", "vertrieb",
    "service", "enquiries", "inquiries", "mail", "post", "bureau", "accueil", "contacto", "ventas", "info-de",
    "hr", "jobs", "careers", "billing", "accounts", "finance", "press", "media", "webmaster", "noreply", "no-reply",
})
SOLE_TRADER_TYPES = frozenset({
    "sole_trader", "sole trader", "sole_proprietor", "sole proprietorship", "partnership", "einzelunternehmen",
    "einzelunternehmer", "gbr", "enskild firma", "enskild_firma", "entreprise individuelle", "ei", "auto-entrepreneur",
    "micro-entrepreneur", "autonomo", "autónomo", "ditta individuale", "eenmanszaak",
})
#: domains known to deliver local+tag@domain to local@domain
PLUS_ADDRESSING = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "icloud.com", "me.com",
    "fastmail.com", "proton.me", "protonmail.com", "yahoo.com", "zoho.com", "gmx.de", "gmx.net", "web.de",
})
TRUTHY = frozenset({"1", "true", "yes", "y", "x", "ja", "oui", "si", "sí", "t"})
PROGRESS_EVERY = 100_000
_DELIMITERS = ",;\t|"


def mask_email(address: str) -> str:
    """``john@example.com`` -> ``j***@example.com``; something without ``@`` -> ``***``."""
    local, at, domain = address.strip().partition("@")
    if not at:
        return "***"
    return f"{local[:1]}***@{domain.lower()}"


def normalise_email(address: str) -> str:
    """Lower-case, trim, and fold plus-addressing (and Gmail dots) where the domain does it."""
    local, at, domain = address.strip().lower().partition("@")
    if not at:
        return local
    if domain == "googlemail.com":
        domain = "gmail.com"
    if domain in PLUS_ADDRESSING:
        local = local.split("+", 1)[0]
    if domain == "gmail.com":
        local = local.replace(".", "")
    return f"{local}@{domain}"


def _canonical(header: str) -> str | None:
    key = header.strip().lower().replace("-", "_").replace(" ", "_")
    for canonical, names in ALIASES.items():
        if key in names:
            return canonical
    return None


@dataclass
class Tally:
    """A count, the first row numbers, and masked examples: mergeable across chunks."""

    count: int = 0
    rows: list[int] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)

    def add(self, line: int, example: str | None, sample: int) -> None:
        self.count += 1
        if len(self.rows) < sample:
            self.rows.append(line)
            if example is not None:
                self.examples.append(example)

    def as_dict(self, with_examples: bool) -> dict[str, Any]:
        data: dict[str, Any] = {"count": self.count, "rows": self.rows}
        if with_examples:
            data["examples"] = self.examples
        return data


def _open_text(path: Path) -> tuple[io.TextIOBase, str]:
    """Open with the sniffed encoding; only UTF-8 (BOM or not) and UTF-16 with BOM are accepted."""
    check_file(path)
    with path.open("rb") as handle:
        head = handle.read(65536)
    if head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # not just a character cut at the sample's end
                line = head[: exc.start].count(b"\n") + 1
                raise ReferenceProblem(f"is not UTF-8 (line {line}); save it as UTF-8") from None
        if b"\x00" in head:
            raise ReferenceProblem("is a binary file, not a CSV")
    return open(path, "r", encoding=encoding, newline="", errors="strict"), encoding  # noqa: SIM115


def _sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_rows(path: Path) -> tuple[list[str], Iterator[list[str]], Any, str, str]:
    handle, encoding = _open_text(path)
    try:
        first = handle.readline()
    except UnicodeDecodeError:
        handle.close()
        raise ReferenceProblem("is not valid text in its encoding") from None
    delimiter = _sniff_delimiter(first)
    header = next(csv.reader([first], delimiter=delimiter), [])
    reader = csv.reader(handle, delimiter=delimiter)
    return header, reader, handle, encoding, delimiter


def load_suppression(path: Path) -> frozenset[str]:
    """Normalised addresses from a suppression list: a CSV with an e-mail column, or one address a line."""
    header, reader, handle, _, _ = _read_rows(path)
    addresses: set[str] = set()
    with handle:
        columns = [_canonical(h) for h in header]
        if "email" in columns:
            index = columns.index("email")
            rows: Iterable[list[str]] = reader
        else:
            index = 0
            rows = _chain([header], reader)
        try:
            for row in rows:
                if len(row) > index and "@" in row[index]:
                    addresses.add(normalise_email(row[index]))
        except (UnicodeDecodeError, csv.Error) as exc:
            raise ReferenceProblem(f"cannot be read as CSV ({exc})") from None
    return frozenset(addresses)


def _chain(*iterables: Iterable[list[str]]) -> Iterator[list[str]]:
    for iterable in iterables:
        yield from iterable


def check_contacts(
    path: Path,
    *,
    declared_countries: frozenset[str] = frozenset(),
    suppression_path: Path | None = None,
    show_pii: bool = False,
    sample: int = 5,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Stream the contacts file and return per-row facts (see the module docstring)."""
    suppressed_set = load_suppression(suppression_path) if suppression_path is not None else frozenset()
    header, reader, handle, encoding, delimiter = _read_rows(path)
    columns = [_canonical(h) for h in header]
    index = {name: columns.index(name) for name in ALIASES if name in columns}
    tallies = {name: Tally() for name in ("missing_consent", "suppressed", "unsubscribed", "undeclared_country", "freemail", "sole_trader", "role_address", "invalid_email")}
    countries_seen: set[str] = set()
    show = (lambda a: a.strip()) if show_pii else mask_email
    i_email, i_country = index.get("email"), index.get("country")
    i_at, i_source = index.get("consent_at"), index.get("consent_source")
    i_unsub, i_type = index.get("unsubscribed"), index.get("company_type")
    rows = 0
    with handle:
        try:
            for row in reader:
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                rows += 1
                line = reader.line_num + 1  # the header line was read before the reader started
                width = len(row)
                email = row[i_email].strip() if i_email is not None and i_email < width else ""
                at = email.find("@")
                if i_at is None or i_source is None or i_at >= width or i_source >= width or not row[i_at].strip() or not row[i_source].strip():
                    tallies["missing_consent"].add(line, None, sample)
                if at <= 0:
                    if i_email is not None:
                        tallies["invalid_email"].add(line, None, sample)
                else:
                    domain = email[at + 1:].lower()
                    if suppressed_set and normalise_email(email) in suppressed_set:
                        tallies["suppressed"].add(line, show(email), sample)
                    if domain in FREEMAIL_DOMAINS:
                        tallies["freemail"].add(line, show(email), sample)
                    if email[:at].lower() in ROLE_LOCAL_PARTS:
                        tallies["role_address"].add(line, None, sample)
                if i_unsub is not None and i_unsub < width and row[i_unsub].strip().lower() in TRUTHY:
                    tallies["unsubscribed"].add(line, show(email) if email else None, sample)
                if i_type is not None and i_type < width and row[i_type].strip().lower() in SOLE_TRADER_TYPES:
                    tallies["sole_trader"].add(line, None, sample)
                if i_country is not None and declared_countries and i_country < width:
                    country = row[i_country].strip().upper()
                    if country and country not in declared_countries:
                        tallies["undeclared_country"].add(line, None, sample)
                        if len(countries_seen) < 50:
                            countries_seen.add(country)
                if progress is not None and rows % PROGRESS_EVERY == 0:
                    progress(rows, 0)
        except UnicodeDecodeError:
            raise ReferenceProblem(f"is not valid {encoding} text after line {reader.line_num + 1}") from None
        except csv.Error as exc:
            raise ReferenceProblem(f"is not valid CSV at line {reader.line_num + 1} ({exc})") from None
    facts: dict[str, Any] = {
        "rows": rows,
        "columns": sorted(index),
        "missing_columns": [c for c in CONSENT_COLUMNS if c not in index],
        "email_column": i_email is not None,
        "encoding": "utf-8" if encoding == "utf-8-sig" else encoding,
        "delimiter": delimiter,
    }
    for name, tally in tallies.items():
        facts[name] = tally.as_dict(with_examples=name in ("suppressed", "unsubscribed", "freemail"))
    facts["undeclared_country"]["countries"] = sorted(countries_seen)
    return facts
