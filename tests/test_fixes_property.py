"""Property: a safe fix changes only the tokens it names, in any layout (issue 12 item 5).

Campaigns with the first-day mistakes are written in random layouts (block or flow style,
quoting, comments, blank lines, CRLF). After planning the fixes, every line that was not named
by a fix is byte-identical, the fixed text loads to the old document with just those changes,
and checking it again finds nothing left to fix.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from outreach_lint.check.campaign import check_text
from outreach_lint.check.context import CheckContext
from outreach_lint.check.options import CheckOptions
from outreach_lint.fixes import fix_text
from outreach_lint.loader import load_text
from outreach_lint.rulepack import load_pack

PACK = load_pack()
CHECKER = CheckContext(PACK, CheckOptions(select=("OL001", "OL002"), use_cache=False))


def _quote(value: str, style: str) -> str:
    return {"plain": value, "double": f'"{value}"', "single": f"'{value}'"}[style]


@st.composite
def campaigns(draw: st.DrawFn) -> str:
    quote = draw(st.sampled_from(["plain", "double", "single"]))
    country = draw(st.sampled_from(["Germany", "de", "DE", "France", "Deutschland"]))
    transfer = draw(st.sampled_from(["DPF", "Scc", "dpf", "BCR"]))
    flag = draw(st.sampled_from(["yes", "no", "true", "On", "OFF"]))
    key = draw(st.sampled_from(["chanel", "channel", "chanell"]))
    comment = draw(st.sampled_from(["", "   # note", "  # ü ✓ comment"]))
    flow = draw(st.booleans())
    blank = "\n" if draw(st.booleans()) else ""
    lines = [
        "# a campaign" + comment,
        "campaign: c",
        f"{key}: email{comment}",
        blank + "audience:",
        f"  countries: [{_quote(country, quote)}, FR]{comment}",
        "  consent:",
        f"    double_opt_in: {flag}",
        "processors:",
    ]
    if flow:
        lines.append(f"  - {{name: S, role: processor, country: US, dpa: true, transfer: {_quote(transfer, quote)}}}")
    else:
        lines += ["  - name: S", "    role: processor", f"    transfer: {_quote(transfer, quote)}{comment}"]
    newline = "\r\n" if draw(st.booleans()) else "\n"
    return newline.join(lines) + newline


@given(campaigns())
def test_fixes_touch_only_their_tokens_and_leave_nothing_to_fix(text: str) -> None:
    findings = check_text(CHECKER, "/nonexistent/c.yaml", text).findings
    fixable = [f for f in findings if f.fix_edit]
    fix = fix_text("c.yaml", text, fixable)
    assert not fix.problem, fix.problem
    assert sorted(fix.applied) == sorted(fixable)  # every planned fix was applied
    if "Germany" in text or "DPF" in text:
        assert fix.applied
    fixed_lines = {f.line for f in fix.applied}
    old, new = text.splitlines(keepends=True), fix.new.splitlines(keepends=True)
    assert len(old) == len(new)
    for number, (before, after) in enumerate(zip(old, new), start=1):
        if number not in fixed_lines:
            assert before == after
    load_text(fix.new)  # loads
    again = check_text(CHECKER, "/nonexistent/c.yaml", fix.new).findings
    assert [f for f in again if f.fix_edit] == []
