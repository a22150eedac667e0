"""The collect-facts stage: readers return what they found; the document is only read (issue 13 item 1).

The facts enter the document in one place (``Collected.apply_to``, called by ``check/facts.py``);
a reader that wrote into the document it was given would fail here.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any, cast

import pytest
import yaml

from outreach_lint.facts import collect
from outreach_lint.normalize import normalise
from outreach_lint.rulepack import load_pack

from ..conftest import ROOT, TODAY

EXAMPLES = ROOT / "examples"


@pytest.mark.parametrize("name", ["newsletter-consent.yaml", "rb2b-slack-sequence.yaml"])
def test_readers_leave_the_document_alone_and_apply_to_puts_their_facts_in(name: str) -> None:
    pack = load_pack()
    campaign: dict[str, Any] = yaml.safe_load((EXAMPLES / name).read_text("utf-8"))
    document = normalise(cast(Any, campaign), pack.country_groups, dt.date.fromisoformat(TODAY), pack.sets.get("DNC_COUNTRIES", frozenset()), pack.places)
    before = copy.deepcopy(document)
    found = collect.collect(cast(Any, campaign), document, EXAMPLES, collect.FactOptions(pack=pack))
    assert document == before
    assert found.facts["references"]  # something was read
    assert found.steps and all("template" in facts for facts in found.steps.values())
    found.apply_to(document)
    for index, facts in found.steps.items():
        assert document["steps"][index]["facts"]["template"] is facts["template"]
    assert all(document["facts"][key] is value for key, value in found.facts.items())


def test_a_missing_file_is_a_problem_not_a_fact(tmp_path: Path) -> None:
    pack = load_pack()
    campaign: dict[str, Any] = {"campaign": "c", "channel": "email", "steps": [{"template": "missing.html"}]}
    document = normalise(cast(Any, campaign), pack.country_groups, dt.date.fromisoformat(TODAY), pack.sets.get("DNC_COUNTRIES", frozenset()), pack.places)
    found = collect.collect(cast(Any, campaign), document, tmp_path, collect.FactOptions(pack=pack))
    assert [(parts, code) for parts, _, code in found.problems] == [(("steps", 0, "template"), "OL003")]
    assert found.steps == {}
