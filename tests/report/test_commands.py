"""``outreach-lint report`` and ``verify-report`` end to end, with the real engine and rule pack."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest

from outreach_lint.report.manifest import extract

from ..conftest import TODAY, run_cli
from . import scenario


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the scenario campaign with its template, contacts and site."""
    root = tmp_path / "project"
    shutil.copytree(scenario.FIXTURE, root)
    return root


@pytest.fixture
def in_project(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(project)
    return project


def make_report(*extra: str) -> tuple[int, str, str]:
    return run_cli("report", "campaign.yaml", "--today", TODAY, "--output", "reviews/rb2b.html", *extra)


#: the scenario campaign is BLOCKED: signing it needs an explicit risk acceptance (issue 14 item 6)
RISK = ("--accept-risk", "launch approved by the board, LEGAL-12")


def reseal(page: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Edit a report's manifest the way outreach-lint itself would have written it (a new hash)."""
    from outreach_lint.report.manifest import seal, split_report

    body, manifest = split_report(page.read_text(encoding="utf-8"))
    manifest.pop("report_sha256")
    change(manifest)
    page.write_text(seal(body, manifest, "\n</main></body></html>\n"), encoding="utf-8")


def test_report_writes_a_blocked_page_and_exits_1(in_project: Path) -> None:
    (in_project / "reviews").mkdir()
    code, out, err = make_report()
    assert code == 1 and out == ""
    assert err.startswith("outreach-lint: wrote reviews/rb2b.html: BLOCKED (")
    page = (in_project / "reviews" / "rb2b.html").read_text()
    assert '<div class="verdict">BLOCKED' in page and "Not signed off." in page
    manifest = extract(page)
    assert manifest["paths_relative_to"] == "report" and manifest["sign_off"] is None
    assert [(i["path"], i["kind"]) for i in manifest["inputs"]] == [
        ("../campaign.yaml", "campaign"),
        ("../templates/cold-visitor.html", "template"),
        ("../lists/contacts.csv", "contacts"),
        ("../site/index.html", "site"),
    ]
    template = in_project / "templates" / "cold-visitor.html"
    assert manifest["inputs"][1]["sha256"] == hashlib.sha256(template.read_bytes()).hexdigest()
    assert "jane.doe@example.com" not in page and "max.mustermann" not in page


def test_report_exits_0_when_ready(in_project: Path) -> None:
    (in_project / "ok.yaml").write_text(
        "campaign: ok\nchannel: email\naudience: {type: b2b, countries: [US]}\n"
        "processors:\n  - {name: CRM, role: processor, country: US, dpa: true, data: [email]}\n"
    )
    code, out, err = run_cli("report", "ok.yaml", "--select", "OL191", "--today", TODAY)
    assert code == 0, err
    assert '<div class="verdict">READY' in out and "No problems found by the rules that apply." in out
    banner = out[: out.index("</header>")]
    assert re.search(r"0 suppressed · \d+ rules switched off · blocks at: error and above", banner)
    assert extract(out)["paths_relative_to"] == "cwd"


def test_sign_off_is_recorded(in_project: Path) -> None:
    (in_project / "reviews").mkdir()
    make_report("--sign-off", "Jane Roe, DPO", *RISK)
    manifest = extract((in_project / "reviews" / "rb2b.html").read_text())
    assert (manifest["sign_off"]["name"], manifest["sign_off"]["role"]) == ("Jane Roe", "DPO")
    assert manifest["sign_off"]["at"].endswith("Z")


def test_bad_sign_off_and_output_over_an_input_are_usage_errors(in_project: Path) -> None:
    code, _, err = run_cli("report", "campaign.yaml", "--sign-off", "Jane Roe")
    assert code == 2 and 'needs "name, role"' in err
    before = (in_project / "campaign.yaml").read_bytes()
    code, _, err = run_cli("report", "campaign.yaml", "--output", "templates/cold-visitor.html")
    assert code == 2 and "is one of the checked files" in err
    assert (in_project / "campaign.yaml").read_bytes() == before
    (in_project / "empty").mkdir()
    code, _, err = run_cli("report", "empty")
    assert (code, err) == (2, "outreach-lint: error: no campaign files found in empty\n")


def test_a_missing_campaign_is_a_blocked_report_not_a_crash(in_project: Path) -> None:
    code, out, _ = run_cli("report", "nothing-here.yaml", "--today", TODAY)
    assert code == 1
    assert "OL001 line 1: the file does not exist" in out
    assert extract(out)["inputs"] == [
        {"path": "nothing-here.yaml", "kind": "campaign", "campaign": "nothing-here.yaml", "sha256": None, "problem": "does not exist"}
    ]


def test_markdown_format(in_project: Path) -> None:
    code, out, _ = run_cli("report", "campaign.yaml", "--format", "markdown", "--today", TODAY)
    assert code == 1 and out.startswith("# BLOCKED: pre-launch review of rb2b-visitor-followup")
    assert extract(out)["verdict"] == "blocked"


def test_verify_report_passes_when_nothing_changed(in_project: Path) -> None:
    (in_project / "reviews").mkdir()
    make_report("--sign-off", "Jane Roe, DPO", *RISK)
    code, out, _ = run_cli("verify-report", "reviews/rb2b.html")
    assert code == 0
    assert (
        out
        == "reviews/rb2b.html: all 4 input files unchanged, signed off by Jane Roe (DPO) at "
        + extract((in_project / "reviews/rb2b.html").read_text())["sign_off"]["at"]
        + ", accepting the risk of a BLOCKED verdict: launch approved by the board, LEGAL-12\n"
    )


def test_verify_report_notes_a_changed_rule_pack_without_failing(in_project: Path) -> None:
    (in_project / "reviews").mkdir()
    make_report()
    page = in_project / "reviews" / "rb2b.html"
    version = extract(page.read_text())["rule_pack_version"]
    reseal(page, lambda manifest: manifest.update(rule_pack_version="0000old"))
    code, _, err = run_cli("verify-report", "reviews/rb2b.html")
    assert code == 0
    assert err == (
        f"reviews/rb2b.html: note: the built-in rule pack changed since the report (0000old -> {version}); "
        "run `outreach-lint report` again to see today's findings\n"
    )


def test_verify_report_catches_one_character_in_a_referenced_template(in_project: Path) -> None:
    (in_project / "reviews").mkdir()
    make_report()
    template = in_project / "templates" / "cold-visitor.html"
    text = template.read_text()
    template.write_text(text.replace("15 minutes", "16 minutes", 1))
    code, out, err = run_cli("verify-report", "reviews/rb2b.html")
    assert code == 1
    assert out == "reviews/rb2b.html: changed: ../templates/cold-visitor.html\n"
    assert "1 of 4 input files changed or missing" in err


def test_verify_report_names_every_changed_and_missing_file(in_project: Path) -> None:
    (in_project / "reviews").mkdir()
    make_report()
    (in_project / "lists" / "contacts.csv").unlink()
    with (in_project / "campaign.yaml").open("a") as handle:
        handle.write("\n")
    code, out, _ = run_cli("verify-report", "reviews/rb2b.html")
    assert code == 1
    assert out.splitlines() == ["reviews/rb2b.html: changed: ../campaign.yaml", "reviews/rb2b.html: missing: ../lists/contacts.csv"]


def test_verify_report_works_from_another_folder_and_another_checkout(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    (project / "reviews").mkdir()
    make_report()
    moved = tmp_path / "elsewhere" / "checkout"
    shutil.copytree(project, moved)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli("verify-report", str(moved / "reviews" / "rb2b.html"))
    assert code == 0, out


def test_verify_report_require_sign_off(in_project: Path) -> None:
    (in_project / "reviews").mkdir()
    make_report()
    code, out, _ = run_cli("verify-report", "reviews/rb2b.html", "--require-sign-off")
    assert code == 1 and out == "reviews/rb2b.html: no sign-off recorded\n"


def test_verify_report_on_stdout_report_resolves_from_the_cwd(in_project: Path) -> None:
    _, out, _ = run_cli("report", "campaign.yaml", "--today", TODAY)
    (in_project / "r.html").write_text(out)
    assert run_cli("verify-report", "r.html")[0] == 0
    (in_project / "site" / "index.html").write_text("<html></html>")
    code, out, _ = run_cli("verify-report", "r.html")
    assert (code, out) == (1, "r.html: changed: site/index.html\n")


def test_verify_report_exits_2_for_a_file_that_is_not_a_report(in_project: Path) -> None:
    code, _, err = run_cli("verify-report", "templates/cold-visitor.html")
    assert code == 2 and "not an outreach-lint report" in err
    code, _, err = run_cli("verify-report", "no-such-report.html")
    assert code == 2 and "cannot read" in err


def test_report_never_writes_the_checked_files(in_project: Path) -> None:
    before = {p: p.read_bytes() for p in in_project.rglob("*") if p.is_file()}
    run_cli("report", "campaign.yaml", "--today", TODAY, "-o", str(in_project / "out.html"))
    after = {p: p.read_bytes() for p in in_project.rglob("*") if p.is_file() and p.name != "out.html"}
    assert before == after
    assert os.path.exists(in_project / "out.html")


def test_unwritable_output_is_a_one_line_error(in_project: Path) -> None:
    code, _, err = run_cli("report", "campaign.yaml", "--output", "no/such/folder/r.html")
    assert (code, err) == (2, "outreach-lint: error: cannot write no/such/folder/r.html: No such file or directory\n")


def test_a_tampered_manifest_path_is_reported_not_a_crash(in_project: Path) -> None:
    (in_project / "reviews").mkdir()
    make_report()
    page = in_project / "reviews" / "rb2b.html"
    page.write_text(page.read_text().replace('"path": "../site/index.html"', '"path": "../site/\\u0000index.html"'))
    code, out, _ = run_cli("verify-report", "reviews/rb2b.html")
    assert (code, out) == (
        1,
        "reviews/rb2b.html: the report was edited after outreach-lint wrote it (its content hash does not match): "
        "verdict, findings, inputs and sign-off cannot be trusted\n"
        "reviews/rb2b.html: missing: ../site/\\x00index.html\n",
    )


def test_a_markdown_report_verifies_too(in_project: Path) -> None:
    code, _, err = run_cli("report", "campaign.yaml", "--format", "markdown", "--today", TODAY, "-o", "review.md", "--sign-off", "Jane Roe, DPO", *RISK)
    assert code == 1, err
    assert run_cli("verify-report", "review.md")[0] == 0
    (in_project / "lists" / "contacts.csv").write_text("email,first_name,country,consent_at\n")
    assert run_cli("verify-report", "review.md")[:2] == (1, "review.md: changed: lists/contacts.csv\n")


def test_the_project_config_applies_as_it_does_for_check(in_project: Path) -> None:
    # OL191 applies where GDPR, UK GDPR or the FADP does (legal-notes §0.1): the campaign states German recipients
    (in_project / "slack.yaml").write_text(
        "campaign: slack-alerts\naudience: {countries: [DE]}\nprocessors:\n  - {name: Slack, role: processor, country: US, dpa: false, data: [email]}\n"
    )
    before = run_cli("report", "slack.yaml", "--today", TODAY)[1]
    assert "<b>OL191</b> Personal data goes to a processor without a data processing agreement" in before
    (in_project / ".outreach-lint.yaml").write_text("ignore: [OL191]\nfail-on: warning\n")
    code, out, _ = run_cli("report", "slack.yaml", "--today", TODAY)
    check_code = run_cli("check", "slack.yaml", "--today", TODAY)[0]
    assert code == check_code
    assert "<b>OL191</b>" not in out
    assert "<p class=small>Switched off: OL191</p>" in out
    assert "blocks at: warning and above" in out
    assert extract(out)["fail_on"] == "warning"


@pytest.mark.parametrize("forged", [[1, 2], "yes", {"name": "Dana"}, {"name": "", "role": "DPO", "at": "2026-11-23T10:00:00Z"}])
def test_verify_report_refuses_a_hand_edited_sign_off(in_project: Path, forged: object) -> None:
    import json

    from outreach_lint.report.manifest import embed

    (in_project / "reviews").mkdir()
    make_report()
    page = in_project / "reviews" / "rb2b.html"
    text = page.read_text(encoding="utf-8")
    manifest = extract(text)
    manifest["sign_off"] = forged
    start = text.index('<script type="application/json" id="outreach-lint-manifest">')
    end = text.index("</script>", start) + len("</script>")
    page.write_text(text[:start] + embed(json.loads(json.dumps(manifest))) + text[end:], encoding="utf-8")
    code, out, _ = run_cli("verify-report", "reviews/rb2b.html", "--require-sign-off")
    assert code == 1
    assert out == (
        "reviews/rb2b.html: the report was edited after outreach-lint wrote it (its content hash does not match): "
        "verdict, findings, inputs and sign-off cannot be trusted\n"
        "reviews/rb2b.html: the recorded sign-off is malformed (edited by hand?)\nreviews/rb2b.html: no sign-off recorded\n"
    )
