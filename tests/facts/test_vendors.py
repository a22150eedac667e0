from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from outreach_lint.facts.vendors import Catalogue, catalogue_from_tables, vendor_from_row
from outreach_lint.rulepack import load_pack


def load_catalogue() -> Catalogue:
    return load_pack().vendors


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.mark.parametrize(
    "url, vendor",
    [
        ("https://s3-us-west-2.amazonaws.com/b2bjsstore/b/KEY123/reb2b.js.gz", "rb2b"),
        ("https://ddwl4m2hdecbv.cloudfront.net/b/KEY/reb2b.js.gz", "rb2b"),
        ("https://sc.lfeeder.com/lftracker_v1_abc.js", "leadfeeder"),
        ("//sc.lfeeder.com/lftracker_v1_abc.js", "leadfeeder"),
        ("sc.lfeeder.com/lftracker_v1_abc.js", "leadfeeder"),
        ("HTTPS://SC.LFEEDER.COM.:443/x.js", "leadfeeder"),
        ("https://cdn.vector.co/pixel.js", "vector"),
        ("https://tag.clearbitscripts.com/v1/pk_x/tags.js", "clearbit"),
        ("https://serve.albacross.com/track.js", "albacross"),
        ("https://opps-widget.getwarmly.com/warmly.js?clientId=x", "warmly"),
        ("https://cdn.getkoala.com/v1/pk_x/sdk.js", "koala"),
        ("https://snid.snitcher.com/8000000.js", "snitcher"),
        ("https://secure.leadforensics.com/js/123.js", "leadforensics"),
        ("https://www.trackercloud.net/js/123.js", "leadforensics"),
        ("https://t.visitorqueue.com/p/tracking.min.js?id=1", "visitorqueue"),
        ("https://ws.zoominfo.com/pixel/x", "zoominfo"),
        ("https://j.6sc.co/6si.min.js", "6sense"),
        ("https://assets.apollo.io/micro/website-tracker/tracker.iife.js?nocache=1", "apollo"),
        ("https://cdn.leadinfo.net/ping.js", "leadinfo"),
        ("https://js.hs-scripts.com/123.js", "hubspot"),
    ],
)
def test_match_url(catalogue, url: str, vendor: str) -> None:
    found = catalogue.match_url(url)
    assert found is not None and found.id == vendor


@pytest.mark.parametrize(
    "url",
    [
        "https://cdn.vector.com/x.js",  # automotive software company, not Vector
        "https://vector.co/about",  # exact host only
        "https://s3-us-west-2.amazonaws.com/other-bucket/x.js",
        "https://s3-us-west-2.amazonaws.com/",
        "https://notleadfeeder.example/tracker.js",
        "https://lfeeder.com.example.org/x.js",
        "https://www.example.com/b2bjsstore/readme",
        "https://assets.apollo.io/other/app.js",
        "/js/local.js",
        "",
        "javascript:void(0)",
        "data:text/javascript,1",
        "{{ script_url }}",
        "https://",
    ],
)
def test_no_match(catalogue, url: str) -> None:
    assert catalogue.match_url(url) is None


@pytest.mark.parametrize(
    "name, vendor",
    [
        ("rb2b", "rb2b"),
        ("RB2B", "rb2b"),
        ("Leadfeeder", "leadfeeder"),
        ("dealfront", "leadfeeder"),
        ("Lead Forensics", "leadforensics"),
        ("lead-forensics", "leadforensics"),
        ("ZoomInfo", "zoominfo"),
        ("Customers.ai", "customersai"),
        ("6sense", "6sense"),
        ("HubSpot", "hubspot"),
    ],
)
def test_get_by_id_or_alias(catalogue, name: str, vendor: str) -> None:
    assert catalogue.get(name).id == vendor


def test_get_unknown(catalogue) -> None:
    assert catalogue.get("Acme Visitor Magic") is None


def test_levels_and_hubspot_is_general_analytics(catalogue) -> None:
    assert {v.id for v in catalogue.vendors if v.level == "person"} == {
        "rb2b",
        "warmly",
        "koala",
        "vector",
        "customersai",
        "retention",
        "instantly",
        "canddi",
        "opensend",
        "commonroom",
    }
    assert [v.id for v in catalogue.vendors if v.general_analytics] == ["hubspot"]


def test_match_global(catalogue) -> None:
    js = "window.ldfdr = window.ldfdr || {}; reb2b.load('K'); var myreb2b = 1; initApolloX();"
    assert sorted(v.id for v in catalogue.match_global(js)) == ["leadfeeder", "rb2b"]
    assert catalogue.match_global("var ko = window.ko; var vector = {};") == []


def test_every_vendor_has_evidence_and_unique_hosts(catalogue) -> None:
    seen: dict[str, str] = {}
    for vendor in catalogue.vendors:
        assert vendor.evidence, vendor.id
        for host in vendor.hosts + vendor.host_suffixes:
            assert host not in seen, (host, vendor.id, seen.get(host))
            seen[host] = vendor.id


def test_bad_catalogue_is_a_clear_error() -> None:
    row = yaml.safe_load("{name: X, level: household}")
    with pytest.raises(ValueError, match="level must be one of company, person"):
        vendor_from_row("x", row)
    with pytest.raises(ValueError, match="needs a name"):
        vendor_from_row("x", ["not", "a", "mapping"])
    assert catalogue_from_tables({}).vendors == ()


def test_catalogue_is_also_a_rule_data_table() -> None:
    """vendors.yaml sits in rules/data, so the rule pack loads it as tables rules can use."""
    from outreach_lint.rulepack import load_pack

    pack = load_pack(use_cache=False)
    assert pack.tables["vendors"]["rb2b"]["level"] == "person"
    assert pack.tables["consent_managers"]["cookiebot"]["name"] == "Cookiebot"


def test_every_vendor_has_a_host_a_level_and_a_source() -> None:
    """Issue 15 item 7: at least 30 vendors the scan can find, each with a host, a level and a source."""
    catalogue = load_catalogue()
    findable = [v for v in catalogue.vendors if not v.declared_only]
    assert len(findable) >= 30
    for vendor in catalogue.vendors:
        assert vendor.level in ("person", "company"), vendor.id
        assert vendor.source.strip(), f"{vendor.id} has no source"
    for vendor in findable:
        assert vendor.hosts or vendor.host_suffixes or vendor.paths, f"{vendor.id} has no loader host"
    # the ones without a known host say so in the data, and are few
    assert sorted(v.id for v in catalogue.vendors if v.declared_only) == ["customersai", "retention"]


@pytest.mark.parametrize(
    "url, vendor",
    [
        ("https://r2.leadsy.ai/tag.js", "instantly"),
        ("https://app.factors.ai/assets/factors.js", "factors"),
        ("https://cdn.aggle.net/oir/oir.min.js", "opensend"),
        ("https://cdn.cr-relay.com/v1/site/0000/signals.js", "commonroom"),
        ("https://cdn.dreamdata.cloud/scripts/analytics/v1/dreamdata.min.js", "dreamdata"),
    ],
)
def test_new_catalogue_hosts(url: str, vendor: str) -> None:
    found = load_catalogue().match_url(url)
    assert found is not None and found.id == vendor


def test_vendors_page_is_generated_from_the_catalogue() -> None:
    from outreach_lint.docsgen import vendors_page

    page = vendors_page()
    root = Path(__file__).resolve().parents[2]
    assert (root / "docs" / "vendors.md").read_text("utf-8") == page, "run: python -m outreach_lint.docsgen"
    for vendor in load_catalogue().vendors:
        assert f"| {vendor.name}" in page
