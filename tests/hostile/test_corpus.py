"""Every file in tests/hostile/corpus, beside a good campaign, through the real CLI under 512 MB.

Each run is a subprocess with an address-space limit and a generous timeout
(a hang guard, not a timing test: the machine may be loaded). The hostile
file must give its finding (or the run a one-line exit-2 error), never a
traceback, and the good campaign must still be checked.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ..conftest import FIXTURES, TODAY, deny_open, run_cli

CORPUS = Path(__file__).parent / "corpus"
MEMORY_LIMIT = 512 * 1024 * 1024
TIMEOUT = 20  # seconds; each run takes about one on an idle machine
GOOD = FIXTURES / "rules" / "OL191" / "trip-slack-without-dpa.yaml"
GOOD_FINDING = ("good.yaml", "OL191", 7)
FINDING_KEYS = {"code", "rule", "severity", "file", "line", "column", "path", "message", "fix", "citations", "countries"}  # countries: issue 17, additive
NOT_A_CAMPAIGN = None

#: file -> (code, line, part of the message) of the finding it must produce, or NOT_A_CAMPAIGN
EXPECTED: dict[str, tuple[str, int, str] | None] = {
    "billion-laughs.yaml": (
        "OL001",
        1,
        "more than 50,000 nodes (keys, values and list items, counting every use of a YAML alias); raise it with limits.max-nodes",
    ),
    "deep-block.yaml": ("OL001", 3, "nesting deeper than 64 levels (raise it with limits.max-depth"),
    "deep-flow.yaml": ("OL001", 3, "nesting deeper than 64 levels (raise it with limits.max-depth"),
    "nested-arrays-10k.json": ("OL001", 3, "nesting deeper than 64 levels (raise it with limits.max-depth"),
    "documents-10k.yaml": ("OL001", 2, "holds one YAML document"),
    "huge-line.yaml": ("OL001", 2, "over the limit of 20,000 (raise it with limits.max-line-length"),
    "python-tag.yaml": ("OL001", 1, "python/object/apply:os.system' is not allowed"),
    "png.yaml": ("OL001", 1, "binary file"),
    "nul-bytes.yaml": ("OL001", 1, "binary file"),
    "utf16-le-bom.yaml": ("OL191", 6, "Slack receives personal data"),  # accepted: checked like UTF-8
    "utf16-be-bom.yaml": ("OL191", 6, "Slack receives personal data"),
    "utf8-bom.yaml": ("OL191", 6, "Slack receives personal data"),
    "utf32.yaml": ("OL001", 1, "UTF-32 is not supported"),
    "latin1.yaml": ("OL001", 1, "not valid UTF-8 (byte 0xe9"),
    "empty.yaml": ("OL001", 1, "the file is empty"),
    "only-comment.yaml": NOT_A_CAMPAIGN,  # parses to nothing: not a campaign, skipped quietly (SPEC 4)
    "self-anchor.yaml": ("OL001", 1, "refers to itself through an alias"),
    "self-mapping.yaml": ("OL001", 1, "refers to itself through an alias"),
    "half-written.yaml": ("OL001", 7, "invalid YAML/JSON: found unexpected end of stream"),
    "tabs.yaml": ("OL001", 3, "invalid YAML/JSON"),
    "long-number.yaml": ("OL001", 2, "a number with 5,000 digits is too long"),
    "non-string-keys.yaml": ("OL001", 2, "keys must be strings, found a list"),
    "devices.yaml": ("OL003", 6, "'/dev/zero' resolves to /dev/zero, outside the repository"),  # refused before it is even stat-ed
    "wrong-types.yaml": ("OL001", 5, "processors.1: 7 (a number) is not of type object"),
}


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_guarded(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The CLI in a fresh interpreter, under the memory limit and the hang guard."""
    return subprocess.run(
        [sys.executable, "-m", "outreach_lint.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=_limit_memory,
        stdin=subprocess.DEVNULL,
        env=dict(os.environ, PYTHONFAULTHANDLER="1"),
    )


def check_beside_good(hostile: str, cwd: Path, *extra: str) -> tuple[dict[str, Any], subprocess.CompletedProcess[str]]:
    shutil.copy(GOOD, cwd / "good.yaml")
    done = run_guarded("check", "--format", "json", "--no-cache", "--today", TODAY, "--select", "OL0,OL191", *extra, hostile, "good.yaml", cwd=cwd)
    assert "Traceback" not in done.stderr and "Fatal Python error" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == 1, done.stderr[-3000:]  # the good campaign's OL191 error
    report = json.loads(done.stdout)
    for finding in report["findings"]:
        assert set(finding) == FINDING_KEYS
    assert GOOD_FINDING in {(f["file"], f["code"], f["line"]) for f in report["findings"]}, "the good campaign was not checked"
    return report, done


def test_every_corpus_file_has_an_expectation() -> None:
    files = {p.name for p in CORPUS.iterdir() if p.is_file() and not p.name.startswith(".")}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_beside_a_good_one(name: str, tmp_path: Path) -> None:
    shutil.copy(CORPUS / name, tmp_path / name)
    report, done = check_beside_good(name, tmp_path, "--verbose")
    found = [(f["code"], f["line"], f["message"]) for f in report["findings"] if f["file"] == name]
    expected = EXPECTED[name]
    if expected is NOT_A_CAMPAIGN:
        assert found == [] and f"skipped (not a campaign): {name}" in done.stderr
    else:
        code, line, fragment = expected
        assert any(c == code and ln == line and fragment in m for c, ln, m in found), found
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({name, "good.yaml"})  # nothing ran, nothing was written


def test_a_file_over_the_size_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    """A sparse 4 GiB file: reading it whole would break the 512 MB limit."""
    with open(tmp_path / "huge.yaml", "wb") as handle:
        handle.write(b"campaign: huge\n")
        handle.truncate(4 * 1024**3)
    report, _ = check_beside_good("huge.yaml", tmp_path)
    [finding] = [f for f in report["findings"] if f["file"] == "huge.yaml"]
    assert "4,294,967,296 bytes, over the limit of 2,097,152 (raise it with limits.max-file-bytes" in finding["message"]


def test_a_file_with_too_many_nodes_is_refused(tmp_path: Path) -> None:
    line = "  - [" + ", ".join(["1"] * 99) + "]\n"
    (tmp_path / "many.yaml").write_text("campaign: many\nitems:\n" + line * 3000, encoding="utf-8")
    report, _ = check_beside_good("many.yaml", tmp_path)
    [finding] = [f for f in report["findings"] if f["file"] == "many.yaml"]
    assert "raise it with limits.max-nodes = 50000" in finding["message"] and finding["line"] > 100


@pytest.mark.slow
def test_the_largest_campaign_within_the_limits_is_checked_within_the_guard(tmp_path: Path) -> None:
    """Every step runs the per-step rules (about a millisecond each): max-nodes bounds the run, not just the parse."""
    head = "campaign: many-steps\nchannel: email\naudience: {type: b2c, countries: [DE, FR, US, CA], consent: {basis: consent}}\nsteps:\n"
    (tmp_path / "steps.yaml").write_text(head + "  - {subject: hi, unsubscribe: link}\n" * 9_900, encoding="utf-8")
    done = run_guarded("check", "--format", "json", "--no-cache", "--today", TODAY, "steps.yaml", cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    codes = {f["code"] for f in json.loads(done.stdout)["findings"]}
    assert codes and not codes & {"OL000", "OL001"}


def test_limits_can_be_raised_in_the_config(tmp_path: Path) -> None:
    shutil.copy(CORPUS / "huge-line.yaml", tmp_path / "huge-line.yaml")
    (tmp_path / ".outreach-lint.yaml").write_text("limits: {max-line-length: 200000}\n", encoding="utf-8")
    report, _ = check_beside_good("huge-line.yaml", tmp_path)
    assert [f for f in report["findings"] if f["file"] == "huge-line.yaml" and f["code"] == "OL001"] == []


def test_pipes_loops_and_devices_named_on_the_command_line_are_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    os.symlink("loop-b.yaml", tmp_path / "loop-a.yaml")
    os.symlink("loop-a.yaml", tmp_path / "loop-b.yaml")
    shutil.copy(GOOD, tmp_path / "good.yaml")
    done = run_guarded("check", "--format", "json", "--no-cache", "--select", "OL0,OL191", "pipe.yaml", "loop-a.yaml", "/dev/zero", "good.yaml", cwd=tmp_path)
    assert "Traceback" not in done.stderr
    messages = {f["file"]: f["message"] for f in json.loads(done.stdout)["findings"]}
    assert "not a regular file" in messages["pipe.yaml"] and "not a regular file" in messages["/dev/zero"]
    assert "symlink loop" in messages["loop-a.yaml"]
    assert "good.yaml" in messages


@pytest.mark.parametrize(("pack", "where"), [("rules-redos", "X1.yaml:8: when: "), ("rules-python-tag", "X2.yaml:3: tag ")])
def test_a_hostile_rule_pack_is_a_one_line_exit_2_and_runs_nothing(pack: str, where: str, tmp_path: Path) -> None:
    shutil.copytree(CORPUS / pack, tmp_path / pack)
    shutil.copy(GOOD, tmp_path / "good.yaml")
    done = run_guarded("check", "--no-cache", "--rules", pack, "good.yaml", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    [line] = done.stderr.splitlines()
    assert line.startswith("outreach-lint: error: broken rule pack: ") and f"{pack}/{where}" in line
    assert not (tmp_path / "hostile-was-run").exists()


def test_a_huge_rule_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    """A sparse 4 GiB rule file: a one-line exit 2 under the 512 MB limit, not a MemoryError."""
    (tmp_path / "pack").mkdir()
    with open(tmp_path / "pack" / "X9.yaml", "wb") as handle:
        handle.write(b"code: X9\n")
        handle.truncate(4 * 1024**3)
    shutil.copy(GOOD, tmp_path / "good.yaml")
    done = run_guarded("check", "--no-cache", "--rules", "pack", "good.yaml", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    [line] = done.stderr.splitlines()
    assert "pack/X9.yaml:1: file is 4,294,967,296 bytes, over the limit of 2,097,152 for a rule file" in line


def test_an_unreadable_rule_file_is_a_one_line_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permission denied at open() (as for root on a network file system): in-process, so root sees it too."""
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "X9.yaml").write_text("code: X9\n", encoding="utf-8")
    deny_open(monkeypatch, "X9.yaml")
    code, out, err = run_cli("check", "--no-cache", "--rules", str(tmp_path / "pack"), str(GOOD))
    assert code == 2 and out == ""
    [line] = err.splitlines()
    assert line.startswith("outreach-lint: error: broken rule pack: ") and "X9.yaml:1: cannot be read (Permission denied)" in line


def test_the_review_report_does_not_read_pipes_devices_or_huge_files(tmp_path: Path) -> None:
    """`report` read the campaign file whole: a FIFO hung it and /dev/zero filled the memory."""
    os.mkfifo(tmp_path / "pipe.yaml")
    with open(tmp_path / "huge.yaml", "wb") as handle:  # hashed for the report's manifest, in chunks; never loaded whole
        handle.write(b"campaign: huge\n")
        handle.truncate(600 * 1024**2)  # more than the memory limit
    for target in ("pipe.yaml", "/dev/zero", "huge.yaml"):
        done = run_guarded("report", target, "--format", "markdown", "--today", TODAY, cwd=tmp_path)
        assert done.returncode == 1 and "Traceback" not in done.stderr, (target, done.stderr[-2000:])
        assert "BLOCKED" in done.stdout and "OL001" in done.stdout


def test_verify_report_refuses_a_manifest_nested_too_deeply(tmp_path: Path) -> None:
    from outreach_lint.report.manifest import MANIFEST_ID

    page = tmp_path / "review.html"
    page.write_text(
        f'<script type="application/json" id="{MANIFEST_ID}">\n{{"inputs": {"[" * 100_000}{"]" * 100_000}}}\n</script>\n</main></body></html>\n',
        encoding="utf-8",
    )
    code, out, err = run_cli("verify-report", str(page))
    assert code == 2 and "nested too deeply" in err and "Traceback" not in err
