"""Vendor loaders in pages and scripts: HTML (``<script>``, ``<img>``, ``<iframe>`` and the ``data-*src``
a consent tool swaps in), JavaScript read as code (:mod:`.jscode`), and whether each is gated by a consent
tool. :mod:`.sites` (a site file of any kind) and :mod:`.gtm` (tags of a GTM export) build on this."""

from __future__ import annotations

import bisect
import re
from html.parser import HTMLParser
from typing import Any

from .htmlsafe import defuse
from .jscode import INJECTION, MARKUP, Code, lex
from .references import ReferenceProblem
from .vendors import Catalogue, Vendor

#: Script types browsers execute; anything else (text/plain, text/x-template, ...) is inert until a tool swaps it.
_JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "application/ecmascript", "text/jscript"}


#: URLs in JavaScript strings. Character classes without nesting: linear time.
_URL = re.compile(r"(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d{1,5})?[^\s\"'<>`()\\]*")


#: An inline loader wrapped in a consent check (the script asks the CMP before loading the tag).
_CONSENT_CHECK = re.compile(
    r"Cookiebot\.consent\.|CookieConsent\.consent\.|OnetrustActiveGroups|OptanonActiveGroups|OptanonWrapper|"
    r"UC_UI\.|Didomi\.getUserConsentStatus|didomiOnReady|__tcfapi\(|_iub\.cs\.|klaro\.getManager|"
    r"CookiebotOnAccept|OneTrustGroupsUpdated"
)


#: How far before a URL a consent check may stand to gate it (the loader's enclosing function).
_CONSENT_WINDOW = 2000


#: A JSX/HTML script element opening before a URL in code: ``<Script ... src="...">``.
_SCRIPT_OPEN = re.compile(r"<[Ss]cript\b")


_TYPE_ATTR = re.compile(r"\btype\s*=\s*\{?\s*[\"'`]([^\"'`]{0,60})[\"'`]")


class SiteError(ReferenceProblem):
    """The file cannot be scanned (a .json that is not a GTM export). The message is one line
    that reads on after the file's name; collect.py turns it into an OL003 finding."""


def hit_for(vendor: Vendor, evidence: str, line: int, ungated: bool, column: int = 1, gated_by: str = "") -> dict[str, Any]:
    """One vendor hit; ``host`` is the evidence's host (empty for a global or a GTM template)."""
    hit = {
        "vendor": vendor.id,
        "name": vendor.name,
        "level": vendor.level,
        "evidence": evidence,
        "line": line,
        "column": column,
        "ungated": ungated,
        "general_analytics": vendor.general_analytics,
        "host": evidence.split("/", 1)[0] if "." in evidence.split("/", 1)[0] and " " not in evidence else "",
    }
    if gated_by and not ungated:
        hit["gated_by"] = gated_by
    return hit


def evidence_of(url: str) -> str:
    """host/path of ``url`` without the query (keys and ids stay out of messages), at most 120 chars."""
    from .vendors import split_url

    host, path = split_url(url)
    return (host + path)[:120] if host else url[:120]


def scan_js(js: str, catalogue: Catalogue, line: int, gated: bool, column: int = 1, gate_reason: str = "", plain: bool = False) -> list[dict[str, Any]]:
    """Hits in JavaScript (a file or an inline script starting at ``line``): URLs first, globals second.

    Comments are ignored; a URL inside a string of markup counts only when the code injects
    markup (then the string is read as HTML); a loader after a consent check within
    :data:`_CONSENT_WINDOW` characters, or inside a ``<Script type="text/plain">`` element, is gated.
    """
    code = Code(js) if plain else lex(js)  # plain: a value as written (a GTM parameter), not code
    text = code.text
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def place(offset: int) -> tuple[int, int]:
        number = bisect.bisect_right(starts, offset)
        col = offset - starts[number - 1] + 1
        return line + number - 1, col + (column - 1 if number == 1 else 0)

    hits: dict[str, dict[str, Any]] = {}
    markup = [(a, b) for a, b in code.strings if MARKUP.search(text, a, b)]
    markup_spans = set(markup)
    if markup and INJECTION.search(text):
        for start, end in markup:
            at_line, at_col = place(start)
            for hit in scan_html(text[start:end], catalogue, at_line - 1)[0]:
                hits.setdefault(hit["vendor"], dict(hit, ungated=hit["ungated"] and not gated))
    for match in _URL.finditer(text):
        inside = code.string_at(match.start())
        if inside is not None and inside in markup_spans:
            continue  # markup in a string: counted above if injected, else it is only text
        vendor = catalogue.match_url(match.group(0))
        if vendor is not None and vendor.id not in hits:
            gated_by = (gate_reason or "gated") if gated else _gate(text, match.start())
            at_line, at_col = place(match.start())
            hits[vendor.id] = hit_for(vendor, evidence_of(match.group(0)), at_line, not (gated or gated_by), at_col, gated_by)
    for vendor_id, name in catalogue.global_names(text).items():
        if vendor_id not in hits:
            vendor = catalogue.get(vendor_id)
            assert vendor is not None
            offset = max(text.find(name), 0)
            gated_by = (gate_reason or "gated") if gated else _gate(text, offset)
            at_line, at_col = place(offset)
            hits[vendor_id] = hit_for(vendor, f"global {name}", at_line, not (gated or gated_by), at_col, gated_by)
    return list(hits.values())


def _gate(text: str, offset: int) -> str:
    """What gates code at ``offset``: a consent check before it, or a non-JavaScript ``<Script type>``."""
    before = text[max(0, offset - _CONSENT_WINDOW) : offset]
    check = _CONSENT_CHECK.search(before)
    if check:
        return f"consent check {check.group(0).rstrip('.(')}"
    openings = list(_SCRIPT_OPEN.finditer(text, max(0, offset - _CONSENT_WINDOW), offset))
    if openings:
        opening = openings[-1]  # the nearest element opened before the URL
        element = text[opening.start() : offset]
        if "</script" not in element.lower() and "/>" not in element:
            kind = _TYPE_ATTR.search(element)
            if kind and kind.group(1).strip().lower() not in _JS_TYPES:
                return f'script type="{kind.group(1)}"'
    return ""


#: attributes that mark an element as held back by a consent tool (class names are checked apart)
_HOLD_ATTRS = (
    "data-cookieconsent",
    "data-category",
    "data-usercentrics",
    "data-cookieyes",
    "data-borlabs-cookie-script-blocker-id",
    "data-iub-purposes",
    "data-vendor",
    "data-cmplz-src",
    "data-service",
    "data-name",
)


_HOLD_CLASSES = ("optanon-category-", "cmplz-", "_iub_cs_activate", "cookieconsent", "ot-")


class _PageParser(HTMLParser):
    def __init__(self, catalogue: Catalogue, line_shift: int = 0) -> None:
        super().__init__(convert_charrefs=True)
        self.catalogue = catalogue
        self.shift = line_shift
        self.hits: list[dict[str, Any]] = []
        self.cmp = ""
        self._script: tuple[int, bool, str] | None = None  # (line, gated, gated_by) of the open <script>
        self._chunks: list[str] = []
        self._chunk_at = (0, 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: (v or "") for k, v in attrs}
        line, column = self.getpos()[0] + self.shift, self.getpos()[1] + 1
        marker = self.catalogue.match_consent_marker(" ".join(f"{k}={v}" for k, v in values.items()))
        if marker is not None and not self.cmp:
            self.cmp = marker.name
        held = _held_back(values)
        if tag == "script":
            kind = values.get("type", "").strip().lower()
            gated = kind not in _JS_TYPES
            gated_by = (f'type="{kind}"' + (f" ({marker.name})" if marker else "")) if gated else ""
            self._script = (line, gated, gated_by)
            self._chunks = []
            self._chunk_at = (0, 1)
            self._source(values.get("src", ""), line, column, gated_by)
            for name, value in values.items():
                if name != "src" and name.endswith("src") and value:
                    # a consent tool swaps data-src / data-cmplz-src / ...-blocker-src in after opt-in
                    self._source(value, line, column, f"{name} held by " + (marker.name if marker else "a consent tool"))
        elif tag in ("img", "iframe"):
            self._source(values.get("src", ""), line, column, "")
            for name, value in values.items():
                if name != "src" and name.endswith("src") and value:
                    self._source(value, line, column, (f"{name} held by " + (marker.name if marker else "a consent tool")) if held else "")

    def _source(self, url: str, line: int, column: int, gated_by: str) -> None:
        if not url:
            return
        vendor = self.catalogue.match_url(url)
        if vendor is not None:
            self.hits.append(hit_for(vendor, evidence_of(url), line, not gated_by, column, gated_by))
        elif not self.cmp:
            found = self.catalogue.match_consent_manager_url(url)
            self.cmp = found.name if found else ""

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            if not self._chunks:
                line, col = self.getpos()
                self._chunk_at = (line + self.shift, col + 1)
            self._chunks.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            line, gated, gated_by = self._script
            js = "".join(self._chunks)
            if js.strip():
                at_line, at_col = self._chunk_at if self._chunk_at[0] else (line, 1)
                self.hits.extend(scan_js(js, self.catalogue, at_line, gated, at_col, gated_by))
                if not self.cmp:
                    found = self.catalogue.match_consent_marker(js)
                    self.cmp = found.name if found else ""
            self._script = None
            self._chunks = []


def _held_back(values: dict[str, str]) -> bool:
    """An element a consent tool holds back until opt-in (by its marker attributes or classes)."""
    classes = values.get("class", "").lower()
    return any(name in values for name in _HOLD_ATTRS) or any(mark in classes for mark in _HOLD_CLASSES)


def scan_html(text: str, catalogue: Catalogue, line_shift: int = 0) -> tuple[list[dict[str, Any]], str]:
    parser = _PageParser(catalogue, line_shift)
    parser.feed(defuse(text))
    parser.close()
    if parser._script is not None:  # an unclosed <script> at the end of the file
        parser.handle_endtag("script")
    return parser.hits, parser.cmp
