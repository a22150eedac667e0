"""The machine formats through the command line (CliRunner) and as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from ..config.helpers import campaign
from ..conftest import FIXTURES, TODAY, run_cli
from .test_sarif import sarif_validator

SUPPRESSIONS = str(FIXTURES / "engine" / "suppressions.yaml")


def test_several_formats_each_output_binds_to_the_format_before_it(tmp_path: Path) -> None:
    sarif_file, junit_file, gitlab_file = tmp_path / "out.sarif", tmp_path / "junit.xml", tmp_path / "gl.json"
    code, out, _ = run_cli(
        "check",
        "--today",
        TODAY,
        "--select",
        "OL191,OL004,OL005,OL006",
        "--format",
        "sarif",
        "--output",
        str(sarif_file),
        "--format",
        "junit",
        "--output",
        str(junit_file),
        "--format",
        "github",
        "--format",
        "gitlab",
        "--output",
        str(gitlab_file),
        SUPPRESSIONS,
    )
    assert code == 1
    document = json.loads(sarif_file.read_text("utf-8"))
    sarif_validator().validate(document)
    results = document["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]
    assert [s["suppressions"][0]["justification"] for s in suppressed] == ["DPA signed 2026-10-01, filed as DPO-77"]
    assert sorted((r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results if "suppressions" not in r) == [
        ("OL004", 11),
        ("OL005", 11),
        ("OL005", 20),
        ("OL006", 15),
        ("OL191", 13),
        ("OL191", 18),
    ]
    suites = ET.parse(junit_file).getroot()
    assert [s.get("name") for s in suites.iter("testsuite")] == [SUPPRESSIONS]
    assert suites.get("failures") == "3"  # OL004, OL006, OL191 fail; OL005 (warning) passes with output
    assert len(json.loads(gitlab_file.read_text("utf-8"))) == 6
    lines = out.splitlines()
    assert len(lines) == 6 and all(line.startswith(("::error file=", "::warning file=")) for line in lines)


def test_statistics_replaces_stdout_output_but_files_are_still_written(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code, out, _ = run_cli(
        "check",
        "--today",
        TODAY,
        "--select",
        "OL191,OL004,OL005,OL006",
        "--statistics",
        "--format",
        "json",
        "--output",
        str(target),
        "--format",
        "text",
        SUPPRESSIONS,
    )
    assert code == 1
    assert out.splitlines() == [
        "2  OL005  unused-suppression          warning",
        "2  OL191  processor-dpa-missing       error",
        "1  OL004  suppression-without-reason  error",
        "1  OL006  suppression-expired         error",
    ]
    assert json.loads(target.read_text("utf-8"))["summary"]["errors"] == 4


def test_sarif_from_a_subprocess_in_another_folder_validates(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    campaign(tmp_path / "campaigns" / "q4 draft.yaml")
    done = subprocess.run(
        [sys.executable, "-m", "outreach_lint.cli", "check", "--today", TODAY, "--select", "OL191", "--format", "sarif", "campaigns"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    document = json.loads(done.stdout)
    sarif_validator().validate(document)
    [result] = document["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "campaigns/q4%20draft.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 9, "startColumn": 5},
    }
    assert document["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "OL191"


def test_unwritable_output_is_exit_2_without_a_traceback(tmp_path: Path) -> None:
    code, out, err = run_cli("check", "--select", "OL191", "--format", "sarif", "--output", str(tmp_path / "missing" / "out.sarif"), SUPPRESSIONS)
    assert code == 2
    assert err == f"outreach-lint: error: cannot write {tmp_path / 'missing' / 'out.sarif'}: No such file or directory\n"
