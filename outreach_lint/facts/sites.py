"""Scan web pages and Google Tag Manager exports for visitor identification tags.

A hit says which catalogue vendor was found, where (line), on what evidence (the script
host/path, or a loader global), and whether it is *ungated*: it would run before a consent
tool gives permission. Gated forms: a ``<script>`` whose ``type`` is not JavaScript (the
``type="text/plain"`` + ``data-cookieconsent`` / ``data-category`` / ``optanon-category-*`` /
``data-usercentrics`` pattern that consent tools re-enable after opt-in), an inline loader that
first asks the consent tool's API, or a GTM tag with ``consentSettings.consentStatus: needed``,
a consent-based firing trigger, or a consent-based blocking trigger.

Only ``src`` (and the ``data-*src`` a consent tool swaps in) of ``script``/``img``/``iframe``
and URLs inside scripts count: a plain link to a vendor's website is not a tag. Pages may be
HTML, JavaScript (``.js``, ``.mjs``, ``.ts``), JSX/TSX (Next.js ``<Script>``,
``dangerouslySetInnerHTML``) or GTM exports (:mod:`.gtm`). JavaScript is read as code
(:mod:`.jscode`): commented-out loaders do not count, and markup inside a string counts only
when the code injects it into the page.
"""

from __future__ import annotations

from typing import Any

from .jscode import lex
from .pages import SiteError, evidence_of, scan_html, scan_js
from .vendors import Catalogue

__all__ = ["MAX_CHARS", "SITE_KINDS", "SiteError", "match_scripts", "scan_site", "site_kind"]

#: Work limit: bigger inputs are scanned up to here (collect.py already caps files at 5 MB).
MAX_CHARS = 5_000_000


#: file suffix -> kind of site file
SITE_KINDS = {".json": "gtm", ".js": "js", ".mjs": "js", ".cjs": "js", ".ts": "js", ".jsx": "jsx", ".tsx": "jsx"}


def site_kind(filename: str) -> str:
    """``html``, ``js``, ``jsx`` or ``gtm`` from a file name."""
    lower = filename.lower()
    return next((kind for suffix, kind in SITE_KINDS.items() if lower.endswith(suffix)), "html")


def scan_site(text: str, kind: str, catalogue: Catalogue) -> dict[str, Any]:
    """Facts for one page (``html``), script (``js``, ``jsx``) or GTM container export (``gtm``)."""
    text = text[:MAX_CHARS]
    if kind == "gtm":
        from .gtm import scan_gtm

        hits, cmp = scan_gtm(text, catalogue)
    elif kind in ("js", "jsx"):
        hits = scan_js(text, catalogue, 1, False)
        found = catalogue.match_consent_marker(lex(text).text)
        cmp = found.name if found else ""
    else:
        hits, cmp = scan_html(text, catalogue)
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
            hits.append({"vendor": vendor.id, "name": vendor.name, "level": vendor.level, "evidence": evidence_of(url), "script": url, "ungated": False})
    return hits
