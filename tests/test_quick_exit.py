"""Issue 18 start-up: a command's process does not spend its last tens of milliseconds collecting
garbage (cli/group.py freezes the heap at exit, once, before any later exit handler)."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Callable

import pytest

from outreach_lint.cli import group

from .conftest import ROOT, run_cli


def test_the_heap_is_frozen_at_exit_and_registered_once(monkeypatch: pytest.MonkeyPatch) -> None:
    registered: list[Callable[[], None]] = []
    monkeypatch.setattr(group, "_exit_registered", False)
    monkeypatch.setattr(group.atexit, "register", registered.append)
    assert run_cli("rules")[0] == 0
    assert run_cli("explain", "OL001")[0] == 0
    assert registered == [gc.freeze]


def test_a_check_still_exits_with_its_code_and_whole_output() -> None:
    """Exit handlers registered after the freeze (DuckDB's, for a campaign with a list) still run,
    and stdout is complete: the same output as in-process."""
    campaign = "examples/newsletter-consent.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "outreach_lint", "check", "--no-cache", "--format", "json", campaign], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    code, out, _err = run_cli("check", "--no-cache", "--format", "json", campaign)
    assert (done.returncode, done.stdout) == (code, out)
    assert done.stderr == ""
