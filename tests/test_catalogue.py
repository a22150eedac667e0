"""Meta-tests that guard the rule catalogue (issue 3, STYLE.md point 8)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from outreach_lint.check.examples import judge_example
from outreach_lint.findings import Severity
from outreach_lint.rulepack import Rule, load_pack

from .conftest import ROOT, SHARED, TODAY

PACK = load_pack()
RULES = list(PACK.rules)
CONDITION_RULES = [r for r in RULES if not r.engine]


def _catalogue() -> dict[str, str]:
    """code -> name from ../shared/RULES.md (the contract)."""
    text = (SHARED / "RULES.md").read_text("utf-8")
    return dict(re.findall(r"^\|\s*(OL\d{3})\s*\|\s*([a-z0-9-]+)\s*\|", text, re.M))


@pytest.mark.skipif(not (SHARED / "RULES.md").exists(), reason="../shared/RULES.md is not beside the clone")
def test_shipped_names_are_the_catalogue_names() -> None:
    catalogue = _catalogue()
    shipped = {r.code: r.name for r in RULES if r.code in catalogue}
    wrong = {code: (shipped[code], catalogue[code]) for code in shipped if shipped[code] != catalogue[code]}
    assert not wrong, f"code -> (shipped name, catalogue name): {wrong}"


@pytest.mark.skipif(not (SHARED / "RULES.md").exists(), reason="../shared/RULES.md is not beside the clone")
def test_every_catalogue_rule_ships() -> None:
    missing = sorted(set(_catalogue()) - {r.code for r in RULES})
    assert not missing, f"catalogue rules not shipped yet: {missing}"


def test_codes_and_names_are_unique() -> None:
    codes = [r.code for r in RULES]
    names = [r.name for r in RULES]
    assert len(codes) == len(set(codes))
    assert len(names) == len(set(names))


@pytest.mark.parametrize("rule", CONDITION_RULES, ids=lambda r: r.code)
def test_rule_cites_the_law_with_a_url(rule: Rule) -> None:
    assert rule.citations, f"{rule.code} has no citation"
    assert all(c.url.startswith("https://") for c in rule.citations), f"{rule.code}: every citation needs an official https URL"


@pytest.mark.parametrize("rule", CONDITION_RULES, ids=lambda r: r.code)
def test_unverified_rules_never_claim_error(rule: Rule) -> None:
    if rule.confidence == "unverified":
        assert rule.severity <= Severity.WARNING
        assert all(case.severity <= Severity.WARNING for case in rule.cases)


def _examples(kind: str) -> list[tuple[str, Rule, dict]]:
    return [(f"{rule.code}-{kind}-{index}", rule, example) for rule in CONDITION_RULES for index, example in enumerate(rule.examples.get(kind, []))]


@pytest.mark.parametrize("rule", CONDITION_RULES, ids=lambda r: r.code)
def test_rule_has_a_bad_and_a_good_example(rule: Rule) -> None:
    assert rule.examples.get("bad"), f"{rule.code} has no bad example"
    assert rule.examples.get("good"), f"{rule.code} has no good example"


def _run(rule: Rule, example: dict) -> list[str]:
    today = dt.date.fromisoformat(example.get("today", TODAY))
    return [code for code, *_ in judge_example(example["campaign"], PACK, example.get("facts"), today)]


@pytest.mark.parametrize(("label", "rule", "example"), _examples("bad"), ids=lambda v: v if isinstance(v, str) else "")
def test_bad_example_trips_its_rule(label: str, rule: Rule, example: dict) -> None:
    assert rule.code in _run(rule, example)


@pytest.mark.parametrize(("label", "rule", "example"), _examples("good"), ids=lambda v: v if isinstance(v, str) else "")
def test_good_example_passes_its_rule(label: str, rule: Rule, example: dict) -> None:
    assert rule.code not in _run(rule, example)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_has_a_docs_page(rule: Rule) -> None:
    assert (ROOT / "docs" / "rules" / f"{rule.name}.md").is_file(), "run: python -m outreach_lint.docsgen"


def test_generated_docs_are_current() -> None:
    from outreach_lint.docsgen import stale_files

    stale = stale_files(ROOT)
    assert not stale, f"generated docs drifted from the rules; run `python -m outreach_lint.docsgen`: {stale}"
