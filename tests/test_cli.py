"""The command line: exit codes, formats, rule packs, and a real subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from outreach_lint import formats
from outreach_lint.cli import FORMAT_NAMES

from .conftest import FIXTURES, ROOT, run_cli

TRIP = str(FIXTURES / "rules" / "OL191" / "trip-slack-without-dpa.yaml")
PASS = str(FIXTURES / "rules" / "OL191" / "pass-slack-with-dpa.yaml")


def test_format_choices_match_the_registry() -> None:
    assert set(FORMAT_NAMES) == set(formats.REGISTRY)


def test_exit_codes() -> None:
    assert run_cli("check", "--select", "OL191", PASS)[0] == 0
    assert run_cli("check", "--select", "OL191", TRIP)[0] == 1
    assert run_cli("check", "--no-such-flag", TRIP)[0] == 2


def test_text_output_shows_location_rule_message_law_and_summary() -> None:
    code, out, _ = run_cli("check", "--select", "OL191", "--no-color", TRIP)
    lines = out.splitlines()
    assert code == 1
    assert (
        lines[0]
        == f"{TRIP}:7:5: error OL191 processor-dpa-missing Slack receives personal data (email, visited_pages) of people in DE without a data processing agreement (dpa is false). [DE]"
    )
    assert lines[1] == "    law: Regulation (EU) 2016/679 (GDPR) Art. 28(3) <https://eur-lex.europa.eu/eli/reg/2016/679/oj>"
    assert lines[-1] == "Found 1 error, 0 warnings, 0 infos in 1 campaign file."
    assert "\x1b[" not in out


def test_color_on_request() -> None:
    _, out, _ = run_cli("check", "--select", "OL191", "--color", TRIP)
    assert "\x1b[1;31merror\x1b[0m" in out


def test_quiet_prints_one_line_per_finding_and_the_summary() -> None:
    # issue 12: -q keeps the summary line (it used to drop it); -qq prints nothing
    _, out, _ = run_cli("check", "--select", "OL191", "--quiet", TRIP)
    assert out.count("\n") == 2 and out.startswith(TRIP)
    assert out.splitlines()[1] == "Found 1 error, 0 warnings, 0 infos in 1 campaign file."


def test_json_output_contract() -> None:
    _, out, _ = run_cli("check", "--select", "OL191", "--format", "json", TRIP)
    report = json.loads(out)
    assert report["version"] == "1"
    [finding] = report["findings"]
    assert set(finding) == {"code", "rule", "severity", "file", "line", "column", "path", "message", "fix", "citations", "countries"}
    assert finding["file"] == TRIP  # as given on the command line
    assert finding["path"] == "/processors/0/dpa"
    assert report["summary"] == {"files": 1, "errors": 1, "warnings": 0, "infos": 0, "suppressed": 0}


def test_output_binds_to_the_preceding_format(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code, out, _ = run_cli("check", "--select", "OL191", "--format", "json", "--output", str(target), "--format", "text", "--no-color", TRIP)
    assert code == 1
    assert json.loads(target.read_text())["summary"]["errors"] == 1
    assert out.startswith(f"{TRIP}:7:5: error OL191")


def test_broken_rule_pack_is_exit_2_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "X1.yaml").write_text("code: X1\nname: x-one\ntitle: t\nseverity: fatal\nmessage: m\nfix: f\ncitations: []\n", encoding="utf-8")
    code, out, err = run_cli("check", "--rules", str(tmp_path), TRIP)
    assert code == 2
    assert f"{tmp_path / 'X1.yaml'}:4: severity" in err
    assert "Traceback" not in err + out


def test_user_rule_pack_adds_rules(tmp_path: Path) -> None:
    (tmp_path / "ACME1.yaml").write_text(
        "code: ACME1\nname: owner-required\ntitle: Every campaign names its owner\nseverity: warning\n"
        "require: {required: [owner]}\nmessage: campaign {campaign} has no owner\nfix: add owner\n"
        "citations: [{law: Acme marketing policy, article: '§3', url: 'https://acme.example/policy'}]\n",
        encoding="utf-8",
    )
    code, out, _ = run_cli("check", "--rules", str(tmp_path), "--select", "ACME1", "--format", "json", TRIP)
    [finding] = json.loads(out)["findings"]
    assert (code, finding["code"], finding["line"], finding["message"]) == (
        0,
        "ACME1",
        1,
        "The campaign does not say `owner`, which this check needs: campaign visitor-alerts has no owner",
    )


def test_rules_and_explain() -> None:
    code, out, _ = run_cli("rules", "--format", "json")
    rules = {r["code"]: r for r in json.loads(out)["rules"]}
    assert code == 0 and rules["OL101"]["name"] == "cold-email-needs-consent"
    code, out, _ = run_cli("explain", "cold-email-needs-consent")
    assert code == 0
    assert "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:02002L0058-20091219" in out
    assert "Applies when the recipients include a country in ANTISPAM_OPT_IN" in out  # the anti-spam opt-in group (EEA, GB, CH)
    assert "It fires unless" in out
    assert run_cli("explain", "OL999")[0] == 2


@pytest.mark.parametrize("which", ["campaign", "rule"])
def test_schema_prints_valid_json_schema(which: str) -> None:
    import jsonschema

    code, out, _ = run_cli("schema", which)
    jsonschema.Draft202012Validator.check_schema(json.loads(out))
    assert code == 0


def test_real_subprocess_from_another_folder(tmp_path: Path) -> None:
    """The installed console script works from any folder, with the packaged rules."""
    exe = shutil.which("outreach-lint", path=os.path.dirname(sys.executable)) or shutil.which("outreach-lint")
    command = [exe] if exe else [sys.executable, "-m", "outreach_lint.cli"]
    shutil.copy(TRIP, tmp_path / "campaign.yaml")
    result = subprocess.run([*command, "check", "--select", "OL191", "campaign.yaml"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("campaign.yaml:7:5: error OL191 processor-dpa-missing")
    assert "Traceback" not in result.stderr


def test_version_does_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from outreach_lint.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('yaml', 'jsonschema', 'outreach_lint.check.campaign') if m in sys.modules]\n"
        "print('HEAVY:' + ','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.stdout.strip().splitlines()[-1] == "HEAVY:"
