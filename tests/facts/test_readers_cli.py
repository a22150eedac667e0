"""Issue 15 through the CLI: real template and site shapes (fixtures/readers/) read as they are.

Each test writes a small campaign next to nothing but the fixture it points to (by absolute
path), runs ``outreach-lint check --format json`` (or sarif) and pins the rule code, the
finding's line, the related place in the referenced file and the evidence.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ..conftest import FIXTURES, TODAY, check_json, run_cli

READERS = FIXTURES / "readers"
TEMPLATES = READERS / "templates"
SITES = READERS / "sites"
LANGUAGES = {"en": "GB", "de": "DE", "fr": "FR", "es": "ES", "it": "IT", "nl": "NL", "pt": "PT", "pl": "PL", "sv": "SE", "da": "DK"}


def email_campaign(tmp_path: Path, template: Path, country: str, extra: str = "") -> Path:
    """A one-step e-mail campaign sending ``template``; the template key is on line 8, column 5."""
    path = tmp_path / "campaign.yaml"
    path.write_text(
        "campaign: readers-test\n"
        "channel: email\n"
        "audience:\n"
        "  type: b2b\n"
        f"  countries: [{country}]\n"
        "steps:\n"
        "  - subject: News\n"
        f"    template: {template}\n"
        "    unsubscribe: link\n" + extra,
        encoding="utf-8",
    )
    return path


def findings(campaign: Path, *args: str) -> list[dict[str, Any]]:
    return check_json("--no-cache", *args, str(campaign))[1]["findings"]


def at_template(found: list[dict[str, Any]], code: str) -> list[dict[str, Any]]:
    return [f for f in found if f["code"] == code and f["path"] == "/steps/0/template"]


# -- item 1: opt-out footers in ten languages ------------------------------------------------


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_footer_with_generic_link_text_is_an_opt_out(tmp_path: Path, lang: str) -> None:
    """ "klicken Sie hier", "cliquez ici", "clicca qui": the sentence makes the link an opt-out."""
    found = findings(email_campaign(tmp_path, TEMPLATES / f"footer-{lang}.html", LANGUAGES[lang]), "--select", "OL130,OL141")
    assert at_template(found, "OL130") == []
    assert at_template(found, "OL141") == []  # item 5: the address in that country's format is found too


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_footer_without_an_opt_out_fails(tmp_path: Path, lang: str) -> None:
    template = TEMPLATES / f"nofooter-{lang}.html"
    found = at_template(findings(email_campaign(tmp_path, template, LANGUAGES[lang]), "--select", "OL130"), "OL130")
    assert [(f["line"], f["column"], f["severity"]) for f in found] == [(8, 5, "error")]
    # the related place is where the message text ends, in the template
    assert found[0]["related"] == [{"file": str(template), "line": 23, "column": 18}]


# -- items 2, 3 and 5: ESP placeholders, template languages, addresses -----------------------


@pytest.mark.parametrize(
    "name, esp_tag",
    [
        ("mailchimp-newsletter.html", "*|UNSUB|*"),
        ("hubspot-email.html", "{{ unsubscribe_link }}"),
        ("sendgrid-dynamic.hbs", "<%asm_group_unsubscribe_raw_url%>"),
        ("mailjet-newsletter.mjml", "[[UNSUB_LINK_EN]]"),
        ("klaviyo-campaign.liquid", "{% unsubscribe %}"),
        ("listmonk-campaign.html", "{{ UnsubscribeURL }}"),
        ("activecampaign.html", "%UNSUBSCRIBELINK%"),
    ],
)
def test_esp_templates_have_their_opt_out_and_address(tmp_path: Path, name: str, esp_tag: str) -> None:
    found = findings(email_campaign(tmp_path, TEMPLATES / name, "US"), "--select", "OL130,OL141")
    assert at_template(found, "OL130") == [] and at_template(found, "OL141") == []
    from outreach_lint.facts.templates import read_template_file
    from outreach_lint.rulepack import load_pack

    facts = read_template_file((TEMPLATES / name).read_text("utf-8"), name, load_pack().phrases)
    assert facts["unsubscribe_at"]["placeholder"] == esp_tag


def test_a_commented_out_blade_footer_is_no_opt_out(tmp_path: Path) -> None:
    template = TEMPLATES / "laravel-digest.blade.php"
    found = findings(email_campaign(tmp_path, template, "DE"), "--select", "OL130,OL141")
    assert [f["line"] for f in at_template(found, "OL130")] == [8]
    assert at_template(found, "OL141") == []  # the address outside the comment counts


def test_eml_is_read_from_its_quoted_printable_html_part(tmp_path: Path) -> None:
    found = findings(email_campaign(tmp_path, TEMPLATES / "newsletter-fr.eml", "FR"), "--select", "OL130,OL141,OL180")
    assert at_template(found, "OL130") == [] and at_template(found, "OL141") == []
    pixel = at_template(found, "OL180")
    assert len(pixel) == 1 and pixel[0]["evidence"]["facts"][0]["reason"] == "1x1 image"


def test_missing_address_points_at_the_footer_and_names_the_opt_out_found(tmp_path: Path) -> None:
    template = tmp_path / "no-address.html"
    template.write_text("<html><body>\n<p>Hi,</p>\n<p>Don't want these emails? <a href='https://x.example.com/p/1'>Click here</a>.</p>\n</body></html>\n")
    found = at_template(findings(email_campaign(tmp_path, template, "US"), "--select", "OL141"), "OL141")
    assert len(found) == 1
    assert found[0]["related"] == [{"file": str(template), "line": 3, "column": 29}]  # the <a> of the opt-out
    assert found[0]["evidence"]["facts"]["phrase"] == "don't want these emails"


# -- item 4: pixels by what they are ---------------------------------------------------------


@pytest.mark.parametrize(
    "name, pixel_line",
    [
        ("mailchimp-newsletter.html", None),  # header image from mcusercontent.com: not a pixel
        ("hubspot-email.html", None),  # header image from hubspotusercontent: not a pixel
        ("listmonk-campaign.html", 15),  # {{ TrackView }}
    ],
)
def test_pixels_are_found_by_what_they_are(tmp_path: Path, name: str, pixel_line: int | None) -> None:
    found = at_template(findings(email_campaign(tmp_path, TEMPLATES / name, "DE"), "--select", "OL180"), "OL180")
    if pixel_line is None:
        assert found == []
    else:
        assert [r["line"] for r in found[0]["related"]] == [pixel_line]
        assert found[0]["evidence"]["facts"][0]["esp"] == "listmonk"


# -- item 6: websites as they are built ------------------------------------------------------


def site_campaign(tmp_path: Path, *sites: Path) -> Path:
    path = tmp_path / "site.yaml"
    listed = "".join(f"    - {site}\n" for site in sites)
    path.write_text(
        "campaign: site-test\nchannel: email\naudience:\n  type: b2b\n  countries: [DE]\n"
        "steps:\n  - subject: Hello\n    unsubscribe: link\n"
        f"tracking:\n  sites:\n{listed}",
        encoding="utf-8",
    )
    return path


def vendor_facts(found: list[dict[str, Any]]) -> list[tuple[str, str, int, bool]]:
    ol170 = [f for f in found if f["code"] == "OL170"]
    assert len(ol170) == 1
    return [(Path(h["file"]).name, h["vendor"], h["line"], h["ungated"]) for h in ol170[0]["evidence"]["facts"]]


def test_jsx_page_and_bare_js_loader_are_found_and_comments_are_not(tmp_path: Path) -> None:
    campaign = site_campaign(tmp_path, SITES / "app-layout.tsx", SITES / "radar-loader.js", SITES / "commented-out.html")
    found = findings(campaign, "--select", "OL170")
    assert vendor_facts(found) == [
        ("app-layout.tsx", "leadfeeder", 15, True),
        ("app-layout.tsx", "rb2b", 21, False),  # <Script type="text/plain" data-cookieconsent>
        ("radar-loader.js", "snitcher", 15, True),
    ]
    ol170 = [f for f in found if f["code"] == "OL170"][0]
    assert ol170["severity"] == "error" and "Leadfeeder" in ol170["message"] and "Snitcher" in ol170["message"]


def test_commented_out_loaders_are_not_vendors(tmp_path: Path) -> None:
    assert [f for f in findings(site_campaign(tmp_path, SITES / "commented-out.html")) if f["code"].startswith("OL17")] == []


def test_consent_tools_gate_their_tags(tmp_path: Path) -> None:
    found = findings(site_campaign(tmp_path, SITES / "consent-tools.html"), "--select", "OL17")
    # every tag waits for consent: no OL170; the vendors are still undeclared (OL173 carries the hits)
    assert [f["code"] for f in found if f["code"] == "OL170"] == []
    ol173 = [f for f in found if f["code"] == "OL173"][0]
    gated_by = {h["vendor"]: h["gated_by"] for h in ol173["evidence"]["facts"]}
    assert all(not h["ungated"] for h in ol173["evidence"]["facts"])
    assert gated_by == {
        "leadfeeder": 'type="text/plain" (Usercentrics)',
        "vector": 'type="text/plain" (OneTrust)',
        "albacross": 'type="didomi/javascript" (Didomi)',
        "snitcher": "data-src held by Klaro",
        "leadinfo": 'type="text/plain" (Complianz)',
        "visitorqueue": 'type="text/plain" (CookieYes)',
        "warmly": "data-borlabs-cookie-script-blocker-src held by Borlabs Cookie",
        "wiredminds": 'type="text/plain" (iubenda)',
    }


def test_server_side_gtm_consent_settings(tmp_path: Path) -> None:
    found = findings(site_campaign(tmp_path, SITES / "gtm-server.json"), "--select", "OL170")
    hits = [f for f in found if f["code"] == "OL170"][0]["evidence"]["facts"]
    assert [(h["vendor"], h["line"], h["ungated"], h["container"], h.get("consent_types")) for h in hits] == [
        ("leadfeeder", 25, False, "server", ["ad_storage", "ad_user_data"]),
        ("albacross", 63, True, "server", None),  # consentStatus NOT_NEEDED
    ]  # the paused Vector tag never fires


# -- item 8: evidence in SARIF ---------------------------------------------------------------


def test_sarif_related_locations_and_evidence(tmp_path: Path) -> None:
    campaign = site_campaign(tmp_path, SITES / "radar-loader.js")
    code, out, err = run_cli("check", "--no-cache", "--format", "sarif", "--today", TODAY, "--select", "OL170", str(campaign))
    assert code == 1, err
    result = [r for r in json.loads(out)["runs"][0]["results"] if r["ruleId"] == "OL170"][0]
    location = result["relatedLocations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("fixtures/readers/sites/radar-loader.js")
    assert location["region"] == {"startLine": 15, "startColumn": 33}
    assert result["relatedLocations"][0]["message"]["text"] == "Snitcher (company-level) loads before consent"
    hit = result["properties"]["evidence"]["facts"][0]
    assert (hit["vendor"], hit["host"], hit["level"], hit["ungated"]) == ("snitcher", "cdn.snitcher.com", "company", True)


def test_txt_stays_text_while_html_comments_are_not_content(tmp_path: Path) -> None:
    """A plain-text template is text: its "<!-- ... -->" is what the recipient reads; in HTML it is hidden."""
    body = "Hi Sam,\n\nshort note about your renewal.\n<!-- Reply STOP to opt out of these emails. -->\n"
    for suffix, expected in ((".txt", []), (".html", [8])):
        template = tmp_path / f"note{suffix}"
        template.write_text(body, encoding="utf-8")
        found = at_template(findings(email_campaign(tmp_path, template, "US"), "--select", "OL130"), "OL130")
        assert [f["line"] for f in found] == expected, suffix


@pytest.mark.parametrize(
    "loader, vendor",
    [
        ('<Script id="vtag-ai-js" src="https://r2.leadsy.ai/tag.js" async data-pid="x" />', "instantly"),
        ('<Script src="https://app.factors.ai/assets/factors.js" strategy="lazyOnload" />', "factors"),
    ],
)
def test_catalogue_vendors_in_a_jsx_component(tmp_path: Path, loader: str, vendor: str) -> None:
    page = tmp_path / "Tracking.tsx"
    page.write_text(f'import Script from "next/script";\n\nexport default function Tracking() {{\n  return (\n    {loader}\n  );\n}}\n', encoding="utf-8")
    found = findings(site_campaign(tmp_path, page), "--select", "OL170")
    assert vendor_facts(found) == [("Tracking.tsx", vendor, 5, True)]


# -- item 1, second half: source statements and right-to-object notices in the recipients' languages

NOTICES = {
    "DE": ("Wir haben Ihre Adresse von der Ausstellerliste der Messe Beispiel 2026 erhalten.", "Sie haben ein Widerspruchsrecht gegen diese Nutzung."),
    "IT": ("Abbiamo ricevuto il tuo indirizzo da Esempio Eventi S.r.l.", "Hai il diritto di opposizione al trattamento in ogni momento."),
    "SE": ("Vi har fått dina uppgifter från Bolagsverkets register.", "Du har rätt att invända mot behandlingen."),
    "DK": ("Vi har fået dine oplysninger fra CVR-registret.", "Du har ret til indsigelse mod behandlingen."),
    "PL": ("Twoje dane pozyskaliśmy z rejestru KRS.", "Przysługuje Ci prawo do sprzeciwu."),
    "NL": ("Uw gegevens zijn afkomstig van de Kamer van Koophandel.", "U kunt bezwaar maken tegen dit gebruik."),
}


def notice_campaign(tmp_path: Path, country: str, lines: list[str]) -> Path:
    template = tmp_path / "first.html"
    template.write_text("<html><body>\n" + "".join(f"<p>{line}</p>\n" for line in lines) + "</body></html>\n", encoding="utf-8")
    path = tmp_path / "campaign.yaml"
    path.write_text(
        "campaign: first-contact\nchannel: email\naudience:\n  type: b2b\n"
        f"  countries: [{country}]\n  sources: [public_directory]\n  consent:\n    basis: legitimate_interest\n"
        f"steps:\n  - subject: Hello\n    template: {template}\n    unsubscribe: link\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("country", sorted(NOTICES))
def test_source_statement_and_objection_notice_in_the_recipients_language(tmp_path: Path, country: str) -> None:
    source, objection = NOTICES[country]
    found = findings(notice_campaign(tmp_path, country, [source, objection]), "--select", "OL122,OL144")
    # only OL122's privacy-link check is left (the template has no privacy link)
    assert [(f["code"], _what(f["message"])) for f in found if f["path"] == "/steps/0/template"] == [("OL122", "has no link to a privacy")]


@pytest.mark.parametrize("country", sorted(NOTICES))
def test_without_the_notices_both_rules_fire(tmp_path: Path, country: str) -> None:
    found = findings(notice_campaign(tmp_path, country, ["Wir freuen uns auf Ihre Antwort.", "Ciao!"]), "--select", "OL122,OL144")
    messages = sorted((f["code"], _what(f["message"])) for f in found if f["path"] == "/steps/0/template")
    assert messages == [("OL122", "does not say where the r"), ("OL122", "has no link to a privacy"), ("OL144", "does not tell recipients")]


def _what(message: str) -> str:
    """What a template finding says is missing: the words after the template's path."""
    return message.split(".html ", 1)[1][:24]
