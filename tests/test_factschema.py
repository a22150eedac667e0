"""Facts are declared (schemas/facts.json): a rule naming an undeclared fact is refused, readers produce only declared facts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from outreach_lint.check.options import CheckOptions
from outreach_lint.factschema import undeclared_in_facts
from outreach_lint.rulepack import load_pack
from outreach_lint.run.files import check_files

from .conftest import FIXTURES, ROOT, run_cli

RULE = """\
code: OL901
name: fact-typo
title: A rule that names a fact
severity: warning
jurisdictions: [ALL]
{condition}
message: "{message}"
fix: Nothing.
citations:
  - {{law: "Example Act", article: "s. 1", url: "https://example.org/act"}}
"""


def _rule_folder(tmp_path: Path, condition: str, message: str) -> Path:
    folder = tmp_path / "rules" / "custom"
    folder.mkdir(parents=True)
    (folder / "OL901.yaml").write_text(RULE.format(condition=condition, message=message), "utf-8")
    return tmp_path / "rules"


@pytest.mark.parametrize(
    ("condition", "message", "fact", "line"),
    [
        ("when:\n  properties:\n    facts:\n      properties:\n        contacts:\n          required: [freemial]", "x", "facts.contacts.freemial", 6),
        ("when:\n  properties: {facts: {properties: {contcts: {properties: {rows: {minimum: 1}}}}}}", "x", "facts.contcts", 6),
        ("when: {properties: {facts: {required: [countries]}}}", "{facts.contacts.freemail.cuont} rows", "facts.contacts.freemail.cuont", 7),
        (
            "for_each: steps\nwhen: {properties: {item: {properties: {facts: {properties: {template: {properties: {unsubscribed: {const: false}}}}}}}}}",
            "x",
            "item.facts.template.unsubscribed",
            7,
        ),
    ],
)
def test_a_rule_naming_an_undeclared_fact_is_refused_with_its_file_and_line(tmp_path: Path, condition: str, message: str, fact: str, line: int) -> None:
    rules = _rule_folder(tmp_path, condition, message)
    code, out, err = run_cli("check", "--rules", str(rules), str(ROOT / "examples" / "newsletter-consent.yaml"))
    assert code == 2, out + err
    assert f"OL901.yaml:{line}: names the fact '{fact}'" in err, err


def test_the_same_rule_with_declared_facts_loads_and_fires(tmp_path: Path) -> None:
    rules = _rule_folder(
        tmp_path,
        "when:\n  properties:\n    facts:\n      properties:\n        contacts:\n          required: [freemail]",
        "{facts.contacts.freemail.count} free-mail rows",
    )
    campaign = tmp_path / "c.yaml"
    contacts = FIXTURES / "contacts" / "b2b-tricky.csv"
    campaign.write_text(f"campaign: c\nchannel: email\naudience: {{type: b2b, countries: [GB], contacts: {contacts}}}\n", "utf-8")
    code, out, _ = run_cli("check", "--rules", str(rules), "--select", "OL901", "--format", "json", str(campaign))
    assert code == 0
    assert [(f["code"], f["message"]) for f in json.loads(out)["findings"]] == [("OL901", "2 free-mail rows")]


def test_schema_facts_is_printed() -> None:
    code, out, _ = run_cli("schema", "facts")
    assert code == 0
    assert "freemail" in json.loads(out)["$defs"]["contacts"]["properties"]


def test_every_fixture_produces_only_declared_facts() -> None:
    """Readers stay within the declaration: a new fact must be declared before a rule can use it."""
    files = list(sorted(FIXTURES.rglob("*.yaml")) + sorted((ROOT / "examples").glob("*.yaml")))
    results = check_files([(str(p), True) for p in files], CheckOptions(keep_documents=True, use_cache=False, jobs=1), load_pack())
    undeclared: set[str] = set()
    documents = 0
    for result in results:
        document = result.facts.get("document")
        if not document:
            continue
        documents += 1
        undeclared |= set(undeclared_in_facts(document.get("facts", {})))
        for step in document.get("steps") or []:
            if isinstance(step, dict) and "facts" in step:
                undeclared |= set(undeclared_in_facts(step["facts"], {"$ref": "#/$defs/step_facts"}, "steps[].facts"))
    assert documents > 20
    assert not undeclared, sorted(undeclared)
