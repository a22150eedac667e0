"""A hostile pull request points a campaign's references outside the repository.

A template, contact list, suppression list, site, LIA, DPIA or proof that resolves outside the
repository root (``..``, an absolute path, a symlink, a symlinked folder) is an OL003 finding on
the reference and is not read: not a secret on the CI runner echoed into the log, not a compliant
file the reviewer never sees. Only the root configuration can allow a folder outside.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ..conftest import FIXTURES
from .pr import lint, where, write

CAMPAIGN = (FIXTURES / "facts" / "cold-no-footer.yaml").read_text(encoding="utf-8")  # template refs on lines 17 and 21
NO_FOOTER = (FIXTURES / "templates" / "cold-no-footer.html").read_text(encoding="utf-8")
PIXEL = (FIXTURES / "templates" / "hidden-pixel.html").read_text(encoding="utf-8")
SECRET = "email,name\nTOPSECRET-ceo@corp.example,Root Key\n"


@pytest.fixture
def layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``repo/`` (with .git) holding campaigns/ and templates/, and ``outside/`` next to it."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    write(repo, {"templates/cold-no-footer.html": NO_FOOTER, "templates/hidden-pixel.html": PIXEL})
    write(tmp_path, {"outside/cold-no-footer.html": NO_FOOTER, "outside/contacts.csv": SECRET, "outside/lia.md": "# LIA\n"})
    monkeypatch.chdir(repo)
    return repo


def outside_findings(findings: list[dict]) -> list[tuple[str, str, int]]:
    return [(f["code"], Path(f["file"]).name, f["line"]) for f in findings if "outside the repository" in f["message"]]


def test_references_inside_the_repository_are_read_near_miss(layout: Path) -> None:
    write(layout, {"campaigns/c.yaml": CAMPAIGN})
    code, findings, _ = lint("campaigns")
    assert code == 1
    assert outside_findings(findings) == []
    assert ("OL130", "c.yaml", 17) in where(findings)  # the template was read: it has no unsubscribe link


@pytest.mark.parametrize(
    "reference",
    [
        "../../outside/cold-no-footer.html",  # up and out
        "../templates/../../outside/cold-no-footer.html",  # in, then out
        "{outside}/cold-no-footer.html",  # absolute
        "../templates/link.html",  # a symlink in the repository pointing out
        "../linked/cold-no-footer.html",  # a symlinked folder pointing out
    ],
)
def test_a_template_outside_the_repository_is_a_finding_and_is_not_read(layout: Path, reference: str) -> None:
    outside = layout.parent / "outside"
    os.symlink(outside / "cold-no-footer.html", layout / "templates" / "link.html")
    os.symlink(outside, layout / "linked")
    write(layout, {"campaigns/c.yaml": CAMPAIGN.replace("../templates/cold-no-footer.html", reference.format(outside=outside))})
    code, findings, _ = lint("campaigns")
    assert code == 1
    assert outside_findings(findings) == [("OL003", "c.yaml", 17)]
    [finding] = [f for f in findings if "outside the repository" in f["message"]]
    assert f"resolves to {outside.resolve() / 'cold-no-footer.html'}, outside the repository ({layout.resolve()}), and was not read" in finding["message"]
    assert ("OL130", "c.yaml", 17) not in where(findings)  # no facts from a file that was not read


@pytest.mark.parametrize(
    ("field", "value", "line"),
    [
        ("  contacts: {p}\n", "contacts.csv", 10),
        ("  suppression_list: {p}\n", "contacts.csv", 10),
        ("legitimate_interest_assessment: {p}\n", "lia.md", 10),
        ("dpia: {p}\n", "lia.md", 10),
    ],
)
def test_lists_and_documents_outside_the_repository_are_findings(layout: Path, field: str, value: str, line: int) -> None:
    path = f"../../outside/{value}"
    text = (
        CAMPAIGN.replace("    basis: none\n", "    basis: none\n" + field.format(p=path))
        if field.startswith("  ")
        else CAMPAIGN.replace("sender:\n", field.format(p=path) + "sender:\n")
    )
    write(layout, {"campaigns/c.yaml": text})
    code, findings, err = lint("--show-pii", "campaigns")
    assert code == 1
    assert outside_findings(findings) == [("OL003", "c.yaml", line)]
    assert "TOPSECRET" not in str(findings) + err  # not read, so nothing of it can be shown


def test_system_files_are_not_read(layout: Path) -> None:
    text = CAMPAIGN.replace("    basis: none\n", "    basis: none\n  contacts: /etc/passwd\n  suppression_list: /proc/self/environ\n")
    write(layout, {"campaigns/c.yaml": text})
    code, findings, _ = lint("--show-pii", "campaigns")
    assert code == 1 and outside_findings(findings) == [("OL003", "c.yaml", 10), ("OL003", "c.yaml", 11)]
    assert "root:" not in str(findings)


def test_the_root_config_can_allow_a_folder_outside_near_miss(layout: Path) -> None:
    write(
        layout,
        {
            ".outreach-lint.yaml": "allowed-reference-roots: [../outside]\n",
            "campaigns/c.yaml": CAMPAIGN.replace("../templates/cold-no-footer.html", "../../outside/cold-no-footer.html"),
        },
    )
    _, findings, _ = lint("campaigns")
    assert outside_findings(findings) == []
    assert ("OL130", "c.yaml", 17) in where(findings)  # read from the allowed folder


def test_an_allowed_folder_does_not_allow_its_neighbours(layout: Path) -> None:
    write(layout.parent, {"other/cold-no-footer.html": NO_FOOTER})
    write(
        layout,
        {
            ".outreach-lint.yaml": "allowed-reference-roots: [../outside]\n",
            "campaigns/c.yaml": CAMPAIGN.replace("../templates/cold-no-footer.html", "../../outside/../other/cold-no-footer.html"),
        },
    )
    _, findings, _ = lint("campaigns")
    assert outside_findings(findings) == [("OL003", "c.yaml", 17)]


def test_outside_a_git_repository_the_root_config_folder_is_the_boundary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(
        tmp_path,
        {
            "project/.outreach-lint.yaml": "fail-on: error\n",
            "project/templates/t.html": NO_FOOTER,
            "outside/t.html": NO_FOOTER,
            "project/campaigns/c.yaml": CAMPAIGN.replace("../templates/cold-no-footer.html", "../templates/t.html").replace(
                "../templates/hidden-pixel.html", "../../outside/t.html"
            ),
        },
    )
    monkeypatch.chdir(tmp_path)
    code, findings, _ = lint("project/campaigns")
    assert code == 1 and outside_findings(findings) == [("OL003", "c.yaml", 21)]


def test_outside_a_repository_and_without_a_config_the_current_folder_is_the_boundary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(
        tmp_path,
        {
            "work/templates/t.html": NO_FOOTER,
            "outside/t.html": NO_FOOTER,
            "work/campaigns/c.yaml": CAMPAIGN.replace("../templates/cold-no-footer.html", "../templates/t.html").replace(
                "../templates/hidden-pixel.html", "../../outside/t.html"
            ),
        },
    )
    monkeypatch.chdir(tmp_path / "work")
    code, findings, _ = lint("campaigns")
    assert code == 1 and outside_findings(findings) == [("OL003", "c.yaml", 21)]
