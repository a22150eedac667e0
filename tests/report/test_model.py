"""The view-model: verdict, grouping by law, source context, countries, processors, masking, coverage."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace
from pathlib import Path

import pytest

from outreach_lint.findings import Citation, FileResult, Finding, Report, Severity
from outreach_lint.report.build import build_view
from outreach_lint.report.grouping import FILE_GROUP
from outreach_lint.report.model import ReportView

from . import scenario

NOW = dt.datetime(2026, 11, 23, 8, 30, tzinfo=dt.UTC)


def view_of(report: Report, fail_on: Severity = Severity.ERROR) -> ReportView:
    return build_view(report, scenario.catalogue(), tool_version="9.9", generated_at=NOW, fail_on=fail_on, today=NOW.date())


@pytest.fixture(scope="module")
def view() -> ReportView:
    return view_of(scenario.report())


def test_verdict_is_blocked_with_plain_reasons(view: ReportView) -> None:
    v = view.verdict
    assert (v.ready, v.label, v.errors, v.warnings, v.infos, v.suppressed) == (False, "BLOCKED", 11, 4, 0, 1)
    assert v.headline == "Do not launch: 11 problems must be fixed first."
    assert "Personal data goes to a processor without a data processing agreement (×2)" in v.reasons
    assert "Website visitors are resolved to named people" in v.reasons
    # warnings do not block, so they are not reasons
    assert not any("retention" in r.lower() for r in v.reasons)


def test_verdict_ready_when_only_warnings_and_blocked_when_threshold_is_warning() -> None:
    full = scenario.report()
    only_warnings = Report((replace(full.results[0], findings=tuple(f for f in full.results[0].findings if f.severity < Severity.ERROR)),))
    ready = view_of(only_warnings).verdict
    assert (ready.ready, ready.label, ready.headline) == (True, "READY", "No blocking problems. 4 points to review before launch.")
    strict = view_of(only_warnings, fail_on=Severity.WARNING).verdict
    assert (strict.label, strict.headline) == ("BLOCKED", "Do not launch: 4 problems must be fixed first.")


def test_findings_grouped_by_law_then_article_errors_first(view: ReportView) -> None:
    groups = view.campaigns[0].groups
    assert [g.law for g in groups] == [scenario.GDPR, scenario.CANSPAM, scenario.EPRIVACY]
    gdpr = groups[0]
    assert gdpr.count == 9 and gdpr.worst == Severity.ERROR
    # error articles by article number, then the warning-only articles
    assert [a.article for a in gdpr.articles] == ["Art. 6(1)", "Art. 14(1)", "Art. 28(3)", "Art. 44", "Art. 5(1)(e)", "Art. 5(2)", "Art. 35(1)"]
    dpa = next(a for a in gdpr.articles if a.article == "Art. 28(3)")
    assert [(f.finding.code, f.finding.line) for f in dpa.findings] == [("OL191", 49), ("OL191", 56)]


def test_finding_without_citation_goes_to_the_file_group_last() -> None:
    file = str(scenario.CAMPAIGN)
    engine = Finding(file, 9, 1, "OL002", "unknown-field", Severity.ERROR, "unknown field 'audiance'")
    report = Report((FileResult(file, scenario.findings(file) + (engine,)),))
    groups = view_of(report).campaigns[0].groups
    assert groups[-1].law == FILE_GROUP
    assert [v.finding.code for a in groups[-1].articles for v in a.findings] == ["OL002"]


def test_source_context_shows_the_flagged_line_and_two_either_side(view: ReportView) -> None:
    dpa = next(a for a in view.campaigns[0].groups[0].articles if a.article == "Art. 28(3)")
    slack = dpa.findings[1]
    assert [(s.number, s.text, s.hit) for s in slack.context] == [
        (54, "    role: processor", False),
        (55, "    country: US", False),
        (56, "    dpa: false", True),
        (57, "    transfer: none", False),
        (58, "    data: [name, email, linkedin_url, visited_pages]", False),
    ]


def test_countries_are_coloured_by_the_findings_whose_rule_applies_there(view: ReportView) -> None:
    cells = {c.code: c for c in view.campaigns[0].glance.countries}  # type: ignore[union-attr]
    # 7 findings of rules that apply everywhere; US adds OL143 (US only); DE adds 3 EUROPE + 2 EEA/GB findings
    # and the 2 OL191 findings (processor contracts apply where GDPR, UK GDPR or the FADP does, legal-notes §0.1)
    assert (cells["US"].findings, cells["US"].errors, cells["US"].in_eea, cells["US"].name) == (8, 5, False, "United States")
    assert (cells["DE"].findings, cells["DE"].errors, cells["DE"].in_eea, cells["DE"].level) == (14, 10, True, "many")
    assert (cells["GB"].findings, cells["GB"].in_eea) == (14, False)
    assert cells["US"].codes == ("OL122", "OL123", "OL130", "OL143", "OL171", "OL194", "OL195")


def test_processors_outside_the_eea_without_contract_are_marked(view: ReportView) -> None:
    glance = view.campaigns[0].glance
    assert glance is not None
    slack = glance.processors[1]
    assert (slack.name, slack.kind, slack.country_name, slack.leaves_eea) == ("Slack", "chat", "United States", True)
    assert slack.problems == ("no data processing agreement", "leaves the EEA with no transfer safeguard")
    assert slack.codes == ("OL191", "OL192")
    assert glance.processors[2].problems == ()
    assert [v.name for v in glance.vendors] == ["RB2B"]
    assert (glance.vendors[0].level, glance.vendors[0].consent_gated, glance.vendors[0].declared) == ("person", False, True)


def test_headlines_say_the_problem_in_plain_words(view: ReportView) -> None:
    glance = view.campaigns[0].glance
    assert glance is not None
    assert [(h.text, h.risk) for h in glance.headlines] == [
        ("Identifies website visitors by name with RB2B (person-level tracking) — without asking them first.", True),
        (
            "Sends name, e-mail, LinkedIn profile, pages visited, IP address to RB2B in the United States — "
            "no data processing agreement; leaves the EEA with no transfer safeguard.",
            True,
        ),
        (
            "Sends name, e-mail, LinkedIn profile, pages visited to Slack (chat tool) in the United States — "
            "no data processing agreement; leaves the EEA with no transfer safeguard.",
            True,
        ),
        ("Sends 4 messages by e-mail to people from identified website visitors, data enrichment; legal basis: legitimate interest (no consent asked).", False),
    ]


def test_transfers_are_not_flagged_for_a_campaign_outside_europe(tmp_path: Path) -> None:
    campaign = tmp_path / "us.yaml"
    campaign.write_text("campaign: us-only\naudience: {countries: [US]}\nprocessors:\n  - {name: Slack, country: US, dpa: true, data: [email]}\n")
    view = view_of(Report((FileResult(str(campaign)),)))
    slack = view.campaigns[0].glance.processors[0]  # type: ignore[union-attr]
    assert (slack.leaves_eea, slack.problems) == (False, ())
    assert view.verdict.label == "READY"


def test_suppressions_carry_reason_and_expiry(view: ReportView) -> None:
    [s] = view.campaigns[0].suppressions
    assert (s.finding.code, s.finding.line, s.reason, s.until) == ("OL141", 20, "address is in the template footer", "2027-03-31")


def test_contact_addresses_are_masked_even_if_a_finding_leaks_one(tmp_path: Path) -> None:
    file = str(scenario.CAMPAIGN)
    leak = Finding(
        file,
        15,
        3,
        "OL123",
        "contacts-country-undeclared",
        Severity.WARNING,
        "row 2 (jane.doe@example.com) is in AT; sender sdr@acme.example",
        "/audience/contacts",
    )
    view = view_of(Report((FileResult(file, (leak,)),)))
    [message] = [v.message for g in view.campaigns[0].groups for a in g.articles for v in a.findings]
    # the contact is masked; the sender's own address, stated in the campaign file, is not
    assert message == "row 2 (j***@example.com) is in AT; sender sdr@acme.example"


def test_missing_facts_and_unscoped_rules_are_listed_as_not_checked(view: ReportView, tmp_path: Path) -> None:
    coverage = view.campaigns[0].coverage
    assert coverage.missing_facts == ("OL195: The campaign does not say `retention_days`, which this check needs: keep prospect data no longer than needed.",)
    campaign = tmp_path / "c.yaml"
    campaign.write_text("campaign: nowhere\nchannel: email\n")
    bare = view_of(Report((FileResult(str(campaign)),))).campaigns[0].coverage
    assert (
        "OL101",
        "Marketing e-mail, SMS and messages to consumers in Europe need prior consent",
        "where the recipients are (audience.countries)",
    ) in bare.unscoped
    assert "OL140" in bare.applied  # a rule for every country still applies


def test_inputs_are_the_campaign_and_each_referenced_file_once_with_sha256(view: ReportView) -> None:
    inputs = view.campaigns[0].inputs
    assert [(i.kind, i.path.name) for i in inputs] == [
        ("campaign", "campaign.yaml"),
        ("template", "cold-visitor.html"),
        ("contacts", "contacts.csv"),
        ("site", "index.html"),
    ]
    for item in inputs:
        assert item.sha256 == hashlib.sha256(item.path.read_bytes()).hexdigest()


def test_a_missing_referenced_file_is_recorded_without_hash(tmp_path: Path) -> None:
    campaign = tmp_path / "c.yaml"
    campaign.write_text("campaign: c\nsteps:\n  - template: gone.html\n")
    [_, gone] = view_of(Report((FileResult(str(campaign)),))).campaigns[0].inputs
    assert (gone.kind, gone.path, gone.sha256, gone.problem) == ("template", tmp_path / "gone.html", "", "does not exist")


def test_citation_order_decides_the_group() -> None:
    file = str(scenario.CAMPAIGN)
    two = Finding(
        file, 49, 5, "OL191", "processor-dpa-missing", Severity.ERROR, "m", "/processors/0/dpa", "", (Citation("Law B", "Art. 1"), Citation("Law A", "Art. 2"))
    )
    groups = view_of(Report((FileResult(file, (two,)),))).campaigns[0].groups
    assert [(g.law, g.count) for g in groups] == [("Law B", 1)]


def test_engine_document_facts_are_used_for_vendors_found_on_sites(tmp_path: Path) -> None:
    """When the engine keeps the evaluation document, vendors found by the site reader are shown."""
    campaign = tmp_path / "c.yaml"
    campaign.write_text("campaign: c\naudience: {countries: [DE]}\ntracking: {sites: [site/index.html]}\n")
    document = {
        "campaign": "c",
        "audience": {"countries": ["DE"]},
        "tracking": {"sites": ["site/index.html"]},
        "facts": {
            "countries": ["DE"],
            "channels": [],
            "vendor_hits": [
                {"vendor": "rb2b", "name": "RB2B", "level": "person", "ungated": True, "file": "site/index.html"},
                {"vendor": "leadfeeder", "name": "Leadfeeder", "level": "company", "ungated": False, "file": "site/index.html"},
            ],
        },
    }
    view = view_of(Report((FileResult(str(campaign), facts={"document": document}),)))
    glance = view.campaigns[0].glance
    assert glance is not None
    assert [(v.name, v.level, v.declared, v.found_in, v.consent_gated) for v in glance.vendors] == [
        ("RB2B", "person", False, ("site/index.html",), False),
        ("Leadfeeder", "company", False, ("site/index.html",), None),
    ]
    assert [h.text for h in glance.headlines if h.risk] == [
        "Identifies website visitors by name with RB2B (person-level tracking) — without asking them first.",
        "RB2B was found in site/index.html but the campaign does not declare it.",
        "Leadfeeder was found in site/index.html but the campaign does not declare it.",
    ]


def test_an_engine_crash_means_no_rule_judged_the_campaign(tmp_path: Path) -> None:
    campaign = tmp_path / "c.yaml"
    campaign.write_text("campaign: c\nchannel: email\naudience: {countries: [DE]}\n")
    crash = Finding(str(campaign), 1, 1, "OL000", "internal-error", Severity.ERROR, "internal error while checking this file (KeyError: 'x')")
    coverage = view_of(Report((FileResult(str(campaign), (crash,)),))).campaigns[0].coverage
    assert coverage.applied == ()
    assert coverage.unreadable[-1] == "No rule could judge this campaign: outreach-lint failed while checking it (OL000)."
    one_rule = Finding(
        str(campaign), 1, 1, "OL000", "internal-error", Severity.ERROR, "internal error in rule OL191 processor-dpa-missing (KeyError: 'x'); please report it"
    )
    coverage = view_of(Report((FileResult(str(campaign), (one_rule,)),))).campaigns[0].coverage
    assert "OL191" not in coverage.applied and "OL101" in coverage.applied
    assert (
        "OL191",
        "Personal data goes to a processor without a data processing agreement",
        "a working rule: it failed on this campaign (see OL000)",
    ) in coverage.unscoped
