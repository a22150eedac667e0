"""Start-up stays fast because commands import only what they need (issue 8).

Each case runs in a fresh interpreter and reports which modules got loaded;
nothing here is timed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

_PROBE = """
import json, sys
from outreach_lint.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
sys.stdout.flush()
print("\\n@@modules@@" + json.dumps(sorted(sys.modules)), file=sys.stderr)
"""

#: never needed by `--version`
HEAVY_FOR_VERSION = (
    "jsonschema",
    "yaml",
    "outreach_lint.check.campaign",
    "outreach_lint.run.files",
    "outreach_lint.rulepack",
    "outreach_lint.pack",
    "outreach_lint.condition",
    "outreach_lint.loader",
    "outreach_lint.run.settings",
    "outreach_lint.config",
    "outreach_lint.report",
    "outreach_lint.formats",
    "outreach_lint.formats.sarif",
    "outreach_lint.facts.templates",
    "outreach_lint.facts.contacts",
    "outreach_lint.baseline",
    "multiprocessing",
    "duckdb",
    "sqlglot",
    "pyspark",
    "playwright",
    # the commands' modules: --version loads none of them (issue 13: one module per command)
    "outreach_lint.cli.check",
    "outreach_lint.cli.report",
    "outreach_lint.cli.verify_report",
    "outreach_lint.cli.scan",
    "outreach_lint.cli.server",
    "outreach_lint.cli.init",
    "outreach_lint.cli.contacts_sql",
)
#: never needed by `check` on one file once the rule pack is cached
HEAVY_FOR_CHECK = (
    "jsonschema",
    "outreach_lint.report",
    "outreach_lint.cli.report",
    "outreach_lint.cli.verify_report",
    "outreach_lint.cli.scan",
    "outreach_lint.cli.server",
    "outreach_lint.cli.init",
    "outreach_lint.cli.contacts_sql",
    "outreach_lint.formats.sarif",
    "outreach_lint.formats.junit",
    "outreach_lint.formats.json_",
    "outreach_lint.baseline",
    "outreach_lint.explain",
    "outreach_lint.facts.contacts",
    "multiprocessing",
    "playwright",
    "outreach_lint.scan",
    "outreach_lint.facts.evidence",
    # issue 12: the round-trip YAML library (check --fix/--diff) and the language server (server)
    "ruamel",
    "ruamel.yaml",
    "pygls",
    "lsprotocol",
    "outreach_lint.fixes",
    "outreach_lint.lsp",
    # issue 18: the contact-list engine and its SQL transpiler
    "duckdb",
    "sqlglot",
    "pyspark",
    # issue 13: the generated document types are for the type checker (imported under TYPE_CHECKING)
    "outreach_lint.campaign_types",
    "outreach_lint.document_types",
    "outreach_lint.typegen",
    # issue 18 start-up: validating rule files (the built-in pack comes from its snapshot), the
    # stdlib email package (only .eml templates), importlib.resources (the package's own folders
    # are found from __path__/__file__), subprocess (git, only when a folder is searched)
    "outreach_lint.packgen",
    "outreach_lint.pack.validate",
    "outreach_lint.pack.tables",
    "outreach_lint.factschema",
    "email",
    "importlib.resources",
    "subprocess",
)


def _modules(args: list[str], cache_dir: Path, cwd: Path = ROOT) -> set[str]:
    env = dict(os.environ, OUTREACH_LINT_CACHE_DIR=str(cache_dir))
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    marker = done.stderr.rsplit("@@modules@@", 1)
    assert len(marker) == 2, done.stderr
    return set(json.loads(marker[1]))


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(name for name in names if name in modules)


def test_version_loads_no_heavy_module(tmp_path: Path) -> None:
    modules = _modules(["--version"], tmp_path)
    assert "outreach_lint.cli" in modules  # the probe works
    assert _loaded(modules, HEAVY_FOR_VERSION) == []


def test_lazy_commands_are_listed_and_run(tmp_path: Path) -> None:
    modules = _modules(["verify-report", "--help"], tmp_path)
    assert "outreach_lint.cli.verify_report" in modules


def test_scan_help_needs_no_playwright(tmp_path: Path) -> None:
    modules = _modules(["scan", "--help"], tmp_path)
    assert "outreach_lint.cli.scan" in modules
    assert _loaded(modules, ("playwright", "outreach_lint.scan.browser")) == []


def test_check_of_one_file_with_a_cached_pack_needs_no_jsonschema(tmp_path: Path) -> None:
    campaign = ROOT / "examples" / "rb2b-slack-sequence.yaml"
    first = _modules(["check", "--no-color", str(campaign)], tmp_path)
    assert "outreach_lint.check.campaign" in first  # it really checked
    assert "outreach_lint.cli.check" in first
    # a fresh result cache, but the pack cache is warm: the pre-commit case (the cache's key stays: it
    # authenticates the cached pack)
    for entry in tmp_path.iterdir():
        if entry.name not in ("pack", ".key"):
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    modules = _modules(["check", "--no-color", str(campaign)], tmp_path)
    assert "outreach_lint.facts.templates" in modules  # the file was checked, not answered from the cache
    assert _loaded(modules, HEAVY_FOR_CHECK) == []


def test_check_of_one_file_without_the_cache_needs_no_jsonschema(tmp_path: Path) -> None:
    """Issue 18: ``--no-cache`` (CI, a first run) takes the built-in pack from its snapshot, not
    by validating the rule files: no jsonschema, and nothing else a warm check does not need."""
    campaign = ROOT / "examples" / "rb2b-slack-sequence.yaml"
    modules = _modules(["check", "--no-cache", "--no-color", str(campaign)], tmp_path)
    assert "outreach_lint.facts.templates" in modules  # the file was checked
    assert "outreach_lint.pack.snapshot" in modules
    assert _loaded(modules, HEAVY_FOR_CHECK) == []
