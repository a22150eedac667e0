"""The checked tree is never written to, and nothing ever touches the network."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
from pathlib import Path
from typing import Any

import pytest

from ..conftest import FIXTURES, ROOT, TODAY, run_cli

EXAMPLES = ROOT / "examples"


def snapshot(tree: Path) -> dict[str, Any]:
    """Every file and folder under ``tree``: kind, listing, size, mtime and content hash."""
    state: dict[str, Any] = {}
    for folder, dirs, files in os.walk(tree):
        info = os.stat(folder)
        state[os.path.relpath(folder, tree) + "/"] = (sorted(dirs), sorted(files), info.st_mtime_ns, info.st_mode)
        for name in files:
            path = os.path.join(folder, name)
            info = os.lstat(path)
            content = os.readlink(path) if os.path.islink(path) else hashlib.sha256(Path(path).read_bytes()).hexdigest()
            state[os.path.relpath(path, tree)] = (info.st_size, info.st_mtime_ns, info.st_mode, content)
    return state


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the fixtures and examples, with timestamps kept, holding a hostile file or two."""
    root = tmp_path / "tree"
    shutil.copytree(FIXTURES, root / "fixtures", symlinks=True)
    shutil.copytree(EXAMPLES, root / "examples", symlinks=True)
    shutil.copy(Path(__file__).parent / "corpus" / "billion-laughs.yaml", root / "examples" / "laughs.yaml")
    return root


@pytest.mark.slow
def test_check_never_writes_inside_the_checked_tree(tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outside = tmp_path / "out"
    outside.mkdir()
    monkeypatch.chdir(tree)  # relative paths and config discovery both start inside the tree
    formats = ["text", "json", "sarif", "junit", "github", "gitlab"]
    every_format = [arg for name in formats for arg in ("--format", name)]
    to_files = [arg for name in formats for arg in ("--format", name, "--output", str(outside / f"report.{name}"))]
    baseline = str(outside / "baseline.json")
    runs = [
        ["check", *every_format, "--show-pii", "--verbose", "--fail-on", "info"],  # cache on, all cores, the whole tree
        ["check", *to_files, "--format", "text", "--jobs", "2", "--no-cache", "--no-inline-suppressions", "fixtures", "examples"],
        ["check", "--statistics", *to_files, "--jobs", "1", "--only-campaigns", "examples"],
        ["check", "--write-baseline", baseline, "examples"],
        ["check", "--baseline", baseline, "--quiet", "--no-color", "examples"],
        ["report", "examples/rb2b-slack-sequence.yaml", "-o", str(outside / "review.html"), "--sign-off", "Dana, DPO", "--accept-risk", "tested"],
        ["report", "examples/newsletter-consent.yaml", "--format", "markdown"],
    ]
    before = snapshot(tree)
    for args in runs:
        code, out, err = run_cli(*args[:1], "--today", TODAY, *args[1:])
        assert code in (0, 1), (args, err)
        assert "Traceback" not in err
    assert snapshot(tree) == before
    assert (outside / "report.sarif").stat().st_size > 0 and (outside / "review.html").stat().st_size > 0


def _no_network(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError(f"network access attempted: {args!r}")


def test_no_network_access_while_checking_every_example_and_fixture(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, _no_network)
    for name in ("socket", "create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "create_server"):
        monkeypatch.setattr(socket, name, _no_network)
    code, out, err = run_cli("check", "--format", "json", "--no-cache", "--today", TODAY, str(FIXTURES), str(EXAMPLES))
    assert code == 1, err
    report = json.loads(out)
    assert report["summary"]["files"] > 100
    assert [f for f in report["findings"] if f["code"] == "OL000"] == []  # a blocked connection would show up as one
    code, _, err = run_cli("report", str(EXAMPLES / "rb2b-slack-sequence.yaml"), "-o", str(tmp_path / "review.html"), "--today", TODAY)
    assert code in (0, 1) and "Traceback" not in err
