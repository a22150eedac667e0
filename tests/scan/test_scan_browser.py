"""``outreach-lint scan`` in the system's Chromium against a local server (issue 16).

The pages in ``site/`` are served on 127.0.0.1; Chromium resolves the vendors' real host names
(RB2B's S3 path and CloudFront collector, a tag manager host) to that server with
``--map-host``. The scans run the CLI in a subprocess, as a CI job would. These tests skip only
when no Chromium is installed (CI installs it: .ci/run).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..conftest import ROOT, check_json
from .server import SITE, SiteServer, serving

CHROMIUM = os.environ.get("OUTREACH_LINT_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install chromium); CI installs it")

TIMEOUT = 5.0


@pytest.fixture(scope="module")
def server() -> Iterator[SiteServer]:
    with serving() as running:
        yield running


def scan(server: SiteServer, out: Path, *paths: str, extra: tuple[str, ...] = (), timeout: float = TIMEOUT) -> tuple[int, str, dict[str, Any]]:
    args = [
        sys.executable,
        "-m",
        "outreach_lint.cli",
        "scan",
        *(server.url(p) for p in paths),
        "-o",
        str(out),
        "--timeout",
        str(timeout),
        "--browser",
        str(CHROMIUM),
        *server.map_args(),
        *extra,
    ]
    done = subprocess.run(args, check=False, capture_output=True, text=True, timeout=240, cwd=ROOT)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, done.stderr, json.loads(out.read_text("utf-8"))


@pytest.fixture(scope="module")
def evidence(server: SiteServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, Path, dict[str, Any]]]:
    """One scan per page for the whole module (a scan takes a few seconds)."""
    folder = tmp_path_factory.mktemp("evidence")
    runs = {}
    for page in ("direct.html", "consent.html", "tag-manager.html", "consent-shadow.html"):
        out = folder / page.replace(".html", ".json")
        code, _err, document = scan(server, out, "/" + page)
        runs[page] = (code, out, document)
    return runs


def phase(document: dict[str, Any], name: str, page: int = 0) -> dict[str, Any]:
    return next(p for p in document["pages"][page]["phases"] if p["phase"] == name)


def vendors(document: dict[str, Any], name: str, page: int = 0) -> list[tuple[str, str, str]]:
    return [(v["vendor"], v["level"], v["host"]) for v in phase(document, name, page)["vendors"]]


RB2B = ("rb2b", "person", "s3-us-west-2.amazonaws.com")


def test_a_person_level_tag_loaded_directly_is_caught_on_arrival(evidence: dict[str, Any]) -> None:
    code, out, document = evidence["direct.html"]
    assert code == 0
    assert vendors(document, "arrival") == [RB2B]
    arrival = phase(document, "arrival")
    # what the tag did: its beacon to the collector, an identifier in storage, a cookie
    assert any(b.startswith("http://ddwl4m2hdecbv.cloudfront.net:") for b in arrival["beacons"])
    assert ("localStorage", "_reb2buid", "write") in [(s["area"], s["key"], s["how"]) for s in arrival["storage"]]
    assert "_reb2bgeo" in [c["name"] for c in arrival["cookies"]]
    assert all("value" not in c for c in arrival["cookies"])  # names and sizes only
    # no banner on the page: nothing to reject or accept
    assert [(p["phase"], p["status"]) for p in document["pages"][0]["phases"][1:]] == [("reject", "no_consent_tool"), ("accept", "no_consent_tool")]
    assert document["pages"][0]["consent_tool"] == ""
    assert document["browser"]["user_agent"].startswith("Mozilla/5.0") and "Headless" not in document["browser"]["user_agent"]
    shot = out.parent / arrival["screenshot"]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_same_tag_behind_the_consent_tool_loads_only_after_accept(evidence: dict[str, Any]) -> None:
    code, _out, document = evidence["consent.html"]
    assert code == 0
    page = document["pages"][0]
    assert page["consent_tool"] == "Cookiebot"
    assert vendors(document, "arrival") == []
    reject = phase(document, "reject")
    assert (reject["status"], reject["clicked"], vendors(document, "reject")) == ("recorded", "#CybotCookiebotDialogBodyButtonDecline", [])
    assert "CookieConsent" in [c["name"] for c in reject["cookies"]]  # the click really happened
    accept = phase(document, "accept")
    assert (accept["status"], accept["clicked"]) == ("recorded", "#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll")
    assert vendors(document, "accept") == [RB2B]
    assert page["problems"] == []


def test_a_banner_in_a_shadow_root_is_found_and_clicked(evidence: dict[str, Any]) -> None:
    _code, _out, document = evidence["consent-shadow.html"]
    assert document["pages"][0]["consent_tool"] == "Usercentrics"
    assert phase(document, "reject")["clicked"] == "[data-testid=uc-deny-all-button]"
    assert (vendors(document, "arrival"), vendors(document, "reject"), vendors(document, "accept")) == ([], [], [RB2B])
    assert ("localStorage", "uc_user_interaction") in [(s["area"], s["key"]) for s in phase(document, "reject")["storage"]]


def test_a_tag_injected_by_a_tag_manager_is_caught_with_the_loader_as_initiator(evidence: dict[str, Any], server: SiteServer) -> None:
    _code, _out, document = evidence["tag-manager.html"]
    found = phase(document, "arrival")["vendors"]
    assert [(v["vendor"], v["host"]) for v in found] == [("rb2b", "s3-us-west-2.amazonaws.com")]
    assert found[0]["initiator"] == server.url("/gtm.js?id=GTM-TEST01", host="tags.acme-analytics.test")


def test_the_evidence_file_validates_against_the_shipped_schema(evidence: dict[str, Any]) -> None:
    import jsonschema

    schema = json.loads((ROOT / "outreach_lint" / "schemas" / "evidence.json").read_text("utf-8"))
    for _code, _out, document in evidence.values():
        jsonschema.Draft202012Validator(schema).validate(document)
        assert document["outreach_lint_evidence"] == 1
        assert document["browser"]["version"][0].isdigit()
        assert "HeadlessChrome" not in document["browser"]["user_agent"]


def test_only_the_given_urls_and_same_site_links_are_visited(server: SiteServer, tmp_path: Path) -> None:
    before = len(server.seen)
    code, _err, document = scan(server, tmp_path / "crawl.json", "/direct.html", extra=("--max-pages", "5"))
    assert code == 0
    assert [p["url"] for p in document["pages"]] == [server.url("/direct.html"), server.url("/about.html")]
    hosts = {host.split(":")[0] for host, _path in server.seen[before:]}
    assert hosts <= {"www.acme-analytics.test", "s3-us-west-2.amazonaws.com", "ddwl4m2hdecbv.cloudfront.net"}


# -- the campaign judges the evidence as it judges the same tags in a site file -----------------

CAMPAIGN = """\
campaign: rb2b-site
audience: {{type: b2b, countries: [DE]}}
tracking:
  visitor_identification: {{vendor: rb2b, level: person, consent_required: true}}
  sites: [{site}]
"""


def judged(folder: Path, site: Path) -> list[tuple[str, int, str, str]]:
    campaign = folder / f"campaign-{site.stem}.yaml"
    campaign.write_text(CAMPAIGN.format(site=site.name), "utf-8")
    _code, report = check_json("--no-cache", str(campaign))
    return sorted((f["code"], f["line"], f["severity"], f["path"]) for f in report["findings"] if f["code"] in ("OL003", "OL170", "OL171"))


@pytest.mark.parametrize("page", ["direct.html", "consent.html"])
def test_a_campaign_judges_evidence_exactly_as_the_same_page_read_as_a_site_file(evidence: dict[str, Any], server: SiteServer, page: str) -> None:
    _code, out, _document = evidence[page]
    static = out.parent / f"static-{page}"
    static.write_text((SITE / page).read_text("utf-8").replace("{{PORT}}", str(server.server_port)), "utf-8")
    from_scan, from_file = judged(out.parent, out), judged(out.parent, static)
    assert from_scan == from_file
    if page == "direct.html":  # the tag fires before consent: OL170 fails the run
        assert ("OL170", 4, "error", "/tracking/visitor_identification/consent_required") in from_scan
    else:  # gated: OL170 passes, OL171's consent warning remains
        assert [f[0] for f in from_scan] == ["OL171"]


def test_the_finding_names_host_phase_and_initiator(evidence: dict[str, Any], server: SiteServer) -> None:
    _code, out, _document = evidence["tag-manager.html"]
    campaign = out.parent / "campaign-tm.yaml"
    campaign.write_text(CAMPAIGN.format(site=out.name), "utf-8")
    _exit, report = check_json("--no-cache", str(campaign))
    message = next(f["message"] for f in report["findings"] if f["code"] == "OL170")
    assert (
        "RB2B loading from s3-us-west-2.amazonaws.com on " + server.url("/tag-manager.html") + " in phase arrival (no consent given), "
        "started by " + server.url("/gtm.js?id=GTM-TEST01", host="tags.acme-analytics.test")
    ) in message


# -- bounded: pages that never settle, redirect forever or never finish loading ----------------


def test_hostile_pages_end_within_the_timeouts_with_problems_recorded(server: SiteServer, tmp_path: Path) -> None:
    started = time.monotonic()
    code, err, document = scan(server, tmp_path / "hostile.json", "/polling.html", "/loop", "/huge", "/busy.html", timeout=3)
    elapsed = time.monotonic() - started
    assert code == 1, err
    assert elapsed < 120  # four pages, each step bounded by 3 s
    kinds = [sorted({p["kind"] for p in page["problems"]}) for page in document["pages"]]
    assert kinds[0] == ["not_settled"]
    assert kinds[1] == ["redirect_loop"]
    assert "timeout" in kinds[2]
    assert "unresponsive" in kinds[3]  # a script that never returns: the page cannot be asked anything
    # and check turns the incomplete scan into a finding, not a pass
    campaign = tmp_path / "campaign.yaml"
    campaign.write_text(CAMPAIGN.format(site="hostile.json"), "utf-8")
    _exit, report = check_json("--no-cache", str(campaign))
    problems = [f["message"] for f in report["findings"] if f["code"] == "OL003"]
    assert len(problems) == 1 and problems[0].startswith("site file 'hostile.json' records an incomplete scan: " + server.url("/polling.html"))
