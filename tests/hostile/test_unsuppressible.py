"""Unsuppressible means unsuppressible: a pull request cannot hide a clearly unlawful practice.

The campaign identifies website visitors from Germany by name (OL171, ``suppressible: false``).
A hostile change tries every way the linter offers to silence a finding: an inline comment, a
baseline entry, a nested config (ignore, select, per-path ignore, severity), a per-path ignore
or a severity override in the root config. Only ``ignore`` in the root configuration (or the
command line) switches the rule off, and then SARIF and the review report say so.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..conftest import TODAY, run_cli

CAMPAIGN = """\
campaign: rb2b-slack-alerts
audience:
  type: b2b
  countries: [DE, AT]
  sources: [website_visitors]
tracking:
  visitor_identification:
    vendor: rb2b
{comment}    level: person{trailing}
    consent_required: false
processors:
  - {{name: Slack, role: processor, country: US, dpa: true, transfer: dpf, data: [email, name, visited_pages]}}
"""
LEVEL_LINE = 9


def _repo(tmp_path: Path, comment: str = "", trailing: str = "", sub: str = "") -> Path:
    (tmp_path / ".git").mkdir()
    folder = tmp_path / sub if sub else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "visitors.yaml"
    path.write_text(CAMPAIGN.format(comment=comment, trailing=trailing), encoding="utf-8")
    return path


def _check(tmp_path: Path, *args: str) -> tuple[int, dict, str]:
    import os

    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        code, out, err = run_cli("check", "--no-cache", "--today", TODAY, "--format", "json", *args)
    finally:
        os.chdir(cwd)
    assert code in (0, 1), err
    return code, json.loads(out), err


def _ol171(report: dict) -> list[tuple[int, str]]:
    return [(f["line"], f["severity"]) for f in report["findings"] if f["code"] == "OL171"]


@pytest.mark.parametrize(
    "comment, trailing",
    [
        ('    # outreach-lint: ignore[OL171] reason="legal approved, see LEGAL-9"\n', ""),
        ('    # outreach-lint: ignore[person-level-visitor-identification] reason="approved"\n', ""),
        ("", '  # outreach-lint: ignore[OL171] reason="approved" until=2099-01-01'),
        ('    # outreach-lint: ignore[OL170,OL171] reason="approved"\n', ""),
    ],
)
def test_an_inline_comment_does_not_hide_it(tmp_path: Path, comment: str, trailing: str) -> None:
    _repo(tmp_path, comment, trailing)
    code, report, _ = _check(tmp_path, "visitors.yaml")
    assert code == 1
    line = LEVEL_LINE + (1 if comment else 0)
    assert _ol171(report) == [(line, "error")]
    assert not [f for f in report["suppressed"] if f["code"] in ("OL170", "OL171")]
    refusals = [f["message"] for f in report["findings"] if f["code"] == "OL005"]
    assert any("OL171 cannot be suppressed inline" in m for m in refusals)


def test_a_baseline_entry_is_ignored_and_named(tmp_path: Path) -> None:
    _repo(tmp_path)
    baseline = tmp_path / "baseline.json"
    code, report, err = _check(tmp_path, "--write-baseline", str(baseline), "visitors.yaml")
    written = json.loads(baseline.read_text("utf-8"))
    assert not [e for e in written["entries"] if e["code"] == "OL171"]  # never recorded
    assert "cannot be baselined" in err
    # the hostile pull request adds the entry by hand
    written["entries"].append(
        {"file": "visitors.yaml", "code": "OL171", "rule": "person-level-visitor-identification", "path": "/tracking/visitor_identification/level", "count": 5}
    )
    baseline.write_text(json.dumps(written), encoding="utf-8")
    code, report, err = _check(tmp_path, "--baseline", str(baseline), "visitors.yaml")
    assert code == 1
    assert _ol171(report) == [(LEVEL_LINE, "error")]
    assert "entry visitors.yaml OL171 /tracking/visitor_identification/level (count 5) is ignored" in err
    # the findings of suppressible rules are hidden by the baseline as before (OL132, OL195 ...)
    remaining = {f["code"] for f in report["findings"]}
    assert remaining <= {"OL007", "OL131", "OL140", "OL170", "OL171"} and "OL170" in remaining  # OL007: could not check, never baselined


@pytest.mark.parametrize(
    "nested",
    [
        "ignore: [OL171]\n",
        "ignore: [person-level-visitor-identification, OL17]\n",
        "select: [OL191]\n",
        "per-path-ignores:\n  '*.yaml': [OL171]\n",
        "severity:\n  OL171: info\n",
        "ignore: [ALL]\n",
    ],
)
def test_a_nested_config_does_not_hide_or_lower_it(tmp_path: Path, nested: str) -> None:
    """Naming the rule in a nested file is a configuration error (exit 2, outreach_lint.layers);
    a prefix, ALL or select there leaves it on (the finding is reported). Either way it is not hidden."""
    import os

    _repo(tmp_path, sub="campaigns/q4")
    (tmp_path / "campaigns" / "q4" / ".outreach-lint.yaml").write_text(nested, encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        code, out, err = run_cli("check", "--no-cache", "--today", TODAY, "--format", "json", "campaigns")
    finally:
        os.chdir(cwd)
    if "OL171" in nested or "person-level" in nested:
        assert code == 2 and "OL171 person-level-visitor-identification cannot be suppressed" in err
    else:
        assert code == 1, err
        assert _ol171(json.loads(out)) == [(LEVEL_LINE, "error")]


@pytest.mark.parametrize(
    "root",
    [
        "per-path-ignores:\n  'campaigns/**': [OL171]\n",
        "per-path-ignores:\n  visitors.yaml: [ALL]\n",
        "severity:\n  OL171: warning\n",
        "severity:\n  person-level-visitor-identification: info\n",
    ],
)
def test_root_per_path_ignores_and_severity_overrides_do_not_hide_it(tmp_path: Path, root: str) -> None:
    _repo(tmp_path, sub="campaigns")
    (tmp_path / ".outreach-lint.yaml").write_text(root, encoding="utf-8")
    code, report, err = _check(tmp_path, "campaigns")
    assert code == 1
    assert _ol171(report) == [(LEVEL_LINE, "error")]
    if "ALL" not in root:
        assert "OL171" in err or "person-level-visitor-identification" in err  # the refused setting is named


def test_only_ignore_in_the_root_config_switches_it_off_and_sarif_and_reports_say_so(tmp_path: Path) -> None:
    import os

    _repo(tmp_path, sub="campaigns")
    (tmp_path / ".outreach-lint.yaml").write_text("ignore: [OL171]\n", encoding="utf-8")
    _, report, _ = _check(tmp_path, "campaigns")
    assert _ol171(report) == []
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        _, sarif_text, _ = run_cli("check", "--no-cache", "--today", TODAY, "--format", "sarif", "campaigns")
        for fmt in ("html", "markdown"):
            run_cli("report", "--today", TODAY, "--format", fmt, "-o", f"review.{fmt}", "campaigns/visitors.yaml")
    finally:
        os.chdir(cwd)
    [run] = json.loads(sarif_text)["runs"]
    assert {"ruleId": "OL171", "by": "ignore in the root configuration .outreach-lint.yaml"} in run["properties"]["unsuppressibleRulesSwitchedOff"]
    assert not [r for r in run["results"] if r["ruleId"] == "OL171"]
    html = (tmp_path / "review.html").read_text("utf-8")
    assert "Rules for clearly unlawful practices that were switched off" in html and "<b>OL171</b>" in html
    markdown = (tmp_path / "review.markdown").read_text("utf-8")
    assert "**OL171**: switched off by ignore in the root configuration .outreach-lint.yaml" in markdown


def test_the_command_line_is_recorded_too(tmp_path: Path) -> None:
    import os

    _repo(tmp_path)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        _, sarif_text, _ = run_cli("check", "--no-cache", "--today", TODAY, "--format", "sarif", "--ignore", "OL171", "visitors.yaml")
    finally:
        os.chdir(cwd)
    [run] = json.loads(sarif_text)["runs"]
    assert run["properties"]["unsuppressibleRulesSwitchedOff"] == [{"ruleId": "OL171", "by": "--ignore on the command line"}]


@pytest.mark.parametrize(
    "code", ["OL102", "OL106", "OL113", "OL115", "OL121", "OL131", "OL134", "OL140", "OL162", "OL163", "OL170", "OL171", "OL172", "OL196", "OL197", "OL200"]
)
def test_the_audited_rules_are_unsuppressible(code: str) -> None:
    exit_code, out, _ = run_cli("explain", code, "--format", "json")
    assert exit_code == 0
    assert json.loads(out)["suppressible"] is False


def test_the_report_does_not_call_a_pinned_rule_switched_off(tmp_path: Path) -> None:
    import os

    _repo(tmp_path, sub="campaigns/q4")
    (tmp_path / "campaigns" / "q4" / ".outreach-lint.yaml").write_text("ignore: [OL17, OL191]\n", encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        code, _, err = run_cli("report", "--today", TODAY, "-o", "review.html", "campaigns/q4/visitors.yaml")
    finally:
        os.chdir(cwd)
    assert code == 1, err
    html = (tmp_path / "review.html").read_text("utf-8")
    assert "<b>OL171</b>" in html  # the finding is in the report
    switched_off = html.split("Switched off: ", 1)[1].split("</p>", 1)[0]
    assert "OL191" in switched_off and "OL174" in switched_off  # suppressible rules the nested config ignores
    assert "OL170" not in switched_off and "OL171" not in switched_off and "OL172" not in switched_off


@pytest.mark.parametrize(
    ("campaign", "code"),
    [
        # the template the change "forgot" to commit: nothing in it can be checked
        (
            "campaign: c\nchannel: email\naudience: {type: b2c, countries: [DE], consent: {basis: consent}}\nsteps:\n"
            '  # outreach-lint: ignore[OL003] reason="template comes later"\n  - template: missing.html\n',
            "OL003",
        ),
        # a template that exists but cannot be decoded
        (
            "campaign: c\nchannel: email\naudience: {type: b2c, countries: [DE], consent: {basis: consent}}\nsteps:\n"
            '  # outreach-lint: ignore[OL008] reason="encoding is fine in the ESP"\n  - template: utf16.html\n',
            "OL008",
        ),
        # no countries and no channel: most rules cannot be scoped
        ('campaign: c\n# outreach-lint: ignore[OL007] reason="scope is obvious"\naudience: {type: b2c}\n', "OL007"),
    ],
)
def test_findings_that_say_something_could_not_be_checked_cannot_be_hidden_inline(tmp_path: Path, campaign: str, code: str) -> None:
    """Fail closed: 'could not check' is never silenced by the change under review (only the root config's ignore)."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "utf16.html").write_bytes("<p>Abmelden</p>".encode("utf-16-le") + b"\xff\xfe\x00")
    (tmp_path / "c.yaml").write_text(campaign, encoding="utf-8")
    _, report, _ = _check(tmp_path, "c.yaml")
    found = [f for f in report["findings"] if f["code"] == code]
    assert found and not any(f.get("suppressed") for f in found), report["findings"]
