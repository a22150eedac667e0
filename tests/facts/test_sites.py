from __future__ import annotations

import json
from pathlib import Path

import pytest

from outreach_lint.facts.sites import SiteError, match_scripts, scan_site
from outreach_lint.facts.vendors import Catalogue
from outreach_lint.rulepack import load_pack

CATALOGUE = load_pack().vendors


def load_catalogue() -> Catalogue:
    return CATALOGUE


FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "sites"


def scan(name: str) -> dict:
    kind = "gtm" if name.endswith(".json") else "html"
    return scan_site((FIXTURES / name).read_text("utf-8"), kind, load_catalogue())


def brief(result: dict) -> list[tuple]:
    return [(h["vendor"], h["level"], h["line"], h["ungated"], h["evidence"]) for h in result["vendor_hits"]]


def test_rb2b_inline_loader_is_ungated() -> None:
    result = scan("rb2b-ungated.html")
    assert brief(result) == [("rb2b", "person", 14, True, "s3-us-west-2.amazonaws.com/b2bjsstore/b/")]
    assert (result["ungated"], result["consent_manager"]) == (True, "")


def test_cookiebot_text_plain_is_gated() -> None:
    result = scan("cookiebot-gated.html")
    assert brief(result) == [
        ("leadfeeder", "company", 11, False, "sc.lfeeder.com/lftracker_v1_"),
        ("vector", "person", 14, False, "cdn.vector.co/pixel.js"),
    ]
    assert (result["ungated"], result["consent_manager"]) == (False, "Cookiebot")


def test_cookiebot_automatic_blocking_is_not_taken_as_gating() -> None:
    """Whether auto-blocking knows a vendor cannot be seen in the page: the tag stays ungated (README says so)."""
    page = (
        '<script id="Cookiebot" src="https://consent.cookiebot.com/uc.js" data-cbid="x" data-blockingmode="auto"></script>\n'
        '<script src="https://ddwl4m2hdecbv.cloudfront.net/b2bjsstore/b/ABC/reb2b.js.gz"></script>\n'
    )
    result = scan_site(page, "html", load_catalogue())
    assert [(h["vendor"], h["line"], h["ungated"]) for h in result["vendor_hits"]] == [("rb2b", 2, True)]
    assert (result["ungated"], result["consent_manager"]) == (True, "Cookiebot")


def test_lookalike_hosts_trip_nothing() -> None:
    assert scan("lookalikes.html") == {"vendor_hits": [], "analytics_hits": [], "ungated": False, "consent_manager": ""}


def test_gtm_custom_html_leadfeeder_fires_on_all_pages() -> None:
    result = scan("gtm-leadfeeder.json")
    assert brief(result) == [("leadfeeder", "company", 33, True, "sc.lfeeder.com/lftracker_v1_")]
    assert result["vendor_hits"][0]["tag"] == "cHTML - Leadfeeder tracker"
    assert result["ungated"] is True


def test_gtm_consent_settings_and_consent_trigger_gate_tags() -> None:
    result = scan("gtm-gated.json")
    assert brief(result) == [
        ("leadfeeder", "company", 20, False, "sc.lfeeder.com/lftracker_v1_"),
        ("rb2b", "person", 33, False, "s3-us-west-2.amazonaws.com/b2bjsstore/b/"),
    ]
    assert (result["ungated"], result["consent_manager"]) == (False, "Cookiebot")


def page(body: str) -> dict:
    return scan_site(f"<html><head>\n{body}\n</head></html>", "html", load_catalogue())


@pytest.mark.parametrize(
    "tag",
    [
        '<script type="text/plain" data-cookieconsent="marketing" src="https://cdn.vector.co/pixel.js"></script>',
        '<script type="text/plain" class="optanon-category-C0004" src="https://cdn.vector.co/pixel.js"></script>',
        '<script type="text/plain" data-usercentrics="Vector" src="https://cdn.vector.co/pixel.js"></script>',
        '<script type="text/plain" data-category="marketing" src="https://cdn.vector.co/pixel.js"></script>',
        "<script>if (Cookiebot.consent.marketing) { var s=document.createElement('script'); s.src='https://cdn.vector.co/pixel.js'; }</script>",
        "<script>function OptanonWrapper(){ if (OnetrustActiveGroups.indexOf('C0004')>-1) load('https://cdn.vector.co/pixel.js'); }</script>",
    ],
)
def test_gated_forms(tag: str) -> None:
    result = page(tag)
    assert [(h["vendor"], h["ungated"]) for h in result["vendor_hits"]] == [("vector", False)]
    assert result["ungated"] is False


@pytest.mark.parametrize(
    "tag",
    [
        '<script src="https://cdn.vector.co/pixel.js"></script>',
        '<script type="text/javascript" async src="https://cdn.vector.co/pixel.js"></script>',
        '<script type="module" src="https://cdn.vector.co/pixel.js"></script>',
        '<script data-cookieconsent="ignore" src="https://cdn.vector.co/pixel.js"></script>',
        "<script>vector.load('x'); var s=document.createElement('script'); s.src='https://cdn.vector.co/pixel.js';</script>",
        '<noscript><img src="https://secure.leadforensics.com/123.png" style="display:none;"></noscript>',
        '<iframe src="https://ws.zoominfo.com/x" width="0" height="0"></iframe>',
    ],
)
def test_ungated_forms(tag: str) -> None:
    result = page(tag)
    assert len(result["vendor_hits"]) == 1 and result["vendor_hits"][0]["ungated"] is True
    assert result["ungated"] is True


def test_global_only_loader_is_reported_with_its_line() -> None:
    result = page("<script>\n  window.ldfdr = window.ldfdr || function(){};\n</script>")
    assert brief(result) == [("leadfeeder", "company", 3, True, "global ldfdr")]


def test_hubspot_is_analytics_not_visitor_id() -> None:
    result = page('<script src="https://js.hs-scripts.com/123.js"></script>')
    assert result["vendor_hits"] == []
    assert [h["vendor"] for h in result["analytics_hits"]] == ["hubspot"]
    assert result["ungated"] is False


def test_match_scripts() -> None:
    hits = match_scripts(
        ["https://cdn.vector.co/pixel.js", "https://js.hs-scripts.com/1.js", "https://example-cdn.example/tag.js", "https://cdn.vector.com/x.js"],
        load_catalogue(),
    )
    assert hits == [
        {
            "vendor": "vector",
            "name": "Vector",
            "level": "person",
            "evidence": "cdn.vector.co/pixel.js",
            "script": "https://cdn.vector.co/pixel.js",
            "ungated": False,
        }
    ]


def test_gtm_community_template_by_gallery_owner() -> None:
    export = {
        "containerVersion": {
            "tag": [
                {
                    "tagId": "5",
                    "name": "Leadfeeder",
                    "type": "cvt_20000002_11",
                    "firingTriggerId": ["2147479553"],
                    "parameter": [{"type": "TEMPLATE", "key": "trackerId", "value": "EXAMPLE"}],
                }
            ],
            "customTemplate": [
                {
                    "templateId": "11",
                    "name": "Leadfeeder Tracker",
                    "galleryReference": {"host": "github.com", "owner": "leadfeeder", "repository": "gtm-template"},
                }
            ],
        }
    }
    result = scan_site(json.dumps(export, indent=1), "gtm", load_catalogue())
    assert [(h["vendor"], h["ungated"], h["evidence"]) for h in result["vendor_hits"]] == [("leadfeeder", True, "GTM template cvt_20000002_11")]


def test_gtm_blocking_trigger_gates() -> None:
    export = {
        "containerVersion": {
            "tag": [
                {
                    "tagId": "5",
                    "name": "Vector",
                    "type": "html",
                    "firingTriggerId": ["2147479553"],
                    "blockingTriggerId": ["9"],
                    "parameter": [{"key": "html", "value": "<script src='https://cdn.vector.co/pixel.js'></script>"}],
                }
            ],
            "trigger": [{"triggerId": "9", "name": "Block - no marketing consent", "type": "CUSTOM_EVENT"}],
        }
    }
    assert scan_site(json.dumps(export), "gtm", load_catalogue())["ungated"] is False


@pytest.mark.parametrize(
    "text, message",
    [
        ("{not json", "is not valid JSON (line 1"),
        ("[1, 2]", "is not a Google Tag Manager container export"),
        ("[" * 100_000 + "]" * 100_000, "is not"),
    ],
)
def test_bad_gtm_exports(text: str, message: str) -> None:
    with pytest.raises(SiteError, match=message.replace("(", r"\(")):
        scan_site(text, "gtm", load_catalogue())


def test_hostile_html_is_linear() -> None:
    hostile = '<script src="https://cdn.vector.co/x.js" ' * 5000 + "<script>" + "https://a.example/" * 20000
    result = scan_site(hostile, "html", load_catalogue())
    assert isinstance(result["ungated"], bool)


@pytest.mark.parametrize(
    "hostile, kind",
    [
        ("'" * 200_000, "js"),
        ('"a' * 100_000, "js"),
        ("/*" * 100_000, "js"),
        ("`${" * 60_000, "jsx"),
        ("<Script type='text/plain' " * 20_000, "jsx"),
        ("x.innerHTML = '<img src=\"https://cdn.vector.co/a\">';\n" * 5_000, "js"),
    ],
)
def test_hostile_javascript_finishes(hostile: str, kind: str) -> None:
    """The lexer and the markup-in-strings pass are linear: unclosed strings and comments, many markup strings."""
    import time

    started = time.monotonic()
    result = scan_site(hostile, kind, load_catalogue())
    assert isinstance(result["ungated"], bool)
    assert time.monotonic() - started < 30
