"""The pre-commit hook, run by the real pre-commit tool in a temporary git repository.

pre-commit installs this repository's HEAD (plus uncommitted changes, for
try-repo) into a fresh virtualenv with pip, so these tests take a few
seconds each and are marked slow; .ci/run runs them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .config.helpers import CAMPAIGN, write
from .conftest import ROOT

pytestmark = pytest.mark.slow

GOOD = CAMPAIGN.format(name="good").replace("dpa: false", "dpa: true")
BAD = CAMPAIGN.format(name="bad")
#: the hook is tested on the engine checks and one rule, so rules added later cannot change the outcome
CONFIG = "select: [OL0, OL191]\n"
#: YAML/JSON that pre-commit passes to the hook but that are not campaigns, one of them not even parseable
UNRELATED = {
    "deploy/values.yaml": "replicas: 2\nimage: {tag: latest}\n",
    "deploy/templates/svc.yaml": "kind: Service\nspec: {{ .Values.service | toYaml }}\n",
    "tsconfig.json": '{\n  // comments make this invalid JSON\n  "compilerOptions": {}\n}\n',
}


def _git_env(home: Path) -> dict[str, str]:
    """No inherited GIT_* variables (the suite may itself run inside a git hook) and no user git config."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.com",
        PRE_COMMIT_HOME=str(home),
        PRE_COMMIT_COLOR="never",
        NO_COLOR="1",
    )
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def tool() -> list[str]:
    pytest.importorskip("pre_commit")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if not (ROOT / ".git").exists():
        pytest.skip("the package is not a git checkout, and pre-commit installs hooks from git")
    return [sys.executable, "-m", "pre_commit"]


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    env = _git_env(tmp_path / "pre-commit-home")
    project = tmp_path / "project"
    project.mkdir()
    assert _run(["git", "init", "-q", "."], project, env).returncode == 0
    write(project / ".outreach-lint.yaml", CONFIG)
    for name, text in UNRELATED.items():
        write(project / name, text)
    return project, env


def test_try_repo_blocks_a_bad_campaign_and_ignores_other_yaml(tool: list[str], repo: tuple[Path, dict[str, str]]) -> None:
    project, env = repo
    write(project / "campaigns" / "bad.yaml", BAD)
    write(project / "campaigns" / "good.yaml", GOOD)
    assert _run(["git", "add", "-A"], project, env).returncode == 0
    done = _run([*tool, "try-repo", str(ROOT), "outreach-lint", "--all-files"], project, env)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "campaigns/bad.yaml:9:5: error OL191 processor-dpa-missing" in output
    assert "Found 1 error, 0 warnings, 0 infos in 2 campaign files." in output
    for name in UNRELATED:
        assert name not in output
    assert "good.yaml" not in output


def test_installed_hook_blocks_the_commit_of_a_bad_campaign_and_lets_a_good_one_through(tool: list[str], repo: tuple[Path, dict[str, str]]) -> None:
    project, env = repo
    head = _run(["git", "rev-parse", "HEAD"], ROOT, env).stdout.strip()
    write(project / ".pre-commit-config.yaml", f"repos:\n  - repo: {ROOT}\n    rev: {head}\n    hooks:\n      - id: outreach-lint\n")
    assert _run([*tool, "install"], project, env).returncode == 0
    write(project / "campaigns" / "bad.yaml", BAD)
    _run(["git", "add", "-A"], project, env)
    blocked = _run(["git", "commit", "-q", "-m", "bad"], project, env)
    assert blocked.returncode != 0
    assert "campaigns/bad.yaml:9:5: error OL191" in blocked.stdout + blocked.stderr
    assert _run(["git", "rev-parse", "--verify", "-q", "HEAD"], project, env).returncode != 0  # nothing was committed

    _run(["git", "rm", "-q", "--cached", "campaigns/bad.yaml"], project, env)
    (project / "campaigns" / "bad.yaml").unlink()
    write(project / "campaigns" / "good.yaml", GOOD)
    _run(["git", "add", "-A"], project, env)
    passed = _run(["git", "commit", "-q", "-m", "good"], project, env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    committed = _run(["git", "ls-files"], project, env).stdout.split()
    assert "campaigns/good.yaml" in committed and "deploy/templates/svc.yaml" in committed


#: a campaign that sends one template; the hook is tested on OL130 (the template's opt-out) only
TEMPLATE_CAMPAIGN = """\
campaign: welcome
channel: email
audience:
  type: b2b
  countries: [US]
steps:
  - subject: Welcome to Example Widgets
    template: ../templates/welcome.html
    unsubscribe: link
"""
WITH_FOOTER = (
    '<html><body><p>Hi there,</p>\n<p>If you no longer wish to receive these emails, click <a href="https://example.com/p/42">here</a>.</p>\n</body></html>\n'
)
WITHOUT_FOOTER = '<html><body><p>Hi there,</p>\n<p>See our <a href="https://example.com/p/42">new offers</a>.</p>\n</body></html>\n'


def test_staging_only_a_template_rechecks_the_campaign_that_sends_it(tool: list[str], repo: tuple[Path, dict[str, str]]) -> None:
    """Issue 15 item 9: pre-commit passes only the staged template; the hook finds its campaign."""
    project, env = repo
    write(project / ".outreach-lint.yaml", "select: [OL0, OL130]\n")
    write(project / "campaigns" / "welcome.yaml", TEMPLATE_CAMPAIGN)
    write(project / "templates" / "welcome.html", WITH_FOOTER)
    assert _run(["git", "add", "-A"], project, env).returncode == 0
    assert _run(["git", "commit", "-q", "-m", "start"], project, env).returncode == 0

    # only the template changes, and keeps its opt-out: the campaign is re-checked and passes
    write(project / "templates" / "welcome.html", WITH_FOOTER.replace("Hi there", "Hello"))
    assert _run(["git", "add", "templates/welcome.html"], project, env).returncode == 0
    passed = _run([*tool, "try-repo", str(ROOT), "outreach-lint", "--verbose"], project, env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "in 1 campaign file" in passed.stdout + passed.stderr  # the campaign was checked, not skipped

    # only the template changes, and loses its opt-out: the hook fails on the campaign's step
    write(project / "templates" / "welcome.html", WITHOUT_FOOTER)
    assert _run(["git", "add", "templates/welcome.html"], project, env).returncode == 0
    staged = _run(["git", "diff", "--cached", "--name-only"], project, env).stdout.split()
    assert staged == ["templates/welcome.html"]
    blocked = _run([*tool, "try-repo", str(ROOT), "outreach-lint"], project, env)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode == 1, output
    assert "campaigns/welcome.yaml:8:5: error OL130 unsubscribe-missing" in output
    assert "templates/welcome.html:" in output  # the place in the template that caused it


def test_a_commit_of_campaigns_alone_does_not_walk_the_repository(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """One staged campaign stays instant: only non-campaign files send the hook looking for referrers."""
    import outreach_lint.discovery as engine
    from outreach_lint.referrers import campaigns_referencing

    campaign = write(tmp_path / "campaigns" / "welcome.yaml", TEMPLATE_CAMPAIGN)
    template = write(tmp_path / "templates" / "welcome.html", WITH_FOOTER)

    def no_walk(paths: object) -> object:
        raise AssertionError("walked the repository")

    monkeypatch.setattr(engine, "discover", no_walk)
    assert campaigns_referencing([str(campaign)], str(tmp_path)) == []
    monkeypatch.undo()
    assert campaigns_referencing([str(template)], str(tmp_path)) == [str(campaign)]
