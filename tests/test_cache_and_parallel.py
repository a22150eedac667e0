"""The cache and the worker pool may make a run faster, never different."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path

from outreach_lint.check.options import CheckOptions
from outreach_lint.run import files, pool
from outreach_lint.run.files import check_paths

from .conftest import FIXTURES, TODAY, run_cli

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
    monkeypatch.setattr(pool, "PARALLEL_MIN_FILES", 2)
    serial = check_paths([str(corpus)], replace(OPTIONS, jobs=1))
    parallel = check_paths([str(corpus)], replace(OPTIONS, jobs=2))
    assert len(serial.results) > 20
    assert _as_data(serial) == _as_data(parallel)


def test_cached_and_uncached_runs_give_the_same_report(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, 1)
    fresh = check_paths([str(corpus)], CheckOptions(today=OPTIONS.today, use_cache=False, jobs=1))
    first = check_paths([str(corpus)], replace(OPTIONS, jobs=1))
    warm = check_paths([str(corpus)], replace(OPTIONS, jobs=1))
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


def _codes(report) -> list[str]:
    return sorted(f.code for r in report.results for f in r.findings)


def test_a_shared_template_read_once_is_read_again_when_it_changes(tmp_path: Path) -> None:
    """Readers remember a shared file by its stat within a process; an edit must still count."""
    from outreach_lint.facts import collect

    shutil.copytree(Path(__file__).resolve().parents[1] / "examples", tmp_path / "examples")
    campaign = tmp_path / "examples" / "newsletter-consent.yaml"
    twin = campaign.with_name("twin.yaml")
    twin.write_bytes(campaign.read_bytes())  # two campaigns, one template
    options = CheckOptions(today=OPTIONS.today, use_cache=False, jobs=1)
    before = check_paths([str(campaign), str(twin)], options)
    template = tmp_path / "examples" / "templates" / "newsletter.html"
    template.write_text(template.read_text(encoding="utf-8").replace('<a href="{{ unsubscribe_url }}">Newsletter abbestellen</a>', ""), encoding="utf-8")
    after = check_paths([str(campaign), str(twin)], options)
    collect.clear_memo()
    fresh = check_paths([str(campaign), str(twin)], options)
    assert _codes(before) != _codes(after)
    assert _as_data(after) == _as_data(fresh)
    assert _as_data(after)[0][2] == [dict(f, file=str(campaign)) for f in _as_data(after)[1][2]]


def _copy_inputs(tmp_path: Path) -> Path:
    """Every fixture and example, with the files they refer to, in a folder of their own."""
    root = Path(__file__).resolve().parents[1]
    shutil.copytree(root / "fixtures", tmp_path / "inputs" / "fixtures")
    shutil.copytree(root / "examples", tmp_path / "inputs" / "examples")
    return tmp_path / "inputs"


def test_cache_and_workers_never_change_the_json_report(tmp_path: Path, monkeypatch) -> None:
    inputs = _copy_inputs(tmp_path)
    monkeypatch.setenv("OUTREACH_LINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(pool, "PARALLEL_MIN_FILES", 2)
    args = ("check", "--format", "json", "--today", TODAY, str(inputs))
    plain = run_cli(*args, "--no-cache", "--jobs", "1")
    assert plain[0] == 1 and '"code": "OL1' in plain[1]  # findings of many rules
    cold_parallel = run_cli(*args, "--jobs", "2")
    assert any((tmp_path / "cache").rglob("*.json"))
    checked = files.check_file

    def refuse(ctx, file, explicit=True):  # a warm run must not check anything again
        raise AssertionError(f"checked {file} although its result is cached")

    monkeypatch.setattr(files, "check_file", refuse)
    warm_serial = run_cli(*args, "--jobs", "1")
    warm_parallel = run_cli(*args, "--jobs", "2")
    monkeypatch.setattr(files, "check_file", checked)
    uncached_parallel = run_cli(*args, "--no-cache", "--jobs", "2")
    assert plain == cold_parallel == warm_serial == warm_parallel == uncached_parallel


def test_cache_follows_edits_of_the_campaign_and_its_template(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("OUTREACH_LINT_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copytree(Path(__file__).resolve().parents[1] / "examples", tmp_path / "examples")
    campaign = tmp_path / "examples" / "newsletter-consent.yaml"
    args = ("check", "--format", "json", "--today", TODAY, str(campaign))
    first = run_cli(*args)
    assert run_cli(*args) == first
    text = campaign.read_text(encoding="utf-8")
    campaign.write_text(text, encoding="utf-8")  # touched, same bytes: still a cache hit, same report
    assert run_cli(*args) == first
    campaign.write_text(text + "unknown_field: 1\n", encoding="utf-8")
    edited = run_cli(*args)
    assert edited != first and "OL002" in edited[1]
    assert edited == run_cli(*args, "--no-cache")
    campaign.write_text(text, encoding="utf-8")
    assert run_cli(*args) == first  # cached again under the original content
    template = tmp_path / "examples" / "templates" / "newsletter.html"
    template.write_text(template.read_text(encoding="utf-8").replace('<a href="{{ unsubscribe_url }}">Newsletter abbestellen</a>', ""), encoding="utf-8")
    edited = run_cli(*args)
    assert edited != first
    assert edited == run_cli(*args, "--no-cache")


def test_old_cache_entries_are_pruned_and_nothing_else(tmp_path: Path, monkeypatch) -> None:
    import os

    from outreach_lint import cache

    root = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_DIR, str(root))
    cache.write("results", "ab" + "0" * 62, {"old": True})
    cache.write("results", "cd" + "1" * 62, {"new": True})
    old = root / "results" / "ab" / ("ab" + "0" * 62 + ".json")
    new = root / "results" / "cd" / ("cd" + "1" * 62 + ".json")
    foreign = root / "results" / "ab" / "notes.txt"
    foreign.write_text("not ours", encoding="utf-8")
    now = old.stat().st_mtime
    month_ago = now - cache.MAX_AGE_SECONDS - 60
    os.utime(old, (month_ago, month_ago))
    os.utime(foreign, (month_ago, month_ago))

    assert cache.prune(now) == 1
    assert not old.exists() and new.exists() and foreign.exists()
    os.utime(new, (month_ago, month_ago))
    assert cache.prune(now + 60) == 0  # at most once a day
    assert cache.prune(now + 25 * 3600) == 1 and not new.exists()


def test_a_result_cached_by_other_code_is_not_reused(tmp_path: Path, monkeypatch) -> None:
    """Same version, different code (an editable install after a pull): check again."""
    from outreach_lint import cache

    monkeypatch.setenv("OUTREACH_LINT_CACHE_DIR", str(tmp_path / "cache"))
    campaign = FIXTURES / "rules" / "OL191" / "trip-slack-without-dpa.yaml"
    args = ("check", "--format", "json", "--today", TODAY, str(campaign))
    first = run_cli(*args)
    calls: list[str] = []
    checked = files.check_file

    def counting(ctx, file, explicit=True):  # type: ignore[no-untyped-def]
        calls.append(file)
        return checked(ctx, file, explicit)

    monkeypatch.setattr(files, "check_file", counting)
    assert run_cli(*args) == first and calls == []  # same code: the cached result
    monkeypatch.setattr(cache, "_code_fingerprint", "another build of the same version")
    assert run_cli(*args) == first and len(calls) == 1  # other code: checked again


def test_the_code_fingerprint_follows_every_module(tmp_path: Path, monkeypatch) -> None:
    import os

    from outreach_lint import cache

    package = tmp_path / "pkg"
    (package / "facts").mkdir(parents=True)
    (package / "cache.py").write_text("# cache\n", encoding="utf-8")
    (package / "facts" / "templates.py").write_text("# templates\n", encoding="utf-8")
    monkeypatch.setattr(cache, "__file__", str(package / "cache.py"))

    def fingerprint() -> str:
        monkeypatch.setattr(cache, "_code_fingerprint", None)
        return cache.code_fingerprint()

    before = fingerprint()
    assert fingerprint() == before
    later = (package / "facts" / "templates.py").stat().st_mtime + 5
    os.utime(package / "facts" / "templates.py", (later, later))
    assert fingerprint() != before


def test_the_rules_checked_on_a_file_survive_the_cache_and_the_workers(tmp_path: Path, monkeypatch) -> None:
    """JUnit lists every rule checked on a campaign: that list comes back from a cached result too."""
    inputs = _copy_inputs(tmp_path)
    monkeypatch.setenv("OUTREACH_LINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(pool, "PARALLEL_MIN_FILES", 2)
    args = ("check", "--format", "junit", "--today", TODAY, str(inputs / "examples"))
    plain = run_cli(*args, "--no-cache", "--jobs", "1")
    assert plain[1].count("<testcase ") > 100
    assert run_cli(*args, "--jobs", "2") == plain  # cold: checked in workers, written to the cache
    assert run_cli(*args, "--jobs", "1") == plain  # warm: every result from the cache


def test_jobs_1_means_no_pool_and_the_in_process_path_keeps_the_findings_it_made(tmp_path: Path, monkeypatch) -> None:
    """--jobs 1: no worker pool whatever the number of files, and no compact/expand round trip
    without a cache (results cross no process boundary and go to no cache)."""
    from outreach_lint.run import compact

    corpus = _corpus(tmp_path, 2)
    monkeypatch.setattr(pool, "PARALLEL_MIN_FILES", 2)

    def no_pool(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a worker pool was started with --jobs 1")

    def no_round_trip(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("findings were flattened to tuples and rebuilt in one process")

    monkeypatch.setattr(pool, "imap", no_pool)
    monkeypatch.setattr(compact.ResultCodec, "compact", no_round_trip)
    monkeypatch.setattr(compact.ResultCodec, "expand", no_round_trip)
    report = check_paths([str(corpus)], CheckOptions(today=OPTIONS.today, use_cache=False, jobs=1))
    assert len(report.results) > 20 and report.findings


def test_jobs_reaches_the_options_every_file_is_checked_with(tmp_path: Path, monkeypatch) -> None:
    """--jobs is in CheckOptions (the contact-list reader takes its thread budget from there)."""
    seen: list[int | None] = []
    checked = files.check_file

    def spy(ctx, file, explicit=True):  # type: ignore[no-untyped-def]
        seen.append(ctx.options.jobs)
        return checked(ctx, file, explicit)

    monkeypatch.setattr(files, "check_file", spy)
    campaign = FIXTURES / "rules" / "OL191" / "trip-slack-without-dpa.yaml"
    assert run_cli("check", "--no-cache", "--jobs", "1", "--today", TODAY, str(campaign))[0] == 1
    assert seen == [1]
