"""Bounded everywhere: nothing a pull request writes makes the linter run for ever.

Rule-folder regular expressions that backtrack exponentially however they are disguised, config
globs built to backtrack, a pyproject.toml nested or padded to hang its reader, a rule whose
``uniqueItems`` meets a long list. (A full disk is in test_cache_and_output_files.py.)
Each run is a subprocess under a wall-clock limit, so a regression fails instead of hanging.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..conftest import FIXTURES, TODAY

TIMEOUT = 60
GOOD = (FIXTURES / "rules" / "OL191" / "trip-slack-without-dpa.yaml").read_text("utf-8")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "outreach_lint.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL, check=False
    )


def _rule(pattern: str) -> str:
    escaped = pattern.replace("\\", "\\\\").replace('"', '\\"')
    return (
        "code: X1\nname: x-one\ntitle: A hostile pattern\nseverity: warning\nwhen:\n  properties:\n    campaign:\n"
        f'      pattern: "{escaped}"\nmessage: m\nfix: f\ncitations: []\n'
    )


@pytest.mark.parametrize(
    "pattern",
    [
        "^(a|a){40}$",  # a two-way choice repeated a fixed number of times
        "^(a|ab){30}$",
        "^(a?){30}a{30}$",  # an optional part repeated
        "^(a{1,3}){20}$",  # a variable part not closed by a delimiter
        "^((a|b){2}|ab){25}$",
        "^(\\w+\\s?){3}x$",
        "^[\u5000-\u5fff]*[\u5000-\u5fff]*x",  # ranges far outside the vetter's sample
        "[\u5000-\u5100]+[\u5080-\u6000]+$",
        "^(?i)[\u0400-\u04ff]*[\u0410-\u042f]*$",
    ],
)
def test_a_backtracking_pattern_in_a_rule_folder_is_refused(tmp_path: Path, pattern: str) -> None:
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "X1.yaml").write_text(_rule(pattern), encoding="utf-8")
    (tmp_path / "c.yaml").write_text(GOOD, encoding="utf-8")
    done = run("check", "--no-cache", "--rules", "pack", "c.yaml", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith("outreach-lint: error: broken rule pack: ") and "X1.yaml:8: when: " in line


@pytest.mark.parametrize("pattern", ["^(\\d{1,3}\\.){3}\\d{1,3}$", "^(ab|cd){5}$", "^((a|b){2}){20}$", "^[^@\\s]+@[^@\\s]+$"])
def test_patterns_that_split_one_way_are_accepted(tmp_path: Path, pattern: str) -> None:
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "X1.yaml").write_text(_rule(pattern), encoding="utf-8")
    (tmp_path / "c.yaml").write_text(GOOD, encoding="utf-8")
    done = run("check", "--no-cache", "--rules", "pack", "c.yaml", cwd=tmp_path)
    assert done.returncode == 1, done.stderr  # the campaign's OL191 finding; the pack loaded


@pytest.mark.parametrize("glob", ["*a" * 40 + "b", "**/" + "*a" * 30 + "!", "/".join(["**"] * 60) + "/x", "[a-z]*" * 50 + "?"])
def test_config_globs_match_in_bounded_time(tmp_path: Path, glob: str) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".outreach-lint.yaml").write_text(f"exclude: ['{glob}']\nper-path-ignores:\n  '{glob}': [OL002]\n", encoding="utf-8")
    deep = tmp_path.joinpath(*["a" * 50] * 20)
    deep.mkdir(parents=True)
    (deep / ("a" * 200 + ".yaml")).write_text(GOOD, encoding="utf-8")
    started = time.monotonic()
    done = run("check", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr  # excluded or checked: either way, an answer
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("glob", ["*" * 1025, "/".join(["a"] * 70)])
def test_a_glob_over_the_bounds_is_exit_2(tmp_path: Path, glob: str) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".outreach-lint.yaml").write_text(f"exclude:\n  - '{glob}'\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text(GOOD, encoding="utf-8")
    done = run("check", "--no-cache", "c.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert ".outreach-lint.yaml:2: exclude: a glob may have at most" in done.stderr or "a glob may be at most 1024" in done.stderr


@pytest.mark.parametrize(
    "body",
    [
        "x = " + "[" * 5000 + "1" + "]" * 5000,
        "x = " + "{a = " * 3000 + "1" + "}" * 3000,
        "[x]\n" + "y = " + "[" * 100_000,
    ],
)
def test_a_deeply_nested_pyproject_is_exit_2_with_a_message(tmp_path: Path, body: str) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(f'[tool.outreach-lint]\nfail-on = "error"\n{body}\n', encoding="utf-8")
    (tmp_path / "c.yaml").write_text(GOOD, encoding="utf-8")
    done = run("check", "--no-cache", "c.yaml", cwd=tmp_path)
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert line.startswith("outreach-lint: error: bad config: ") and "pyproject.toml" in line and "Traceback" not in done.stderr


@pytest.mark.parametrize("padding", ["\n" * 300_000, " " * 3_000_000 + "\n", "\n \t" * 200_000])
def test_a_padded_pyproject_is_read_quickly(tmp_path: Path, padding: str) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(f"{padding}[project]\nname = 'x'\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text(GOOD, encoding="utf-8")
    started = time.monotonic()
    done = run("check", "--no-cache", "c.yaml", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert time.monotonic() - started < 30


def test_a_huge_config_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".outreach-lint.yaml").write_text("# " + "x" * (5 * 1024 * 1024) + "\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text(GOOD, encoding="utf-8")
    done = run("check", "--no-cache", "c.yaml", cwd=tmp_path)
    assert done.returncode == 2 and "the config file is over" in done.stderr


def test_unique_items_on_a_long_list_is_linear(tmp_path: Path) -> None:
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "X1.yaml").write_text(
        "code: X1\nname: x-one\ntitle: Tags are unique\nseverity: warning\nrequire:\n  properties:\n    tags:\n"
        "      uniqueItems: true\nmessage: duplicate tag\nfix: f\ncitations: []\n",
        encoding="utf-8",
    )
    tags = ", ".join(f'"t{i}"' for i in range(40_000)) + ', "t0"'
    (tmp_path / "c.yaml").write_text(GOOD + f"tags: [{tags}]\n", encoding="utf-8")
    (tmp_path / ".outreach-lint.yaml").write_text("limits: {max-line-length: 1000000, max-nodes: 100000}\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    started = time.monotonic()
    done = run("check", "--no-cache", "--rules", "pack", "--format", "json", "--today", TODAY, "c.yaml", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert '"code": "X1"' in done.stdout
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("body", ["x: " + "[" * 5000 + "]" * 5000, "x:\n" + "".join("  " * i + "a:\n" for i in range(1, 500)) + "  " * 500 + "b: 1"])
def test_a_deeply_nested_yaml_config_is_exit_2_with_a_message(tmp_path: Path, body: str) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".outreach-lint.yaml").write_text(body + "\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text(GOOD, encoding="utf-8")
    done = run("check", "--no-cache", "c.yaml", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith("outreach-lint: error: bad config: ") and ".outreach-lint.yaml" in line
