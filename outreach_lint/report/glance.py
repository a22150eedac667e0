"""The campaign's facts at a glance, and the few plain sentences a non-engineer reads first.

Everything here restates what the campaign declares (or what readers found in
its files) in plain words; legal judgements stay with the rules. Processors
are marked at risk from their declared fields *and* from findings about them,
so the picture is right even when a rule is switched off.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from ..findings import Finding, Severity
from .countries import in_country, name_of
from .model import Catalogue, CountryCell, Glance, Headline, ProcessorView, VendorView

_PROCESSOR_PATH = re.compile(r"^/processors/(\d+)(?:/|$)")

KIND_LABELS = {
    "chat": "chat tool",
    "crm": "CRM",
    "sequencer": "e-mail sequencer",
    "enrichment": "data enrichment vendor",
    "visitor_identification": "visitor identification vendor",
    "email_service": "e-mail service",
    "analytics": "analytics",
}
CHANNEL_LABELS = {
    "email": "e-mail",
    "sms": "SMS",
    "phone": "phone calls",
    "automated_call": "automated calls",
    "linkedin": "LinkedIn messages",
    "direct_mail": "letters",
    "messaging_app": "messaging apps",
}
SOURCE_LABELS = {
    "opt_in_form": "opt-in form",
    "customers": "existing customers",
    "event_signup": "event sign-ups",
    "purchased_list": "purchased list",
    "rented_list": "rented list",
    "scraped": "scraped from the web",
    "website_visitors": "identified website visitors",
    "enrichment": "data enrichment",
    "public_directory": "public directory",
    "partner": "partner list",
    "referral": "referrals",
}
BASIS_LABELS = {
    "consent": "consent",
    "soft_opt_in": "soft opt-in (existing customers)",
    "legitimate_interest": "legitimate interest (no consent asked)",
    "none": "none stated",
}
DATA_LABELS = {"visited_pages": "pages visited", "ip_address": "IP address", "linkedin_url": "LinkedIn profile", "email": "e-mail"}


def _get(doc: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(doc, dict):
            return None
        doc = doc.get(key)
    return doc


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value if isinstance(v, (str, int))) if isinstance(value, list) else ()


def data_label(item: str) -> str:
    return DATA_LABELS.get(item, item.replace("_", " "))


def build_glance(document: dict[str, Any], findings: Sequence[Finding], catalogue: Catalogue, mask: Callable[[str], str]) -> Glance:
    facts = document.get("facts") if isinstance(document.get("facts"), dict) else {}
    assert isinstance(facts, dict)
    countries = tuple(c for c in (facts.get("countries") or _strings(_get(document, "audience", "countries"))) if isinstance(c, str))
    european = not countries or any(c in catalogue.europe for c in countries)
    processors = tuple(_processors(document, findings, catalogue, european))
    vendors = tuple(_named_like_processors(_vendors(document, facts, mask), processors))
    raw_steps = document.get("steps")
    steps: list[Any] = raw_steps if isinstance(raw_steps, list) else []
    glance = Glance(
        audience_type=str(_get(document, "audience", "type") or ""),
        channels=tuple(str(c) for c in facts.get("channels") or ()),
        countries=tuple(_country_cell(code, findings, catalogue) for code in countries),
        sources=_strings(_get(document, "audience", "sources")),
        consent_basis=str(_get(document, "audience", "consent", "basis") or ""),
        consent_details=_consent_details(document),
        steps=len(steps),
        sender=_sender(document),
        retention_days=_retention(document.get("retention_days")),
        processors=processors,
        vendors=vendors,
        headlines=(),
    )
    return _with_headlines(glance)


def _retention(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _country_cell(code: str, findings: Sequence[Finding], catalogue: Catalogue) -> CountryCell:
    """Count the findings whose rule applies in ``code`` (rules about the file itself are not counted)."""
    applying = [f for f in findings if _applies_in(f, code, catalogue)]
    errors = sum(1 for f in applying if f.severity == Severity.ERROR)
    codes = tuple(sorted({f.code for f in applying}))
    return CountryCell(code, name_of(code), len(applying), errors, code in catalogue.eea, codes)


def _applies_in(finding: Finding, country: str, catalogue: Catalogue) -> bool:
    meta = catalogue.rules.get(finding.code)
    if meta is None or meta.engine:
        return False
    return meta.jurisdictions is None or country in meta.jurisdictions


def _consent_details(document: dict[str, Any]) -> tuple[str, ...]:
    consent = _get(document, "audience", "consent")
    if not isinstance(consent, dict):
        return ()
    details = []
    if consent.get("double_opt_in") is True:
        details.append("double opt-in")
    if isinstance(consent.get("method"), str):
        details.append(f"method: {consent['method'].replace('_', ' ')}")
    if isinstance(consent.get("proof"), str):
        details.append(f"proof: {consent['proof']}")
    if consent.get("collected_at"):
        details.append(f"collected {consent['collected_at']}")
    return tuple(details)


def _sender(document: dict[str, Any]) -> str:
    sender = document.get("sender")
    if not isinstance(sender, dict):
        return ""
    parts = [str(sender[k]) for k in ("name", "email") if isinstance(sender.get(k), str)]
    return " · ".join(parts)


def _processors(document: dict[str, Any], findings: Sequence[Finding], catalogue: Catalogue, european: bool) -> list[ProcessorView]:
    items = document.get("processors")
    if not isinstance(items, list):
        return []
    codes: dict[int, set[str]] = {}
    for finding in findings:
        match = _PROCESSOR_PATH.match(finding.path)
        if match:
            codes.setdefault(int(match.group(1)), set()).add(finding.code)
    views = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        country = str(item.get("country") or "")
        leaves = european and bool(country) and country not in catalogue.eea
        dpa = item.get("dpa") if isinstance(item.get("dpa"), bool) else None
        transfer = item.get("transfer") if isinstance(item.get("transfer"), str) else None
        role = str(item.get("role") or "")
        views.append(
            ProcessorView(
                name=str(item.get("name") or f"processor {index + 1}"),
                kind=str(item.get("kind") or ""),
                role=role,
                country=country,
                country_name=name_of(country) if country else "country not stated",
                data=_strings(item.get("data")),
                dpa=dpa,
                transfer=transfer,
                leaves_eea=leaves,
                problems=_processor_problems(role, dpa, transfer, leaves, country),
                codes=tuple(sorted(codes.get(index, ()))),
            )
        )
    return views


def _processor_problems(role: str, dpa: bool | None, transfer: str | None, leaves: bool, country: str) -> tuple[str, ...]:
    problems = []
    if role in ("", "processor"):
        if dpa is False:
            problems.append("no data processing agreement")
        elif dpa is None:
            problems.append("contract (DPA) not stated")
    if leaves:
        if transfer in (None, "none"):
            problems.append("leaves the EEA with no transfer safeguard" if transfer == "none" else "leaves the EEA, transfer safeguard not stated")
        elif transfer == "dpf" and country != "US":
            problems.append("the Data Privacy Framework only covers the US")
    return tuple(problems)


def _vendors(document: dict[str, Any], facts: dict[str, Any], mask: Callable[[str], str]) -> list[VendorView]:
    """Declared visitor identification plus every vendor the readers found on scanned sites or scripts."""
    vid = _get(document, "tracking", "visitor_identification")
    declared = facts.get("declared_vendor") if isinstance(facts.get("declared_vendor"), dict) else None
    hits = [h for h in facts.get("vendor_hits") or [] if isinstance(h, dict)]
    views: dict[str, VendorView] = {}
    if isinstance(vid, dict) and isinstance(vid.get("vendor"), str):
        vendor_id = declared["id"] if declared else vid["vendor"]
        name = declared["name"] if declared else vid["vendor"]
        gated = vid.get("consent_required") if isinstance(vid.get("consent_required"), bool) else None
        level = str(vid.get("level") or (declared or {}).get("level") or "")
        views[str(vendor_id).casefold()] = VendorView(str(name), level, True, (), gated)
    for hit in hits:
        key = str(hit.get("vendor") or hit.get("name") or "").casefold()
        where = mask(str(hit.get("file") or hit.get("script") or "a listed script"))
        old = views.get(key)
        ungated = bool(hit.get("ungated"))
        if old is None:
            views[key] = VendorView(str(hit.get("name") or key), str(hit.get("level") or ""), False, (where,), False if ungated else None)
        else:
            gated = False if ungated else old.consent_gated
            views[key] = VendorView(old.name, old.level or str(hit.get("level") or ""), old.declared, tuple(dict.fromkeys(old.found_in + (where,))), gated)
    return list(views.values())


def _named_like_processors(vendors: list[VendorView], processors: Sequence[ProcessorView]) -> list[VendorView]:
    """Show a vendor id (``rb2b``) as the campaign spells the same company among its processors (``RB2B``)."""
    spelled = {p.name.casefold(): p.name for p in processors}
    return [replace(v, name=spelled.get(v.name.casefold(), v.name)) for v in vendors]


def _with_headlines(glance: Glance) -> Glance:
    lines: list[Headline] = []
    for vendor in glance.vendors:
        if vendor.level == "person":
            gated = vendor.consent_gated is True
            ask = ", after they opt in" if gated else " — without asking them first"
            lines.append(Headline(f"Identifies website visitors by name with {vendor.name} (person-level tracking){ask}.", not gated))
        elif vendor.level == "company":
            lines.append(Headline(f"Identifies the companies of website visitors with {vendor.name}.", vendor.consent_gated is False))
        if not vendor.declared and vendor.found_in:
            lines.append(Headline(f"{vendor.name} was found in {', '.join(vendor.found_in)} but the campaign does not declare it.", True))
    for processor in glance.processors:
        if processor.at_risk:
            kind = KIND_LABELS.get(processor.kind, "")
            what = ", ".join(data_label(d) for d in processor.data) or "personal data"
            who = f"{processor.name} ({kind})" if kind else processor.name
            where = f" {in_country(processor.country)}" if processor.country else ""
            lines.append(Headline(f"Sends {what} to {who}{where} — {'; '.join(processor.problems)}.", True))
    if glance.steps:
        channels = ", ".join(CHANNEL_LABELS.get(c, c) for c in glance.channels) or "messages"
        basis = BASIS_LABELS.get(glance.consent_basis, glance.consent_basis or "not stated")
        sources = ", ".join(SOURCE_LABELS.get(s, s) for s in glance.sources)
        origin = f" to people from {sources}" if sources else ""
        lines.append(Headline(f"Sends {glance.steps} message{'s' if glance.steps != 1 else ''} by {channels}{origin}; legal basis: {basis}."))
    return replace(glance, headlines=tuple(lines))
