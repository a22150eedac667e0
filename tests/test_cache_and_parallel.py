"""The cache and the worker pool may make a run faster, never different."""

from __future__ import annotations

import shutil
from pathlib import Path

from outreach_lint import engine
from outreach_lint.engine import CheckOptions, check_paths

from .conftest import FIXTURES, TODAY, run_cli

import datetime as dt

OPTIONS = CheckOptions(today=dt.date.fromisoformat(TODAY))


def _corpus(tmp_path: Path, copies: int) -> Path:
    for index in range(copies):
        for source in sorted((FIXTURES / "rules").glob("*/*.yaml")) + sorted((FIXTURES / "engine").glob("*.yaml")):
            shutil.copy(source, tmp_path / f"{index:03d}-{source.parent.name}-{source.name}")
    return tmp_path


def _as_data(report) -> list:
    return [(r.file, r.is_campaign, [f.as_dict() for f in r.findings], [f.suppressed for f in r.findings]) for r in report.results]


def test_parallel_and_serial_reports_are_identical(tmp_path: Path, monkeypatch) -> None:
    corpus = _corpus(tmp_path, 4)
    monkeypatch.setattr(engine, "PARALLEL_MIN_FILES", 2)
    serial = check_paths([str(corpus)], OPTIONS, jobs=1)
    parallel = check_paths([str(corpus)], OPTIONS, jobs=2)
    assert len(serial.results) > 20
    assert _as_data(serial) == _as_data(parallel)


def test_cached_and_uncached_runs_give_the_same_report(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, 1)
    fresh = check_paths([str(corpus)], CheckOptions(today=OPTIONS.today, use_cache=False), jobs=1)
    first = check_paths([str(corpus)], OPTIONS, jobs=1)
    warm = check_paths([str(corpus)], OPTIONS, jobs=1)
    assert _as_data(fresh) == _as_data(first) == _as_data(warm)


def test_cache_notices_a_changed_referenced_file(tmp_path: Path) -> None:
    campaign = tmp_path / "c.yaml"
    campaign.write_text("campaign: x\ndpia: dpia.md\n", encoding="utf-8")
    args = ("check", "--select", "OL003", "--format", "json", str(campaign))
    assert run_cli(*args)[0] == 1  # DPIA missing
    (tmp_path / "dpia.md").write_text("# DPIA", encoding="utf-8")
    assert run_cli(*args)[0] == 0  # the same campaign bytes, but the reference changed
    (tmp_path / "dpia.md").write_text("", encoding="utf-8")
    assert run_cli(*args)[0] == 1  # empty again


def test_no_cache_flag(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, 1)
    cached = run_cli("check", "--format", "json", "--today", TODAY, str(corpus))
    uncached = run_cli("check", "--format", "json", "--today", TODAY, "--no-cache", str(corpus))
    assert cached == uncached
