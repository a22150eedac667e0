from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from outreach_lint.cli import main

# Tests never write into the developer's real cache folder (set before any test module loads a pack).
os.environ["OUTREACH_LINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="outreach-lint-test-cache-")

# Property tests: a fixed seed and few examples in CI; HYPOTHESIS_PROFILE=long explores (see README).
settings.register_profile(
    "ci",
    max_examples=40,
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long",
    max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "3000")),
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
#: The date every test runs on, so date-dependent rules are deterministic.
TODAY = "2026-11-23"


def run_cli(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    """Run the CLI in-process: (exit code, stdout, stderr)."""
    runner = CliRunner()
    result = runner.invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def check_json(*args: str) -> tuple[int, dict[str, Any]]:
    code, out, err = run_cli("check", "--format", "json", "--today", TODAY, *args)
    assert code in (0, 1), err
    return code, json.loads(out)


@pytest.fixture
def today() -> dt.date:
    return dt.date.fromisoformat(TODAY)


def deny_open(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """``Path.open`` of a file called ``name`` fails with EACCES, as for root on a network file
    system: permission errors that only bite at open(), which chmod cannot stage for root."""
    real_open = Path.open

    def guarded_open(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.name == name:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded_open)
