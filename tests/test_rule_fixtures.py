"""Every rule's trip and pass fixtures, run through the CLI with exact expectations.

Layout: ``fixtures/rules/<CODE>/trip-*.yaml`` and ``pass-*.yaml``. A trip file
lists the findings it must produce for its rule, exactly, in header comments:

    # expect: OL101:7:error
    # expect: OL101:12:warning

A pass file produces no finding of its rule. Each is checked with
``--select <CODE>`` so other rules cannot mask or fake a result, and the exit
code must follow from the expected severities (1 if any error, else 0).
Optional headers: ``# today: 2026-11-23``, ``# args: --show-pii``, and
``# needs: outreach_lint.facts.contacts`` for a fixture whose facts come from a
file reader that has not landed yet (skipped until the module exists).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import FIXTURES, check_json

RULE_FIXTURES = sorted((FIXTURES / "rules").glob("*/*.y*ml"))
_EXPECT = re.compile(r"^#\s*expect:\s*(\w+):(\d+):(error|warning|info)\s*$", re.M)
_HEADER = re.compile(r"^#\s*(today|args|needs):\s*(.+?)\s*$", re.M)


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


@pytest.mark.parametrize("fixture", RULE_FIXTURES, ids=_id)
def test_rule_fixture(fixture: Path) -> None:
    code = fixture.parent.name
    text = fixture.read_text("utf-8")
    headers = dict(_HEADER.findall(text))
    if "needs" in headers:
        pytest.importorskip(headers["needs"], reason=f"{headers['needs']} has not landed yet")
    expected = sorted((c, int(line), sev) for c, line, sev in _EXPECT.findall(text))
    if fixture.name.startswith("trip"):
        assert expected, f"{fixture}: a trip fixture needs '# expect: {code}:LINE:SEVERITY' lines"
        assert all(c == code for c, _, _ in expected), "a fixture expects only its own rule"
    else:
        assert fixture.name.startswith("pass"), "fixtures are named trip-* or pass-*"
        assert not expected
    args = ["--select", code, str(fixture)]
    if "today" in headers:
        args = ["--today", headers["today"], *args]
    if "args" in headers:
        args = headers["args"].split() + args
    exit_code, report = check_json(*args)
    got = sorted((f["code"], f["line"], f["severity"]) for f in report["findings"])
    assert got == expected, [f["message"] for f in report["findings"]]
    assert exit_code == (1 if any(sev == "error" for _, _, sev in expected) else 0)


def test_every_rule_has_trip_and_pass_fixtures() -> None:
    from outreach_lint.rulepack import load_pack

    codes = {r.code for r in load_pack().rules if not r.engine}
    missing = []
    for code in sorted(codes):
        folder = FIXTURES / "rules" / code
        trips = list(folder.glob("trip-*.y*ml"))
        passes = list(folder.glob("pass-*.y*ml"))
        if not trips or not passes:
            missing.append(code)
    assert not missing, f"rules without a trip and a pass fixture: {missing}"
