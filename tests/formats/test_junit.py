"""JUnit XML: parsed back with an XML parser, one suite per campaign, one case per rule."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

from outreach_lint.findings import Severity
from outreach_lint.formats import junit

from .sample import CONTEXT, REPORT


def parse(context=CONTEXT) -> ET.Element:  # type: ignore[no-untyped-def]
    return ET.fromstring(junit.render(REPORT, context).encode("utf-8"))


def cases(suite: ET.Element) -> dict[str, ET.Element]:
    return {case.get("name", ""): case for case in suite.iter("testcase")}


def test_one_suite_per_campaign_file_and_none_for_skipped_files() -> None:
    root = parse()
    assert root.tag == "testsuites"
    names = [suite.get("name") for suite in root.iter("testsuite")]
    assert names == ["campaigns/q4.yaml", "campaigns/old.yaml", "campaigns/clean.yaml", "odd dir/a,b:c%.yaml"]
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == ("6", "2", "0", "1")


def test_every_rule_with_findings_is_a_case_failing_with_all_its_findings() -> None:
    q4 = parse().find("testsuite[@name='campaigns/q4.yaml']")
    assert q4 is not None
    by_name = cases(q4)
    assert sorted(by_name) == ["OL002 unknown-field", "OL101 cold-email-needs-consent", "OL191 processor-dpa-missing"]
    assert (q4.get("tests"), q4.get("failures"), q4.get("skipped")) == ("3", "2", "0")
    failure = by_name["OL191 processor-dpa-missing"].find("failure")
    assert failure is not None
    assert failure.get("message") == "2 findings; first: Slack receives personal data without a DPA"
    assert failure.get("type") == "OL191 error"
    body = failure.text or ""
    assert "campaigns/q4.yaml:14:7: error OL191 processor-dpa-missing Slack receives" in body
    assert "campaigns/q4.yaml:20:7: error OL191 processor-dpa-missing Wiki receives" in body
    assert "    law: Regulation (EU) 2016/679 (GDPR) Art. 28(3) <https://eur-lex.europa.eu/eli/reg/2016/679/oj>" in body
    assert "    fix: Sign a DPA." in body
    assert all(case.get("classname") == "campaigns/q4.yaml" for case in by_name.values())


def test_findings_below_the_fail_threshold_pass_with_output() -> None:
    q4 = parse().find("testsuite[@name='campaigns/q4.yaml']")
    assert q4 is not None
    typo = cases(q4)["OL002 unknown-field"]
    assert typo.find("failure") is None
    out = typo.find("system-out")
    assert out is not None and "warning OL002 unknown-field unknown field 'chanel'" in (out.text or "")


def test_fail_threshold_from_the_context() -> None:
    q4 = parse(replace(CONTEXT, fail_on=Severity.WARNING)).find("testsuite[@name='campaigns/q4.yaml']")
    assert q4 is not None and q4.get("failures") == "3"


def test_clean_file_is_one_passing_case_and_suppressed_rule_is_skipped() -> None:
    root = parse()
    clean = root.find("testsuite[@name='campaigns/clean.yaml']")
    assert clean is not None
    [case] = list(clean.iter("testcase"))
    assert case.get("name") == "no findings" and len(case) == 0
    old = root.find("testsuite[@name='campaigns/old.yaml']")
    assert old is not None
    skipped = old.find("testcase/skipped")
    assert skipped is not None and skipped.get("message") == "suppressed: DPA filed as DPO-77"


def test_escaping_keeps_the_document_well_formed() -> None:
    text = junit.render(REPORT, CONTEXT)
    assert "\x01" not in text and "\r" not in text
    odd = ET.fromstring(text.encode("utf-8")).find("testsuite[@name='odd dir/a,b:c%.yaml']")
    assert odd is not None
    out = odd.find("testcase/system-out")
    assert out is not None
    assert "line one\nline two" in (out.text or "")
    assert 'line two, 100% <b>&"quoted"</b> \ufffd end' in (out.text or "")


def test_internal_error_is_a_junit_error_not_a_failure() -> None:
    from outreach_lint.findings import FileResult, Finding, Report

    crash = Finding("c.yaml", 1, 1, "OL000", "internal-error", Severity.ERROR, "internal error while checking this file")
    root = ET.fromstring(junit.render(Report((FileResult("c.yaml", (crash,)),)), CONTEXT))
    assert (root.get("errors"), root.get("failures")) == ("1", "0")
    error = root.find("testsuite/testcase/error")
    assert error is not None and error.get("message") == "internal error while checking this file"


def _suites(*args: str) -> dict[str, ET.Element]:
    from ..conftest import ROOT, TODAY, run_cli

    code, out, err = run_cli("check", "--no-cache", "--format", "junit", "--today", TODAY, *args, str(ROOT / "examples"))
    assert code in (0, 1), err
    return {Path(suite.get("name", "")).name: suite for suite in ET.fromstring(out.encode("utf-8")).iter("testsuite")}


def test_each_rule_checked_on_a_campaign_is_a_case_passing_when_it_found_nothing() -> None:
    suites = _suites()
    us = suites["us-b2b-sequence.yaml"]
    names = sorted(cases(us))
    assert us.get("failures") == "0" and us.get("tests") == str(len(names))
    assert "OL130 unsubscribe-missing" in names and "OL141 postal-address-missing" in names  # CAN-SPAM applies
    assert "OL103 b2b-email-consent-required-country" not in names  # an EU-only rule never ran on a US-only campaign
    assert all(len(case) == 0 for case in cases(us).values())  # every case a plain pass
    refused = cases(suites["rb2b-slack-sequence.yaml"])
    assert refused["OL103 b2b-email-consent-required-country"].find("failure") is not None


def test_deselected_rules_are_not_cases() -> None:
    suites = _suites("--select", "OL130")
    for suite in suites.values():
        assert sorted(cases(suite)) == ["OL130 unsubscribe-missing"]
