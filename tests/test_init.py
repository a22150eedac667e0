"""Issue 12 item 6: `outreach-lint init` scaffolds config, a first campaign, schemas and editor settings."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from outreach_lint.cli import main

from .conftest import TODAY


def _init(tmp_path: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["init", "--dir", str(tmp_path), *args], input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _check(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["check", "--no-cache", "--today", TODAY, "--format", "json", *args], catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)


def test_yes_writes_every_file_and_the_campaign_is_valid(tmp_path: Path) -> None:
    code, out, _ = _init(tmp_path, "--yes", "--name", "q4-dach", "--countries", "Germany, at, CH", "--sender", "Acme GmbH")
    assert code == 0
    for name in (
        ".outreach-lint.yaml",
        "campaigns/q4-dach.yaml",
        ".outreach-lint/campaign.schema.json",
        ".outreach-lint/config.schema.json",
        ".vscode/settings.json",
    ):
        assert (tmp_path / name).is_file(), name
        assert f"created {tmp_path / name}" in out
    text = (tmp_path / "campaigns" / "q4-dach.yaml").read_text(encoding="utf-8")
    assert "countries: [DE, AT, CH]" in text and 'name: "Acme GmbH"' in text
    # the campaign and the config pass the schema: no OL001/OL002 and no config error (exit 2)
    code, report = _check("--config", str(tmp_path / ".outreach-lint.yaml"), "--select", "OL0", str(tmp_path / "campaigns"))
    assert (code, report["findings"]) == (0, [])


def test_prompts_ask_the_questions(tmp_path: Path) -> None:
    answers = "\n".join(["newsletter", "email", "b2c", "France, BE", "consent", "Acme SAS", "news@acme.example"]) + "\n"
    code, out, _ = _init(tmp_path, stdin=answers)
    assert code == 0, out
    text = (tmp_path / "campaigns" / "newsletter.yaml").read_text(encoding="utf-8")
    assert "type: b2c" in text and "countries: [FR, BE]" in text and 'email: "news@acme.example"' in text


def test_a_bad_country_is_refused_with_yes(tmp_path: Path) -> None:
    code, _, err = _init(tmp_path, "--yes", "--countries", "Atlantis")
    assert code == 2 and "'Atlantis' is not an ISO country code" in err
    assert not (tmp_path / "campaigns").exists()


def test_from_an_export_header_prefills_the_contacts_file(tmp_path: Path) -> None:
    export = tmp_path / "exports" / "hubspot.csv"
    export.parent.mkdir()
    export.write_text("Email,First Name,Country,Consent Date,Lead Source\nj@example.com,Jo,DE,2026-01-01,form\n", encoding="utf-8")
    code, _, _ = _init(tmp_path, "--yes", "--from", str(export))
    assert code == 0
    text = (tmp_path / "campaigns" / "first-campaign.yaml").read_text(encoding="utf-8")
    assert 'contacts: "../exports/hubspot.csv"' in text
    assert "no column for consent_text_version, consent_channels, consent_controllers" in text
    assert "j@example.com" not in text  # only the header row is read


def test_existing_files_are_never_overwritten_without_force(tmp_path: Path) -> None:
    (tmp_path / ".outreach-lint.yaml").write_text("fail-on: warning\n", encoding="utf-8")
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "settings.json").write_text('{"editor.tabSize": 2}\n', encoding="utf-8")
    code, _, err = _init(tmp_path, "--yes")
    assert code == 0
    assert (tmp_path / ".outreach-lint.yaml").read_text(encoding="utf-8") == "fail-on: warning\n"
    assert (tmp_path / ".vscode" / "settings.json").read_text(encoding="utf-8") == '{"editor.tabSize": 2}\n'
    assert f"skipped {tmp_path / '.outreach-lint.yaml'} (it exists; --force overwrites)" in err
    _init(tmp_path, "--yes", "--force")
    assert "select: [ALL]" in (tmp_path / ".outreach-lint.yaml").read_text(encoding="utf-8")


def test_editor_mapping_and_modeline_reach_the_schema_from_sub_folders(tmp_path: Path) -> None:
    _init(tmp_path, "--yes", "--campaign-dir", "marketing/campaigns/2026")
    campaign = tmp_path / "marketing" / "campaigns" / "2026" / "first-campaign.yaml"
    modeline = re.match(r"# yaml-language-server: \$schema=(\S+)", campaign.read_text(encoding="utf-8"))
    assert modeline is not None
    assert (campaign.parent / modeline.group(1)).resolve() == (tmp_path / ".outreach-lint" / "campaign.schema.json").resolve()
    settings = json.loads((tmp_path / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    globs = settings["yaml.schemas"]["./.outreach-lint/campaign.schema.json"]
    assert "**/campaigns/**/*.yaml" in globs


def test_the_schema_has_an_https_id() -> None:
    result = CliRunner().invoke(main, ["schema", "campaign"])
    assert json.loads(result.stdout)["$id"].startswith("https://")


def test_from_a_hubspot_export_names_the_profile_and_reads_its_columns(tmp_path: Path) -> None:
    """The header goes through the contact column profiles, as `check` reads the list later."""
    export = tmp_path / "hubspot.csv"
    export.write_bytes(
        '\ufeff"Record ID","First Name","Email","Country/Region","Unsubscribed from all email"\r\n"101","Jo","jo@example.com","Germany","false"\r\n'.encode(
            "cp1252", "replace"
        ).replace(b"?", b"")
    )
    code, _, _ = _init(tmp_path, "--yes", "--from", str(export))
    assert code == 0
    text = (tmp_path / "campaigns" / "first-campaign.yaml").read_text(encoding="utf-8")
    assert "hubspot export" in text
    assert "its country column is checked against audience.countries" in text
    assert "no e-mail column" not in text
