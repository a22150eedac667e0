"""Rules with several `checks` under one code: each check reports on its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from outreach_lint.rulepack import RuleError, load_pack

from .conftest import run_cli

RULE = """\
code: ACME7
name: acme-two-checks
title: Two checks under one code
severity: error
jurisdictions: [ALL]
channels: [email]
when: {not: {required: [purpose], properties: {purpose: {const: transactional}}}}
message: default message
fix: do it
citations: [{law: L, article: A, url: "https://example.org/law"}]
checks:
  - title: every e-mail step has an opt-out
    for_each: steps
    require:
      properties: {item: {required: [unsubscribe], properties: {unsubscribe: {not: {const: none}}}}}
    message: "step {index|plus:1} has no opt-out"
  - title: campaign-level honouring
    jurisdictions: [US]
    when: {required: [opt_out]}
    severity: warning
    require:
      required: [opt_out]
      properties: {opt_out: {properties: {honored_within_days: {maximum: 10}}}}
    message: "opt-outs take {opt_out.honored_within_days} days"
    cases:
      - when: {properties: {opt_out: {properties: {honored_within_days: {minimum: 30}}}}}
        severity: error
"""

CAMPAIGN = """\
campaign: c
channel: email
audience:
  countries: [US]
steps:
  - subject: one
    unsubscribe: link
  - subject: two
    unsubscribe: none
  - subject: three
    channel: sms
opt_out:
  honored_within_days: 12
"""


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "ACME7.yaml").write_text(RULE, encoding="utf-8")
    return rules


def _check(pack_dir: Path, campaign: Path) -> list[tuple[int, str, str]]:
    code, out, err = run_cli("check", "--no-cache", "--rules", str(pack_dir), "--select", "ACME7", "--format", "json", str(campaign))
    assert code in (0, 1), err
    return [(f["line"], f["severity"], f["message"]) for f in json.loads(out)["findings"]]


def test_each_check_reports_with_its_own_line_message_and_severity(pack_dir: Path, tmp_path: Path) -> None:
    campaign = tmp_path / "c.yaml"
    campaign.write_text(CAMPAIGN, encoding="utf-8")
    assert _check(pack_dir, campaign) == [(9, "error", "step 2 has no opt-out"), (13, "warning", "opt-outs take 12 days")]


def test_check_scope_and_cases_are_the_checks_own(pack_dir: Path, tmp_path: Path) -> None:
    campaign = tmp_path / "c.yaml"
    campaign.write_text(CAMPAIGN.replace("[US]", "[CA]").replace("12", "40"), encoding="utf-8")
    assert _check(pack_dir, campaign) == [(9, "error", "step 2 has no opt-out")]  # the US-only check is out of scope
    campaign.write_text(CAMPAIGN.replace("12", "40"), encoding="utf-8")
    assert (13, "error", "opt-outs take 40 days") in _check(pack_dir, campaign)


def test_unverified_check_may_not_claim_an_error(tmp_path: Path) -> None:
    (tmp_path / "ACME7.yaml").write_text(RULE.replace("    severity: warning\n", "    severity: warning\n    confidence: unverified\n"), encoding="utf-8")
    with pytest.raises(RuleError, match=r"ACME7.yaml:\d+: checks/1/an unverified rule"):
        load_pack([tmp_path], use_cache=False)


def test_broken_check_condition_names_the_check_and_its_line(tmp_path: Path) -> None:
    (tmp_path / "ACME7.yaml").write_text(RULE.replace("maximum: 10", "maximum: 10, bogus: 1"), encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_pack([tmp_path], use_cache=False)
    assert info.value.line == 23 and "checks/1/require" in str(info.value) and "bogus" in str(info.value)


def test_explain_lists_every_check_and_every_severity(pack_dir: Path) -> None:
    code, out, _ = run_cli("explain", "--rules", str(pack_dir), "ACME7")
    assert code == 0, out
    assert "1. every e-mail step has an opt-out: Checked for each entry of `steps`" in out
    assert "2. campaign-level honouring: Applies when the recipients include US." in out
    assert "Severity: warning/error" in out


def test_a_checks_when_narrows_the_rules_when(pack_dir: Path, tmp_path: Path) -> None:
    campaign = tmp_path / "c.yaml"
    campaign.write_text("purpose: transactional\n" + CAMPAIGN, encoding="utf-8")
    assert _check(pack_dir, campaign) == []  # the rule's `when` still holds for both checks
    campaign.write_text(CAMPAIGN.replace("opt_out:\n  honored_within_days: 12\n", ""), encoding="utf-8")
    assert _check(pack_dir, campaign) == [(9, "error", "step 2 has no opt-out")]  # the check's own `when`
