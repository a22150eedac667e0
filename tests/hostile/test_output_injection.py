"""Output cannot inject: campaign values and file names never break a format or forge a line.

A hostile pull request names a processor (or a file) so that the linter's output, read by a CI
runner, a terminal or an XML/JSON parser, does something else: a GitHub workflow command on a
line of its own, a terminal escape sequence, a broken JUnit/SARIF document, a file name that is
not valid UTF-8. Every format must stay one finding per line (where it is line based), parse,
and show the value escaped.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ..conftest import TODAY, run_cli

HOSTILE_NAMES = [
    r"Slack\n::error file=x.yaml,line=1::forged finding",
    r"Slack\r\n::set-output name=ok::true",
    r"Slack\e[2J\e]0;owned\a",
    r"Slack\x1b[31mred\x1b[0m",
    r"Slack ##[error]forged ##vso[task.complete result=Succeeded;]",
    r"Slack</failure></testcase><testcase name=\"pass\"/>",
    r"Slack\"}]}, {\"forged\": true",
    r"Slack\u202eevil",
    r"Slack\x00\x07\x08\x0b",
]
FORMATS = ["text", "json", "sarif", "junit", "github", "gitlab"]


def _campaign(name: str) -> str:
    return (
        "campaign: visitor-alerts\n"
        "audience: {countries: [DE]}\n"  # OL191 is a GDPR/UK GDPR/FADP duty (legal-notes §0.1)
        "processors:\n"
        f'  - name: "{name}"\n'
        "    role: processor\n    country: US\n    dpa: false\n    transfer: dpf\n    data: [email, visited_pages]\n"
    )


def _check_in(folder: Path, fmt: str, *paths: str) -> tuple[int, str, str]:
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        return run_cli("check", "--no-cache", "--today", TODAY, "--select", "OL191", "--format", fmt, *paths)
    finally:
        os.chdir(cwd)


def _assert_safe(fmt: str, out: str, findings: int) -> None:
    assert "\x1b" not in out and "\r" not in out and "\x00" not in out and "\u202e" not in out
    lines = out.splitlines()
    if fmt == "github":
        assert len(lines) == findings and all(line.startswith("::error file=") for line in lines)
    if fmt in ("text", "github"):
        assert not [line for line in lines[1:] if line.lstrip().startswith("::")]
        assert "##[" not in out and "##vso[" not in out
    if fmt == "text":
        assert len([line for line in lines if ": error OL191" in line]) == findings
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(out)
    if fmt == "junit":
        root = ET.fromstring(out.split("\n", 1)[1])
        assert root.get("failures") == str(findings)
        assert not list(root.iter("forged")) and all(case.get("name") != "pass" for case in root.iter("testcase"))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_campaign_values_are_escaped_in_every_format(tmp_path: Path, name: str, fmt: str) -> None:
    (tmp_path / "c.yaml").write_text(_campaign(name), encoding="utf-8")
    code, out, err = _check_in(tmp_path, fmt, "c.yaml")
    assert code == 1, err
    assert "Traceback" not in err
    _assert_safe(fmt, out, 1)


FILE_NAMES = [
    b"bad\xff\xfename.yaml",  # not UTF-8
    b"::error file=x::forged.yaml",
    b"esc\x1b[31mred.yaml",
    b"new\nline.yaml",
    b"cr\rreturn.yaml",
    b"##[warning]x.yaml",
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("raw", FILE_NAMES)
def test_file_names_are_escaped_and_non_utf8_names_work(tmp_path: Path, raw: bytes, fmt: str) -> None:
    try:
        with open(os.path.join(os.fsencode(tmp_path), raw), "w", encoding="utf-8") as handle:
            handle.write(_campaign("Slack"))
    except OSError:
        pytest.skip("the file system refuses this name")
    for paths in ((os.fsdecode(raw),), (".",)):  # named, and found by searching the folder
        code, out, err = _check_in(tmp_path, fmt, *paths)
        assert code == 1, err
        assert "Traceback" not in err
        _assert_safe(fmt, out, 1)
        if fmt == "sarif":
            [result] = json.loads(out)["runs"][0]["results"]
            from urllib.parse import unquote_to_bytes

            uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            assert unquote_to_bytes(uri).endswith(raw)  # the URI of that very file


def test_verbose_skip_lines_are_escaped(tmp_path: Path) -> None:
    name = b"::error::skipped\x1b[2J.yaml"
    with open(os.path.join(os.fsencode(tmp_path), name), "w", encoding="utf-8") as handle:
        handle.write("just: data\n")
    code, _, err = _check_in(tmp_path, "text", "--verbose", ".")
    assert code == 0
    assert "\x1b" not in err and not [line for line in err.splitlines() if line.lstrip().startswith("::")]
    assert "skipped (not a campaign)" in err


@pytest.mark.parametrize("key", ["\\e[2Jbad", "x\\n::error::forged", "##[error]x"])
def test_config_errors_on_stderr_are_escaped(tmp_path: Path, key: str) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".outreach-lint.yaml").write_text(f'"{key}": 1\n', encoding="utf-8")
    (tmp_path / "c.yaml").write_text(_campaign("Slack"), encoding="utf-8")
    code, _, err = _check_in(tmp_path, "text", "c.yaml")
    assert code == 2
    [line] = err.splitlines()
    assert line.startswith("outreach-lint: error: bad config: ") and "\x1b" not in line and "##[" not in line


def test_rule_texts_from_a_rules_folder_are_escaped_in_rules_and_explain(tmp_path: Path) -> None:
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "X1.yaml").write_text(
        'code: X1\nname: x-one\ntitle: "evil\\e]0;owned\\a title"\nseverity: warning\n'
        'description: "line\\n::error::forged"\nwhen: {required: [campaign]}\nmessage: "m\\e[2J"\nfix: "f\\r##[error]x"\ncitations: []\n',
        encoding="utf-8",
    )
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        for args in (("rules", "--rules", "pack"), ("explain", "X1", "--rules", "pack")):
            code, out, err = run_cli(*args)
            assert code == 0, err
            assert "\x1b" not in out and "\x07" not in out and "\r" not in out and "##[" not in out
            assert not [line for line in out.splitlines() if line.lstrip().startswith("::")]
    finally:
        os.chdir(cwd)


def test_a_baseline_of_a_non_utf8_file_name_is_written_and_read_back(tmp_path: Path) -> None:
    raw = b"bad\xff\xfename.yaml"
    try:
        with open(os.path.join(os.fsencode(tmp_path), raw), "w", encoding="utf-8") as handle:
            handle.write(_campaign("Slack"))
    except OSError:
        pytest.skip("the file system refuses this name")
    code, _, err = _check_in(tmp_path, "json", "--write-baseline", "baseline.json", ".")
    assert code == 0 and "Traceback" not in err
    json.loads((tmp_path / "baseline.json").read_text("ascii"))
    code, out, err = _check_in(tmp_path, "json", "--baseline", "baseline.json", ".")
    assert code == 0, err
    assert json.loads(out)["findings"] == []
