"""The composite GitHub Action: its check step, run with bash the way the runner would."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from .config.helpers import campaign, write
from .conftest import ROOT
from .formats.test_sarif import sarif_validator

ACTION = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))


def check_step() -> dict[str, Any]:
    [step] = [s for s in ACTION["runs"]["steps"] if s.get("id") == "check"]
    return step  # type: ignore[no-any-return]


def run_step(cwd: Path, **inputs: str) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    values = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()} | inputs
    step = check_step()
    env = dict(os.environ)
    for key, template in step["env"].items():
        env[key] = re.sub(r"\$\{\{\s*inputs\.([a-z-]+)\s*\}\}", lambda m: values[m.group(1)], template)
    outputs = cwd / "github-output"
    env["GITHUB_OUTPUT"] = str(outputs)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    parsed = dict(line.split("=", 1) for line in outputs.read_text().splitlines()) if outputs.exists() else {}
    return done, parsed


def test_action_is_composite_and_reads_inputs_only_through_the_environment() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert {"paths", "format", "output", "args", "annotations", "python-version"} <= set(ACTION["inputs"])
    for step in ACTION["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), "inputs pasted into a script can inject shell code"


@pytest.mark.skipif(
    shutil.which("bash") is None or shutil.which("outreach-lint", path=os.path.dirname(sys.executable)) is None,
    reason="needs bash and the installed outreach-lint script",
)
def test_check_step_writes_sarif_annotates_and_fails_on_findings(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".outreach-lint.yaml", "select: [OL191]\n")
    campaign(tmp_path / "campaigns" / "q4.yaml")
    done, outputs = run_step(tmp_path, paths="campaigns", args="--no-cache")
    assert done.returncode == 1, done.stderr
    assert outputs == {"report": "outreach-lint.sarif", "exit-code": "1"}
    sarif = json.loads((tmp_path / "outreach-lint.sarif").read_text("utf-8"))
    sarif_validator().validate(sarif)
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["OL191"]
    assert done.stdout.startswith("::error file=campaigns/q4.yaml,line=9,col=5,title=OL191 processor-dpa-missing::")

    (tmp_path / "campaigns" / "q4.yaml").write_text((tmp_path / "campaigns" / "q4.yaml").read_text().replace("dpa: false", "dpa: true"))
    done, outputs = run_step(tmp_path, paths="campaigns", annotations="false", format="junit", output="junit.xml")
    assert (done.returncode, outputs["exit-code"], done.stdout) == (0, "0", "")
    assert (tmp_path / "junit.xml").read_text().startswith("<?xml")
