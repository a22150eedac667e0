"""Config files through the command line: per-file configs, per-path ignores, severity, exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ..conftest import TODAY, run_cli
from .helpers import campaign, write


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(*args: str) -> tuple[int, dict[str, Any], str]:
    code, out, err = run_cli("check", "--format", "json", "--today", TODAY, "--no-cache", *args)
    return code, (json.loads(out) if out.strip() else {}), err


def located(report: dict[str, Any]) -> list[tuple[str, str, int, str]]:
    return [(f["file"], f["code"], f["line"], f["severity"]) for f in report["findings"]]


def test_per_path_ignores(repo: Path) -> None:
    write(repo / ".outreach-lint.yaml", 'select: [OL191]\nper-path-ignores:\n  "drafts/**": [processor-dpa-missing]\n')
    campaign(repo / "campaigns" / "live.yaml")
    campaign(repo / "drafts" / "eu" / "wip.yaml")
    code, report, _ = check(".")
    assert code == 1
    assert located(report) == [("campaigns/live.yaml", "OL191", 9, "error")]
    assert report["summary"]["files"] == 2


def test_severity_override_changes_findings_and_exit_code(repo: Path) -> None:
    write(repo / "pyproject.toml", '[tool.outreach-lint]\nselect = ["OL191"]\n\n[tool.outreach-lint.severity]\nOL191 = "warning"\n')
    campaign(repo / "c.yaml")
    code, report, _ = check("c.yaml")
    assert (code, located(report)) == (0, [("c.yaml", "OL191", 9, "warning")])


def test_fail_on_from_the_config_and_the_cli_wins(repo: Path) -> None:
    write(repo / ".outreach-lint.yaml", "select: [OL191]\nfail-on: warning\nseverity: {processor-dpa-missing: warning}\n")
    campaign(repo / "c.yaml")
    assert check("c.yaml")[0] == 1
    assert check("--fail-on", "error", "c.yaml")[0] == 0


def test_nearest_config_wins_per_file_in_one_run(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo / ".outreach-lint.yaml", "select: [OL191]\n")
    write(repo / "legacy" / ".outreach-lint.yaml", "select: [OL191]\nseverity: {OL191: info}\nfail-on: info\n")
    campaign(repo / "new.yaml")
    campaign(repo / "legacy" / "old.yaml")
    code, report, _ = check(".")
    assert located(report) == [("legacy/old.yaml", "OL191", 9, "info"), ("new.yaml", "OL191", 9, "error")]
    assert code == 1
    # fail-on is run-wide: it comes from the folder the linter runs in
    assert check("legacy/old.yaml")[0] == 0
    monkeypatch.chdir(repo / "legacy")
    code, report, _ = check("old.yaml")
    assert (code, located(report)) == (1, [("old.yaml", "OL191", 9, "info")])


def test_exclude_applies_to_named_files_and_include_to_folder_search(repo: Path) -> None:
    write(repo / ".outreach-lint.yaml", "select: [OL191]\nexclude: [archive]\ninclude: ['campaigns/**']\n")
    campaign(repo / "campaigns" / "a.yaml")
    campaign(repo / "campaigns" / "archive" / "b.yaml")
    campaign(repo / "elsewhere" / "c.yaml")
    code, report, err = check("-v", ".")
    assert [f[0] for f in located(report)] == ["campaigns/a.yaml"]
    assert "skipped (excluded by the config): campaigns/archive/b.yaml" in err
    _, report, _ = check("campaigns/archive/b.yaml", "elsewhere/c.yaml")
    assert [f[0] for f in located(report)] == ["elsewhere/c.yaml"]


def test_inline_suppressions_can_be_switched_off_in_the_config(repo: Path) -> None:
    write(
        repo / "c.yaml",
        "campaign: c\nchannel: email\naudience: {type: b2b, countries: [DE]}\nprocessors:\n"
        '  - name: Slack\n    role: processor\n    # outreach-lint: ignore[OL191] reason="DPA in review"\n    dpa: false\n    data: [email]\n',
    )
    write(repo / ".outreach-lint.yaml", "select: [OL191]\n")
    code, report, _ = check("c.yaml")
    assert (code, report["summary"]["suppressed"]) == (0, 1)
    write(repo / ".outreach-lint.yaml", "select: [OL191]\ninline-suppressions: false\n")
    code, report, _ = check("c.yaml")
    assert (code, located(report)) == (1, [("c.yaml", "OL191", 8, "error")])


def test_config_option_replaces_discovery(repo: Path) -> None:
    write(repo / ".outreach-lint.yaml", "select: [OL191]\n")
    write(repo / "ci" / "strict.yaml", "select: [OL191]\nseverity: {OL191: info}\nfail-on: info\n")
    campaign(repo / "c.yaml")
    code, report, _ = check("--config", "ci/strict.yaml", "c.yaml")
    assert (code, located(report)) == (1, [("c.yaml", "OL191", 9, "info")])


def test_rules_folder_from_the_config_is_relative_to_it(repo: Path) -> None:
    write(
        repo / "team" / "rules" / "X100.yaml",
        (
            "code: X100\nname: campaign-needs-owner\ntitle: A campaign names its owner\nseverity: warning\n"
            "citations: [{law: House rules, article: '1'}]\nrequire: {required: [owner]}\n"
            "message: the campaign names no owner\nfix: add owner\n"
        ),
    )
    write(repo / ".outreach-lint.yaml", "select: [X1, OL191]\nrules: [team/rules]\n")
    campaign(repo / "c.yaml")
    code, report, err = check("c.yaml")
    assert code == 1, err
    assert sorted(f[1] for f in located(report)) == ["OL191", "X100"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("select: [OL191]\nignore: [OL9]\n", ".outreach-lint.yaml:2: ignore: 'OL9' is not a rule code, prefix or name in the rule pack"),
        ("severity:\n  cold-email-needs-consnt: info\n", ".outreach-lint.yaml:2: severity: 'cold-email-needs-consnt' is not a rule code or name"),
        ("per-path-ignores:\n  drafts: [OL191]\n  old: [OL7777]\n", ".outreach-lint.yaml:3: per-path-ignores.old: 'OL7777'"),
        ("selet: [OL191]\n", ".outreach-lint.yaml:1: selet: unknown key (did you mean 'select'?)"),
    ],
)
def test_config_errors_are_exit_2_with_file_line_and_key(repo: Path, text: str, expected: str) -> None:
    write(repo / ".outreach-lint.yaml", text)
    campaign(repo / "c.yaml")
    code, out, err = run_cli("check", "--no-cache", "c.yaml")
    assert code == 2
    assert err.startswith(f"outreach-lint: error: bad config: {repo.resolve() / '.outreach-lint.yaml'}:") or expected in err
    assert expected in err, err
    assert "Traceback" not in out + err and err.count("\n") == 1


def test_missing_config_option_file_is_exit_2(repo: Path) -> None:
    campaign(repo / "c.yaml")
    code, _, err = run_cli("check", "--config", "nope.yaml", "c.yaml")
    assert (code, err) == (2, "outreach-lint: error: bad config: nope.yaml: cannot read the config file (No such file or directory)\n")
