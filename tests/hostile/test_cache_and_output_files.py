"""A cache no one else can poison, and output files written whole, never through a planted link.

The hostile side here is another user of the machine (a shared CI runner, a shared cache
folder) or a pull request that commits symbolic links where CI writes its reports.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import time
from pathlib import Path

import pytest

from ..conftest import FIXTURES, TODAY, run_cli

TRIP = (FIXTURES / "rules" / "OL191" / "trip-slack-without-dpa.yaml").read_text("utf-8")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("OUTREACH_LINT_CACHE_DIR", str(folder))
    import outreach_lint.cache as module

    monkeypatch.setattr(module, "_keys", {})
    return folder


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    (project / "c.yaml").write_text(TRIP, encoding="utf-8")
    return project


def _findings(project: Path, *extra: str) -> tuple[int, list[tuple[str, int, str]], str]:
    code, out, err = run_cli("check", "--today", TODAY, "--format", "json", *extra, str(project / "c.yaml"))
    assert "Traceback" not in err
    report = json.loads(out)
    return code, sorted((f["code"], f["line"], f["severity"]) for f in report["findings"]), err


def _shards(cache: Path) -> list[Path]:
    return sorted(p for p in (cache / "results").rglob("*.json") if p.is_file())


FORGED_PASS = {"format": 3, "strings": [], "files": {}}


@pytest.mark.parametrize("tamper", ["edit-payload", "forged-unauthenticated", "garbage", "empty", "deep-json", "swap-mac"])
def test_a_tampered_result_is_ignored_and_the_file_checked_again(tmp_path: Path, cache: Path, tamper: str) -> None:
    project = _project(tmp_path)
    expected = _findings(project, "--no-cache")
    assert _findings(project) == expected  # writes the cache
    [shard] = _shards(cache)
    mac, _, payload = shard.read_bytes().partition(b"\n")
    document = json.loads(payload)
    if tamper == "edit-payload":  # the campaign "passes": no findings, same MAC line
        for entry in document["files"].values():
            entry[5] = []
        shard.write_bytes(mac + b"\n" + json.dumps(document).encode())
    elif tamper == "forged-unauthenticated":
        forged = dict(FORGED_PASS, files={k: [*v[:5], [], v[6]] for k, v in document["files"].items()})
        shard.write_text(json.dumps(forged), encoding="utf-8")
    elif tamper == "garbage":
        shard.write_bytes(b"\xff\xfe\x00garbage\n{]")
    elif tamper == "empty":
        shard.write_bytes(b"")
    elif tamper == "deep-json":
        shard.write_bytes(mac + b"\n" + b"[" * 100_000 + b"]" * 100_000)
    else:  # a valid MAC for another entry
        shard.write_bytes(b"0" * 64 + b"\n" + payload)
    assert _findings(project) == expected


def test_a_cache_entry_replaced_by_a_fifo_or_a_device_link_does_not_hang(tmp_path: Path, cache: Path) -> None:
    project = _project(tmp_path)
    expected = _findings(project, "--no-cache")
    _findings(project)
    [shard] = _shards(cache)
    shard.unlink()
    os.mkfifo(shard)
    assert _findings(project) == expected
    shard.unlink()
    shard.symlink_to("/dev/zero")
    assert _findings(project) == expected


def test_a_key_file_others_could_have_written_disables_the_cache(tmp_path: Path, cache: Path) -> None:
    project = _project(tmp_path)
    expected = _findings(project, "--no-cache")
    _findings(project)
    key = cache / ".key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    key.chmod(0o644)  # e.g. replaced by someone who then knows it
    import outreach_lint.cache as module

    module._keys.clear()
    for shard in _shards(cache):
        shard.unlink()
    assert _findings(project) == expected
    assert _shards(cache) == []  # nothing written with a key that is not private


def test_a_cache_folder_others_can_write_is_not_used(tmp_path: Path, cache: Path) -> None:
    cache.mkdir(mode=0o700)
    cache.chmod(0o777)
    project = _project(tmp_path)
    expected = _findings(project, "--no-cache")
    assert _findings(project) == expected
    assert not (cache / ".key").exists() and not (cache / "results").exists()


def test_pruning_never_follows_symbolic_links(tmp_path: Path, cache: Path) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    precious = [victim / "keep.json", victim / "also.tmp"]
    old = time.time() - 90 * 24 * 3600
    for path in precious:
        path.write_text("{}", encoding="utf-8")
        os.utime(path, (old, old))
    (cache / "results" / "ab").mkdir(parents=True, mode=0o700)
    cache.chmod(0o700)
    (cache / "results" / "zz").symlink_to(victim, target_is_directory=True)  # a folder link
    (cache / "results" / "ab" / "link.json").symlink_to(precious[0])  # a file link
    (cache / "evil").symlink_to(victim, target_is_directory=True)  # a kind link
    stale = cache / "results" / "ab" / "old.json"
    stale.write_text("{}", encoding="utf-8")
    os.utime(stale, (old, old))
    project = _project(tmp_path)
    _findings(project)  # writes a shard, then prunes
    assert all(path.exists() for path in precious)
    assert (cache / "results" / "ab" / "link.json").is_symlink()
    assert not stale.exists()  # real old entries are still pruned


# -- output files -------------------------------------------------------------------------------


def _in(folder: Path, *args: str) -> tuple[int, str, str]:
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        return run_cli(*args)
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize(
    "command",
    [
        ("check", "--no-cache", "--today", TODAY, "--format", "sarif", "--output", "{out}", "c.yaml"),
        ("check", "--no-cache", "--today", TODAY, "--format", "json", "--output", "{out}", "--format", "text", "c.yaml"),
        ("report", "--today", TODAY, "-o", "{out}", "c.yaml"),
        ("check", "--no-cache", "--today", TODAY, "--write-baseline", "{out}", "c.yaml"),
    ],
)
@pytest.mark.parametrize("link", ["file", "folder"])
def test_output_through_a_link_leading_outside_is_refused(tmp_path: Path, command: tuple[str, ...], link: str) -> None:
    project = _project(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "authorized_keys"
    victim.write_text("ssh-ed25519 AAAA precious\n", encoding="utf-8")
    if link == "file":
        (project / "report.out").symlink_to(victim)
        out = "report.out"
    else:
        (project / "out").symlink_to(outside, target_is_directory=True)
        out = "out/authorized_keys"
    code, _, err = _in(project, *[part.format(out=out) for part in command])
    assert code == 2, err
    assert "symbolic link that points outside the working folder" in err
    assert victim.read_text("utf-8") == "ssh-ed25519 AAAA precious\n"
    assert sorted(p.name for p in outside.iterdir()) == ["authorized_keys"]


def test_a_link_inside_the_working_folder_is_written_through(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "reports").mkdir()
    (project / "latest.sarif").symlink_to(project / "reports" / "q4.sarif")
    code, _, err = _in(project, "check", "--no-cache", "--today", TODAY, "--format", "sarif", "--output", "latest.sarif", "c.yaml")
    assert code == 1, err
    assert json.loads((project / "reports" / "q4.sarif").read_text("utf-8"))["version"] == "2.1.0"
    assert (project / "latest.sarif").is_symlink()


class _FullDisk:
    """A file whose writes fail as on a full disk."""

    def __init__(self, handle) -> None:  # type: ignore[no-untyped-def]
        self.handle = handle

    def write(self, data) -> int:  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name):  # type: ignore[no-untyped-def]
        return getattr(self.handle, name)

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self

    def __exit__(self, *exc) -> None:  # type: ignore[no-untyped-def]
        self.handle.close()


@pytest.mark.parametrize(
    "command",
    [
        ("check", "--today", TODAY, "--format", "sarif", "--output", "out.sarif", "c.yaml"),
        ("report", "--today", TODAY, "-o", "out.sarif", "c.yaml"),
        ("check", "--today", TODAY, "--write-baseline", "out.sarif", "c.yaml"),
    ],
)
def test_a_full_disk_leaves_the_old_file_and_no_temporary_file(tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]) -> None:
    project = _project(tmp_path)
    (project / "out.sarif").write_text("old report\n", encoding="utf-8")
    real = os.fdopen

    def full(fd, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        handle = real(fd, mode, *args, **kwargs)
        return _FullDisk(handle) if "w" in mode else handle

    monkeypatch.setattr(os, "fdopen", full)
    code, _, err = _in(project, *command)
    monkeypatch.undo()
    assert code == 2, err
    assert "No space left on device" in err and "Traceback" not in err
    assert (project / "out.sarif").read_text("utf-8") == "old report\n"
    assert sorted(p.name for p in project.iterdir()) == ["c.yaml", "out.sarif"]
    leftovers = list(cache.rglob("*.tmp")) if cache.exists() else []
    assert leftovers == []  # the cache's own writes failed too, and cleaned up
