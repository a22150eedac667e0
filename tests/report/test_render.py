"""HTML and Markdown rendering: self-contained, escaped, with verdict, law links, hashes and manifest."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import pytest

from outreach_lint.findings import FileResult, Finding, Report, Severity
from outreach_lint.report.build import build_view
from outreach_lint.report.manifest import NotAReport, extract
from outreach_lint.report.render import render
from outreach_lint.report.signoff import SignOffError, parse_sign_off

from . import scenario

NOW = dt.datetime(2026, 11, 23, 8, 30, tzinfo=dt.UTC)


def html_of(report: Report, sign_off: str | None = None, fmt: str = "html", report_dir: Path | None = None) -> str:
    signed = parse_sign_off(sign_off, NOW) if sign_off else None
    view = build_view(report, scenario.catalogue(), tool_version="9.9", generated_at=NOW, sign_off=signed, today=NOW.date())
    return render(view, fmt, report_dir)


@pytest.fixture(scope="module")
def page() -> str:
    return html_of(scenario.report(), "Jane Roe, Data Protection Officer")


REMOTE_LOAD = re.compile(
    r"""(?:\bsrc\s*=\s*["']?\s*(?:https?:)?//)|(?:@import)|(?:url\(\s*["']?\s*(?:https?:)?//)|(?:<link\b)|(?:<iframe\b)|(?:<img\b)|(?:<script\b(?![^>]*type="application/json"))""",
    re.I,
)


def test_page_loads_nothing_from_the_network(page: str) -> None:
    assert REMOTE_LOAD.search(page) is None
    # the only absolute URLs are links to the law a reader may follow
    for match in re.finditer(r"https?://[^\s\"'<>)]+", page):
        before = page[max(0, match.start() - 6) : match.start()]
        assert before.endswith('href="'), f"URL outside a link: {match.group(0)}"
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_the_remote_load_check_itself_catches_loads() -> None:
    for bad in (
        '<img src="https://x.example/a.png">',
        "<style>@import 'https://f.example/a.css';</style>",
        '<div style="background:url(https://x.example/b.png)">',
        '<script src="//cdn.example/x.js"></script>',
        '<link rel="stylesheet" href="https://fonts.example/css">',
    ):
        assert REMOTE_LOAD.search(bad), bad
    assert REMOTE_LOAD.search('<script type="application/json" id="m">{}</script>') is None


def test_page_has_verdict_vendor_and_chat_tool_in_the_first_screen(page: str) -> None:
    banner = page[: page.index("</header>")]  # seen without scrolling, even on a laptop screen
    assert '<li class="risk">Identifies website visitors by name with RB2B (person-level tracking)' in banner
    assert "to Slack (chat tool) in the United States — no data processing agreement" in banner
    assert "The rules it breaks (details below):" in banner
    assert "<b>Signed off by Jane Roe, Data Protection Officer, 2026-11-23 08:30 UTC</b>" in banner
    top = page[: page.index("Facts at a glance")]
    assert '<header class="banner blocked" role="status"><div class="verdict">BLOCKED' in top
    assert "Do not launch: 11 problems must be fixed first." in top
    assert "Identifies website visitors by name with RB2B (person-level tracking) — without asking them first." in top
    assert "to Slack (chat tool) in the United States — no data processing agreement; leaves the EEA with no transfer safeguard." in top
    assert "OUTSIDE THE EEA" in top and "✗ no data processing agreement" in top


def test_findings_link_to_the_law_and_show_the_fix(page: str) -> None:
    assert '<h4><a href="https://eur-lex.europa.eu/eli/reg/2016/679/oj" rel="noreferrer noopener">Art. 28(3)</a></h4>' in page
    assert "<b>How to fix:</b> How to fix OL191: see outreach-lint explain OL191." in page
    assert '<span class="hit"><span class="n">56</span>    dpa: false</span>' in page


def test_suppressions_signoff_and_hashes_are_shown(page: str) -> None:
    assert "<td>address is in the template footer</td><td>2027-03-31</td>" in page
    assert "Reviewed by <b>Jane Roe</b>, Data Protection Officer, on <b>2026-11-23 08:30 UTC</b>." in page
    template = scenario.FIXTURE / "templates" / "cold-visitor.html"
    assert hashlib.sha256(template.read_bytes()).hexdigest() in page
    assert "rule pack <code>test-pack-1</code>" in page


def test_everything_from_the_campaign_is_escaped(tmp_path: Path) -> None:
    campaign = tmp_path / "x.yaml"
    campaign.write_text('campaign: "</script><script>alert(1)</script>"\ndescription: "<img src=x onerror=alert(2)>"\n')
    finding = Finding(str(campaign), 2, 1, "OL002", "unknown-field", Severity.WARNING, "<b>bold</b> & co")
    page = html_of(Report((FileResult(str(campaign), (finding,)),)))
    assert "<script>alert(1)" not in page and "<img src=x" not in page and "<b>bold</b>" not in page
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in page
    manifest = extract(page)  # the manifest survived a name that tries to close its script element
    assert manifest["inputs"][0]["campaign"].endswith("x.yaml")


def test_manifest_records_inputs_verdict_and_sign_off(page: str) -> None:
    manifest = extract(page)
    assert manifest["format"] == "outreach-lint-report" and manifest["verdict"] == "blocked"
    assert manifest["sign_off"] == {"name": "Jane Roe", "role": "Data Protection Officer", "at": "2026-11-23T08:30:00Z"}
    assert manifest["summary"] == {"errors": 11, "warnings": 4, "infos": 0, "suppressed": 1}
    assert [i["kind"] for i in manifest["inputs"]] == ["campaign", "template", "contacts", "site"]
    assert manifest["paths_relative_to"] == "cwd"


def test_manifest_paths_are_relative_to_the_report_folder(tmp_path: Path) -> None:
    manifest = extract(html_of(scenario.report(), report_dir=scenario.FIXTURE / "out"))
    assert manifest["paths_relative_to"] == "report"
    assert [i["path"] for i in manifest["inputs"]] == [
        "../campaign.yaml",
        "../templates/cold-visitor.html",
        "../lists/contacts.csv",
        "../site/index.html",
    ]


def test_contact_addresses_never_reach_the_page(page: str) -> None:
    contacts = (scenario.FIXTURE / "lists" / "contacts.csv").read_text()
    for address in re.findall(r"[\w.]+@[\w.]+", contacts):
        assert address not in page
    assert "m***@example.org" in page


def test_markdown_has_the_same_verdict_findings_and_manifest() -> None:
    text = html_of(scenario.report(), "Jane Roe, DPO", fmt="markdown")
    assert text.startswith("# BLOCKED: pre-launch review of rb2b-visitor-followup\n\n**Do not launch: 11 problems must be fixed first.**")
    assert "- ✗ **Sends name, e-mail, LinkedIn profile, pages visited to Slack (chat tool) in the United States" in text
    assert "#### [Art. 28(3)](https://eur-lex.europa.eu/eli/reg/2016/679/oj)" in text
    assert "  >  56 |     dpa: false" in text
    assert extract(text)["sign_off"]["name"] == "Jane Roe"
    # hidden from every Markdown viewer: the manifest sits in an HTML comment at the end
    assert "<!-- outreach-lint manifest" in text and text.rstrip().endswith("</script>\n-->")


def test_not_a_report() -> None:
    with pytest.raises(NotAReport):
        extract("<html><body>hello</body></html>")
    with pytest.raises(NotAReport):
        extract('<script type="application/json" id="outreach-lint-manifest">{"format": "other", "inputs": []}</script>')


@pytest.mark.parametrize("value", ["Jane Roe", ", DPO", "Jane,", "Jane\nRoe, DPO"])
def test_sign_off_needs_name_and_role(value: str) -> None:
    with pytest.raises(SignOffError):
        parse_sign_off(value)


def test_sign_off_splits_at_the_first_comma_and_is_utc() -> None:
    signed = parse_sign_off("  Jane  Roe , Head of Privacy, EMEA ", dt.datetime(2026, 11, 23, 10, 0, 30, 123, tzinfo=dt.timezone(dt.timedelta(hours=2))))
    assert (signed.name, signed.role, signed.at_text) == ("Jane Roe", "Head of Privacy, EMEA", "2026-11-23 08:00 UTC")
    assert json.dumps(signed.at.isoformat()) == '"2026-11-23T08:00:30+00:00"'


def test_several_campaigns_get_one_overall_verdict_and_a_section_each(tmp_path: Path) -> None:
    ok = tmp_path / "ok.yaml"
    ok.write_text("campaign: fine-one\naudience: {countries: [US]}\n")
    file = str(scenario.CAMPAIGN)
    page = html_of(Report((FileResult(file, scenario.findings(file)), FileResult(str(ok)))))
    assert '<div class="verdict">BLOCKED' in page
    assert "1 of 2 campaigns blocked:" in page
    assert '<a href="#campaign-2">fine-one</a> <span class="chip ready">READY</span>' in page
    assert page.count('<section class="campaign" id="campaign-') == 2


def test_markdown_code_fence_outlasts_backticks_in_the_campaign(tmp_path: Path) -> None:
    campaign = tmp_path / "c.yaml"
    campaign.write_text('campaign: c\ndescription: "```` not a fence"\n')
    finding = Finding(str(campaign), 2, 1, "OL002", "unknown-field", Severity.WARNING, "m")
    text = html_of(Report((FileResult(str(campaign), (finding,)),)), fmt="markdown")
    assert '  `````yaml\n      1 | campaign: c\n  >   2 | description: "```` not a fence"\n  `````' in text


@pytest.mark.parametrize(
    "body",
    [
        "campaign: odd\nprocessors: Slack\nsteps: 5\naudience: [1, 2]\ntracking: {visitor_identification: rb2b}\n",
        "campaign: odd\nprocessors: [null, 3, {name: [x], country: 7, data: notalist, dpa: maybe}]\naudience: {countries: DE, sources: 5, consent: []}\n",
        "campaign: odd\nsteps: [null, {template: 5}, {template: ''}]\ntracking: {visitor_identification: {vendor: 5, level: [person]}, sites: [3, null]}\nretention_days: true\n",
        "- just a list\n",
        "campaign: [unclosed\n",
        "",
    ],
)
def test_odd_campaigns_render_without_crashing(tmp_path: Path, body: str) -> None:
    campaign = tmp_path / "odd.yaml"
    campaign.write_text(body)
    for fmt in ("html", "markdown"):
        text = html_of(Report((FileResult(str(campaign)),)), fmt=fmt)
        assert extract(text)["inputs"][0]["path"].endswith("odd.yaml")
