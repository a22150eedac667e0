"""Row-level facts from a contacts CSV, checked against the campaign's claims (SPEC section 5).

The file is streamed: only the suppression set, counters and the first ``sample`` row numbers
and examples are kept, so memory stays flat however long the file is. Rows are numbered by the
1-based *line* where the record starts (header = line 1), which is what a person sees in an
editor. Addresses are masked (``j***@example.com``) unless ``show_pii``.

Speed: :func:`scan_rows` is the csv path's hot loop. It looks only at the columns it needs and
does a few set lookups per row. It takes any ``csv.reader``-like iterator and returns a
:class:`Stats` that merges (:meth:`Stats.merge`). Big files go to :mod:`.contacts_fast`, which
checks blocks of lines column by column (with pyarrow, the ``fast`` extra) on one process per
core and merges the per-range :class:`Stats`; its results are the csv path's, row numbers included.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, TypeVar

from .references import ReferenceProblem, check_file

#: Bytes read to sniff encoding and delimiter.
SNIFF_BYTES = 64 * 1024
#: A physical line longer than this is refused (a file without newlines must not be read whole).
MAX_LINE_CHARS = 1024 * 1024
PROGRESS_EVERY = 100_000
DELIMITERS = (",", ";", "\t", "|")

#: Canonical column -> accepted header names, compared after _column_key (case, spaces, _-. removed).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "email": ("email", "e-mail", "email_address", "e-mail address", "emailaddress", "mail", "email adresse",
              "e-mail-adresse", "mail_address", "courriel", "adresse email", "adresse e-mail", "correo",
              "correo electronico", "indirizzo email", "e-mailadres"),
    "country": ("country", "country_code", "countrycode", "country_iso", "iso_country", "land", "pays", "pais",
                "país", "paese", "landcode"),
    "consent_at": ("consent_at", "consent_date", "consent_timestamp", "consent_time", "consented_at", "opt_in_at",
                   "optin_at", "opt_in_date", "optin_date", "opt_in_timestamp", "einwilligung_am", "date_consentement"),
    "consent_source": ("consent_source", "source", "opt_in_source", "optin_source", "consent_origin", "lead_source", "quelle", "herkunft",
                       "einwilligungsquelle"),
    "consent_text_version": ("consent_text_version", "consent_version", "consent_text", "consent_wording",
                             "opt_in_text_version"),
    "consent_channels": ("consent_channels", "consent_channel", "channels", "opt_in_channels"),
    "consent_controllers": ("consent_controllers", "consent_controller", "controllers", "named_senders"),
    "company_type": ("company_type", "legal_form", "business_type", "entity_type", "rechtsform", "forme_juridique"),
    "unsubscribed": ("unsubscribed", "unsubscribe", "opted_out", "opt_out", "optout", "is_unsubscribed",
                     "has_opted_out_of_email", "hasoptedoutofemail", "do_not_email", "donotemail", "abgemeldet",
                     "desinscrit"),
}
#: The consent-record columns OL111 wants (legal-notes 1.2).
CONSENT_COLUMNS = ("consent_at", "consent_source", "consent_text_version", "consent_channels", "consent_controllers")

_TRUE = frozenset({"yes", "y", "true", "t", "1", "x", "ja", "oui", "si", "sí", "unsubscribed", "opted_out", "opted out",
                   "opted-out", "abgemeldet", "wahr"})
_EMPTY = frozenset({"", "null", "none", "n/a", "na", "-", "--", "nan", "nil", "unknown", "#n/a"})

#: Consumer mailbox providers (legal-notes OL105: free webmail is not a business address).
FREEMAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "icloud.com", "me.com",
    "mac.com", "aol.com", "gmx.de", "gmx.net", "gmx.at", "gmx.ch", "gmx.com", "web.de", "t-online.de", "freenet.de",
    "posteo.de", "mailbox.org", "orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr", "libero.it",
    "virgilio.it", "alice.it", "tiscali.it", "tin.it", "ziggo.nl", "kpnmail.nl", "planet.nl", "home.nl",
    "telenet.be", "skynet.be", "bluewin.ch", "seznam.cz", "wp.pl", "o2.pl", "onet.pl", "interia.pl",
    "btinternet.com", "sky.com", "talktalk.net", "virginmedia.com", "protonmail.com", "proton.me", "pm.me",
    "tutanota.com", "zoho.com", "yandex.com", "yandex.ru", "mail.ru", "ymail.com", "rocketmail.com", "qq.com",
    "163.com", "126.com", "fastmail.com", "hey.com", "comcast.net", "verizon.net", "att.net", "sbcglobal.net",
    "terra.es", "telefonica.net", "sapo.pt", "eircom.net", "hotmail.de", "outlook.de",
})
#: Brands whose every country domain is free mail: yahoo.co.uk, hotmail.fr, live.nl, outlook.es, ...
FREEMAIL_BRANDS = frozenset({"yahoo", "hotmail", "outlook", "live", "gmx", "aol", "ymail"})
#: Local parts that name a function, not a person (info@, sales@, ...).
ROLE_LOCALS = frozenset({
    "info", "sales", "contact", "office", "hello", "admin", "support", "team", "marketing", "hr", "jobs", "careers",
    "billing", "accounts", "accounting", "enquiries", "inquiries", "enquiry", "service", "post", "mail", "press",
    "presse", "webmaster", "postmaster", "noreply", "no-reply", "newsletter", "help", "reception", "kontakt",
    "verkauf", "vertrieb", "buero", "buchhaltung", "bureau", "contacto", "ventas", "vendite", "commerciale",
    "direction", "secretariat", "sekretariat", "orders", "invoice", "invoices", "finance", "legal", "privacy",
    "dpo", "datenschutz", "abuse", "hallo", "bonjour", "ciao", "hola", "welcome", "general", "management",
})
#: company_type values that mean an individual subscriber (PECR reg. 22: sole traders, partnerships).
SOLE_TRADER_TYPES = frozenset({
    "soletrader", "soleproprietor", "soleproprietorship", "soleowner", "partnership", "generalpartnership",
    "individual", "selfemployed", "freelancer", "freelance", "einzelunternehmen", "einzelunternehmer",
    "einzelfirma", "einzelkaufmann", "freiberufler", "gbr", "enskildfirma", "enskildnaringsidkare",
    "handelsbolag", "entrepriseindividuelle", "autoentrepreneur", "microentrepreneur", "ei", "eirl",
    "dittaindividuale", "autonomo", "autónomo", "eenmanszaak", "vof", "maatschap",
})
#: googlemail.com is gmail.com; in gmail.com dots in the local part do not matter.
DOMAIN_ALIASES = {"googlemail.com": "gmail.com"}
DOT_INSENSITIVE = frozenset({"gmail.com"})
#: Country spellings seen in exports, mapped to ISO 3166-1 alpha-2.
COUNTRY_NAMES = {
    "UK": "GB", "GREAT BRITAIN": "GB", "UNITED KINGDOM": "GB", "ENGLAND": "GB", "SCOTLAND": "GB", "WALES": "GB",
    "EL": "GR", "GERMANY": "DE", "DEUTSCHLAND": "DE", "AUSTRIA": "AT", "ÖSTERREICH": "AT", "OESTERREICH": "AT",
    "SWITZERLAND": "CH", "SCHWEIZ": "CH", "SUISSE": "CH", "FRANCE": "FR", "SPAIN": "ES", "ESPAÑA": "ES",
    "ITALY": "IT", "ITALIA": "IT", "NETHERLANDS": "NL", "THE NETHERLANDS": "NL", "NEDERLAND": "NL", "HOLLAND": "NL",
    "BELGIUM": "BE", "BELGIQUE": "BE", "BELGIË": "BE", "IRELAND": "IE", "POLAND": "PL", "POLSKA": "PL",
    "DENMARK": "DK", "DANMARK": "DK", "SWEDEN": "SE", "SVERIGE": "SE", "NORWAY": "NO", "NORGE": "NO",
    "FINLAND": "FI", "SUOMI": "FI", "PORTUGAL": "PT", "GREECE": "GR", "CZECHIA": "CZ", "CZECH REPUBLIC": "CZ",
    "LUXEMBOURG": "LU", "UNITED STATES": "US", "USA": "US", "UNITED STATES OF AMERICA": "US", "CANADA": "CA",
    "AUSTRALIA": "AU",
}
#: The row country of a row without one when the campaign targets several countries (or none).
UNKNOWN_COUNTRY = "??"
#: Distinct undeclared country values kept (the list must not grow with a garbage column).
MAX_COUNTRIES = 50


class ContactsError(ReferenceProblem):
    """The contacts or suppression file cannot be read. The message is one line that reads on after
    the file's name ("is not UTF-8 at line 3 ...") and names the line where it can."""


class SuppressionListError(ContactsError):
    """The suppression list, not the contacts file, is what cannot be read."""


@dataclass
class Tally:
    """How many rows matched, the first few line numbers and (masked) examples."""

    count: int = 0
    rows: list[int] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)

    def add(self, line: int, sample: int, address: str = "", show_pii: bool = False) -> None:
        """Count a row; keep its line and (masked) address while fewer than ``sample`` are kept."""
        self.count += 1
        if len(self.rows) < sample:
            self.rows.append(line)
            # kept parallel to rows, "" when there is none; masked here so no caller can forget
            self.examples.append(_example(address, show_pii))

    def add_many(self, count: int, lines: Iterable[tuple[int, str]], sample: int, show_pii: bool = False) -> None:
        """Count ``count`` rows at once; ``lines`` yields (line, address) of the first of them in order."""
        self.count += count
        for line, address in islice(lines, max(sample - len(self.rows), 0)):
            self.rows.append(line)
            self.examples.append(_example(address, show_pii))

    def add_first_countries(self, firsts: dict[str, int]) -> None:
        """Record undeclared countries (code -> the line it first appears on), earliest first, up to MAX_COUNTRIES."""
        for code, line in sorted(firsts.items(), key=lambda item: item[1]):
            if len(self.countries) >= MAX_COUNTRIES:
                break
            self.countries.setdefault(code, line)

    def shift(self, lines: int) -> None:
        """Renumber after finding that this slice starts ``lines`` lines further down."""
        self.rows = [line + lines for line in self.rows]

    def merge(self, other: Tally, sample: int) -> None:
        """Add ``other`` (a later or earlier slice of the same file): the first rows overall win."""
        self.count += other.count
        pairs = sorted(zip(self.rows + other.rows, self.examples + other.examples))[:sample]
        self.rows = [line for line, _ in pairs]
        self.examples = [example for _, example in pairs]

    def as_dict(self) -> dict[str, Any]:
        """``{count, rows, examples}``; examples are the masked addresses of the first rows that have one."""
        return {"count": self.count, "rows": list(self.rows), "examples": [example for example in self.examples if example]}


TALLIES = ("missing_consent", "suppressed", "unsubscribed", "undeclared_country", "freemail", "sole_trader",
           "role_address", "invalid_email")


@dataclass
class Stats:
    """Mergeable result of scanning some rows."""

    rows: int = 0
    tallies: dict[str, Tally] = field(default_factory=lambda: {name: Tally() for name in TALLIES})
    #: the first MAX_COUNTRIES distinct undeclared countries -> the line where each first appears
    #: (the line makes merging slices in any order give what one pass gives)
    countries: dict[str, int] = field(default_factory=dict)
    #: the same per row country (the country column's code, see scan_rows); None when not split
    by_country: dict[str, Stats] | None = None

    def merge(self, other: Stats, sample: int) -> None:
        self.rows += other.rows
        for name in TALLIES:
            self.tallies[name].merge(other.tallies[name], sample)
        if self.by_country is None or other.by_country is None:
            self.by_country = None  # a slice read by an engine that does not split: no split at all
        else:
            for code, part in other.by_country.items():
                self.by_country.setdefault(code, Stats()).merge(part, sample)
        both = dict(other.countries)
        for country, line in self.countries.items():
            both[country] = min(line, both.get(country, line))
        self.countries = dict(sorted(both.items(), key=lambda item: item[1])[:MAX_COUNTRIES])

    def add_first_countries(self, firsts: dict[str, int]) -> None:
        """Record undeclared countries (code -> the line it first appears on), earliest first, up to MAX_COUNTRIES."""
        for code, line in sorted(firsts.items(), key=lambda item: item[1]):
            if len(self.countries) >= MAX_COUNTRIES:
                break
            self.countries.setdefault(code, line)

    def shift(self, lines: int) -> None:
        """Renumber after finding that this slice starts ``lines`` lines further down."""
        for tally in self.tallies.values():
            tally.shift(lines)
        self.countries = {country: line + lines for country, line in self.countries.items()}
        for part in (self.by_country or {}).values():
            part.shift(lines)


@dataclass(frozen=True)
class Plan:
    """Which column index holds each canonical column (-1 when absent)."""

    columns: dict[str, int]

    @classmethod
    def from_header(cls, header: list[str]) -> Plan:
        lookup = {_column_key(alias): canon for canon, aliases in COLUMN_ALIASES.items() for alias in aliases}
        found: dict[str, int] = {}
        for index, name in enumerate(header):
            canon = lookup.get(_column_key(name))
            if canon is not None and canon not in found:
                found[canon] = index
        return cls(found)

    def index(self, name: str) -> int:
        return self.columns.get(name, -1)


@dataclass(frozen=True)
class Context:
    """What rows are checked against."""

    suppressed: frozenset[str] = frozenset()
    suppressed_domains: frozenset[str] = frozenset()
    declared_countries: frozenset[str] = frozenset()
    show_pii: bool = False
    sample: int = 5


def _column_key(name: str) -> str:
    return re.sub(r"[\s_.\-]+", "", name.strip().strip('"').lower())


# -- addresses ---------------------------------------------------------------

#: Domains known to deliver ``local+tag@domain`` to ``local@domain``.
PLUS_ADDRESSING = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "icloud.com", "me.com",
    "mac.com", "fastmail.com", "fastmail.fm", "proton.me", "protonmail.com", "pm.me", "yahoo.com", "zoho.com",
    "gmx.de", "gmx.net", "web.de", "posteo.de", "mailbox.org",
})


def normalise_email(address: str) -> str:
    """The form two spellings of one mailbox share: trimmed, lower case, ``googlemail.com`` is
    ``gmail.com`` (whose local part ignores dots), ``+tag`` dropped where the domain is known to
    deliver plus-addresses to the base mailbox (:data:`PLUS_ADDRESSING`)."""
    local, at, domain = address.strip().lower().rpartition("@")
    if not at:
        return domain
    domain = DOMAIN_ALIASES.get(domain.rstrip("."), domain.rstrip("."))
    if domain in PLUS_ADDRESSING:
        local = local.split("+", 1)[0]
    if domain in DOT_INSENSITIVE:
        local = local.replace(".", "")
    return f"{local}@{domain}"


def _match_key(address: str) -> str:
    """What the suppression check compares: :func:`normalise_email` with any ``+tag`` dropped.

    Most business mail servers (Google Workspace, Microsoft 365) deliver ``john+news@`` to
    ``john@`` too; for a do-not-contact check a false match is a row to look at, while a miss
    is a message to someone who objected. Both sides of the comparison use this key.
    """
    normal = normalise_email(address)
    local, at, domain = normal.rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}" if at else normal


def mask_email(address: str) -> str:
    """``john.doe@example.com`` -> ``j***@example.com``; anything without a local part -> ``***``."""
    address = address.strip()
    local, at, domain = address.rpartition("@")
    if not at or not local:
        return "***" + (f"@{domain.lower()}" if at and domain else "")
    return f"{local[0]}***@{domain.lower()}"


def _is_freemail(domain: str) -> bool:
    if domain in FREEMAIL_DOMAINS:
        return True
    brand, _, rest = domain.partition(".")
    return brand in FREEMAIL_BRANDS and 0 < len(rest) <= 6


def _example(address: str, show_pii: bool) -> str:
    return (address.strip() if show_pii else mask_email(address)) if address.strip() else ""


def _country(value: str) -> str:
    code = value.strip().upper()
    return COUNTRY_NAMES.get(code, code)


def undeclared_country(value: str, declared: frozenset[str]) -> str:
    """The country code of a cell when it is not one the campaign declares, else ""."""
    code = _country(value) if value else ""
    return code if code and code not in declared else ""


def is_sole_trader(company_type: str) -> bool:
    """Whether a company_type cell means an individual subscriber ("Sole trader", "sole_proprietor", ...)."""
    return bool(company_type) and re.sub(r"[\s_.\-]", "", company_type.lower()) in SOLE_TRADER_TYPES


# -- reading -----------------------------------------------------------------

@dataclass
class _Source:
    encoding: str
    delimiter: str
    handle: io.TextIOWrapper
    raw: Any  # the binary file under ``handle``: its tell() is the bytes read so far


def _sniff_encoding(head: bytes, path: Path) -> str:
    if head.startswith(codecs.BOM_UTF32_LE) or head.startswith(codecs.BOM_UTF32_BE):
        raise ContactsError("is UTF-32, which is not supported; save it as UTF-8")
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    if b"\x00" in head:
        raise ContactsError("is a binary file (it contains NUL bytes), not a CSV file")
    return "utf-8"


def _sniff_delimiter(text: str) -> str:
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


def _open(path: Path) -> _Source:
    check_file(path)  # a FIFO or device would block or never end: refused before opening
    try:
        raw = io.BufferedReader(io.FileIO(path, "rb"), buffer_size=SNIFF_BYTES)
    except OSError as exc:
        raise ContactsError(f"cannot be read ({exc.strerror})") from None
    head = raw.peek(SNIFF_BYTES)[:SNIFF_BYTES]
    encoding = _sniff_encoding(head, path)
    sample = head.decode(encoding, errors="ignore")
    handle = io.TextIOWrapper(raw, encoding=encoding, newline="")
    return _Source("utf-8" if encoding == "utf-8-sig" else encoding, _sniff_delimiter(sample.lstrip("\ufeff")), handle, raw)


def _lines(handle: io.TextIOWrapper, path: Path, line_offset: int = 0) -> Iterator[str]:
    """Physical lines, refusing over-long ones and reporting bad bytes with a line number
    (``line_offset``: lines before the handle's position)."""
    readline = handle.readline
    counter = [line_offset]
    while True:
        try:
            line = readline(MAX_LINE_CHARS)
        except UnicodeDecodeError:
            raise _not_decodable(path, handle.encoding, counter[0] + 1) from None
        if not line:
            return
        if len(line) >= MAX_LINE_CHARS and not line.endswith(("\n", "\r")):
            raise ContactsError(f"has a line longer than {MAX_LINE_CHARS:,} characters (line {counter[0] + 1})")
        counter[0] += 1
        yield line


def _not_decodable(path: Path, encoding: str, line: int) -> ContactsError:
    """The error for a file that does not decode, naming the first bad line (``line`` if not found)."""
    bad_line, byte = _first_bad_byte(path, encoding)
    return ContactsError(
        f"is not {encoding.upper().replace('-SIG', '')} at line {bad_line or line}"
        + (f" (byte 0x{byte:02x})" if byte is not None else "")
        + "; save it as UTF-8 (a Latin-1/Windows-1252 export is not guessed)"
    )


def _first_bad_byte(path: Path, encoding: str) -> tuple[int, int | None]:
    """(line, byte) of the first undecodable byte, found by a second streaming pass."""
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


# -- scanning ----------------------------------------------------------------

def scan_rows(reader: Any, plan: Plan, ctx: Context, *, line_offset: int = 0,
              progress: Callable[[int], None] | None = None) -> Stats:
    """Check every row of ``reader``, a ``csv.reader`` (its ``line_num`` gives the line numbers).

    Mergeable: for a slice of a file that starts after line ``line_offset``, pass a reader over
    the slice and that offset, then :meth:`Stats.merge` the slices' results in any order.
    """
    stats = Stats()
    tallies = stats.tallies
    sample = ctx.sample
    show = ctx.show_pii
    ie, ic, ia, isrc = plan.index("email"), plan.index("country"), plan.index("consent_at"), plan.index("consent_source")
    iu, it = plan.index("unsubscribed"), plan.index("company_type")
    width = max(plan.columns.values(), default=-1) + 1
    suppressed, suppressed_domains = ctx.suppressed, ctx.suppressed_domains
    declared = ctx.declared_countries
    missing_consent, t_supp, t_unsub = tallies["missing_consent"], tallies["suppressed"], tallies["unsubscribed"]
    t_country, t_free, t_sole = tallies["undeclared_country"], tallies["freemail"], tallies["sole_trader"]
    t_role, t_invalid = tallies["role_address"], tallies["invalid_email"]
    empty = _EMPTY
    countries = stats.countries
    # Per row country (issue 17: a row's facts count for its own country): the country column's
    # code, else the campaign's country when it targets one, else UNKNOWN_COUNTRY.
    split = ic >= 0
    by_country: dict[str, Stats] = {}
    if split:
        stats.by_country = by_country
    single = next(iter(declared)) if len(declared) == 1 else UNKNOWN_COUNTRY
    row_keys: dict[str, str] = {}
    ct: dict[str, Tally] = {}
    # Cell values repeat a lot (flags, company types, countries, domains): classify each once.
    flags: dict[str, bool] = {}
    kinds: dict[str, bool] = {}
    codes: dict[str, str] = {}
    domains: dict[str, tuple[str, bool, bool, bool, bool]] = {}
    check_consent = ia >= 0 and isrc >= 0
    previous = line_offset + reader.line_num
    rows = 0
    for row in reader:
        line, previous = previous + 1, line_offset + reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue  # blank line
        rows += 1
        if len(row) < width:
            row = row + [""] * (width - len(row))
        if progress is not None and rows % PROGRESS_EVERY == 0:
            progress(rows)
        if split:
            key = row_keys.get(row[ic])
            if key is None:
                key = _remember(row_keys, row[ic], _country(row[ic])[:40] or single)
            part = by_country.get(key)
            if part is None:
                part = by_country[key] = Stats()
            part.rows += 1
            ct = part.tallies
        if check_consent:
            at, src = row[ia], row[isrc]
            if (len(at) < 8 and at.strip().lower() in empty) or (len(src) < 8 and src.strip().lower() in empty):
                missing_consent.add(line, sample, row[ie] if ie >= 0 else "", show)
                if split:
                    ct["missing_consent"].add(line, sample, row[ie] if ie >= 0 else "", show)
        else:
            missing_consent.add(line, sample, row[ie] if ie >= 0 else "", show)
            if split:
                ct["missing_consent"].add(line, sample, row[ie] if ie >= 0 else "", show)
        if iu >= 0:
            flag = flags.get(row[iu])
            if flag is None:
                flag = _remember(flags, row[iu], row[iu].strip().lower() in _TRUE)
            if flag:
                t_unsub.add(line, sample, row[ie] if ie >= 0 else "", show)
                if split:
                    ct['unsubscribed'].add(line, sample, row[ie] if ie >= 0 else "", show)
        if it >= 0 and row[it]:
            sole = kinds.get(row[it])
            if sole is None:
                sole = _remember(kinds, row[it], is_sole_trader(row[it]))
            if sole:
                t_sole.add(line, sample, row[ie] if ie >= 0 else "", show)
                if split:
                    ct['sole_trader'].add(line, sample, row[ie] if ie >= 0 else "", show)
        if ic >= 0 and declared and row[ic]:
            code = codes.get(row[ic])
            if code is None:
                code = _remember(codes, row[ic], _country(row[ic]))
            if code and code not in declared:
                t_country.add(line, sample, row[ie] if ie >= 0 else "", show)
                if split:
                    ct['undeclared_country'].add(line, sample, row[ie] if ie >= 0 else "", show)
                if len(countries) < MAX_COUNTRIES:
                    countries.setdefault(code[:40], line)
        if ie < 0:
            continue
        local, at, domain = row[ie].strip().rpartition("@")
        info = domains.get(domain)
        if info is None:
            info = _remember(domains, domain, _domain_info(domain, suppressed_domains))
        canonical, dots, free, domain_suppressed, valid = info
        if not (at and valid and local) or len(local) > 64 or "@" in local or " " in local or "\t" in local:
            t_invalid.add(line, sample, row[ie], show)
            if split:
                ct['invalid_email'].add(line, sample, row[ie], show)
            continue
        local = local.lower()
        if "+" in local:
            local = local.split("+", 1)[0]
        if local in ROLE_LOCALS:
            t_role.add(line, sample, row[ie], show)
            if split:
                ct['role_address'].add(line, sample, row[ie], show)
        if domain_suppressed or (suppressed and (local.replace(".", "") if dots else local) + "@" + canonical in suppressed):
            t_supp.add(line, sample, row[ie], show)
            if split:
                ct['suppressed'].add(line, sample, row[ie], show)
        if free:
            t_free.add(line, sample, row[ie], show)
            if split:
                ct['freemail'].add(line, sample, row[ie], show)
    stats.rows = rows
    return stats


#: A domain we accept in an address: dotted labels of letters, digits, "-" and "_" (any script).
_DOMAIN = re.compile(r"(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_][\w-]{0,61}\.?")
_MEMO_LIMIT = 50_000

_T = TypeVar("_T")


def _remember(memo: dict[str, _T], key: str, value: _T) -> _T:
    """Store ``value`` for ``key`` unless the memo is full (memory stays bounded on unique values)."""
    if len(memo) < _MEMO_LIMIT:
        memo[key] = value
    return value


def recall(memo: dict[str, _T], key: str, judge: Callable[[str], _T]) -> _T:
    """``judge(key)``, computed once while the memo has room (cell values repeat a lot)."""
    known = memo.get(key)
    if known is None:
        known = _remember(memo, key, judge(key))
    return known


def _domain_info(domain: str, suppressed_domains: frozenset[str]) -> tuple[str, bool, bool, bool, bool]:
    """(canonical domain, dots ignored, free mail, whole domain suppressed, valid) for a domain as written."""
    lower = domain.lower().rstrip(".")
    canonical = DOMAIN_ALIASES.get(lower, lower)
    valid = len(domain) <= 253 and _DOMAIN.fullmatch(domain) is not None
    return canonical, canonical in DOT_INSENSITIVE, _is_freemail(canonical), canonical in suppressed_domains, valid


def load_suppression(path: Path) -> tuple[frozenset[str], frozenset[str]]:
    """(normalised addresses, whole domains) from a suppression list.

    Accepts a CSV with an e-mail column, or one address per line; ``@example.com`` or a bare
    domain line suppresses the whole domain; ``#`` lines are comments.
    """
    source = _open(path)
    addresses: set[str] = set()
    domains: set[str] = set()
    column = -1
    first = True
    with source.handle:
        reader = csv.reader(_lines(source.handle, path), delimiter=source.delimiter)
        try:
            for row in reader:
                if not first and 0 <= column < len(row):  # the common case, without normalising every cell
                    value = row[column].strip().lower()
                    head = value if column == 0 else row[0].strip().lower()
                    if value and not head.startswith("#") and not head.startswith("sep="):
                        _add_suppression_entry(value, addresses, domains)
                    continue
                cells = [cell.strip().lower() for cell in row]
                if not any(cells) or cells[0].startswith("#") or cells[0].startswith("sep="):
                    continue
                if first:
                    first = False
                    column = Plan.from_header(row).index("email")
                    if column >= 0 or not any("@" in c or "." in c for c in cells):
                        continue  # a header line
                if 0 <= column < len(cells):
                    value = cells[column]
                else:
                    value = next((c for c in cells if "@" in c), cells[0])
                _add_suppression_entry(value, addresses, domains)
        except csv.Error as exc:
            raise ContactsError(f"is not valid CSV at line {reader.line_num} ({exc})") from None
    return frozenset(addresses), frozenset(domains)


def _add_suppression_entry(value: str, addresses: set[str], domains: set[str]) -> None:
    """One normalised cell of a suppression list: ``@domain`` or ``domain`` blocks a whole domain."""
    if value.startswith("@"):
        domains.add(DOMAIN_ALIASES.get(value[1:], value[1:]))
    elif "@" in value:
        addresses.add(_match_key(value))
    elif "." in value and " " not in value:
        domains.add(value)


def check_contacts(
    path: Path,
    *,
    declared_countries: frozenset[str] = frozenset(),
    suppression_path: Path | None = None,
    show_pii: bool = False,
    sample: int = 5,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
    fast: bool = True,
) -> dict[str, Any]:
    """Facts about every row of the contacts file at ``path`` (see the module docstring).

    A big UTF-8 file is read by :mod:`.contacts_fast` with pyarrow when it is installed (the
    ``fast`` extra; on ``workers`` processes, default: one per core), up to anything pyarrow would
    read differently (a record spanning lines, ...); the rest goes through the csv module.
    ``fast=False`` reads it all with the csv module (the reference the fast path is tested against).
    """
    suppressed: frozenset[str] = frozenset()
    suppressed_domains: frozenset[str] = frozenset()
    if suppression_path is not None:
        try:
            suppressed, suppressed_domains = load_suppression(suppression_path)
        except ContactsError as exc:
            raise SuppressionListError(str(exc)) from None
    ctx = Context(suppressed, suppressed_domains, frozenset(c.upper() for c in declared_countries), show_pii, sample)
    source = _open(path)
    with source.handle:
        start = None
        if fast and source.encoding == "utf-8":
            from . import contacts_fast

            if contacts_fast.engine(path.stat().st_size) != "csv":
                start = contacts_fast.find_header(path, source.delimiter)
        if start is None:
            reader = csv.reader(_lines(source.handle, path), delimiter=source.delimiter)
            try:
                header = _header(reader)
                plan = Plan.from_header(header)
                tick = (lambda rows: progress(rows, source.raw.tell())) if progress is not None else None
                stats = scan_rows(reader, plan, ctx, progress=tick)
            except csv.Error as exc:
                raise ContactsError(f"is not valid CSV at line {reader.line_num} ({exc})") from None
        else:
            header, offset, line = start
            plan = Plan.from_header(header)
            stats, offset, line = contacts_fast.scan_file(path, offset, line, plan, ctx, source.delimiter,
                                                          progress=progress, workers=workers)
            if offset < path.stat().st_size:  # a quote (or something else the fast path leaves to csv)
                stats.merge(_scan_from(path, offset, line - 1, plan, ctx, source.delimiter, stats.rows, progress), sample)
    if progress is not None and stats.rows >= PROGRESS_EVERY:
        progress(stats.rows, path.stat().st_size)
    return _result(stats, plan, source, ctx)


def _scan_from(path: Path, offset: int, line_offset: int, plan: Plan, ctx: Context, delimiter: str, rows_before: int,
               progress: Callable[[int, int], None] | None) -> Stats:
    """The csv module's scan of a UTF-8 file from byte ``offset`` (the start of line ``line_offset + 1``)."""
    raw = io.BufferedReader(io.FileIO(path, "rb"), buffer_size=SNIFF_BYTES)
    raw.seek(offset)
    with io.TextIOWrapper(raw, encoding="utf-8", newline="") as handle:
        reader = csv.reader(_lines(handle, path, line_offset), delimiter=delimiter)
        tick = (lambda rows: progress(rows_before + rows, raw.tell())) if progress is not None else None
        try:
            return scan_rows(reader, plan, ctx, line_offset=line_offset, progress=tick)
        except csv.Error as exc:
            raise ContactsError(f"is not valid CSV at line {line_offset + reader.line_num} ({exc})") from None


def _header(reader: Iterator[list[str]]) -> list[str]:
    for row in reader:
        if row and row[0].lower().startswith("sep="):
            continue  # Excel's "sep=;" hint line
        if row and any(cell.strip() for cell in row):
            return row
    return []


def _row_facts(stats: Stats) -> dict[str, Any]:
    """A row country's facts: its row count and the tallies that counted any of its rows (a tally
    no country has is 0 in the file's totals too, which is what the engine then reads)."""
    return {"rows": stats.rows, **{name: stats.tallies[name].as_dict() for name in TALLIES if stats.tallies[name].count}}


def _by_country(stats: Stats, plan: Plan, ctx: Context) -> dict[str, Any] | None:
    """The row facts per row country; None when the engine that read the file did not split them."""
    if "country" not in plan.columns:
        single = next(iter(ctx.declared_countries)) if len(ctx.declared_countries) == 1 else UNKNOWN_COUNTRY
        return {single: _row_facts(stats)}
    if stats.by_country is None:
        return None
    return {code: _row_facts(part) for code, part in sorted(stats.by_country.items())}


def _result(stats: Stats, plan: Plan, source: _Source, ctx: Context) -> dict[str, Any]:
    t = stats.tallies
    by_country = _by_country(stats, plan, ctx)
    return {
        "rows": stats.rows,
        "columns": sorted(plan.columns),
        "missing_columns": [name for name in CONSENT_COLUMNS if name not in plan.columns],
        "email_column": "email" in plan.columns,
        "encoding": source.encoding,
        "delimiter": source.delimiter,
        "missing_consent": t["missing_consent"].as_dict(),
        "suppressed": t["suppressed"].as_dict(),
        "unsubscribed": t["unsubscribed"].as_dict(),
        "undeclared_country": dict(t["undeclared_country"].as_dict(), countries=sorted(stats.countries)),
        "freemail": t["freemail"].as_dict(),
        "sole_trader": t["sole_trader"].as_dict(),
        "role_address": t["role_address"].as_dict(),
        "invalid_email": t["invalid_email"].as_dict(),
        **({"by_country": by_country} if by_country is not None else {}),
    }
