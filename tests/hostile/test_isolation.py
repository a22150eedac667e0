"""One bad file, one broken rule, one odd path: a finding for it, and every other file still checked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from outreach_lint.check import document, evaluate
from outreach_lint.loader import Limits

from ..conftest import FIXTURES, check_json, deny_open

TRIP = FIXTURES / "rules" / "OL191" / "trip-slack-without-dpa.yaml"
GOOD = TRIP.read_text(encoding="utf-8")  # a campaign with one OL191 at 7:5


def codes(report: dict, name: str) -> list[tuple[str, int]]:
    return [(f["code"], f["line"]) for f in report["findings"] if Path(f["file"]).name == name]


def message(report: dict, name: str) -> str:
    """The one finding's message for file `name` (findings are sorted by path, so never index them)."""
    [only] = [f["message"] for f in report["findings"] if Path(f["file"]).name == name]
    return only


def test_an_internal_error_in_one_rule_is_ol000_for_that_rule_and_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD, encoding="utf-8")
    real = evaluate.evaluate_in_scope  # each applicable rule (or each of its checks) goes through it

    def broken(rule, document, *args):  # type: ignore[no-untyped-def]
        if rule.code == "OL191" and document.get("campaign") == "visitor-alerts" and broken.calls == 0:
            broken.calls += 1
            raise KeyError("boom")
        return real(rule, document, *args)

    broken.calls = 0  # type: ignore[attr-defined]
    monkeypatch.setattr(evaluate, "evaluate_in_scope", broken)
    code, report = check_json("--no-cache", "--jobs", "1", "--select", "OL0,OL191", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"))
    assert code == 1
    [internal] = [f for f in report["findings"] if f["code"] == "OL000"]
    assert Path(internal["file"]).name == "a.yaml"
    assert "OL191 processor-dpa-missing" in internal["message"] and "KeyError" in internal["message"]
    assert "please report it" in internal["message"]
    assert codes(report, "b.yaml") == [("OL191", 7)]  # the same rule still runs on the next file


def test_an_internal_error_in_one_file_does_not_stop_the_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.yaml").write_text(GOOD.replace("visitor-alerts", "explodes"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD, encoding="utf-8")
    real = document.normalise

    def broken(campaign, *args):  # type: ignore[no-untyped-def]
        if campaign.get("campaign") == "explodes":
            raise RecursionError("maximum recursion depth exceeded")
        return real(campaign, *args)

    monkeypatch.setattr(document, "normalise", broken)
    code, report = check_json("--no-cache", "--jobs", "1", "--select", "OL0,OL191", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"))
    assert code == 1
    assert codes(report, "a.yaml") == [("OL000", 1)]
    assert "please report it" in message(report, "a.yaml")
    assert codes(report, "b.yaml") == [("OL191", 7)]
    assert report["summary"]["files"] == 2


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_an_unreadable_file_is_a_finding(tmp_path: Path) -> None:
    locked = tmp_path / "locked.yaml"
    locked.write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    try:
        _, report = check_json("--no-cache", "--select", "OL0,OL191", str(locked), str(TRIP))
    finally:
        locked.chmod(0o644)
    assert codes(report, "locked.yaml") == [("OL001", 1)]
    assert "cannot be read" in message(report, "locked.yaml")
    assert codes(report, TRIP.name) == [("OL191", 7)]


def test_a_file_that_fails_to_open_is_a_finding_even_for_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same refusal when permissions only bite at open() (root, ACLs, network file systems)."""
    locked = tmp_path / "locked.yaml"
    locked.write_text(GOOD, encoding="utf-8")
    deny_open(monkeypatch, "locked.yaml")
    _, report = check_json("--no-cache", "--select", "OL0,OL191", str(locked), str(TRIP))
    assert codes(report, "locked.yaml") == [("OL001", 1)]
    assert "cannot be read (Permission denied)" in message(report, "locked.yaml")
    assert codes(report, TRIP.name) == [("OL191", 7)]


def test_symlink_loop_and_fifo_named_on_the_command_line_are_findings_and_nothing_blocks(tmp_path: Path) -> None:
    os.symlink("loop-b.yaml", tmp_path / "loop-a.yaml")
    os.symlink("loop-a.yaml", tmp_path / "loop-b.yaml")
    os.mkfifo(tmp_path / "pipe.yaml")  # opening it for reading would wait for a writer forever
    _, report = check_json("--no-cache", "--select", "OL0,OL191", str(tmp_path / "loop-a.yaml"), str(tmp_path / "pipe.yaml"), str(TRIP))
    messages = {Path(f["file"]).name: f["message"] for f in report["findings"]}
    assert "symlink loop" in messages["loop-a.yaml"]
    assert "not a regular file" in messages["pipe.yaml"]
    assert codes(report, TRIP.name) == [("OL191", 7)]


def test_staged_files_that_are_not_campaigns_are_skipped_even_when_they_cannot_be_loaded(tmp_path: Path) -> None:
    """--only-campaigns (pre-commit) and folder searches skip what was never meant to be a campaign."""
    (tmp_path / "logo.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (tmp_path / "empty.yaml").write_bytes(b"")
    big = "openapi: 3.1.0\npaths:\n" + "".join(f"  /p{i}: {{get: {{summary: s}}}}\n" for i in range(80_000))
    (tmp_path / "openapi.yaml").write_text(big, encoding="utf-8")
    assert len(big) > Limits().max_file_bytes
    (tmp_path / "big-campaign.yaml").write_text(GOOD + "# padding\n" * 250_000, encoding="utf-8")
    (tmp_path / "latin1.yaml").write_bytes("campaign: café\n".encode("latin-1"))
    named = [str(tmp_path / n) for n in ("logo.yaml", "empty.yaml", "openapi.yaml", "big-campaign.yaml", "latin1.yaml")]
    for args in (["--only-campaigns", *named], [str(tmp_path)]):
        _, report = check_json("--no-cache", "--select", "OL0", *args)
        found = sorted((Path(f["file"]).name, f["code"]) for f in report["findings"])
        assert found == [("big-campaign.yaml", "OL001"), ("latin1.yaml", "OL001")], args
    _, named_report = check_json("--no-cache", "--select", "OL0", *named)
    assert sorted(Path(f["file"]).name for f in named_report["findings"]) == ["big-campaign.yaml", "empty.yaml", "latin1.yaml", "logo.yaml", "openapi.yaml"]


def test_a_broken_suppression_list_is_reported_as_the_suppression_list(tmp_path: Path) -> None:
    """It is read by the contacts reader, and its problems used to be reported as the contacts file's."""
    (tmp_path / "contacts.csv").write_text("email,consent\nj@example.com,yes\n", encoding="utf-8")
    (tmp_path / "suppressed.csv").write_bytes("email\nx@example.com\n".encode("utf-32"))
    (tmp_path / "mail.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "c.yaml").write_text(
        "campaign: c\nchannel: email\naudience:\n  type: b2b\n  countries: [US]\n  contacts: contacts.csv\n"
        "  suppression_list: suppressed.csv\nsteps:\n  - template: mail.html\n",
        encoding="utf-8",
    )
    # issue 12: files that exist but cannot be decoded are OL008 referenced-file-unreadable, not OL003
    _, report = check_json("--no-cache", "--select", "OL003,OL008", str(tmp_path / "c.yaml"))
    assert [(f["code"], f["path"], f["message"]) for f in report["findings"]] == [
        ("OL008", "/audience/suppression_list", "suppression list 'suppressed.csv' is UTF-32, which is not supported; save it as UTF-8"),
        ("OL008", "/steps/0/template", "template 'mail.html' cannot be decoded: binary file (contains NUL bytes), not a text file"),
    ]
