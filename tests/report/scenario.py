"""The essays' scenario as a hand-made Report, so report tests do not wait for every rule to land.

Findings sit on the real lines of ``fixtures/rb2b/campaign.yaml`` and carry the
codes, titles and citations of RULES.md / legal-notes.md. Rules not yet in the
built-in pack, and those the scenario uses, get fixed titles and scopes from RULES below.
"""

from __future__ import annotations

from pathlib import Path

from outreach_lint.findings import Citation, FileResult, Finding, Report, Severity
from outreach_lint.pack.meta import RuleMeta
from outreach_lint.report.build import catalogue_from_pack
from outreach_lint.report.model import Catalogue
from outreach_lint.rulepack import load_pack

FIXTURE = Path(__file__).parent / "fixtures" / "rb2b"
CAMPAIGN = FIXTURE / "campaign.yaml"

GDPR = "Regulation (EU) 2016/679 (GDPR)"
GDPR_URL = "https://eur-lex.europa.eu/eli/reg/2016/679/oj"
EPRIVACY = "Directive 2002/58/EC (ePrivacy)"
EPRIVACY_URL = "https://eur-lex.europa.eu/eli/dir/2002/58/oj"
CANSPAM = "CAN-SPAM Act, 15 U.S.C. 7704"
CANSPAM_URL = "https://www.law.cornell.edu/uscode/text/15/7704"

#: code -> (name, title, jurisdiction set name or None for everywhere)
RULES: dict[str, tuple[str, str, str | None]] = {
    "OL122": ("indirect-source-notice", "People whose data was not collected from them must be told where it came from", None),
    "OL123": ("contacts-country-undeclared", "Contacts in countries the campaign does not declare", None),
    "OL130": ("unsubscribe-missing", "A message without a free, working opt-out", None),
    "OL141": ("postal-address-missing", "No postal address in the sender or the message", None),
    "OL143": ("misleading-subject-or-framing", "Fake reply or forward subjects", "US"),
    "OL170": ("visitor-id-without-consent", "Website visitors are identified without prior consent", "EUROPE"),
    "OL171": ("person-level-visitor-identification", "Website visitors are resolved to named people", None),
    "OL172": ("visitor-id-contacts-in-outreach", "Identified website visitors are fed into cold outreach", "EUROPE"),
    "OL180": ("email-tracking-consent", "Open pixels for European recipients without consent to tracking", "EUROPE"),
    "OL192": ("transfer-mechanism-missing", "Personal data leaves the EEA without a transfer mechanism", "EEA_GB"),
    "OL194": ("dpia-recommended", "High-risk processing without a DPIA", None),
    "OL195": ("retention-limit", "No retention period, or one longer than needed", None),
}


def catalogue() -> Catalogue:
    pack = load_pack()
    base = catalogue_from_pack(pack)
    rules = dict(base.rules)
    for code, (name, title, scope) in RULES.items():
        # fixed here, not taken from the pack, so the expected counts do not move as rules evolve
        scoped = pack.sets[scope] if scope in pack.sets else (frozenset({scope}) if scope else None)
        rules[code] = RuleMeta(code, name, title, pack.by_code()[code].severity, jurisdictions=scoped)
    return Catalogue(rules, base.eea, base.europe, base.version, base.groups)


def findings(file: str) -> tuple[Finding, ...]:
    g = lambda art: (GDPR, art, GDPR_URL)  # noqa: E731
    e = lambda art: (EPRIVACY, art, EPRIVACY_URL)  # noqa: E731
    rows = [
        (
            "OL170",
            43,
            Severity.ERROR,
            "The rb2b tag fires before visitors in GB, DE, FR consent (consent_required is false).",
            "/tracking/visitor_identification/consent_required",
            e("Art. 5(3)"),
        ),
        (
            "OL171",
            42,
            Severity.ERROR,
            "RB2B resolves visitors in GB, DE, FR to named people (level: person).",
            "/tracking/visitor_identification/level",
            g("Art. 6(1)"),
        ),
        ("OL172", 12, Severity.ERROR, "Identified website visitors (sources: website_visitors) receive cold e-mail.", "/audience/sources", e("Art. 13(1)")),
        (
            "OL122",
            12,
            Severity.ERROR,
            "The data comes from website_visitors, enrichment, not from the person, and the first message lacks the Art. 14 notice.",
            "/audience/sources",
            g("Art. 14(1)"),
        ),
        (
            "OL191",
            49,
            Severity.ERROR,
            "RB2B receives personal data (name, email, linkedin_url, visited_pages, ip_address) without a data processing agreement (dpa is false).",
            "/processors/0/dpa",
            g("Art. 28(3)"),
        ),
        (
            "OL191",
            56,
            Severity.ERROR,
            "Slack receives personal data (name, email, linkedin_url, visited_pages) without a data processing agreement (dpa is false).",
            "/processors/1/dpa",
            g("Art. 28(3)"),
        ),
        (
            "OL192",
            50,
            Severity.ERROR,
            "RB2B in US receives personal data from the EEA without a transfer mechanism (transfer: none).",
            "/processors/0/transfer",
            g("Art. 44"),
        ),
        (
            "OL192",
            57,
            Severity.ERROR,
            "Slack in US receives personal data from the EEA without a transfer mechanism (transfer: none).",
            "/processors/1/transfer",
            g("Art. 44"),
        ),
        ("OL130", 25, Severity.ERROR, "Step 1 offers no way to opt out (unsubscribe: none).", "/steps/0/unsubscribe", (CANSPAM, "(a)(3)", CANSPAM_URL)),
        ("OL130", 30, Severity.ERROR, "Step 2 offers no way to opt out (unsubscribe: none).", "/steps/1/unsubscribe", (CANSPAM, "(a)(3)", CANSPAM_URL)),
        (
            "OL143",
            23,
            Severity.ERROR,
            'The subject "RE: your visit to our pricing page" pretends to be a reply.',
            "/steps/0/subject",
            (CANSPAM, "(a)(2)", CANSPAM_URL),
        ),
        (
            "OL180",
            26,
            Severity.WARNING,
            "Step 1 has an open pixel for recipients in GB, DE, FR without consent to tracking.",
            "/steps/0/tracking/open_pixel",
            e("Art. 5(3)"),
        ),
        (
            "OL194",
            42,
            Severity.WARNING,
            "Person-level identification combined with enrichment is high-risk processing and no DPIA is referenced.",
            "/tracking/visitor_identification/level",
            g("Art. 35(1)"),
        ),
        (
            "OL195",
            5,
            Severity.WARNING,
            "The campaign does not say `retention_days`, which this check needs: keep prospect data no longer than needed.",
            "",
            g("Art. 5(1)(e)"),
        ),
        (
            "OL123",
            15,
            Severity.WARNING,
            "1 contact row is in a country the campaign does not declare: AT (row 3: m***@example.org).",
            "/audience/contacts",
            g("Art. 5(2)"),
        ),
    ]
    out = [
        Finding(
            file,
            line,
            5,
            code,
            RULES[code][0] if code in RULES else "processor-dpa-missing",
            sev,
            msg,
            path,
            f"How to fix {code}: see outreach-lint explain {code}.",
            (Citation(*cite),),
        )
        for code, line, sev, msg, path, cite in rows
    ]
    out.append(
        Finding(
            file,
            20,
            3,
            "OL141",
            "postal-address-missing",
            Severity.WARNING,
            "The sender has no postal address.",
            "/sender/postal_address",
            "Add sender.postal_address.",
            (Citation(CANSPAM, "(a)(5)", CANSPAM_URL),),
            suppressed=True,
            suppression_reason="address is in the template footer",
        )
    )
    return tuple(sorted(out))


def report(file: str | None = None) -> Report:
    name = file or str(CAMPAIGN)
    return Report((FileResult(name, findings(name)),), rule_pack_version="test-pack-1")
