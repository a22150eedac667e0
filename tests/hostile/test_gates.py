"""A hostile pull request makes the gate check nothing: a mistyped selector, paths that match no
campaign, a baseline that swallows a broken file. Gates say what they checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .pr import SLACK, lint, where, write

#: SLACK with EEA recipients, so OL191 (GDPR Art. 28) applies: OL191 still on line 7.
SLACK_DE = SLACK + "audience: {countries: [DE]}\n"


@pytest.mark.parametrize(
    ("option", "value", "hint"),
    [
        ("--select", "0L191", "did you mean 'OL191'?"),
        ("--select", "OL101,processor-dpa-mising", "did you mean 'processor-dpa-missing'?"),
        ("--ignore", "OL999", ""),
        ("--ignore", "cold-email-need-consent", "did you mean 'cold-email-needs-consent'?"),
        ("--ignore", "OL9", ""),
    ],
)
def test_a_selector_that_names_no_rule_is_exit_2(tmp_path: Path, option: str, value: str, hint: str) -> None:
    write(tmp_path, {"c.yaml": SLACK})
    code, _, err = lint(option, value, str(tmp_path / "c.yaml"))
    assert code == 2
    bad = value.split(",")[-1]
    assert f"{option} {bad!r} is not a rule code, code prefix or rule name" in err
    assert hint in err


@pytest.mark.parametrize("value", ["OL1", "ol191", "processor-dpa-missing", "ALL"])
def test_codes_prefixes_and_names_are_still_accepted_near_miss(tmp_path: Path, value: str) -> None:
    write(tmp_path, {"c.yaml": SLACK_DE})
    code, findings, err = lint("--select", value, str(tmp_path / "c.yaml"))
    assert code == 1 and ("OL191", "c.yaml", 7) in where(findings), err


def test_a_config_selector_that_names_no_rule_gets_a_did_you_mean(tmp_path: Path) -> None:
    write(tmp_path, {".outreach-lint.yaml": "ignore:\n  - processor-dpa-mising\n", "c.yaml": SLACK})
    code, _, err = lint("--config", str(tmp_path / ".outreach-lint.yaml"), str(tmp_path / "c.yaml"))
    assert code == 2 and ":1: ignore: 'processor-dpa-mising' is not a rule code, prefix or name in the rule pack (did you mean 'processor-dpa-missing'?)" in err


NOT_CAMPAIGNS = {"ci/workflow.yaml": "on: push\njobs: {}\n", "data/countries.json": '{"DE": "Germany"}\n'}


def test_a_run_that_finds_no_campaign_says_so(tmp_path: Path) -> None:
    write(tmp_path, NOT_CAMPAIGNS)
    code, findings, err = lint(str(tmp_path))
    assert (code, findings) == (0, [])
    assert "no campaign among the 2 YAML/JSON files looked at: nothing was checked (--fail-if-empty makes this fail)" in err
    (tmp_path / "ci" / "workflow.yaml").unlink()
    (tmp_path / "data" / "countries.json").unlink()
    code, findings, err = lint(str(tmp_path))
    assert (code, findings) == (0, [])
    assert f"no YAML/JSON file found in {tmp_path}: nothing was checked" in err


@pytest.mark.parametrize("how", ["flag", "config", "pinned config"])
def test_fail_if_empty_makes_an_empty_run_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    write(tmp_path, NOT_CAMPAIGNS)
    monkeypatch.chdir(tmp_path)
    args = {"flag": ["--fail-if-empty"], "config": [], "pinned config": ["--config", "ci.yaml"]}[how]
    if how == "config":
        write(tmp_path, {".outreach-lint.yaml": "fail-if-empty: true\n"})
    if how == "pinned config":
        write(tmp_path, {"ci.yaml": "fail-if-empty: true\n"})
    code, findings, err = lint(*args, "ci", "data")
    assert (code, findings) == (1, [])
    assert "no campaign among the 2 YAML/JSON files looked at: nothing was checked; failing, as fail-if-empty asks" in err


def test_a_run_whose_every_file_is_excluded_says_so_and_fails_if_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {".outreach-lint.yaml": "exclude: [campaigns]\nfail-if-empty: true\n", "campaigns/c.yaml": SLACK})
    monkeypatch.chdir(tmp_path)
    code, findings, err = lint("campaigns")
    assert (code, findings) == (1, [])
    assert "every YAML/JSON file found (1) is excluded by the config: nothing was checked; failing, as fail-if-empty asks" in err


def test_fail_if_empty_passes_a_run_that_checked_a_clean_campaign_near_miss(tmp_path: Path) -> None:
    write(tmp_path, {"c.yaml": SLACK_DE.replace("dpa: false", "dpa: true"), **NOT_CAMPAIGNS})
    code, findings, err = lint("--fail-if-empty", "--select", "OL191", str(tmp_path))
    assert (code, findings) == (0, []) and "no campaign" not in err


def test_a_nested_config_cannot_turn_fail_if_empty_on_or_off_for_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {".outreach-lint.yaml": "fail-if-empty: true\n", "data/.outreach-lint.yaml": "fail-if-empty: false\n", **NOT_CAMPAIGNS})
    monkeypatch.chdir(tmp_path)
    code, _, _ = lint("data")
    assert code == 1


BROKEN = "campaign: visitor-alerts\nprocessors: [\n"


@pytest.mark.parametrize(
    ("root", "nested", "fails"),
    [
        ("fail-on: warning\n", "fail-on: error\n", True),  # the nested file cannot relax the threshold
        ("fail-on: error\n", "fail-on: warning\n", True),  # but can make it stricter
        ("fail-on: error\n", "ignore: [OL142]\n", False),
    ],
)
def test_a_nested_config_cannot_relax_fail_on_for_a_run_started_below_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, root: str, nested: str, fails: bool
) -> None:
    (tmp_path / ".git").mkdir()
    warning_only = "campaign: x\nchannel: email\naudience: {countries: [DE]}\nowner: me\nfoo: 1\n"  # one OL002 warning
    write(tmp_path, {".outreach-lint.yaml": root, "campaigns/.outreach-lint.yaml": nested, "campaigns/c.yaml": warning_only})
    monkeypatch.chdir(tmp_path / "campaigns")
    code, findings, _ = lint("--select", "OL002", "c.yaml")
    assert where(findings) == [("OL002", "c.yaml", 5)]
    assert code == (1 if fails else 0)


def test_the_baseline_never_hides_a_file_that_cannot_be_loaded(tmp_path: Path) -> None:
    write(tmp_path, {"c.yaml": BROKEN})
    baseline = tmp_path / "baseline.json"
    code, _, _ = lint("--write-baseline", str(baseline), str(tmp_path / "c.yaml"))
    assert code == 0 and json.loads(baseline.read_text())["entries"] == []
    code, findings, _ = lint("--baseline", str(baseline), str(tmp_path / "c.yaml"))
    assert code == 1 and [f["code"] for f in findings] == ["OL001"]


def test_a_hand_written_baseline_entry_for_ol001_hides_nothing(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "c.yaml": BROKEN,
            "baseline.json": json.dumps(
                {
                    "format": "outreach-lint-baseline",
                    "version": 1,
                    "entries": [{"file": "c.yaml", "code": "OL001", "rule": "invalid-campaign", "path": "", "count": 5}],
                }
            ),
        },
    )
    code, findings, _ = lint("--baseline", str(tmp_path / "baseline.json"), str(tmp_path / "c.yaml"))
    assert code == 1 and [f["code"] for f in findings] == ["OL001"]


def test_the_baseline_still_hides_ordinary_findings_near_miss(tmp_path: Path) -> None:
    write(tmp_path, {"c.yaml": SLACK_DE})
    baseline = tmp_path / "baseline.json"
    code, findings, _ = lint("--select", "OL191", str(tmp_path / "c.yaml"))
    assert (code, where(findings)) == (1, [("OL191", "c.yaml", 7)])  # there is something to hide
    lint("--write-baseline", str(baseline), "--select", "OL191", str(tmp_path / "c.yaml"))
    code, findings, _ = lint("--baseline", str(baseline), "--select", "OL191", str(tmp_path / "c.yaml"))
    assert (code, findings) == (0, [])
