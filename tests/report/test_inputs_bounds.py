"""The review report reads no file the check refused: references outside the repository (OL003)
are listed without a hash, and ``verify-report`` does not open paths a manifest points outside it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from outreach_lint.report import inputs as inputs_module
from outreach_lint.report import verify as verify_module
from outreach_lint.report.manifest import extract

from ..conftest import TODAY, run_cli
from . import scenario
from .test_commands import reseal


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The scenario in a git repository, its contacts list moved to a folder beside the repository."""
    root = tmp_path / "repo"
    shutil.copytree(scenario.FIXTURE, root)
    (root / ".git").mkdir()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.move(root / "lists" / "contacts.csv", outside / "contacts.csv")
    campaign = root / "campaign.yaml"
    campaign.write_text(campaign.read_text("utf-8").replace("contacts: lists/contacts.csv", "contacts: ../elsewhere/contacts.csv"), "utf-8")
    (root / "reviews").mkdir()
    monkeypatch.chdir(root)
    return root


def _opened(monkeypatch: pytest.MonkeyPatch, module: object) -> list[Path]:
    opened: list[Path] = []
    real = inputs_module.sha256_of

    def recording(path: Path) -> tuple[str, int, str]:
        opened.append(Path(path).resolve())
        return real(path)

    monkeypatch.setattr(module, "sha256_of", recording)
    return opened


def test_report_lists_an_outside_reference_without_reading_it(repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = _opened(monkeypatch, inputs_module)
    code, _, err = run_cli("report", "campaign.yaml", "--today", TODAY, "--output", "reviews/r.html")
    assert code == 1, err
    manifest = extract((repository / "reviews" / "r.html").read_text("utf-8"))
    (entry,) = [i for i in manifest["inputs"] if i["kind"] == "contacts"]
    assert "sha256" not in entry or not entry["sha256"]
    assert "outside the repository; not read (OL003)" in entry["problem"]
    outside = (repository.parent / "elsewhere" / "contacts.csv").resolve()
    assert outside not in opened
    assert (repository / "templates" / "cold-visitor.html").resolve() in opened  # inside: hashed as before


def test_verify_report_does_not_open_a_path_a_manifest_points_outside(repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run_cli("report", "campaign.yaml", "--today", TODAY, "--output", "reviews/r.html")
    assert code == 1, err
    secret = repository.parent / "secret.txt"
    secret.write_text("not the reviewer's business\n", "utf-8")
    reseal(repository / "reviews" / "r.html", lambda m: m["inputs"].append({"path": "../../secret.txt", "kind": "template", "sha256": "0" * 64}))
    opened = _opened(monkeypatch, verify_module)
    code, out, _ = run_cli("verify-report", "reviews/r.html")
    assert code == 1
    assert "outside: ../../secret.txt" in out
    assert secret.resolve() not in opened
    assert (repository / "campaign.yaml").resolve() in opened
