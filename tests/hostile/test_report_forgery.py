"""Reports that cannot be forged: escaped campaign text, one sealed manifest, honest sign-offs.

A hostile pull request writes campaign values that try to become markup in the review report,
hand-edits a report (verdict, findings, inputs, a second manifest), or tries to get a BLOCKED
campaign past ``verify-report --require-sign-off``.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from outreach_lint.report.manifest import extract

from ..conftest import TODAY, run_cli

HOSTILE = [
    "`code` and ``double`` ticks",
    "cell | breaks | the table",
    "[click me](javascript:alert(1))",
    "x](javascript:alert(document.cookie)) <b>",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "line one\\nline two\\r\\n# Heading\\n- list",
    "--> <!-- ",
    "&lt;script&gt; &#106;avascript:",
    "<https://evil.example>",
    "![x](https://evil.example/pixel.png)",
]


def _blocked_campaign(value: str) -> str:
    return (
        f'campaign: "{value}"\n'
        f'owner: "{value}"\n'
        "channel: email\n"
        "audience: {type: b2b, countries: [DE]}\n"
        "processors:\n"
        f'  - {{name: "{value}", role: processor, country: US, dpa: false, data: [email]}}\n'
    )


READY = (
    "campaign: ok\nchannel: email\naudience: {type: b2b, countries: [DE]}\n"
    "processors:\n  - {name: CRM, role: processor, country: US, dpa: true, data: [email]}\n"
)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _report(*args: str) -> tuple[int, str, str]:
    return run_cli("report", "--today", TODAY, "--select", "OL191", *args)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def _assert_no_markup(html: str, allowed_scripts: int) -> None:
    tags = _tags(html)
    scripts = [attrs for tag, attrs in tags if tag == "script"]
    assert len(scripts) == allowed_scripts and all(a.get("type") == "application/json" for a in scripts)
    assert not [t for t, a in tags if t in ("img", "b") and any(k.startswith("on") for k in a)]
    assert not [t for t, _ in tags if t == "img"]
    for tag, attrs in tags:
        for value in attrs.values():
            assert not (value or "").strip().lower().startswith(("javascript:", "data:text")), (tag, attrs)


@pytest.mark.parametrize("value", HOSTILE)
def test_html_report_escapes_campaign_text(here: Path, value: str) -> None:
    (here / "c.yaml").write_text(_blocked_campaign(value), encoding="utf-8")
    code, _, err = _report("c.yaml", "-o", "r.html")
    assert code == 1, err
    html = (here / "r.html").read_text("utf-8")
    _assert_no_markup(html, allowed_scripts=1)
    assert run_cli("verify-report", "r.html")[0] == 0


@pytest.mark.parametrize("value", HOSTILE)
def test_markdown_report_escapes_campaign_text(here: Path, value: str) -> None:
    from markdown_it import MarkdownIt

    (here / "c.yaml").write_text(_blocked_campaign(value), encoding="utf-8")
    code, _, err = _report("c.yaml", "--format", "markdown", "-o", "r.md")
    assert code == 1, err
    text = (here / "r.md").read_text("utf-8")
    html = MarkdownIt("commonmark").enable("table").render(text)  # as GitHub shows a PR comment or wiki page
    _assert_no_markup(html, allowed_scripts=0)  # the manifest stays inside its HTML comment
    assert "<!-- outreach-lint manifest" in html
    assert not [a for t, a in _tags(html) if t == "a" and not (a.get("href") or "").startswith("https://")]
    for table in re.findall(r"<table>.*?</table>", html, re.DOTALL):  # every row has as many cells as the header
        rows = re.findall(r"<tr>(.*?)</tr>", table, re.DOTALL)
        widths = {len(re.findall(r"<t[hd][ >]", row)) for row in rows}
        assert len(widths) == 1, table
    assert run_cli("verify-report", "r.md")[0] == 0


def test_file_names_with_markup_are_escaped_in_both_reports(here: Path) -> None:
    from markdown_it import MarkdownIt

    name = "a`b|c](javascript:x)<script>.yaml"
    (here / name).write_text(_blocked_campaign("plain"), encoding="utf-8")
    assert _report(name, "-o", "r.html")[0] == 1
    _assert_no_markup((here / "r.html").read_text("utf-8"), allowed_scripts=1)
    assert _report(name, "--format", "markdown", "-o", "r.md")[0] == 1
    _assert_no_markup(MarkdownIt("commonmark").enable("table").render((here / "r.md").read_text("utf-8")), allowed_scripts=0)


# -- editing a report ---------------------------------------------------------------------------

EDITS = {
    "verdict in the page": lambda t: t.replace('<div class="verdict">BLOCKED', '<div class="verdict">READY'),
    "verdict in the manifest": lambda t: t.replace('"verdict": "blocked"', '"verdict": "ready"'),
    "a finding removed": lambda t: re.sub(r'<article class="finding.*?</article>', "", t, count=1, flags=re.DOTALL),
    "the summary": lambda t: t.replace('"errors": 1', '"errors": 0'),
    "an input dropped": lambda t: re.sub(r'\{\s*"path": "c.yaml".*?\}', "", t, count=1, flags=re.DOTALL),
    "a hash in the manifest": lambda t: re.sub(r'"sha256": "[0-9a-f]{64}"', '"sha256": "' + "0" * 64 + '"', t, count=1),
    "a sign-off added": lambda t: t.replace('"sign_off": null', '"sign_off": {"name": "Dana", "role": "DPO", "at": "2026-11-23T10:00:00Z"}'),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_any_edit_of_the_report_fails_verification(here: Path, edit: str) -> None:
    (here / "c.yaml").write_text(_blocked_campaign("Slack"), encoding="utf-8")
    assert _report("c.yaml", "-o", "r.html")[0] == 1
    page = here / "r.html"
    before = page.read_text("utf-8")
    after = EDITS[edit](before)
    assert after != before
    page.write_text(after, encoding="utf-8")
    code, out, _ = run_cli("verify-report", "r.html", "--require-sign-off")
    assert code == 1
    assert "the report was edited after outreach-lint wrote it" in out


def test_a_second_manifest_or_text_after_it_is_not_a_report(here: Path) -> None:
    (here / "c.yaml").write_text(READY, encoding="utf-8")
    assert _report("c.yaml", "-o", "r.html", "--sign-off", "Dana Privacy, DPO")[0] == 0
    page = here / "r.html"
    text = page.read_text("utf-8")
    manifest = text[text.index('<script type="application/json"') : text.index("</script>") + len("</script>")]
    for forged in (manifest + "\n" + text, text + "<p>appended</p>\n", text.replace("</main></body></html>", "<p>x</p></main></body></html>")):
        page.write_text(forged, encoding="utf-8")
        code, _, err = run_cli("verify-report", "r.html")
        assert code == 2 and "not an outreach-lint report" in err


# -- sign-off of a BLOCKED report ------------------------------------------------------------------


def test_a_blocked_report_cannot_be_signed_as_if_ready(here: Path) -> None:
    (here / "c.yaml").write_text(_blocked_campaign("Slack"), encoding="utf-8")
    code, _, err = _report("c.yaml", "-o", "r.html", "--sign-off", "Dana Privacy, DPO")
    assert code == 2 and "cannot be signed off as if it were ready" in err
    assert not (here / "r.html").exists()
    code, _, err = _report("c.yaml", "-o", "r.html", "--accept-risk", "board decision")
    assert code == 2 and "--accept-risk needs --sign-off" in err


@pytest.mark.parametrize(
    "roles, role, passes",
    [
        (None, "DPO", False),  # no roles configured: no risk acceptance passes
        (["DPO", "General Counsel"], "DPO", True),
        (["DPO", "General Counsel"], "general  counsel", True),
        (["DPO"], "Intern", False),
        (["DPO"], "DPO (acting)", False),
    ],
)
def test_require_sign_off_passes_an_accepted_risk_only_from_an_allowed_role(here: Path, roles: list[str] | None, role: str, passes: bool) -> None:
    if roles is not None:
        (here / ".outreach-lint.yaml").write_text(f"report:\n  sign-off-roles: {roles}\n", encoding="utf-8")
    (here / "c.yaml").write_text(_blocked_campaign("Slack"), encoding="utf-8")
    code, _, err = _report("c.yaml", "-o", "r.html", "--sign-off", f"Dana Privacy, {role}", "--accept-risk", "contract with Slack in signature, LEGAL-7")
    assert code == 1, err
    manifest = extract((here / "r.html").read_text("utf-8"))
    assert manifest["sign_off"]["accepts_risk"] is True and manifest["sign_off"]["reason"] == "contract with Slack in signature, LEGAL-7"
    assert "Risk accepted:" in (here / "r.html").read_text("utf-8")
    assert run_cli("verify-report", "r.html")[0] == 0  # unchanged inputs: verification itself passes
    code, out, _ = run_cli("verify-report", "r.html", "--require-sign-off")
    assert code == (0 if passes else 1), out


def test_a_ready_report_signed_passes_and_unsigned_does_not(here: Path) -> None:
    (here / "c.yaml").write_text(READY, encoding="utf-8")
    assert _report("c.yaml", "-o", "r.html")[0] == 0
    assert run_cli("verify-report", "r.html", "--require-sign-off")[0] == 1
    assert _report("c.yaml", "-o", "r.html", "--sign-off", "Dana Privacy, Marketing lead")[0] == 0
    assert run_cli("verify-report", "r.html", "--require-sign-off")[0] == 0
    code, _, err = _report("c.yaml", "-o", "r.html", "--sign-off", "Dana Privacy, DPO", "--accept-risk", "nothing")
    assert code == 2 and "no risk to accept" in err


# -- growth of a suppression list ----------------------------------------------------------------

SUPPRESSED = (
    "campaign: ok\nchannel: email\naudience: {type: b2b, countries: [DE], suppression_list: lists/dnc.csv}\n"
    "processors:\n  - {name: CRM, role: processor, country: US, dpa: true, data: [email]}\n"
)


@pytest.mark.parametrize(
    "change, passes",
    [
        (lambda t: t + "new@example.com\n", True),
        (lambda t: t + "new@example.com\nother@example.org\n", True),
        (lambda t: t + "no-final-newline@example.com", True),
        (lambda t: t.replace("old@example.com\n", ""), False),  # a line removed
        (lambda t: t.replace("old@example.com", "olx@example.com"), False),  # a line changed
        (lambda t: "first@example.com\n" + t, False),  # added, but not at the end
        (lambda t: "", False),
    ],
)
def test_lines_added_to_a_suppression_list_keep_the_sign_off(here: Path, change, passes: bool) -> None:  # type: ignore[no-untyped-def]
    (here / "lists").mkdir()
    dnc = here / "lists" / "dnc.csv"
    dnc.write_text("email\nold@example.com\n", encoding="utf-8")
    (here / "c.yaml").write_text(SUPPRESSED, encoding="utf-8")
    assert _report("c.yaml", "-o", "r.html", "--sign-off", "Dana Privacy, DPO")[0] == 0
    dnc.write_text(change(dnc.read_text("utf-8")), encoding="utf-8")
    code, out, err = run_cli("verify-report", "r.html", "--require-sign-off")
    assert code == (0 if passes else 1), out + err
    if passes:
        assert "grew by lines added at its end" in err
    else:
        assert "changed: lists/dnc.csv" in out


def test_lines_added_to_the_campaign_or_contacts_void_the_sign_off(here: Path) -> None:
    (here / "lists").mkdir()
    (here / "lists" / "dnc.csv").write_text("email\nold@example.com\n", encoding="utf-8")
    (here / "c.yaml").write_text(SUPPRESSED, encoding="utf-8")
    assert _report("c.yaml", "-o", "r.html", "--sign-off", "Dana Privacy, DPO")[0] == 0
    with open(here / "c.yaml", "a", encoding="utf-8") as handle:
        handle.write("# harmless?\n")
    code, out, _ = run_cli("verify-report", "r.html")
    assert code == 1 and "changed: c.yaml" in out
    os.remove(here / "r.html")


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_a_campaign_whose_name_is_not_utf8_reports_and_verifies(here: Path, fmt: str) -> None:
    raw = b"bad\xff\x1b[31mname.yaml"
    try:
        with open(os.path.join(os.fsencode(here), raw), "w", encoding="utf-8") as handle:
            handle.write(_blocked_campaign("Slack"))
    except OSError:
        pytest.skip("the file system refuses this name")
    code, _, err = _report(os.fsdecode(raw), "--format", fmt, "-o", "r.out")
    assert code == 1, err
    text = (here / "r.out").read_text("utf-8")  # valid UTF-8, no escape character
    assert "\x1b" not in text and "bad\\xff\\x1b[31mname.yaml" in text.replace("\\\\", "\\").replace("\\[", "[")
    assert run_cli("verify-report", "r.out")[0] == 0
