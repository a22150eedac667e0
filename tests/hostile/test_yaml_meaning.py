"""A hostile pull request hides a value behind a YAML merge key, or a suppression inside a string.

What YAML means is what is checked: ``<<: *anchor`` is merged as every YAML 1.1 loader merges
it (explicit keys win, in ``<<: [*a, *b]`` the earlier mapping wins), and a suppression counts
only as a real comment, never inside a quoted string or a ``|``/``>`` block scalar.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .pr import SLACK, lint, where, write

ONLY = ("--select", "OL0,OL191")

#: OL191 (GDPR Art. 28) applies only where GDPR reaches the recipients; every campaign here states
#: EEA recipients (appended at the end, so no line number moves) so that OL191 can fire at all.
DE = "audience: {countries: [DE]}\n"
SLACK_DE = SLACK + DE


def test_a_merged_dpa_false_is_judged_at_the_merge_key(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "c.yaml": (
                "campaign: visitor-alerts\n"
                "processors:\n"
                "  - name: Slack\n"
                "    <<: &us_saas {role: processor, country: US, dpa: false, transfer: dpf}\n"
                "    data: [email, visited_pages]\n" + DE
            )
        },
    )
    code, findings, _ = lint(*ONLY, str(tmp_path / "c.yaml"))
    assert code == 1
    assert where(findings) == [("OL191", "c.yaml", 4)]
    assert "without a data processing agreement" in findings[0]["message"]
    code, findings, _ = lint("--select", "OL002", str(tmp_path / "c.yaml"))
    assert findings == []  # `<<` is not an unknown field


def test_a_merge_from_an_anchor_elsewhere_in_the_file(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "c.yaml": (
                "campaign: visitor-alerts\n"
                "processors:\n"
                "  - &vendor\n"
                "    name: Acme\n"
                "    role: processor\n"
                "    country: DE\n"
                "    dpa: true\n"
                "    data: [email]\n"
                "  - <<: *vendor\n"
                "    name: Slack\n"
                "    country: US\n"
                "    dpa: false\n"
                "    transfer: dpf\n" + DE
            )
        },
    )
    code, findings, _ = lint(*ONLY, str(tmp_path / "c.yaml"))
    assert (code, where(findings)) == (1, [("OL191", "c.yaml", 12)])  # the explicit `dpa: false` wins


def test_an_explicit_key_wins_over_a_merged_one_near_miss(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "c.yaml": (
                "campaign: visitor-alerts\n"
                "processors:\n"
                "  - name: Slack\n"
                "    dpa: true\n"
                "    <<: {role: processor, country: US, dpa: false, transfer: dpf}\n"
                "    data: [email, visited_pages]\n" + DE
            )
        },
    )
    code, findings, _ = lint(*ONLY, str(tmp_path / "c.yaml"))
    assert (code, findings) == (0, [])


@pytest.mark.parametrize(("merge", "trips"), [("[*bad, *good]", True), ("[*good, *bad]", False)])
def test_in_a_list_of_merges_the_earlier_mapping_wins(tmp_path: Path, merge: str, trips: bool) -> None:
    write(
        tmp_path,
        {
            "c.yaml": (
                "campaign: visitor-alerts\n"
                "description: {bad: &bad {dpa: false}, good: &good {dpa: true}}\n"
                "processors:\n"
                "  - name: Slack\n"
                "    role: processor\n"
                "    country: US\n"
                "    transfer: dpf\n"
                f"    <<: {merge}\n"
                "    data: [email, visited_pages]\n" + DE
            ).replace("description: {bad: &bad {dpa: false}, good: &good {dpa: true}}", "x-terms: [&bad {dpa: false}, &good {dpa: true}]")
        },
    )
    code, findings, _ = lint(*ONLY, str(tmp_path / "c.yaml"))
    assert where(findings) == ([("OL191", "c.yaml", 8)] if trips else [])
    assert code == (1 if trips else 0)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("campaign: x\nterms: &t just-a-string\nprocessors:\n  - <<: *t\n    name: Slack\n", 2),
        ("campaign: x\nterms: &t [a, b]\nprocessors:\n  - <<: *t\n    name: Slack\n", 2),
        ("campaign: x\nprocessors:\n  - &p\n    name: Slack\n    <<: *p\n", 3),
    ],
)
def test_a_merge_that_cannot_be_resolved_is_a_finding_not_a_pass(tmp_path: Path, text: str, line: int) -> None:
    write(tmp_path, {"c.yaml": text})
    code, findings, _ = lint(str(tmp_path / "c.yaml"))
    assert code == 1
    assert where(findings) == [("OL001", "c.yaml", line)]
    assert "merge key" in findings[0]["message"]


def test_a_quoted_double_less_than_is_an_ordinary_key(tmp_path: Path) -> None:
    write(tmp_path, {"c.yaml": SLACK_DE.replace("    data:", "    '<<': {dpa: true}\n    data:")})
    code, findings, _ = lint("--select", "OL002,OL191", str(tmp_path / "c.yaml"))
    assert code == 1 and where(findings) == [("OL002", "c.yaml", 8), ("OL191", "c.yaml", 7)]


REAL = '# outreach-lint: ignore[OL191] reason="DPA signed 2026-10-01"'


def test_a_real_comment_still_suppresses(tmp_path: Path) -> None:
    write(tmp_path, {"c.yaml": SLACK_DE.replace("    dpa: false\n", f"    {REAL}\n    dpa: false\n")})
    code, findings, _ = lint(*ONLY, str(tmp_path / "c.yaml"))
    assert (code, findings) == (0, [])


@pytest.mark.parametrize(
    "hiding",
    [
        # the last line of a literal block scalar, right above the finding
        f"    name: |\n      Slack\n      {REAL}\n",
        # the same in a folded block scalar
        f"    name: >\n      Slack\n      {REAL}\n",
        # a block scalar with keep chomping and a trailing empty line
        f"    name: |+\n      Slack\n      {REAL}\n\n",
    ],
)
def test_a_suppression_inside_a_block_scalar_is_content(tmp_path: Path, hiding: str) -> None:
    text = SLACK_DE.replace("  - name: Slack\n", "  -\n" + hiding).replace("    dpa: false\n", "").replace("    data:", "    dpa: false\n    data:")
    write(tmp_path, {"c.yaml": text})
    code, findings, _ = lint(*ONLY, str(tmp_path / "c.yaml"))
    line = text.splitlines().index("    dpa: false") + 1
    assert (code, where(findings)) == (1, [("OL191", "c.yaml", line)])


@pytest.mark.parametrize(
    "row",
    [
        "  - {name: \"Slack # outreach-lint: ignore[OL191] reason='signed'\", role: processor, country: US, transfer: dpf, dpa: false, data: [email]}\n",
        "  - {name: 'Slack # outreach-lint: ignore[OL191] reason=\"signed\"', role: processor, country: US, transfer: dpf, dpa: false, data: [email]}\n",
        "  - {dpa: false, name: \"Slack\\n# outreach-lint: ignore[OL191] reason='signed'\", role: processor, country: US, transfer: dpf, data: [email]}\n",
    ],
)
def test_a_suppression_inside_a_quoted_string_on_the_finding_line_is_content(tmp_path: Path, row: str) -> None:
    write(tmp_path, {"c.yaml": "campaign: visitor-alerts\nprocessors:\n" + row + DE})
    code, findings, _ = lint(*ONLY, str(tmp_path / "c.yaml"))
    assert (code, where(findings)) == (1, [("OL191", "c.yaml", 3)])


def test_a_multi_line_double_quoted_string_cannot_carry_a_suppression(tmp_path: Path) -> None:
    text = SLACK_DE.replace("  - name: Slack\n", f'  - name: "Slack\n\n      {REAL.replace(chr(34), chr(39))}"\n')
    write(tmp_path, {"c.yaml": text})
    code, findings, _ = lint(*ONLY, str(tmp_path / "c.yaml"))
    assert code == 1 and [f["code"] for f in findings] == ["OL191"]
