"""GitHub annotations, GitLab code quality and --statistics."""

from __future__ import annotations

import json
from dataclasses import replace

from outreach_lint.findings import FileResult, Report
from outreach_lint.formats import github, gitlab
from outreach_lint.formats.statistics import render_statistics

from .sample import CONSENT, CONTEXT, REPORT, shifted


def test_github_annotations_one_per_reported_finding() -> None:
    lines = github.render(REPORT, CONTEXT).splitlines()
    assert len(lines) == 5  # the suppressed finding is not annotated
    assert lines[1] == (
        "::error file=campaigns/q4.yaml,line=9,col=5,title=OL101 cold-email-needs-consent::"
        "email marketing to consumers needs consent"
        "%0ALaw: Directive 2002/58/EC Art. 13(1) <https://eur-lex.europa.eu/eli/dir/2002/58/oj>"
        "%0AFix: Get opt-in consent."
    )
    assert lines[0] == "::warning file=campaigns/q4.yaml,line=3,col=1,title=OL002 unknown-field::unknown field 'chanel'%0AFix: Fix the spelling."


def test_github_escapes_data_and_properties() -> None:
    nasty = [line for line in github.render(REPORT, CONTEXT).splitlines() if line.startswith("::notice")]
    assert nasty == [
        "::notice file=odd dir/a%2Cb%3Ac%25.yaml,line=2,col=3,title=OL191 processor-dpa-missing::"
        # a line break or control character inside a finding's text is shown escaped (issue 14 item 9):
        # the annotation's own lines (Law, Fix) stay %0A-separated
        'line one\\x0d\\x0aline two, 100%25 <b>&"quoted"</b> \\x01 end'
    ]


def test_github_quiet_leaves_out_law_and_fix() -> None:
    first = github.render(REPORT, replace(CONTEXT, quiet=True)).splitlines()[1]
    assert first.endswith("::email marketing to consumers needs consent")


def test_gitlab_code_quality_fields() -> None:
    issues = json.loads(gitlab.render(REPORT, CONTEXT))
    assert len(issues) == 5
    consent = next(i for i in issues if i["check_name"].startswith("OL101"))
    assert consent["check_name"] == "OL101 cold-email-needs-consent"
    assert consent["description"] == "OL101 cold-email-needs-consent: email marketing to consumers needs consent"
    assert consent["severity"] == "critical"
    assert consent["location"] == {"path": "campaigns/q4.yaml", "lines": {"begin": 9}}
    assert sorted({i["severity"] for i in issues}) == ["critical", "info", "minor"]


def fingerprints(report: Report) -> dict[str, str]:
    return {f"{i['location']['path']} {i['description']}": i["fingerprint"] for i in json.loads(gitlab.render(report, CONTEXT))}


def test_gitlab_fingerprints_are_unique_and_stable_across_runs_and_line_shifts() -> None:
    first = fingerprints(REPORT)
    assert len(set(first.values())) == len(first) == 5
    assert fingerprints(REPORT) == first
    assert fingerprints(shifted(REPORT, 12)) == first


def test_gitlab_fingerprint_unaffected_by_a_new_finding_elsewhere() -> None:
    extra = FileResult("campaigns/new.yaml", (replace(CONSENT, file="campaigns/new.yaml"),))
    before = fingerprints(REPORT)
    after = fingerprints(Report(REPORT.results + (extra,)))
    assert {k: v for k, v in after.items() if not k.startswith("campaigns/new.yaml")} == before
    assert after["campaigns/new.yaml OL101 cold-email-needs-consent: email marketing to consumers needs consent"] not in before.values()


def test_gitlab_fingerprint_differs_for_the_same_rule_at_another_pointer() -> None:
    a = replace(CONSENT, path="/steps/0/subject")
    b = replace(CONSENT, path="/steps/1/subject", message="other")
    prints = fingerprints(Report((FileResult(CONSENT.file, (a, b)),)))
    assert len(set(prints.values())) == 2


def test_statistics_counts_per_rule_most_frequent_first() -> None:
    assert render_statistics(REPORT) == (
        "3  OL191  processor-dpa-missing     error\n1  OL002  unknown-field             warning\n1  OL101  cold-email-needs-consent  error\n"
    )
    assert render_statistics(Report(())) == ""
