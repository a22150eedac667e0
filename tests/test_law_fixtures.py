"""Issue 17 items 4 and 5 through the CLI: the corrections of legal-notes §0.1-§0.4 on given days.

Layout: ``fixtures/law/dated/*.yaml``. Each file names the rules it is about and, optionally, the
arguments (``--as-of``) it is checked with, and lists every finding those rules must give, exactly,
with its line, severity and countries::

    # select: OL134,OL163
    # args: --as-of 2026-08-10
    # expect: OL134:9:error:FR

A file with no ``expect`` line is a must-not-fire case. The exit code must follow from the
expected severities (1 if any error, else 0).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import FIXTURES, check_json

DATED = sorted((FIXTURES / "law" / "dated").glob("*.yaml")) + sorted((FIXTURES / "law" / "regimes").glob("*.yaml"))
_EXPECT = re.compile(r"^#\s*expect:\s*(\w+):(\d+):(error|warning|info):([A-Z?,]+)\s*$", re.M)
_HEADER = re.compile(r"^#\s*(select|args):\s*(.+?)\s*$", re.M)


@pytest.mark.parametrize("fixture", DATED, ids=lambda p: p.name)
def test_dated_fixture(fixture: Path) -> None:
    text = fixture.read_text("utf-8")
    headers = dict(_HEADER.findall(text))
    assert "select" in headers, "a law fixture names the rules it is about (# select: ...)"
    expected = sorted((code, int(line), severity, tuple(countries.split(","))) for code, line, severity, countries in _EXPECT.findall(text))
    args = headers.get("args", "").split() + ["--no-cache", "--select", headers["select"], str(fixture)]
    exit_code, report = check_json(*args)
    got = sorted((f["code"], f["line"], f["severity"], tuple(f["countries"])) for f in report["findings"])
    assert got == expected, [f["message"] for f in report["findings"]]
    assert exit_code == (1 if any(severity == "error" for _, _, severity, _ in expected) else 0)


def test_the_fr_switch_gives_different_results_the_day_before_and_on_the_day() -> None:
    """Issue 17 'done when': --as-of 2026-08-10 and --as-of 2026-08-11 differ for consumer calls to FR."""
    campaign = FIXTURES / "law" / "dated" / "fr-calls-2026-08-10.yaml"
    codes = {}
    for day in ("2026-08-10", "2026-08-11"):
        _, report = check_json("--no-cache", "--as-of", day, "--select", "OL134,OL163", str(campaign))
        codes[day] = {(f["code"], tuple(f["countries"])) for f in report["findings"]}
    assert codes["2026-08-10"] == {("OL134", ("FR",))}
    assert codes["2026-08-11"] == {("OL163", ("FR",))}
