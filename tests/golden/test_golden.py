"""The text output of the example campaigns, compared exactly with tests/golden/*.txt.

A change in layout or wording is then a reviewed diff of these files; the JSON and SARIF output
of the three examples is kept the same way (`*.json`, `*.sarif`, release and rule-pack ids masked).
Regenerate them with

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest -p no:cacheprovider tests/golden

and read the diff before committing. The output is what a terminal shows (``--show-source``)
without colour, run from the repository root on the suite's fixed date.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from outreach_lint.cli import main

from ..conftest import ROOT, TODAY

HERE = Path(__file__).parent
#: golden file name -> campaign (relative to the repository root)
CAMPAIGNS = {
    "newsletter-consent": "examples/newsletter-consent.yaml",
    "rb2b-slack-sequence": "examples/rb2b-slack-sequence.yaml",
    "us-b2b-sequence": "examples/us-b2b-sequence.yaml",
    # the one-finding-per-mistake messages and their carets (issue 12 item 4)
    "first-day-typos": "tests/golden/cases/first-day-typos.yaml",
}


@pytest.mark.parametrize("name", sorted(CAMPAIGNS))
def test_text_output_matches_the_golden_file(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(
        main,
        ["check", "--no-cache", "--no-color", "--show-source", "--today", TODAY, CAMPAIGNS[name]],
        env={"NO_COLOR": None, "FORCE_COLOR": None},
        catch_exceptions=False,
    )
    golden = HERE / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8"), f"regenerate with UPDATE_GOLDEN=1 pytest tests/golden and review the diff of {golden.name}"
    assert result.exit_code == (0 if name in ("newsletter-consent", "us-b2b-sequence") else 1)


#: machine formats of the three examples: (suffix, --format)
MACHINE_FORMATS = {"json": "json", "sarif": "sarif"}
#: values that change with every rule edit or release, not with behaviour: masked in the golden files
_VOLATILE_KEYS = frozenset({"rule_pack", "rulePackVersion", "semanticVersion"})


def _stable(node: object) -> object:
    """The output with the release and rule-pack identifiers masked (see _VOLATILE_KEYS)."""
    from outreach_lint import __version__

    if isinstance(node, dict):
        return {k: "<volatile>" if k in _VOLATILE_KEYS or (k == "version" and v == __version__) else _stable(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_stable(v) for v in node]
    return node


@pytest.mark.parametrize("suffix", sorted(MACHINE_FORMATS))
@pytest.mark.parametrize("name", ["newsletter-consent", "rb2b-slack-sequence", "us-b2b-sequence"])
def test_machine_output_matches_the_golden_file(name: str, suffix: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """JSON and SARIF of the examples, exactly (issue 13 item 6): every behaviour change is a reviewed diff."""
    import json

    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(
        main,
        ["check", "--no-cache", "--format", MACHINE_FORMATS[suffix], "--today", TODAY, CAMPAIGNS[name]],
        catch_exceptions=False,
    )
    text = json.dumps(_stable(json.loads(result.stdout)), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    golden = HERE / f"{name}.{suffix}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), f"regenerate with UPDATE_GOLDEN=1 pytest tests/golden and review the diff of {golden.name}"
    assert result.exit_code == (0 if name in ("newsletter-consent", "us-b2b-sequence") else 1)
