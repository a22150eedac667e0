"""Baselines: keyed by file, rule and JSON pointer with counts; never hide another file's finding."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from outreach_lint.baseline import BaselineError, apply_baseline, load_baseline, match_baseline, write_baseline
from outreach_lint.findings import FileResult, Report

from .config.helpers import campaign
from .conftest import TODAY, run_cli
from .formats.sample import CONSENT, REPORT, SLACK, shifted


def roundtrip(report: Report, folder: Path) -> Path:
    path = folder / "baseline.json"
    write_baseline(report, path)
    return path


def test_written_baseline_is_versioned_sorted_json_without_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = roundtrip(REPORT, tmp_path)
    document = json.loads(path.read_text("utf-8"))
    assert (document["format"], document["version"]) == ("outreach-lint-baseline", 1)
    assert document["entries"][0] == {"file": "campaigns/q4.yaml", "code": "OL002", "rule": "unknown-field", "path": "/chanel", "count": 1}
    assert len(document["entries"]) == 5  # the suppressed finding is not baselined
    assert all("line" not in entry for entry in document["entries"])
    assert [p.name for p in tmp_path.iterdir()] == ["baseline.json"]  # no temporary file left behind


def test_baseline_hides_its_findings_even_after_lines_move(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    baseline = load_baseline(roundtrip(REPORT, tmp_path))
    assert apply_baseline(REPORT, baseline).findings == []
    assert apply_baseline(shifted(REPORT, 5), baseline).findings == []
    assert len(apply_baseline(REPORT, baseline).suppressed) == 1  # inline suppressions are untouched


def test_counts_hide_at_most_as_many_as_recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    one = Report((FileResult(CONSENT.file, (CONSENT,)),))
    baseline = load_baseline(roundtrip(one, tmp_path))
    twice = Report((FileResult(CONSENT.file, (CONSENT, replace(CONSENT, line=30))),))
    assert [f.line for f in apply_baseline(twice, baseline).findings] == [30]


def test_a_new_finding_in_another_file_is_never_hidden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    baseline = load_baseline(roundtrip(Report((FileResult(SLACK.file, (SLACK,)),)), tmp_path))
    twin = replace(SLACK, file="campaigns/other.yaml")  # same rule, same pointer, other file
    matched = match_baseline(Report((FileResult(SLACK.file, (SLACK,)), FileResult(twin.file, (twin,)))), baseline)
    assert matched.report.findings == [twin]
    assert (matched.hidden, matched.stale) == (1, {})


def test_stale_entries_are_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    baseline = load_baseline(roundtrip(REPORT, tmp_path))
    matched = match_baseline(Report(()), baseline)
    assert matched.hidden == 0 and sum(matched.stale.values()) == 5
    assert ("campaigns/q4.yaml", "OL191", "/processors/1/dpa") in matched.stale


def test_paths_are_relative_to_the_baseline_so_any_cwd_and_absolute_paths_match(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = roundtrip(Report((FileResult(SLACK.file, (SLACK,)),)), tmp_path)
    absolute = replace(SLACK, file=str(tmp_path / "campaigns" / "q4.yaml"))
    (tmp_path / "campaigns").mkdir()
    monkeypatch.chdir(tmp_path / "campaigns")
    from_inside = replace(SLACK, file="q4.yaml")
    baseline = load_baseline(path)
    assert apply_baseline(Report((FileResult(absolute.file, (absolute,)),)), baseline).findings == []
    assert apply_baseline(Report((FileResult(from_inside.file, (from_inside,)),)), baseline).findings == []
    assert apply_baseline(Report((FileResult("./campaigns/../campaigns/q4.yaml", (replace(SLACK, file="../campaigns/q4.yaml"),)),)), baseline).findings == []


def test_write_replaces_an_existing_baseline_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "baseline.json"
    path.write_text("old", encoding="utf-8")
    inode_before = os.stat(path).st_ino
    write_baseline(REPORT, path)
    assert json.loads(path.read_text("utf-8"))["version"] == 1
    assert os.stat(path).st_ino != inode_before  # a new file renamed over the old one, not rewritten in place


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{\n  "format": "outreach-lint-baseline",\n  oops\n}', "baseline.json:3: not a baseline file: invalid JSON"),
        ('{"format": "outreach-lint-baseline", "version": 2, "entries": []}', "baseline version 2 is not supported"),
        ('{"version": 1, "entries": []}', "not an outreach-lint baseline"),
        ('{"format": "outreach-lint-baseline", "version": 1, "entries": [{"code": "OL1"}]}', "entry 1 needs file, code, path and count"),
    ],
)
def test_bad_baselines_are_clear_errors(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BaselineError, match=expected):
        load_baseline(path)


def test_cli_write_then_check_against_the_baseline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    campaign(tmp_path / "campaigns" / "old.yaml")
    args = ("check", "--no-cache", "--today", TODAY, "--select", "OL191", "--format", "json")
    code, _, err = run_cli(*args, "--write-baseline", "baseline.json", "campaigns")
    assert code == 0 and "wrote 1 finding to the baseline baseline.json" in err
    code, out, err = run_cli(*args, "--baseline", "baseline.json", "campaigns")
    assert code == 0 and json.loads(out)["findings"] == []
    assert "1 finding hidden by the baseline baseline.json" in err
    # reformatting the old campaign does not bring its finding back; a new campaign's finding is reported
    campaign(tmp_path / "campaigns" / "old.yaml", prefix="# moved down by a comment\n\n")
    campaign(tmp_path / "campaigns" / "new.yaml")
    code, out, _ = run_cli(*args, "--baseline", "baseline.json", "campaigns")
    findings = json.loads(out)["findings"]
    assert code == 1
    assert [(f["file"], f["code"], f["line"]) for f in findings] == [("campaigns/new.yaml", "OL191", 9)]


def test_cli_missing_baseline_is_exit_2(tmp_path: Path) -> None:
    code, _, err = run_cli("check", "--baseline", str(tmp_path / "nope.json"), str(tmp_path))
    assert code == 2 and "cannot read the baseline" in err
