"""A hostile pull request makes a campaign file unloadable so that a folder search skips it.

A YAML/JSON file found in a folder (or named with ``--only-campaigns``) that cannot be loaded is
an OL001 finding unless it certainly holds no campaign, and "certainly" looks at the whole file
in every encoding a tool could read it in, wherever the ``campaign`` key sits.
"""

from __future__ import annotations

import codecs
import subprocess
from pathlib import Path

import pytest

from .pr import SLACK, lint, where, write

#: SLACK with recipients in the EEA, so OL191 (GDPR Art. 28) applies and fires on line 7.
SLACK_DE = SLACK + "audience: {countries: [DE]}\n"

PADDING = "# " + "x" * 78 + "\n"
LONG = "description: " + "y" * 25_000 + "\n"  # over the 20,000-character line limit

UNLOADABLE: dict[str, bytes] = {
    # the campaign key after 64 KiB of comments, and a line over the limit
    "key-after-64k.yaml": (PADDING * 1000 + LONG + SLACK).encode(),
    # the key at the very end of a file over the size limit
    "too-big.yaml": (PADDING * 27_000 + SLACK).encode(),
    # the key not at the start of a line: one-line JSON that does not parse
    "one-line.json": b'{"description": "q4", "campaign": "visitor-alerts", "processors": [',
    # a flow mapping in YAML
    "flow.yaml": b"{description: q4, campaign: visitor-alerts, processors: [\n",
    # the key spelled with an escape, in a file with a Latin-1 byte
    "escaped.yaml": b'"c\\x61mpaign": visitor-alerts\ndescription: "Caf\xe9"\n',
    # a double-quoted key broken over two lines with an escaped line break
    "folded.yaml": b'"camp\\\n  aign": visitor-alerts\ndescription: "\xff"\n',
    # wide encodings, with and without a byte order mark
    "utf16le-no-bom.yaml": SLACK.encode("utf-16-le"),
    "utf16be-no-bom.yaml": SLACK.encode("utf-16-be"),
    "utf32-bom.yaml": codecs.BOM_UTF32_LE + SLACK.encode("utf-32-le"),
    "utf32be-no-bom.yaml": SLACK.encode("utf-32-be"),
    # bad bytes
    "latin1.yaml": SLACK.replace("Slack", "Sl\u00e4ck").encode("latin-1"),
    "nul.yaml": SLACK.encode() + b"\x00",
}


@pytest.mark.parametrize("name", sorted(UNLOADABLE))
def test_an_unloadable_campaign_in_a_folder_is_a_finding(tmp_path: Path, name: str) -> None:
    write(tmp_path, {f"campaigns/{name}": UNLOADABLE[name]})
    code, findings, err = lint(str(tmp_path / "campaigns"))
    assert code == 1, err
    assert where(findings) == [("OL001", name, where(findings)[0][2])]


@pytest.mark.parametrize("name", ["key-after-64k.yaml", "utf16le-no-bom.yaml", "utf32be-no-bom.yaml", "one-line.json", "escaped.yaml"])
def test_an_unloadable_campaign_named_with_only_campaigns_is_a_finding(tmp_path: Path, name: str) -> None:
    write(tmp_path, {name: UNLOADABLE[name]})
    code, findings, _ = lint("--only-campaigns", str(tmp_path / name))
    assert code == 1 and [f["code"] for f in findings] == ["OL001"]


def test_the_finding_says_why_the_file_could_not_be_loaded(tmp_path: Path) -> None:
    write(tmp_path, {f"c/{name}": UNLOADABLE[name] for name in ("utf16le-no-bom.yaml", "utf32be-no-bom.yaml", "key-after-64k.yaml")})
    _, findings, _ = lint(str(tmp_path / "c"))
    messages = {Path(f["file"]).name: (f["line"], f["message"]) for f in findings}
    assert "looks like UTF-16-LE without a byte order mark" in messages["utf16le-no-bom.yaml"][1]
    assert "looks like UTF-32-BE without a byte order mark" in messages["utf32be-no-bom.yaml"][1]
    assert messages["key-after-64k.yaml"] == (1001, messages["key-after-64k.yaml"][1])
    assert "line is 25,013 characters long" in messages["key-after-64k.yaml"][1]


NOT_CAMPAIGNS: dict[str, bytes] = {
    "helm-template.yaml": b"apiVersion: v1\nkind: ConfigMap\ndata: {{ .Values.data | toYaml }}\n  bad: [\n",
    "big-data.json": b'{"rows": [' + b'{"country": "DE"},' * 150_000 + b"\n",
    "empty.yaml": b"",
    "utf16-not-a-campaign.yaml": "kind: list\nitems: [\n".encode("utf-16-le"),
    "binary.yaml": bytes(range(256)) * 4,
}


def test_files_that_certainly_hold_no_campaign_are_skipped_near_miss(tmp_path: Path) -> None:
    write(tmp_path, {f"other/{name}": content for name, content in NOT_CAMPAIGNS.items()})
    code, findings, err = lint("--verbose", str(tmp_path / "other"))
    assert (code, findings) == (0, [])
    for name in NOT_CAMPAIGNS:
        assert f"skipped (not a campaign): {tmp_path / 'other' / name}" in err


def test_a_loaded_list_of_campaigns_is_a_finding_wherever_the_key_sits(tmp_path: Path) -> None:
    write(tmp_path, {"c/list.json": b'[{"description": "q4", "campaign": "visitor-alerts"}]\n', "c/nested.yaml": b"- - campaign: x\n"})
    code, findings, _ = lint(str(tmp_path / "c"))
    assert code == 1 and where(findings) == [("OL001", "list.json", 1), ("OL001", "nested.yaml", 1)]


@pytest.mark.parametrize("folder", [".campaigns", "node_modules/acme", "venv", "a/.hidden"])
def test_left_out_folders_are_listed_and_a_file_named_explicitly_is_checked(tmp_path: Path, folder: str) -> None:
    write(tmp_path, {f"{folder}/c.yaml": SLACK_DE})
    code, findings, err = lint("--verbose", str(tmp_path))
    first = folder.split("/")[0] if not folder.startswith("a/") else folder
    assert (code, findings) == (0, [])
    assert f"left out (a dot, dependency or cache folder): {tmp_path / first}/" in err
    code, findings, _ = lint("--select", "OL191", str(tmp_path / folder / "c.yaml"))
    assert (code, where(findings)) == (1, [("OL191", "c.yaml", 7)])
    code, findings, _ = lint("--select", "OL191", str(tmp_path / folder))  # a left-out folder named on the command line is searched
    assert (code, where(findings)) == (1, [("OL191", "c.yaml", 7)])


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.email=t@example.com", "-c", "user.name=t", *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    _git(tmp_path, "init", "-q")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_gitignored_folders_are_left_out_and_listed(repo: Path) -> None:
    write(
        repo,
        {
            ".gitignore": "# build output\nbuild/\n*.draft.yaml\n",
            "build/c.yaml": SLACK_DE,
            "campaigns/next.draft.yaml": SLACK_DE,
            "campaigns/ok.yaml": SLACK_DE.replace("false", "true"),
        },
    )
    code, findings, err = lint("--verbose", "--select", "OL191", ".")
    assert (code, findings) == (0, [])
    assert "left out (ignored by .gitignore (build/)): build/" in err
    assert "left out (ignored by .gitignore (*.draft.yaml)): campaigns/next.draft.yaml" in err


@pytest.mark.parametrize("ignore", ["campaigns/q4.yaml", "campaigns/", "*.yaml\n!ok.yaml", "q4.yaml"])
def test_a_tracked_campaign_cannot_be_gitignored_away(repo: Path, ignore: str) -> None:
    write(repo, {"campaigns/q4.yaml": SLACK_DE})
    _git(repo, "add", "campaigns/q4.yaml")
    write(repo, {".gitignore": ignore + "\n"})  # the hostile change: ignore a file git tracks
    code, findings, _ = lint("--select", "OL191", ".")
    assert (code, where(findings)) == (1, [("OL191", "q4.yaml", 7)])
    code, findings, _ = lint("--select", "OL191", "campaigns")
    assert (code, where(findings)) == (1, [("OL191", "q4.yaml", 7)])


def test_a_nested_gitignore_negation_is_honoured(repo: Path) -> None:
    write(repo, {".gitignore": "*.yaml\n", "campaigns/.gitignore": "!q4.yaml\n", "campaigns/q4.yaml": SLACK_DE, "campaigns/other.yaml": SLACK_DE})
    code, findings, err = lint("--verbose", "--select", "OL191", ".")
    assert (code, where(findings)) == (1, [("OL191", "q4.yaml", 7)])
    assert "left out (ignored by .gitignore (*.yaml)): campaigns/other.yaml" in err
