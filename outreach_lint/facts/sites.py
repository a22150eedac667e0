"""Scan web pages and Google Tag Manager exports for visitor identification tags.

A hit says which catalogue vendor was found, where (line), on what evidence (the script
host/path, or a loader global), and whether it is *ungated*: it would run before a consent
tool gives permission. Gated forms: a ``<script>`` whose ``type`` is not JavaScript (the
``type="text/plain"`` + ``data-cookieconsent`` / ``data-category`` / ``optanon-category-*`` /
``data-usercentrics`` pattern that consent tools re-enable after opt-in), an inline loader that
first asks the consent tool's API, or a GTM tag with ``consentSettings.consentStatus: needed``,
a consent-based firing trigger, or a consent-based blocking trigger.

Only ``src`` of ``script``/``img``/``iframe`` and URLs inside inline scripts count: a plain
link to a vendor's website is not a tag.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

from .htmlsafe import defuse
from .references import ReferenceProblem
from .vendors import Catalogue, Vendor

#: Work limit: bigger inputs are scanned up to here (collect.py already caps files at 5 MB).
MAX_CHARS = 5_000_000
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
_CONSENT_WORDS = ("consent", "cookiebot", "optanon", "onetrust", "usercentrics", "didomi", "cmp_", "cookie_accept", "einwilligung")
#: GTM's built-in "All Pages" trigger id.
_ALL_PAGES = "2147479553"


class SiteError(ReferenceProblem):
    """The file cannot be scanned (a .json that is not a GTM export). The message is one line
    that reads on after the file's name; collect.py turns it into an OL003 finding."""


def scan_site(text: str, kind: str, catalogue: Catalogue) -> dict[str, Any]:
    """Facts for one page (``kind`` ``html``) or GTM container export (``gtm``)."""
    text = text[:MAX_CHARS]
    if kind == "gtm":
        hits, cmp = _scan_gtm(text, catalogue)
    else:
        hits, cmp = _scan_html(text, catalogue)
    visitor: list[dict[str, Any]] = []
    analytics: list[dict[str, Any]] = []
    for hit in hits:
        (analytics if hit.pop("general_analytics") else visitor).append(hit)
    return {
        "vendor_hits": visitor,
        "analytics_hits": analytics,
        "ungated": any(h["ungated"] for h in visitor),
        "consent_manager": cmp,
    }


def match_scripts(urls: list[str], catalogue: Catalogue, include: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """Catalogue hits among a campaign's ``tracking.scripts``.

    Script hits carry ``script`` and no ``file``/``line``; whether they are gated is what the
    campaign declares (``consent_required``), so ``ungated`` is False here. General-analytics
    vendors (HubSpot) count only when their id is in ``include`` (declared as visitor ID).
    """
    hits = []
    for url in urls:
        vendor = catalogue.match_url(url)
        if vendor is not None and (not vendor.general_analytics or vendor.id in include):
            hits.append({"vendor": vendor.id, "name": vendor.name, "level": vendor.level,
                         "evidence": _evidence(url), "script": url, "ungated": False})
    return hits


def _hit(vendor: Vendor, evidence: str, line: int, ungated: bool) -> dict[str, Any]:
    return {"vendor": vendor.id, "name": vendor.name, "level": vendor.level, "evidence": evidence,
            "line": line, "ungated": ungated, "general_analytics": vendor.general_analytics}


def _evidence(url: str) -> str:
    """host/path of ``url`` without the query (keys and ids stay out of messages), at most 120 chars."""
    from .vendors import split_url

    host, path = split_url(url)
    return (host + path)[:120] if host else url[:120]


def _scan_js(js: str, catalogue: Catalogue, line: int, gated: bool) -> list[dict[str, Any]]:
    """Hits in one piece of inline JavaScript starting at ``line``: URLs first, globals second."""
    hits: dict[str, dict[str, Any]] = {}
    ungated = not gated and not _CONSENT_CHECK.search(js)
    at, last = line, 0
    for match in _URL.finditer(js):
        vendor = catalogue.match_url(match.group(0))
        if vendor is not None and vendor.id not in hits:
            at += js.count("\n", last, match.start())
            last = match.start()
            hits[vendor.id] = _hit(vendor, _evidence(match.group(0)), at, ungated)
    for vendor_id, name in catalogue.global_names(js).items():
        if vendor_id not in hits:
            vendor = catalogue.get(vendor_id)
            assert vendor is not None
            offset = js.find(name)
            hits[vendor_id] = _hit(vendor, f"global {name}", line + js.count("\n", 0, max(offset, 0)), ungated)
    return list(hits.values())


# -- HTML ---------------------------------------------------------------------

class _PageParser(HTMLParser):
    def __init__(self, catalogue: Catalogue) -> None:
        super().__init__(convert_charrefs=True)
        self.catalogue = catalogue
        self.hits: list[dict[str, Any]] = []
        self.cmp = ""
        self._script: tuple[int, bool] | None = None  # (line, gated) of the open <script>
        self._chunks: list[str] = []
        self._chunk_line = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: (v or "") for k, v in attrs}
        line = self.getpos()[0]
        if tag == "script":
            gated = values.get("type", "").strip().lower() not in _JS_TYPES
            self._script = (line, gated)
            self._chunks = []
            self._chunk_line = 0
            self._source(values.get("src", ""), line, gated)
            if not self.cmp:
                found = self.catalogue.match_consent_marker(" ".join(f"{k}={v}" for k, v in values.items()))
                self.cmp = found.name if found else ""
        elif tag in ("img", "iframe"):
            self._source(values.get("src", ""), line, False)

    def _source(self, url: str, line: int, gated: bool) -> None:
        if not url:
            return
        vendor = self.catalogue.match_url(url)
        if vendor is not None:
            self.hits.append(_hit(vendor, _evidence(url), line, not gated))
        elif not self.cmp:
            found = self.catalogue.match_consent_manager_url(url)
            self.cmp = found.name if found else ""

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            if not self._chunks:
                self._chunk_line = self.getpos()[0]
            self._chunks.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            line, gated = self._script
            js = "".join(self._chunks)
            if js.strip():
                self.hits.extend(_scan_js(js, self.catalogue, self._chunk_line or line, gated))
                if not self.cmp:
                    found = self.catalogue.match_consent_marker(js)
                    self.cmp = found.name if found else ""
            self._script = None
            self._chunks = []


def _scan_html(text: str, catalogue: Catalogue) -> tuple[list[dict[str, Any]], str]:
    parser = _PageParser(catalogue)
    parser.feed(defuse(text))
    parser.close()
    if parser._script is not None:  # an unclosed <script> at the end of the file
        parser.handle_endtag("script")
    return parser.hits, parser.cmp


# -- Google Tag Manager container exports -------------------------------------

def _scan_gtm(text: str, catalogue: Catalogue) -> tuple[list[dict[str, Any]], str]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SiteError(f"is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise SiteError("is not a Google Tag Manager container export (nested too deeply)") from None
    version = data.get("containerVersion") if isinstance(data, dict) else None
    if not isinstance(version, dict):
        raise SiteError("is not a Google Tag Manager container export (no containerVersion)")
    tag_lines = _tag_lines(text)
    consent_triggers = {str(t.get("triggerId")) for t in _dicts(version.get("trigger")) if _mentions_consent(t)}
    templates = {str(t.get("templateId")): t for t in _dicts(version.get("customTemplate"))}
    hits: list[dict[str, Any]] = []
    cmp = ""
    for tag in _dicts(version.get("tag")):
        line = tag_lines.get(str(tag.get("tagId")), 1)
        gated = _tag_gated(tag, consent_triggers)
        for js in _tag_code(tag, templates):
            for hit in _scan_js(js, catalogue, line, gated):
                hit["line"] = line  # positions inside a JSON string are not file lines
                hit["tag"] = str(tag.get("name", ""))[:80]
                if not any(h["vendor"] == hit["vendor"] and h["line"] == line for h in hits):
                    hits.append(hit)
            if not cmp:
                found = catalogue.match_consent_marker(js)
                cmp = found.name if found else ""
        owner = _template_owner(tag, templates, catalogue)
        if owner is not None and not any(h["vendor"] == owner.id and h["line"] == line for h in hits):
            hits.append(dict(_hit(owner, f"GTM template {tag.get('type')}", line, not gated), tag=str(tag.get("name", ""))[:80]))
        if not cmp:
            cmp = _template_cmp(tag, templates, catalogue)
    return hits, cmp


def _tag_lines(text: str) -> dict[str, int]:
    """tagId -> line of its ``"tagId"`` key in the export (counted incrementally: linear time)."""
    lines: dict[str, int] = {}
    line, last = 1, 0
    for match in re.finditer(r'"tagId"\s*:\s*"?(\d+)', text):
        line += text.count("\n", last, match.start())
        last = match.start()
        lines.setdefault(match.group(1), line)
    return lines


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _strings_in(value: Any, depth: int = 0) -> list[str]:
    """Every string inside ``value`` (bounded depth: exports are shallow, hostile ones need not be)."""
    if isinstance(value, str):
        return [value]
    if depth > 12:
        return []
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings_in(v, depth + 1)]
    if isinstance(value, list):
        return [s for v in value for s in _strings_in(v, depth + 1)]
    return []


def _mentions_consent(trigger: dict[str, Any]) -> bool:
    """A trigger that fires on a consent event or filters on a consent variable."""
    text = " ".join(_strings_in(trigger)).lower()
    return any(word in text for word in _CONSENT_WORDS)


def _tag_gated(tag: dict[str, Any], consent_triggers: set[str]) -> bool:
    settings = tag.get("consentSettings")
    if isinstance(settings, dict) and str(settings.get("consentStatus", "")).lower() == "needed":
        return True
    blocking = {str(t) for t in tag.get("blockingTriggerId") or [] if isinstance(t, (str, int))}
    if blocking & consent_triggers:
        return True
    firing = [str(t) for t in tag.get("firingTriggerId") or [] if isinstance(t, (str, int))]
    return bool(firing) and _ALL_PAGES not in firing and all(t in consent_triggers for t in firing)


def _tag_code(tag: dict[str, Any], templates: dict[str, dict[str, Any]]) -> list[str]:
    """The code a tag runs: custom HTML, plus the template code and parameters of a community template."""
    code = [str(p.get("value", "")) for p in _dicts(tag.get("parameter")) if p.get("key") == "html"]
    code += [s for p in _dicts(tag.get("parameter")) if p.get("key") != "html" for s in _strings_in(p.get("value"))
             if "//" in s]
    template = _template_of(tag, templates)
    if template is not None:
        code.append(str(template.get("templateData", "")))
        code.append(" ".join(_strings_in(template.get("galleryReference"))))
    return [c for c in code if c]


def _template_of(tag: dict[str, Any], templates: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    kind = str(tag.get("type", ""))
    if not kind.startswith("cvt_"):
        return None
    return templates.get(kind.rsplit("_", 1)[-1])


def _template_owner(tag: dict[str, Any], templates: dict[str, dict[str, Any]], catalogue: Catalogue) -> Vendor | None:
    """The vendor that publishes a tag's community template (its gallery owner or repository name)."""
    template = _template_of(tag, templates)
    reference = template.get("galleryReference") if template else None
    if not isinstance(reference, dict):
        return None
    for key in ("owner", "repository"):
        value = reference.get(key)
        if isinstance(value, str):
            vendor = catalogue.get(value) or catalogue.get(value.split("-")[0])
            if vendor is not None:
                return vendor
    return None


def _template_cmp(tag: dict[str, Any], templates: dict[str, dict[str, Any]], catalogue: Catalogue) -> str:
    template = _template_of(tag, templates)
    names = " ".join(_strings_in([tag.get("name"), template.get("name") if template else None])).lower()
    for cmp in catalogue.consent_managers:
        if cmp.name.lower() in names or cmp.id in names:
            return cmp.name
    return ""
