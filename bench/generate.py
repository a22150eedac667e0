"""Seeded, reproducible generator of benchmark inputs for outreach-lint (stdlib only).

Two corpora:

* ``campaigns``: N campaign YAML files under ``OUT/campaigns/<team>/`` plus a shared folder
  ``OUT/share/`` (message templates, small contact lists, a suppression list, LIA/DPIA
  documents, website pages) that the campaigns reference with relative paths. About 12% of
  the files are broken on purpose (invalid YAML, wrong types, unknown keys), as in a real repo
  where someone is mid-edit. ``OUT/MANIFEST.json`` says which file is which.
* ``contacts``: one contacts CSV of any length, written as a stream (10M rows need no more
  memory than 10 rows), with tricky rows (plus addressing, mixed case, free mail, role
  addresses, missing consent, unsubscribed, country names instead of codes, suppressed
  addresses), and optionally a suppression list whose entries hit the file.

The same seed gives the same bytes: every choice comes from one ``random.Random(seed)`` (or, for
contact addresses, from a pure function of the row number and the seed), never from the clock,
hash randomisation or dict order.

    python bench/generate.py campaigns --count 10000 --seed 1 --out /tmp/olb/corpus-10000
    python bench/generate.py contacts --rows 1000000 --seed 1 --out /tmp/olb/contacts-1M.csv \\
        --suppression 100000 --suppression-out /tmp/olb/suppression-100k.csv
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# -- vocabulary -----------------------------------------------------------------------------

CHANNELS = [("email", 52), ("sms", 10), ("phone", 8), ("automated_call", 3), ("linkedin", 9), ("direct_mail", 7), ("messaging_app", 11)]
EEA_CODES = [
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
    "IS",
    "LI",
    "NO",
]
COUNTRY_SETS = [
    (["EU"], 6),
    (["EEA"], 4),
    (["EUROPE"], 4),
    (["DE", "AT", "CH"], 8),
    (["DE"], 6),
    (["FR"], 4),
    (["FR", "BE", "LU"], 3),
    (["NL", "BE"], 3),
    (["US"], 14),
    (["CA"], 4),
    (["US", "CA"], 5),
    (["GB"], 8),
    (["GB", "IE"], 3),
    (["AU"], 4),
    (["AU", "NZ"], 2),
    (["US", "GB", "DE", "FR"], 4),
    (["ES", "PT"], 2),
    (["IT"], 2),
    (["SE", "DK", "NO", "FI"], 2),
    (["PL", "CZ"], 2),
    (["BR"], 1),
    (["JP"], 1),
    (["SG", "IN"], 1),
    (None, 7),  # None: a random handful of national codes
]
WORLD_CODES = EEA_CODES + ["CH", "GB", "US", "CA", "AU", "NZ", "BR", "MX", "JP", "SG", "IN", "ZA", "AE"]
SOURCES = [
    "opt_in_form",
    "customers",
    "event_signup",
    "purchased_list",
    "rented_list",
    "scraped",
    "website_visitors",
    "enrichment",
    "public_directory",
    "partner",
    "referral",
]
SOURCE_SETS = [
    (["opt_in_form"], 20),
    (["customers"], 14),
    (["event_signup"], 10),
    (["opt_in_form", "customers"], 8),
    (["purchased_list"], 5),
    (["rented_list"], 2),
    (["scraped"], 2),
    (["website_visitors", "enrichment"], 5),
    (["enrichment"], 4),
    (["public_directory"], 3),
    (["partner"], 3),
    (["referral"], 3),
    (None, 8),
]
BASES = [("consent", 48), ("soft_opt_in", 14), ("legitimate_interest", 30), ("none", 4), (None, 4)]
METHODS = ["unticked_checkbox", "double_opt_in", "explicit_statement", "pre_ticked", "bundled", "terms_acceptance", "implied", "opt_out"]
TEAMS = [
    "growth",
    "lifecycle",
    "sales-dach",
    "sales-us",
    "events",
    "partners",
    "product-marketing",
    "retention",
    "field-marketing",
    "demand-gen",
    "brand",
    "support-ops",
]
TOPICS = [
    "webinar",
    "newsletter",
    "product-launch",
    "renewal",
    "winback",
    "onboarding",
    "trial-nurture",
    "event-invite",
    "survey",
    "referral",
    "price-update",
    "black-friday",
    "abm",
    "cold-outbound",
    "reactivation",
    "cross-sell",
    "whitepaper",
    "demo-followup",
    "partner-promo",
    "holiday",
]
SENDERS = [
    ("Acme GmbH", "acme.example", "Musterstr. 1, 10115 Berlin, DE"),
    ("Acme Inc.", "acme.example", "100 Main Street, Suite 200, Springfield, IL 62701, US"),
    ("Northwind Ltd", "northwind.example", "12 Market Street, Leeds LS1 6DT, GB"),
    ("Contoso SAS", "contoso.example", "8 rue de la Paix, 75002 Paris, FR"),
    ("Fabrikam BV", "fabrikam.example", "Keizersgracht 100, 1015 CV Amsterdam, NL"),
    ("Maple Software Inc.", "maple.example", "200 Bay Street, Toronto, ON M5J 2J2, CA"),
    ("Wattle Pty Ltd", "wattle.example", "1 George Street, Sydney NSW 2000, AU"),
]
# (name, kind, role, country, dpa, transfer)
PROCESSORS = [
    ("Slack", "chat", "processor", "US", None, None),
    ("HubSpot", "crm", "processor", "US", True, "dpf"),
    ("Salesforce", "crm", "processor", "US", True, "dpf"),
    ("Mailchimp", "email_service", "processor", "US", True, "dpf"),
    ("Brevo", "email_service", "processor", "FR", True, None),
    ("Pipedrive", "crm", "processor", "EE", True, None),
    ("lemlist", "sequencer", "processor", "FR", True, None),
    ("Outreach.io", "sequencer", "processor", "US", True, "scc"),
    ("Apollo.io", "enrichment", "controller", "US", None, None),
    ("Clearbit", "enrichment", "processor", "US", True, "dpf"),
    ("Twilio", "email_service", "processor", "US", True, "bcr"),
    ("Intercom", "chat", "processor", "IE", True, None),
    ("RB2B", "visitor_identification", "processor", "US", False, "none"),
    ("Leadfeeder", "visitor_identification", "processor", "FI", True, None),
    ("Google Analytics", "analytics", "processor", "US", True, "dpf"),
    ("Internal BI", "other", "processor", "DE", True, None),
    ("Partner Co", "other", "joint_controller", "GB", None, "adequacy"),
    ("ZoomInfo", "enrichment", "controller", "US", None, None),
    ("Microsoft Teams", "chat", "processor", "US", True, "dpf"),
    ("Sendinblue Archive", "email_service", "processor", "IN", True, "scc"),
]
DATA_FIELDS = ["email", "name", "first_name", "phone", "company", "job_title", "linkedin_url", "visited_pages", "ip_address", "country", "purchase_history"]
VENDORS = [("rb2b", "person"), ("leadfeeder", "company"), ("clearbit", "company"), ("warmly", "person"), ("albacross", "company"), ("vector", "person")]
SUBJECTS = [
    "Your invitation: {topic} on Thursday",
    "What is new at {brand} this month",
    "Advertisement: 20% off renewals",
    "RE: our call last week",
    "Quick question, {{ first_name }}",
    "Reminder: {topic} starts tomorrow",
    "Last chance: early-bird tickets",
    "Your account update",
    "We miss you — here is a gift",
    "Fwd: pricing",
    "Webinar: closing the books faster",
    "Survey: 2 minutes for a better product",
    "Publicidad: nueva oferta",
    "Einladung: Kundenforum 2027",
    "Invitation : journée clients",
    "Following up",
    "A resource for your team",
]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
REGISTERS = [("TPS", "GB"), ("CTPS", "GB"), ("National DNC", "US"), ("Bloctel", "FR"), ("Robinsonliste", "DE"), ("DNCL", "CA"), ("Do Not Call Register", "AU")]
SPECIAL = ["health", "religion", "politics", "sexuality", "ethnicity", "trade_union"]

# (file name, channel kinds it suits, content)
TEMPLATES: dict[str, str] = {
    "email-compliant.html": """<html lang="en">
  <body>
    <p style="font-size:11px;color:#666">Advertisement</p>
    <p>Hi {{ first_name }},</p>
    <p>Our quarterly product update is out: faster reports, a new API and better exports.</p>
    <p><a href="https://acme.example/updates">Read the update</a></p>
    <hr>
    <p style="font-size:11px;color:#666">
      You receive this because you subscribed on acme.example. We got your address from you.
      You can object to marketing at any time: <a href="{{ unsubscribe_url }}">unsubscribe</a>.
      <a href="https://acme.example/privacy">Privacy notice</a>.<br>
      Acme Inc., 100 Main Street, Suite 200, Springfield, IL 62701, USA
    </p>
  </body>
</html>
""",
    "email-newsletter-de.html": """<html lang="de">
  <body>
    <h1>Newsletter</h1>
    <p>Hallo {{ first_name }}, hier sind die Neuigkeiten des Monats.</p>
    <footer>
      <p>Sie erhalten diesen Newsletter, weil Sie ihn abonniert und bestätigt haben.</p>
      <p>Sie können jederzeit widersprechen: <a href="{{ unsubscribe_url }}">Newsletter abbestellen</a>.</p>
      <p><a href="https://acme.example/datenschutz">Datenschutzerklärung</a></p>
      <p>Acme GmbH, Musterstr. 1, 10115 Berlin, Deutschland</p>
    </footer>
  </body>
</html>
""",
    "email-cold.html": """<html>
  <body>
    <p>Hi {{ first_name }},</p>
    <p>I noticed {{ company }} is hiring finance people. Teams like yours close their books 3x faster with us.</p>
    <p>Do you have 15 minutes this week?</p>
    <p>Best,<br>Sam</p>
    <img src="https://track.sequencer.example/o/{{ recipient_id }}.gif" width="1" height="1" alt="">
  </body>
</html>
""",
    "email-cold-footer.html": """<html>
  <body>
    <p>Hi {{ first_name }},</p>
    <p>We found your work address in the {{ source }} directory. We help finance teams automate reconciliations.</p>
    <p>Worth a short call?</p>
    <p style="font-size:11px">Why you get this: we got your business address from a public directory.
      Not interested? <a href="{{ unsubscribe_url }}">Unsubscribe</a> or reply "stop".
      <a href="https://northwind.example/privacy">Privacy notice</a>.
      Northwind Ltd, 12 Market Street, Leeds LS1 6DT, United Kingdom</p>
  </body>
</html>
""",
    "email-webinar.mjml": """<mjml>
  <mj-body>
    <mj-section><mj-column>
      <mj-text>Advertisement</mj-text>
      <mj-text>Join our webinar on Thursday, {{ first_name }}.</mj-text>
      <mj-button href="https://acme.example/webinar">Save your seat</mj-button>
      <mj-text font-size="11px">You registered for an Acme event.
        <a href="{{ unsubscribe_url }}">Unsubscribe</a> - <a href="https://acme.example/privacy">Privacy</a> -
        Acme Inc., 100 Main Street, Springfield, IL 62701, USA</mj-text>
    </mj-column></mj-section>
  </mj-body>
</mjml>
""",
    "sms-stop.txt": "Acme: 20% off your renewal this week: https://acme.example/r Reply STOP to opt out.\n",
    "sms-bare.txt": "Hi {{ first_name }}, your exclusive offer is waiting: https://acme.example/o\n",
    "messaging-update.md": """Hi {{ first_name }} 👋

Your monthly tips from Acme are here: https://acme.example/tips

Reply *STOP* to unsubscribe. Privacy notice: https://acme.example/privacy
""",
    "linkedin-intro.md": """Hi {{ first_name }}, I saw your post about closing the books faster.
We built a tool for exactly that — open to a quick chat?
""",
    "call-script.txt": """Hello, this is Sam from Acme Inc., calling about your renewal.
If you would rather not receive calls from us, say so and we will add you to our do-not-call list.
""",
    "letter.md": """Acme GmbH · Musterstr. 1 · 10115 Berlin

Dear {{ first_name }} {{ last_name }},

our new catalogue is enclosed. If you no longer wish to receive mail from us, write to the
address above or to privacy@acme.example.
""",
}
TEMPLATES_BY_CHANNEL = {
    "email": ["email-compliant.html", "email-newsletter-de.html", "email-cold.html", "email-cold-footer.html", "email-webinar.mjml"],
    "sms": ["sms-stop.txt", "sms-bare.txt"],
    "messaging_app": ["messaging-update.md", "sms-stop.txt"],
    "linkedin": ["linkedin-intro.md"],
    "phone": ["call-script.txt"],
    "automated_call": ["call-script.txt"],
    "direct_mail": ["letter.md"],
}
SITES = {
    "site-rb2b.html": """<!doctype html><html><head><title>Pricing</title>
<script src="https://s3-us-west-2.amazonaws.com/b2bjsstore/b/ABC123/reb2b.js.gz"></script>
</head><body><h1>Pricing</h1></body></html>
""",
    "site-gated.html": """<!doctype html><html><head><title>Home</title>
<script id="Cookiebot" src="https://consent.cookiebot.com/uc.js" data-cbid="00000000-0000-0000-0000-000000000000"></script>
<script type="text/plain" data-cookieconsent="marketing" src="https://sc.lfeeder.com/lftracker_v1_abc.js"></script>
</head><body><h1>Welcome</h1></body></html>
""",
}
DOCS = {
    "lia-b2b.md": """# Legitimate interest assessment: B2B outreach

## Purpose
Tell finance teams about our product; the interest pursued is direct marketing (Recital 47).

## Necessity
We contact only people whose role relates to the offer; no less intrusive way reaches them.

## Balancing test
Recipients are professionals who reasonably expect relevant offers at work. Safeguards: an
opt-out in every message, at most three messages, no tracking pixel, data deleted after 12 months.

## Retention
12 months from the last contact.

## Objection
Every message has an unsubscribe link; objections go to the global suppression list at once.
""",
    "lia-thin.md": "# LIA\n\nWe have a legitimate interest.\n",
    "dpia-visitor-id.md": """# DPIA: website visitor identification

Description of the processing, necessity and proportionality, risks to the people and the
safeguards (consent gating, geo-fencing, retention of 90 days). Consulted the DPO on 2026-09-01.
""",
}
N_CONTACT_LISTS = 6
CONTACT_LIST_ROWS = 60
SUPPRESSION_ROWS = 40


def _weighted(rng: random.Random, pairs: list[tuple[Any, int]]) -> Any:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


# -- YAML emission (hand-written: stdlib only, and byte-stable) ------------------------------


def _scalar(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    plain_ok = (
        text
        and text[0].isalnum()
        and all(c.isalnum() or c in " ._-/@+()" for c in text)
        and text.lower() not in ("yes", "no", "on", "off", "true", "false", "null", "y", "n", "~")
        and not text.replace(".", "").replace("-", "").isdigit()
        and text == text.strip()
    )
    return text if plain_ok else json.dumps(text, ensure_ascii=False)


def _is_flat(mapping: dict[str, Any]) -> bool:
    return all(not isinstance(v, (dict, list)) for v in mapping.values())


def _flow(mapping: dict[str, Any]) -> str:
    """A mapping of scalars on one line: ``{a: 1, b: x}``."""
    return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in mapping.items()) + "}"


def _flow_list(items: list[Any]) -> str:
    return "[" + ", ".join(_scalar(v) for v in items) + "]"


def _emit(node: Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    for key, value in node.items():
        if isinstance(value, dict):
            if not value:
                out.append(f"{pad}{key}: {{}}")
            elif _is_flat(value) and len(value) <= 2 and key == "tracking":
                out.append(f"{pad}{key}: {_flow(value)}")
            else:
                out.append(f"{pad}{key}:")
                _emit(value, indent + 2, out)
        elif isinstance(value, list):
            if value and all(isinstance(v, dict) for v in value):
                out.append(f"{pad}{key}:")
                for item in value:
                    first = True
                    for k, v in item.items():
                        lead = f"{pad}  - " if first else f"{pad}    "
                        first = False
                        if isinstance(v, dict):
                            if _is_flat(v):
                                out.append(f"{lead}{k}: {_flow(v)}")
                            else:
                                out.append(f"{lead}{k}:")
                                _emit(v, indent + 6, out)
                        elif isinstance(v, list):
                            out.append(f"{lead}{k}: {_flow_list(v)}")
                        else:
                            out.append(f"{lead}{k}: {_scalar(v)}")
            else:
                out.append(f"{pad}{key}: {_flow_list(value)}")
        else:
            out.append(f"{pad}{key}: {_scalar(value)}")


def to_yaml(doc: dict[str, Any], header: list[str]) -> str:
    out = [f"# {line}" for line in header]
    _emit(doc, 0, out)
    return "\n".join(out) + "\n"


# -- one campaign -----------------------------------------------------------------------------


def _countries(rng: random.Random) -> list[str]:
    chosen = _weighted(rng, COUNTRY_SETS)
    if chosen is None:
        chosen = rng.sample(WORLD_CODES, rng.randint(1, 5))
    return list(chosen)


def make_campaign(rng: random.Random, index: int, share: str) -> tuple[dict[str, Any], list[str]]:
    """A valid campaign (as a dict) and its header comment lines; ``share`` is the relative path to share/."""
    team, topic = rng.choice(TEAMS), rng.choice(TOPICS)
    channel = _weighted(rng, CHANNELS)
    countries = _countries(rng)
    sources = _weighted(rng, SOURCE_SETS) or rng.sample(SOURCES, rng.randint(1, 3))
    basis = _weighted(rng, BASES)
    sender_name, domain, address = rng.choice(SENDERS)
    doc: dict[str, Any] = {"campaign": f"{team}-{topic}-{index:05d}"}
    if rng.random() < 0.8:
        doc["description"] = f"{topic.replace('-', ' ').capitalize()} for {', '.join(countries)} ({channel})"
    if rng.random() < 0.7:
        doc["owner"] = f"{team}@{domain}"
    if rng.random() < 0.1:
        doc["purpose"] = rng.choice(["marketing", "transactional", "service"])
    doc["channel"] = channel
    audience: dict[str, Any] = {"type": rng.choice(["b2b", "b2b", "b2c", "b2c", "mixed"]), "countries": countries, "sources": list(sources)}
    if basis is not None:
        consent: dict[str, Any] = {"basis": basis}
        if basis == "consent":
            if rng.random() < 0.7:
                consent["double_opt_in"] = rng.random() < 0.8
            if rng.random() < 0.6:
                consent["method"] = rng.choice(METHODS)
            if rng.random() < 0.7:
                consent["proof"] = rng.choice(["crm://consents/" + topic, f"{share}/lists/consent-log.csv"])
            if rng.random() < 0.5:
                consent["collected_at"] = f"20{rng.randint(19, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            if rng.random() < 0.5:
                consent["channels"] = [channel] if rng.random() < 0.8 else ["email"]
            if rng.random() < 0.3:
                consent["tracking"] = rng.random() < 0.5
            if "purchased_list" in sources or "partner" in sources:
                consent["named_sender"] = rng.random() < 0.5
                consent["collected_by"] = rng.choice(["ListCo Ltd", "Partner Co", sender_name])
        elif basis == "soft_opt_in":
            consent["similar_products"] = rng.random() < 0.85
            consent["opt_out_at_collection"] = rng.random() < 0.85
            if rng.random() < 0.5:
                consent["origin"] = rng.choice(["purchase", "contract", "inquiry", "signup"])
        elif basis == "legitimate_interest" and rng.random() < 0.2:
            consent["basis_detail"] = "conspicuous_publication"
        if rng.random() < 0.15:
            consent["proof_retention_days"] = rng.choice([365, 1095, 1825])
        audience["consent"] = consent
    if rng.random() < 0.4:
        audience["contacts"] = f"{share}/lists/contacts-{rng.randrange(N_CONTACT_LISTS)}.csv"
    if rng.random() < 0.6:
        audience["suppression_list"] = f"{share}/lists/do-not-contact.csv"
    if rng.random() < 0.3:
        audience["includes_minors"] = rng.random() < 0.1
    if rng.random() < 0.05:
        audience["special_categories"] = rng.sample(SPECIAL, 1)
    if audience["type"] != "b2c" and rng.random() < 0.4:
        audience["role_relevance"] = rng.choice([True, ["CFO", "VP Finance", "Controller"], "The offer is for finance leads"])
    if channel in ("phone", "automated_call") and rng.random() < 0.7:
        audience["dnc_screened"] = [{"register": r, "country": c, "date": "2026-10-01"} for r, c in rng.sample(REGISTERS, rng.randint(1, 2))]
    doc["audience"] = audience
    if basis == "legitimate_interest" and rng.random() < 0.6:
        doc["legitimate_interest_assessment"] = f"{share}/docs/{rng.choice(['lia-b2b.md', 'lia-b2b.md', 'lia-thin.md'])}"
    sender: dict[str, Any] = {"name": sender_name}
    if channel in ("email", "sms", "messaging_app", "linkedin"):
        sender["email"] = f"{rng.choice(['news', 'events', 'sales', 'hello'])}@{domain}"
    if rng.random() < 0.4:
        sender["reply_to"] = f"service@{domain}"
    if rng.random() < 0.7:
        sender["postal_address"] = address
    if rng.random() < 0.05:
        sender["on_behalf_of"] = "Client Corp"
    doc["sender"] = sender
    steps = []
    for number in range(rng.choices([1, 2, 3, 4, 5, 6], weights=[30, 25, 20, 12, 8, 5])[0]):
        step_channel = channel if rng.random() < 0.85 else _weighted(rng, CHANNELS)
        step: dict[str, Any] = {}
        if rng.random() < 0.3:
            step["name"] = f"step {number + 1}"
        if step_channel != channel:
            step["channel"] = step_channel
        step["delay_days"] = 0 if number == 0 else rng.choice([1, 2, 3, 5, 7, 14])
        if step_channel == "email":
            step["subject"] = rng.choice(SUBJECTS).format(topic=topic.replace("-", " "), brand=sender_name)
        if rng.random() < 0.92:
            step["template"] = f"{share}/templates/{rng.choice(TEMPLATES_BY_CHANNEL[step_channel])}"
        step["unsubscribe"] = rng.choices(["link", "reply", "none"], weights=[70, 15, 15])[0]
        if step_channel == "email" and rng.random() < 0.6:
            step["tracking"] = {"open_pixel": rng.random() < 0.4, "click_tracking": rng.random() < 0.5}
        if step_channel in ("phone", "automated_call", "sms") and rng.random() < 0.6:
            step["send_window"] = {
                "from": rng.choice(["08:00", "09:00", "10:00"]),
                "to": rng.choice(["17:00", "20:00", "21:30"]),
                "days": DAYS[: rng.choice([5, 6, 7])],
                "tz": rng.choice(["recipient", "Europe/Berlin", "America/New_York"]),
            }
        steps.append(step)
    doc["steps"] = steps
    if rng.random() < 0.12:
        vendor, level = rng.choice(VENDORS)
        vid: dict[str, Any] = {"vendor": vendor, "level": level, "consent_required": rng.random() < 0.5}
        if rng.random() < 0.3:
            vid["geo"] = ["US"]
        tracking: dict[str, Any] = {"visitor_identification": vid}
        if rng.random() < 0.5:
            tracking["sites"] = [f"{share}/sites/{rng.choice(sorted(SITES))}"]
        if rng.random() < 0.3:
            tracking["scripts"] = ["https://ddwl4m2hdecbv.cloudfront.net/b/ABC/reb2b.js", "https://www.googletagmanager.com/gtm.js"]
        doc["tracking"] = tracking
        if rng.random() < 0.4:
            doc["dpia"] = f"{share}/docs/dpia-visitor-id.md"
    processors = []
    for name, kind, role, country, dpa, transfer in rng.sample(PROCESSORS, rng.choices([0, 1, 2, 3, 4], weights=[15, 30, 30, 15, 10])[0]):
        proc: dict[str, Any] = {"name": name, "role": role, "country": country}
        if rng.random() < 0.7:
            proc["kind"] = kind
        dpa_value = dpa if dpa is not None and rng.random() < 0.85 else rng.choice([True, False, None])
        if dpa_value is not None and role == "processor":
            proc["dpa"] = dpa_value
        if role != "processor" and rng.random() < 0.6:
            proc["arrangement"] = rng.choice(["dpa", "art26_agreement", "recipient_disclosed"])
        transfer_value = transfer if rng.random() < 0.8 else rng.choice(["scc", "none", None])
        if transfer_value is not None and country not in EEA_CODES:
            proc["transfer"] = transfer_value
        proc["data"] = sorted(rng.sample(DATA_FIELDS, rng.randint(1, 4)))
        processors.append(proc)
    if processors:
        doc["processors"] = processors
    if rng.random() < 0.6:
        doc["retention_days"] = rng.choice([90, 365, 395, 730, 1095, 1825])
    if rng.random() < 0.6:
        opt_out: dict[str, Any] = {"honored_within_days": rng.choice([0, 1, 2, 5, 10, 30]), "global_suppression": rng.random() < 0.8}
        if rng.random() < 0.6:
            opt_out["mechanism_valid_days"] = rng.choice([30, 60, 90])
        if rng.random() < 0.5:
            opt_out["requires_login"] = rng.random() < 0.1
        doc["opt_out"] = opt_out
    if len(steps) > 2 and rng.random() < 0.5:
        doc["cadence"] = {"stop_after_no_reply": rng.choice([2, 3, 4])}
    if rng.random() < 0.1:
        doc["x-jira"] = f"MKT-{rng.randint(10, 9999)}"
    header = []
    if rng.random() < 0.3:
        header.append("yaml-language-server: $schema=../../.outreach-lint/campaign.schema.json")
    if rng.random() < 0.5:
        header.append(f"{topic.replace('-', ' ').capitalize()} campaign of the {team} team.")
    return doc, header


# -- breaking a campaign on purpose -----------------------------------------------------------


def _break_syntax(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    kind = rng.randrange(5)
    if kind == 0:  # an unclosed flow sequence
        for i, line in enumerate(lines):
            if line.strip().startswith("countries: ["):
                lines[i] = line.rstrip("]")
                return "\n".join(lines)
        return text.replace("campaign: ", "campaign: [", 1)
    if kind == 1:  # a tab used for indentation
        for i, line in enumerate(lines):
            if line.startswith("  ") and ":" in line:
                lines[i] = "\t" + line.lstrip(" ")
                return "\n".join(lines)
    if kind == 2:  # an unterminated quoted string
        return text.replace("campaign: ", 'campaign: "', 1)
    if kind == 3:  # a mapping value where none is allowed
        for i, line in enumerate(lines):
            if line.startswith("channel: "):
                lines[i] = line + ": oops"
                return "\n".join(lines)
    # a line pasted with the wrong indentation
    for i, line in enumerate(lines):
        if line.startswith("  type: "):
            lines[i] = "     " + line.lstrip()
            return "\n".join(lines)
    return text + "  - stray: [\n"


def _break_types(rng: random.Random, doc: dict[str, Any]) -> None:
    audience = doc.get("audience", {})
    kind = rng.randrange(6)
    if kind == 0 and audience.get("countries"):
        audience["countries"] = audience["countries"][0]
    elif kind == 1 and "consent" in audience:
        audience["consent"]["double_opt_in"] = "yes"
    elif kind == 2:
        doc["retention_days"] = "a year"
    elif kind == 3 and doc.get("steps"):
        doc["steps"][0]["delay_days"] = "two"
    elif kind == 4 and doc.get("processors"):
        doc["processors"][0]["dpa"] = "signed"
    else:
        doc["channel"] = "e-mail"


TYPOS = [
    ("audience", "consent", "consnet"),
    (None, "channel", "chanel"),
    (None, "processors", "procesors"),
    (None, "retention_days", "retention"),
    ("sender", "postal_address", "postal_adress"),
    ("audience", "countries", "country"),
]


def _break_keys(rng: random.Random, doc: dict[str, Any]) -> None:
    for parent, key, typo in rng.sample(TYPOS, len(TYPOS)):
        holder = doc if parent is None else doc.get(parent)
        if isinstance(holder, dict) and key in holder:
            items = [(typo if k == key else k, v) for k, v in holder.items()]
            holder.clear()
            holder.update(items)
            return
    doc["audiance_notes"] = "typo at the top level"


def generate_campaigns(count: int, seed: int, out: Path, broken_share: float = 0.12) -> dict[str, Any]:
    rng = random.Random(seed)
    share = out / "share"
    for sub, files in (("templates", TEMPLATES), ("sites", SITES), ("docs", DOCS)):
        (share / sub).mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            (share / sub / name).write_text(content, encoding="utf-8")
    (share / "lists").mkdir(parents=True, exist_ok=True)
    for number in range(N_CONTACT_LISTS):
        write_contacts(share / "lists" / f"contacts-{number}.csv", CONTACT_LIST_ROWS, seed * 1000 + number)
    write_suppression(share / "lists" / "do-not-contact.csv", SUPPRESSION_ROWS, CONTACT_LIST_ROWS, seed * 1000)
    write_contacts(share / "lists" / "consent-log.csv", 20, seed * 1000 + 99)
    manifest: dict[str, Any] = {"seed": seed, "count": count, "files": {}}
    for index in range(count):
        team_dir = out / "campaigns" / f"batch-{index // 500:03d}"
        if index % 500 == 0:
            team_dir.mkdir(parents=True, exist_ok=True)
        doc, header = make_campaign(rng, index, "../../share")
        roll = rng.random()
        kind = "valid"
        if roll < broken_share / 3:
            kind = "syntax"
        elif roll < 2 * broken_share / 3:
            kind = "types"
            _break_types(rng, doc)
        elif roll < broken_share:
            kind = "keys"
            _break_keys(rng, doc)
        text = to_yaml(doc, header)
        if kind == "syntax":
            text = _break_syntax(rng, text)
        name = f"{index:05d}-{doc['campaign'].split('-', 1)[-1][:40] if isinstance(doc.get('campaign'), str) else 'x'}.yaml"
        path = team_dir / name
        path.write_text(text, encoding="utf-8")
        manifest["files"][path.relative_to(out).as_posix()] = kind
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


# -- contacts -----------------------------------------------------------------------------------

FIRST = [
    "anna",
    "bernd",
    "chiara",
    "david",
    "eva",
    "felix",
    "greta",
    "hugo",
    "ines",
    "jonas",
    "karin",
    "lukas",
    "maria",
    "nils",
    "olga",
    "paul",
    "quentin",
    "rosa",
    "sven",
    "tina",
    "ugo",
    "vera",
    "wim",
    "xenia",
    "yusuf",
    "zoe",
    "john",
    "jane",
    "li",
    "amir",
    "sofia",
    "mateo",
    "emma",
    "noah",
    "léa",
    "jürgen",
    "renée",
    "søren",
]
LAST = [
    "muster",
    "beispiel",
    "doe",
    "roe",
    "smith",
    "garcia",
    "rossi",
    "dubois",
    "jansen",
    "nowak",
    "novak",
    "silva",
    "murphy",
    "kowalski",
    "schmidt",
    "müller",
    "lefèvre",
    "o'brien",
    "van-dijk",
    "nguyen",
    "kim",
]
CORP_DOMAINS = [
    f"{name}.example"
    for name in (
        "acme",
        "globex",
        "initech",
        "umbrella",
        "hooli",
        "stark",
        "wayne",
        "wonka",
        "cyberdyne",
        "tyrell",
        "soylent",
        "vandelay",
        "gringotts",
        "oscorp",
        "aperture",
        "blackmesa",
        "monarch",
        "dunder",
        "sterling",
        "pied-piper",
    )
] + ["example.com", "example.org", "example.net", "firma.example.de", "societe.example.fr", "bedrijf.example.nl"]
FREE_DOMAINS = ["gmail.com", "googlemail.com", "outlook.com", "hotmail.fr", "yahoo.co.uk", "gmx.de", "web.de", "icloud.com", "orange.fr", "libero.it"]
BLOCKED_DOMAINS = ["competitor.example", "blocked.example"]
ROLES = ["info", "sales", "contact", "office", "kontakt", "hello"]
COUNTRY_VALUES = (
    ["DE"] * 12
    + ["AT"] * 3
    + ["CH"] * 3
    + ["FR"] * 6
    + ["NL"] * 3
    + ["US"] * 10
    + ["GB"] * 6
    + ["CA"] * 3
    + ["AU"] * 2
    + ["ES", "IT", "BE", "PL", "SE", "IE", "de", "Germany", "UK", "United States", "Deutschland", "", "n/a"]
)
SOURCES_CSV = [
    "https://acme.example/newsletter",
    "https://acme.example/signup",
    "Messe 2026",
    "webinar-2026-q1",
    "import:listco-2025",
    "crm",
    "https://acme.example/demo",
]
COMPANY_TYPES = ["gmbh", "ag", "ltd", "inc", "sas", "bv", "llc", "plc", "sole trader", "partnership", "Einzelunternehmen", "freelancer", "", ""]
COMPANIES = [
    "Acme GmbH",
    "Globex Corp",
    "Initech LLC",
    "Umbrella plc",
    "Hooli Inc.",
    "Stark Industries",
    "Wonka SAS",
    "Tyrell BV",
    "Müller & Söhne",
    '"Quoted", Ltd',
    "",
    "Dunder Mifflin",
]
HEADER = [
    "email",
    "first_name",
    "last_name",
    "company",
    "company_type",
    "country",
    "consent_timestamp",
    "consent_source",
    "consent_text_version",
    "consent_channels",
    "consent_controllers",
    "unsubscribed",
    "phone",
    "notes",
]
_MASK = (1 << 64) - 1


def _mix(value: int) -> int:
    """splitmix64: a well-spread pure function of the row number (so a suppression list can find row i)."""
    value = (value + 0x9E3779B97F4A7C15) & _MASK
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _MASK
    return value ^ (value >> 31)


def contact_email(row: int, seed: int) -> str:
    """The address of data row ``row`` (0-based): unique per row, tricky in a known share of rows."""
    h = _mix(row * 1_000_003 + seed)
    first, last = FIRST[h % len(FIRST)], LAST[(h >> 8) % len(LAST)]
    first_ascii = first.encode("ascii", "ignore").decode() or "x"
    last_ascii = last.encode("ascii", "ignore").decode().replace("'", "") or "y"
    style = (h >> 16) % 100
    if style < 15:  # free mail
        domain = FREE_DOMAINS[(h >> 24) % len(FREE_DOMAINS)]
    elif style == 31:  # a domain that opted out as a whole (the suppression list names it)
        domain = BLOCKED_DOMAINS[(h >> 24) % len(BLOCKED_DOMAINS)]
    else:
        domain = CORP_DOMAINS[(h >> 24) % len(CORP_DOMAINS)]
    if style in (15, 16):  # role address: unique via a number
        local = f"{ROLES[(h >> 32) % len(ROLES)]}{row}"
    else:
        local = f"{first_ascii}.{last_ascii}{row}"
    if 20 <= style < 24:  # plus addressing
        local += f"+{('news', 'promo', 'crm')[(h >> 40) % 3]}"
    address = f"{local}@{domain}"
    if 24 <= style < 29:  # mixed case as exported by some CRMs
        address = address[0].upper() + address[1:].replace("@", "@").title() if style % 2 else address.upper()
    if style == 29:  # surrounding blanks
        address = f" {address} "
    if style == 30 and (h >> 44) % 10 == 0:  # a broken address
        address = address.replace("@", " at ")
    return address


def iter_contact_rows(rows: int, seed: int) -> Iterator[list[str]]:
    rng = random.Random(seed)
    rand = rng.random
    choice = rng.choice
    for row in range(rows):
        email = contact_email(row, seed)
        h = _mix(row * 1_000_003 + seed)
        first, last = FIRST[h % len(FIRST)], LAST[(h >> 8) % len(LAST)]
        r = rand()
        if r < 0.04:  # no consent record
            stamp, source = "", choice(["", "n/a", "import:listco-2025"])
        elif r < 0.06:
            stamp, source = choice(["2026-03-01", "01/03/2026", "NULL"]), ""
        else:
            stamp = f"202{int(r * 1000) % 7}-{1 + int(r * 10000) % 12:02d}-{1 + int(r * 100000) % 28:02d}T{int(r * 1e6) % 24:02d}:15:00Z"
            source = choice(SOURCES_CSV)
        unsub = "true" if rand() < 0.02 else choice(("false", "false", "no", "0", ""))
        yield [
            email,
            first.capitalize() if rand() < 0.9 else "",
            last.capitalize(),
            choice(COMPANIES),
            choice(COMPANY_TYPES),
            choice(COUNTRY_VALUES),
            stamp,
            source,
            choice(("v3", "v3", "v2", "")),
            choice(("email", "email", "email;sms", "")),
            choice(("Acme GmbH", "Acme GmbH", "Acme GmbH; Partner Co", "")),
            unsub,
            f"+49 30 {h % 10_000_000:07d}" if rand() < 0.3 else "",
            "VIP, call first" if rand() < 0.01 else "",
        ]


def write_contacts(path: Path, rows: int, seed: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="", buffering=1 << 20) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        batch: list[list[str]] = []
        for row in iter_contact_rows(rows, seed):
            batch.append(row)
            if len(batch) == 10_000:
                writer.writerows(batch)
                batch.clear()
        writer.writerows(batch)


def write_suppression(path: Path, entries: int, rows: int, seed: int) -> None:
    """A do-not-contact list: ~60% addresses of rows in the contacts file (as people type them:
    other case, plus tags dropped, googlemail for gmail), a few whole domains, the rest strangers."""
    rng = random.Random(seed ^ 0x5EED)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="", buffering=1 << 20) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["email", "reason", "added_at"])
        for number in range(entries):
            r = rng.random()
            if number < len(BLOCKED_DOMAINS):
                address = f"@{BLOCKED_DOMAINS[number]}"
            elif r < 0.6 and rows:
                address = contact_email(rng.randrange(rows), seed).strip()
                if rng.random() < 0.3:
                    address = address.upper()
                if "+" in address and rng.random() < 0.5:
                    local, _, domain = address.partition("@")
                    address = f"{local.split('+')[0]}@{domain}"
                address = address.replace("@gmail.com", "@googlemail.com") if rng.random() < 0.5 else address
            else:
                address = f"former.{number}@{rng.choice(CORP_DOMAINS + FREE_DOMAINS)}"
            writer.writerow(
                [address, rng.choice(["unsubscribed", "objected by e-mail", "bounced", "complaint"]), f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"]
            )


def write_contacts_campaign(path: Path, contacts: Path, suppression: Path | None) -> None:
    """A campaign that references a contacts file (and suppression list) by absolute path."""
    doc: dict[str, Any] = {
        "campaign": "bench-contacts",
        "channel": "email",
        "audience": {
            "type": "b2b",
            "countries": ["DE", "AT", "CH", "FR", "US"],
            "sources": ["opt_in_form"],
            "consent": {"basis": "consent", "double_opt_in": True, "proof": "crm://consents/bench"},
            "contacts": str(contacts),
        },
        "sender": {"name": "Acme GmbH", "email": "news@acme.example", "postal_address": "Musterstr. 1, 10115 Berlin, DE"},
        "steps": [{"subject": "Acme newsletter", "unsubscribe": "link"}],
    }
    if suppression is not None:
        doc["audience"]["suppression_list"] = str(suppression)
    path.write_text(to_yaml(doc, ["generated by bench/generate.py: checks one big contacts file"]), encoding="utf-8")


# -- command line -------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    camp = sub.add_parser("campaigns", help="a corpus of campaign files plus the shared files they reference")
    camp.add_argument("--count", type=int, default=10_000)
    camp.add_argument("--seed", type=int, default=1)
    camp.add_argument("--broken", type=float, default=0.12, help="share of broken files (default 0.12)")
    camp.add_argument("--out", type=Path, required=True, help="a folder (created)")
    cont = sub.add_parser("contacts", help="one contacts CSV, streamed")
    cont.add_argument("--rows", type=int, default=1_000_000)
    cont.add_argument("--seed", type=int, default=1)
    cont.add_argument("--out", type=Path, required=True, help="the CSV file to write")
    cont.add_argument("--suppression", type=int, default=0, help="entries in a suppression list (0: none)")
    cont.add_argument("--suppression-out", type=Path, help="where to write the suppression list")
    cont.add_argument("--campaign-out", type=Path, help="also write a campaign that references the file(s)")
    args = parser.parse_args(argv)
    if args.what == "campaigns":
        manifest = generate_campaigns(args.count, args.seed, args.out, args.broken)
        kinds: dict[str, int] = {}
        for kind in manifest["files"].values():
            kinds[kind] = kinds.get(kind, 0) + 1
        print(f"{args.out}: {args.count} campaigns ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))})", file=sys.stderr)
        return 0
    if args.suppression and not args.suppression_out:
        parser.error("--suppression needs --suppression-out")
    write_contacts(args.out, args.rows, args.seed)
    if args.suppression:
        write_suppression(args.suppression_out, args.suppression, args.rows, args.seed)
    if args.campaign_out:
        write_contacts_campaign(args.campaign_out, args.out.resolve(), args.suppression_out.resolve() if args.suppression else None)
    print(f"{args.out}: {args.rows} rows ({os.path.getsize(args.out) / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
