"""Issue 12 item 2: the package is whole (licence, classifiers, changelog, release tag, -m)."""

from __future__ import annotations

import configparser
import os
import re
import subprocess
import sys
import sysconfig

from outreach_lint import __version__

from .conftest import ROOT

SETUP = configparser.ConfigParser()
SETUP.read(ROOT / "setup.cfg", encoding="utf-8")


def test_the_licence_file_is_the_declared_licence() -> None:
    assert SETUP["metadata"]["license"] == "Apache-2.0"
    assert SETUP["metadata"]["license_files"].strip() == "LICENSE"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.split()[:4] == ["Apache", "License", "Version", "2.0,"]
    assert "END OF TERMS AND CONDITIONS" in text and "APPENDIX: How to apply the Apache License" in text


def test_classifiers_name_the_python_versions_tested_and_nothing_older_than_required() -> None:
    classifiers = SETUP["metadata"]["classifiers"].split("\n")
    versions = sorted(c.rsplit(" :: ", 1)[1] for c in classifiers if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c.strip()))
    assert versions == ["3.11", "3.12", "3.13"]  # the versions the suite has been run on (CHANGELOG 0.2.0)
    assert SETUP["options"]["python_requires"].strip() == ">=3.11"


def test_changelog_and_recipes_name_the_release() -> None:
    assert f"## [{__version__}]" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"rev: v{__version__}" in readme
    assert f"outreach-lint/outreach-lint@v{__version__}" in readme
    assert not re.search(r"rev: v(?!" + re.escape(__version__) + r")\d", readme)
    assert f"outreach-lint/outreach-lint@v{__version__}" in (ROOT / "action.yml").read_text(encoding="utf-8")
    assert f"rev: v{__version__}" in (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")


def _run(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_python_dash_m_works_from_the_repository_root() -> None:
    done = _run([sys.executable, "-m", "outreach_lint", "--version"])
    assert (done.returncode, done.stdout.strip()) == (0, f"outreach-lint, version {__version__}")
    done = _run([sys.executable, "-m", "outreach_lint", "check", "--no-cache", "examples/newsletter-consent.yaml"])
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("No findings in 1 campaign file.\n")


def test_the_source_tree_at_the_root_finds_its_rules_without_an_install() -> None:
    """As with a built (non-editable) install: the repository root first on sys.path and no
    editable-install hook. `outreach_lint.rules` is the root's rules/ folder, not a missing
    module, and nothing is imported under the bare name `rules`."""
    env = dict(os.environ, PYTHONPATH=sysconfig.get_paths()["purelib"])  # the dependencies, without .pth hooks
    probe = (
        "import runpy, sys; sys.argv = ['outreach-lint', 'rules'];\n"
        "try:\n runpy.run_module('outreach_lint', run_name='__main__')\n"
        "except SystemExit as e: print('exit', e.code, 'rules' in sys.modules, sys.modules['outreach_lint.rules'].__file__)"
    )
    done = _run([sys.executable, "-S", "-c", probe], env=env)
    assert "OL008  referenced-file-unreadable" in done.stdout, done.stderr
    assert done.stdout.rstrip().endswith(f"exit 0 False {ROOT / 'rules' / '__init__.py'}")


def test_every_subpackage_is_listed_in_setup_cfg() -> None:
    """setup.cfg names the packages one by one: a new folder of modules (cli/, issue 13) left out
    of the list would be missing from the wheel while every test on the source tree passes."""
    listed = set(SETUP["options"]["packages"].split())
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "outreach_lint").rglob("__init__.py")}
    assert found - listed == set()
    assert "outreach_lint.cli" in listed
