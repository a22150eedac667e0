"""Issue 12 item 3: text output people read (source lines, one law line, -q/-qq, colour, progress)."""

from __future__ import annotations

import io
from pathlib import Path

from click.testing import CliRunner

from outreach_lint.cli import main
from outreach_lint.findings import Citation, Finding, Severity
from outreach_lint.formats import RenderContext
from outreach_lint.formats.text import most_specific_citation, render_finding

from .conftest import FIXTURES, TODAY

TRIP = str(FIXTURES / "rules" / "OL191" / "trip-slack-without-dpa.yaml")
LAW = "    law: Regulation (EU) 2016/679 (GDPR) Art. 28(3) <https://eur-lex.europa.eu/eli/reg/2016/679/oj>"


def _run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", "--today", TODAY, *args], env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_show_source_prints_the_line_with_a_caret_under_the_key() -> None:
    code, out, _ = _run("--select", "OL191", "--show-source", TRIP)
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(f"{TRIP}:7:5: error OL191 processor-dpa-missing ")
    assert lines[1:5] == ["  |", "7 |     dpa: false", "  |     ^^^", "  |"]
    assert lines[5].startswith("  = law: Regulation (EU) 2016/679 (GDPR) Art. 28(3)")
    assert lines[6].startswith("  = fix: ")


def test_source_is_off_in_a_pipe_by_default_and_with_no_show_source() -> None:
    for args in ((), ("--no-show-source",)):
        _, out, _ = _run("--select", "OL191", *args, TRIP)
        assert " |" not in out and "^" not in out
        assert out.splitlines()[1] == LAW


def test_one_law_line_by_default_and_all_with_show_law(tmp_path: Path) -> None:
    campaign = tmp_path / "c.yaml"
    campaign.write_text("campaign: x\nchannel: email\naudience: {type: b2b, countries: [DE], consent: {basis: legitimate_interest}}\n", encoding="utf-8")
    _, out, _ = _run("--select", "OL103", "--no-cache", str(campaign))
    laws = [line for line in out.splitlines() if line.lstrip().startswith("law:")]
    assert len(laws) == 1 and laws[0].endswith("more: --show-law)")
    _, out, _ = _run("--select", "OL103", "--no-cache", "--show-law", str(campaign))
    laws = [line for line in out.splitlines() if line.lstrip().startswith("law:")]
    # every citation for the finding's countries (DE), the national law first (issue 17.7)
    assert len(laws) == 3 and laws[0].lstrip().startswith("law: DE UWG")


def test_most_specific_citation_prefers_the_finding_countries_national_law() -> None:
    eu, de, uk = Citation("Directive 2002/58/EC (ePrivacy)", "Art. 13"), Citation("DE UWG", "§7"), Citation("UK PECR 2003", "reg. 22")
    assert most_specific_citation((eu, de, uk), ("DE",)) == de
    assert most_specific_citation((eu, de, uk), ("GB",)) == uk
    assert most_specific_citation((eu, de, uk), ("FR",)) == eu
    assert most_specific_citation((eu, de, uk), ()) == eu
    assert most_specific_citation((), ("DE",)) is None


def test_countries_of_a_finding_are_shown_when_the_finding_has_them() -> None:
    class WithCountries:  # stands in for a Finding with the `countries` field (branch jurisdiction-engine)
        def __init__(self, finding: Finding) -> None:
            self._f = finding
            self.countries = ("DE", "FR")

        def __getattr__(self, name: str) -> object:
            return getattr(self._f, name)

    finding = Finding(
        "c.yaml",
        3,
        5,
        "OL101",
        "cold-email-needs-consent",
        Severity.ERROR,
        "needs consent",
        citations=(Citation("FR CPCE", "L.34-5"), Citation("DE UWG", "§7")),
    )
    first = render_finding(WithCountries(finding), RenderContext("0"))  # type: ignore[arg-type]
    assert first[0] == "c.yaml:3:5: error OL101 cold-email-needs-consent needs consent [DE, FR]"
    assert first[1] == "    law: FR CPCE L.34-5 (+1 more: --show-law)"
    assert render_finding(finding, RenderContext("0"))[0].endswith("needs consent")


def test_quiet_twice_prints_nothing_and_keeps_the_exit_code() -> None:
    code, out, err = _run("--select", "OL191", "-qq", TRIP)
    assert (code, out, err) == (1, "", "")


def test_no_color_and_force_color() -> None:
    _, out, _ = _run("--select", "OL191", TRIP, env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert "\x1b[1;31merror\x1b[0m" in out
    _, out, _ = _run("--select", "OL191", TRIP, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in out
    _, out, _ = _run("--select", "OL191", "--color", TRIP, env={"NO_COLOR": "1"})
    assert "\x1b[1;31merror\x1b[0m" in out  # the flag wins over the environment


def test_progress_line_is_finished_once_per_file() -> None:
    from outreach_lint.facts.progress import terminal_progress

    stream = io.StringIO()
    first = terminal_progress("lists/huge.csv", 1000, stream, key="/abs/lists/huge.csv")
    first(100_000, 1000)
    first(100_000, 1000)  # the block reader's last block, then the reader's end: one line
    again = terminal_progress("lists/huge.csv", 1000, stream, key="/abs/lists/huge.csv")
    again(100_000, 500)  # another campaign pointing to the same file
    assert stream.getvalue() == "\rlists/huge.csv: 100,000 rows (100%)\n"


def test_the_pre_commit_hook_runs_serially_for_one_summary() -> None:
    import yaml

    from .conftest import ROOT

    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["require_serial"] is True
