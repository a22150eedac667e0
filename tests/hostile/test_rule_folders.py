"""A hostile pull request ships a ``--rules`` folder whose data files redefine the built-in pack.

Redefining ``EU`` as an empty set would switch off every European rule; redefining a table
(the adequacy list, the DNC registers) would change who counts as what. A rule folder may add
sets and tables; redefining one is exit 2 naming both files, as a duplicate rule code already is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from outreach_lint.rulepack import builtin_rules_dir

from ..conftest import run_cli
from .pr import SLACK, lint, where, write

BUILTIN = builtin_rules_dir() / "data"
RULE = (
    "code: ACME1\nname: acme-countries\ntitle: Acme countries need an owner\nseverity: error\n"
    "jurisdictions: [ACME_COUNTRIES]\nrequire: {required: [owner]}\nmessage: no owner\nfix: add owner\n"
    "citations: [{law: Acme marketing policy, article: '§3', url: 'https://acme.example/policy'}]\n"
)


@pytest.mark.parametrize(
    ("data", "kind", "name", "builtin", "line"),
    [
        ("sets:\n  EU: []\n", "set", "EU", "countries.yaml", 2),  # shrink the EU to nothing
        ("description: tidy-up\nsets:\n  EEA: [$EU]\n", "set", "EEA", "countries.yaml", 3),
        ("sets:\n  DNC_COUNTRIES: [XX]\n", "set", "DNC_COUNTRIES", "dnc-registers.yaml", 2),
        ("tables:\n  adequacy:\n    rows: {US: {adequacy: full}}\n", "table", "adequacy", "adequacy.yaml", 2),
        ("tables:\n  dnc_registers:\n    rows: {}\n", "table", "dnc_registers", "dnc-registers.yaml", 2),
    ],
)
def test_a_rule_folder_cannot_redefine_built_in_data(tmp_path: Path, data: str, kind: str, name: str, builtin: str, line: int) -> None:
    write(tmp_path, {"pack/data/override.yaml": data, "c.yaml": SLACK})
    code, _, err = lint("--rules", str(tmp_path / "pack"), str(tmp_path / "c.yaml"))
    assert code == 2
    assert f"{tmp_path / 'pack' / 'data' / 'override.yaml'}:{line}: {kind} {name!r} is already defined in {BUILTIN / builtin}" in err
    assert "Traceback" not in err


def test_the_every_country_set_is_reserved(tmp_path: Path) -> None:
    write(tmp_path, {"pack/data/all.yaml": "sets:\n  ALL: [DE]\n", "c.yaml": SLACK})
    code, _, err = lint("--rules", str(tmp_path / "pack"), str(tmp_path / "c.yaml"))
    assert code == 2 and "set 'ALL' is already defined in (built in: every country)" in err


def test_two_rule_folders_cannot_redefine_each_other(tmp_path: Path) -> None:
    write(tmp_path, {"a/data/x.yaml": "sets:\n  ACME_COUNTRIES: [DE]\n", "b/data/y.yaml": "sets:\n  ACME_COUNTRIES: [FR]\n", "c.yaml": SLACK})
    code, _, err = lint("--rules", str(tmp_path / "a"), "--rules", str(tmp_path / "b"), str(tmp_path / "c.yaml"))
    assert code == 2 and f"{tmp_path / 'b' / 'data' / 'y.yaml'}:2: set 'ACME_COUNTRIES' is already defined in {tmp_path / 'a' / 'data' / 'x.yaml'}" in err


def test_a_rule_folder_named_in_the_config_cannot_either(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {".outreach-lint.yaml": "rules: [pack]\n", "pack/data/eu.yaml": "sets:\n  EU: [MT]\n", "c.yaml": SLACK})
    monkeypatch.chdir(tmp_path)
    code, _, err = lint("c.yaml")
    assert code == 2 and "set 'EU' is already defined in" in err
    code, _, err = run_cli("rules", "--rules", str(tmp_path / "pack"))
    assert code == 2 and "set 'EU' is already defined in" in err


def test_a_rule_folder_may_add_sets_built_on_the_built_in_ones(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pack/data/acme.yaml": "sets:\n  ACME_COUNTRIES: [$EU, CH]\ntables:\n  acme_offices:\n    rows: {CH: {office: Zurich}}\n",
            "pack/ACME1.yaml": RULE,
            "c.yaml": SLACK.replace("campaign: visitor-alerts\n", "campaign: visitor-alerts\naudience: {countries: [CH]}\n"),
        },
    )
    code, findings, err = lint("--rules", str(tmp_path / "pack"), "--select", "ACME1", str(tmp_path / "c.yaml"))
    assert (code, where(findings)) == (1, [("ACME1", "c.yaml", 1)]), err
