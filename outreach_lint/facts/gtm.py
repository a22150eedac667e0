"""Google Tag Manager container exports (web and server-side containers): vendor tags and their gating.

A tag is gated when its consent settings require consent (``consentSettings.consentStatus:
needed``, with the Consent Mode v2 types it waits for), when it fires only on consent-based
triggers, or when a consent-based trigger blocks it. Paused tags never fire and are skipped.
"""

from __future__ import annotations

import re
from typing import Any

from .jsontext import parse_json
from .pages import SiteError, hit_for, scan_html, scan_js
from .vendors import Catalogue, Vendor

_CONSENT_WORDS = ("consent", "cookiebot", "optanon", "onetrust", "usercentrics", "didomi", "cmp_", "cookie_accept", "einwilligung")
#: GTM's built-in "All Pages" trigger id.
_ALL_PAGES = "2147479553"

# -- Google Tag Manager container exports -------------------------------------


def scan_gtm(text: str, catalogue: Catalogue) -> tuple[list[dict[str, Any]], str]:
    data = parse_json(text, "a Google Tag Manager container export", SiteError)
    version = data.get("containerVersion") if isinstance(data, dict) else None
    if not isinstance(version, dict):
        raise SiteError("is not a Google Tag Manager container export (no containerVersion)")
    tag_lines = _tag_lines(text)
    container = version.get("container")
    server = isinstance(container, dict) and "SERVER" in [str(u).upper() for u in container.get("usageContext") or []]
    consent_triggers = {str(t.get("triggerId")) for t in _dicts(version.get("trigger")) if _mentions_consent(t)}
    templates = {str(t.get("templateId")): t for t in _dicts(version.get("customTemplate"))}
    hits: list[dict[str, Any]] = []
    cmp = ""
    for tag in _dicts(version.get("tag")):
        if tag.get("paused") is True:
            continue  # a paused tag never fires
        line = tag_lines.get(str(tag.get("tagId")), 1)
        gated = _tag_gated(tag, consent_triggers)
        extra = _consent_detail(tag, server)
        for kind, js in _tag_code(tag, templates):
            for hit in _code_hits(kind, js, catalogue, line, gated):
                hit["line"], hit["column"] = line, 1  # positions inside a JSON string are not file lines
                hit["tag"] = str(tag.get("name", ""))[:80]
                hit.update(extra)
                if not any(h["vendor"] == hit["vendor"] and h["line"] == line for h in hits):
                    hits.append(hit)
            if not cmp:
                found = catalogue.match_consent_marker(js)
                cmp = found.name if found else ""
        owner = _template_owner(tag, templates, catalogue)
        if owner is not None and not any(h["vendor"] == owner.id and h["line"] == line for h in hits):
            hits.append(dict(hit_for(owner, f"GTM template {tag.get('type')}", line, not gated), tag=str(tag.get("name", ""))[:80], **extra))
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


def _tag_code(tag: dict[str, Any], templates: dict[str, dict[str, Any]]) -> list[tuple[str, str]]:
    """(kind, text) of what a tag runs: custom HTML (``html``), a community template's sandboxed
    code (``js``), and parameter values and gallery references (``plain``: URLs as written)."""
    code = [("html", str(p.get("value", ""))) for p in _dicts(tag.get("parameter")) if p.get("key") == "html"]
    code += [("plain", s) for p in _dicts(tag.get("parameter")) if p.get("key") != "html" for s in _strings_in(p.get("value")) if "//" in s]
    template = _template_of(tag, templates)
    if template is not None:
        code.append(("js", str(template.get("templateData", ""))))
        code.append(("plain", " ".join(_strings_in(template.get("galleryReference")))))
    return [(kind, text) for kind, text in code if text]


def _code_hits(kind: str, text: str, catalogue: Catalogue, line: int, gated: bool) -> list[dict[str, Any]]:
    if kind == "html":
        hits = scan_html(text, catalogue)[0]
        return [dict(hit, ungated=False, gated_by=hit.get("gated_by") or "GTM consent trigger") if gated else hit for hit in hits]
    return scan_js(text, catalogue, line, gated, gate_reason="GTM consent trigger", plain=kind == "plain")


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


def _consent_detail(tag: dict[str, Any], server: bool) -> dict[str, Any]:
    """Extra hit keys: the consent types a tag waits for (Consent Mode v2) and the container kind."""
    detail: dict[str, Any] = {"container": "server" if server else "web"}
    settings = tag.get("consentSettings")
    if isinstance(settings, dict):
        detail["consent_status"] = str(settings.get("consentStatus", ""))
        kinds = settings.get("consentType")
        values = [str(item.get("value")) for item in _dicts(kinds.get("list")) if item.get("value")] if isinstance(kinds, dict) else []
        if values:
            detail["consent_types"] = values
        if detail["consent_status"].lower() == "needed":
            detail["gated_by"] = "GTM consent settings" + (f" ({', '.join(values)})" if values else "")
    return detail
