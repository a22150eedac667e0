"""Issue 12 item 5: `check --fix` applies safe fixes, `--diff` shows them; nothing else changes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from outreach_lint.cli import main

from .conftest import TODAY

CAMPAIGN = """\
# Q4 outreach (comments and layout must survive a fix)
campaign: q4
chanel: email            # typo: did-you-mean 'channel'
audience:
  type: b2b
  countries: [Germany, FR]   # a name where a code belongs
  consent:
    basis: consent
    double_opt_in: yes
    proof: crm://consents/q4
processors:
  - {name: Slack, role: processor, country: US, dpa: true, transfer: "DPF", data: [email]}
"""
FIXED = """\
# Q4 outreach (comments and layout must survive a fix)
campaign: q4
channel: email            # typo: did-you-mean 'channel'
audience:
  type: b2b
  countries: [DE, FR]   # a name where a code belongs
  consent:
    basis: consent
    double_opt_in: true
    proof: crm://consents/q4
processors:
  - {name: Slack, role: processor, country: US, dpa: true, transfer: "dpf", data: [email]}
"""
SCHEMA_CODES = ("--select", "OL001,OL002")


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", "--no-cache", "--today", TODAY, *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_diff_shows_every_safe_fix_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "q4.yaml"
    path.write_text(CAMPAIGN, encoding="utf-8")
    code, out, err = _run("--diff", *SCHEMA_CODES, str(path))
    assert code == 1
    assert path.read_text(encoding="utf-8") == CAMPAIGN
    changed = [line for line in out.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert [line for line in changed if line[0] == "-"] == [
        "-chanel: email            # typo: did-you-mean 'channel'",
        "-  countries: [Germany, FR]   # a name where a code belongs",
        "-    double_opt_in: yes",
        '-  - {name: Slack, role: processor, country: US, dpa: true, transfer: "DPF", data: [email]}',
    ]
    assert [line for line in changed if line[0] == "+"] == [
        "+channel: email            # typo: did-you-mean 'channel'",
        "+  countries: [DE, FR]   # a name where a code belongs",
        "+    double_opt_in: true",
        '+  - {name: Slack, role: processor, country: US, dpa: true, transfer: "dpf", data: [email]}',
    ]
    assert "4 fixable findings in 1 file" in err


def test_fix_writes_only_the_fixed_tokens_and_reports_what_is_left(tmp_path: Path) -> None:
    path = tmp_path / "q4.yaml"
    path.write_text(CAMPAIGN, encoding="utf-8")
    path.chmod(0o640)
    code, out, err = _run("--fix", *SCHEMA_CODES, "--format", "json", str(path))
    assert path.read_text(encoding="utf-8") == FIXED
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["q4.yaml"]  # no temporary file left
    assert "fixed 4 findings in 1 file" in err
    assert (code, json.loads(out)["findings"]) == (0, [])
    assert _run("--diff", *SCHEMA_CODES, str(path))[0] == 0  # nothing left to fix


def test_crlf_line_ends_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "q4.yaml"
    path.write_bytes(CAMPAIGN.replace("\n", "\r\n").encode("utf-8"))
    _run("--fix", *SCHEMA_CODES, str(path))
    assert path.read_bytes() == FIXED.replace("\n", "\r\n").encode("utf-8")


def test_unsafe_fixes_are_only_suggested(tmp_path: Path) -> None:
    # renaming 'chanel' onto an existing 'channel' would lose a value; 'Atlantis' has no code
    text = "campaign: q4\nchannel: sms\nchanel: email\naudience: {countries: [Atlantis]}\n"
    path = tmp_path / "q4.yaml"
    path.write_text(text, encoding="utf-8")
    code, report_text, _ = _run("--fix", *SCHEMA_CODES, "--format", "json", str(path))
    assert path.read_text(encoding="utf-8") == text
    findings = json.loads(report_text)["findings"]
    assert [(f["code"], f["line"], "fix_edit" in f) for f in findings] == [("OL002", 3, False), ("OL001", 4, False)]
    assert "did you mean 'channel'" in findings[0]["message"]


def test_findings_carry_their_fix_as_data(tmp_path: Path) -> None:
    path = tmp_path / "q4.yaml"
    path.write_text(CAMPAIGN, encoding="utf-8")
    _, out, _ = _run("--format", "json", *SCHEMA_CODES, str(path))
    edits = {f["path"]: f["fix_edit"] for f in json.loads(out)["findings"]}
    assert edits["/processors/0/transfer"] == {"kind": "replace", "path": "/processors/0/transfer", "value": '"dpf"', "title": "Replace 'DPF' with 'dpf'"}
    assert edits["/chanel"]["kind"] == "rename" and edits["/chanel"]["value"] == '"channel"'
    assert edits["/audience/consent/double_opt_in"]["value"] == "true"


def test_a_file_with_a_byte_order_mark_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "q4.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + CAMPAIGN.encode("utf-8"))
    code, _, err = _run("--fix", *SCHEMA_CODES, str(path))
    assert path.read_bytes() == b"\xef\xbb\xbf" + CAMPAIGN.encode("utf-8")
    assert "not fixed: files with a byte-order mark are left alone" in err and code == 1
