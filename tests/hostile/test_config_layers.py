"""A hostile pull request adds a nested ``.outreach-lint.yaml`` next to its campaign.

A nested configuration extends its parents: it adds ignores and rule folders, it cannot drop the
parent's rule folders, switch inline suppressions back on, or ignore or downgrade an
unsuppressible rule (only the root configuration can). ``--config FILE`` pins one file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import FIXTURES
from .pr import SLACK, lint, where, write

#: OL130 (unsuppressible) on lines 18 and 19, OL141 (suppressible) on line 14
OPT_OUT = (FIXTURES / "rules" / "OL130" / "trip-opt-out-link-expires-ca-us.yaml").read_text(encoding="utf-8")
#: SLACK with EEA recipients, so OL191 (GDPR Art. 28) applies: OL191 still on line 7.
SLACK_DE = SLACK + "audience: {countries: [DE]}\n"
SUPPRESSED = SLACK_DE.replace("    dpa: false\n", '    dpa: false  # outreach-lint: ignore[OL191] reason="signed"\n')
POLICY_RULE = (
    "code: ACME1\nname: owner-required\ntitle: Every campaign names its owner\nseverity: error\n"
    "require: {required: [owner]}\nmessage: no owner\nfix: add owner\n"
    "citations: [{law: Acme marketing policy, article: '§3', url: 'https://acme.example/policy'}]\n"
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def codes_in(findings: list[dict], *codes: str) -> list[tuple[str, str, int]]:
    return [w for w in where(findings) if w[0] in codes]


@pytest.mark.parametrize(
    ("nested_name", "nested", "line"),
    [
        (".outreach-lint.yaml", "ignore: [OL142]\ninline-suppressions: true\n", 2),
        (".outreach-lint.yml", "inline-suppressions: true\n", 1),
        ("pyproject.toml", '[tool.outreach-lint]\nignore = ["OL142"]\ninline-suppressions = true\n', 3),
    ],
)
def test_a_nested_config_cannot_switch_inline_suppressions_back_on(repo: Path, nested_name: str, nested: str, line: int) -> None:
    write(repo, {".outreach-lint.yaml": "inline-suppressions: false\n", f"campaigns/{nested_name}": nested, "campaigns/c.yaml": SUPPRESSED})
    code, _, err = lint("campaigns")
    assert code == 2
    assert f"campaigns/{nested_name}:{line}: inline-suppressions: a nested configuration cannot switch inline suppressions back on" in err
    assert str(repo / ".outreach-lint.yaml") in err


def test_suppressions_stay_off_below_a_nested_config_that_says_nothing_about_them(repo: Path) -> None:
    write(repo, {".outreach-lint.yaml": "inline-suppressions: false\n", "campaigns/.outreach-lint.yaml": "ignore: [OL142]\n", "campaigns/c.yaml": SUPPRESSED})
    code, findings, _ = lint("--select", "OL191", "campaigns")
    assert (code, where(findings)) == (1, [("OL191", "c.yaml", 7)])


@pytest.mark.parametrize("nested", ["rules: [own-rules]\n", "rules: []\n", "ignore: [OL142]\n"])
def test_a_nested_config_cannot_drop_the_parents_rule_folders(repo: Path, nested: str) -> None:
    write(
        repo,
        {
            ".outreach-lint.yaml": "rules: [policy]\n",
            "policy/ACME1.yaml": POLICY_RULE,
            "campaigns/own-rules/data/x.yaml": "sets:\n  OWN: [DE]\n",
            "campaigns/.outreach-lint.yaml": nested,
            "campaigns/c.yaml": SLACK,
        },
    )
    code, findings, err = lint("campaigns")
    assert code == 1, err
    assert ("ACME1", "c.yaml", 1) in where(findings)


@pytest.mark.parametrize(
    ("nested", "line", "key"),
    [
        ("ignore: [OL130]\n", 1, "ignore"),
        ("ignore:\n  - OL142\n  - unsubscribe-missing\n", 1, "ignore"),
        ("severity:\n  OL130: info\n", 2, "severity"),
        ("severity: {unsubscribe-missing: warning}\n", 1, "severity"),
        ("per-path-ignores:\n  '*.yaml': [OL130]\n", 2, "per-path-ignores"),
    ],
)
def test_a_nested_config_cannot_ignore_or_downgrade_an_unsuppressible_rule(repo: Path, nested: str, line: int, key: str) -> None:
    write(repo, {"campaigns/.outreach-lint.yaml": nested, "campaigns/c.yaml": OPT_OUT})
    code, _, err = lint("campaigns")
    assert code == 2
    assert f"campaigns/.outreach-lint.yaml:{line}: {key}" in err
    assert "OL130 unsubscribe-missing cannot be suppressed, so only the root configuration can" in err


@pytest.mark.parametrize("nested", ["ignore: [OL1]\n", "ignore: [ALL]\n", "select: [OL191]\n", "per-path-ignores:\n  '**': [OL13, OL14]\n"])
def test_a_nested_configs_prefixes_and_select_leave_unsuppressible_rules_on(repo: Path, nested: str) -> None:
    write(repo, {".outreach-lint.yaml": "fail-on: error\n", "campaigns/.outreach-lint.yaml": nested, "campaigns/c.yaml": OPT_OUT})
    code, findings, err = lint("campaigns")
    assert code == 1, err
    assert codes_in(findings, "OL130", "OL141") == [("OL130", "c.yaml", 18), ("OL130", "c.yaml", 19)]  # OL141 is suppressible: ignored


@pytest.mark.parametrize("root", ["ignore: [OL130]\n", "ignore: [OL13]\n"])
def test_the_root_config_may_ignore_an_unsuppressible_rule_near_miss(repo: Path, root: str) -> None:
    write(repo, {".outreach-lint.yaml": root, "campaigns/.outreach-lint.yaml": "ignore: [OL141]\n", "campaigns/c.yaml": OPT_OUT})
    _, findings, err = lint("campaigns")
    assert codes_in(findings, "OL130", "OL141") == [], err


def test_a_per_path_ignore_even_in_the_root_config_leaves_an_unsuppressible_rule_on(repo: Path) -> None:
    """Issue 14 item 3: only an explicit ``ignore`` in the root configuration switches such a rule off
    (per-path ignores cannot), and the run says which setting was not honoured."""
    root = "per-path-ignores:\n  'campaigns/**': [unsubscribe-missing]\n"
    write(repo, {".outreach-lint.yaml": root, "campaigns/.outreach-lint.yaml": "ignore: [OL141]\n", "campaigns/c.yaml": OPT_OUT})
    code, findings, err = lint("campaigns")
    assert code == 1
    assert codes_in(findings, "OL130", "OL141") == [("OL130", "c.yaml", 18), ("OL130", "c.yaml", 19)]
    assert "unsubscribe-missing is not ignored (OL130 cannot be ignored per path" in err


def test_the_command_line_may_ignore_an_unsuppressible_rule_near_miss(repo: Path) -> None:
    write(repo, {"campaigns/.outreach-lint.yaml": "ignore: [ALL]\n", "campaigns/c.yaml": OPT_OUT})
    _, findings, _ = lint("--ignore", "OL130", "campaigns")
    assert codes_in(findings, "OL130") == []


def test_a_nested_config_extends_the_parents_ignores(repo: Path) -> None:
    write(repo, {".outreach-lint.yaml": "ignore: [OL141]\n", "campaigns/.outreach-lint.yaml": "ignore: [OL132]\n", "campaigns/c.yaml": OPT_OUT})
    _, findings, _ = lint("campaigns")
    assert codes_in(findings, "OL141", "OL132") == []  # the nested file used to replace the root's ignore


@pytest.mark.parametrize("nested", ["exclude: [c.yaml]\n", "exclude: ['*']\n", "include: [other/**]\n"])
def test_a_nested_config_cannot_leave_its_campaign_out(repo: Path, nested: str) -> None:
    write(repo, {"campaigns/.outreach-lint.yaml": nested, "campaigns/c.yaml": SLACK})
    code, _, err = lint("campaigns")
    assert code == 2
    assert f"campaigns/.outreach-lint.yaml:1: {nested.split(':')[0]}: only the root configuration can leave files out of the check" in err


def test_the_root_config_may_exclude_near_miss(repo: Path) -> None:
    write(repo, {".outreach-lint.yaml": "exclude: [campaigns/c.yaml]\n", "campaigns/c.yaml": SLACK_DE})
    code, findings, err = lint("--verbose", "campaigns")
    assert (code, findings) == (0, []) and "skipped (excluded by the config): campaigns/c.yaml" in err


def test_a_nested_config_cannot_allow_references_outside_the_repository(repo: Path) -> None:
    write(repo, {"campaigns/.outreach-lint.yaml": "allowed-reference-roots: [/]\n", "campaigns/c.yaml": SLACK})
    code, _, err = lint("campaigns")
    assert code == 2
    assert "campaigns/.outreach-lint.yaml:1: allowed-reference-roots: only the root configuration can allow references outside the repository" in err


@pytest.mark.parametrize("nested", ["ignore: [OL191]\n", "inline-suppressions: true\n", "no-such-key: 1\n", "ignore: [OL130]\n"])
def test_config_pins_one_file_and_nested_configs_are_not_read(repo: Path, nested: str) -> None:
    write(repo, {"ci/lint.yaml": "inline-suppressions: false\n", "campaigns/.outreach-lint.yaml": nested, "campaigns/c.yaml": SUPPRESSED})
    code, findings, err = lint("--config", "ci/lint.yaml", "--select", "OL191", "campaigns")
    assert (code, where(findings)) == (1, [("OL191", "c.yaml", 7)]), err
