"""The JSON and text formats written piece by piece: exactly the bytes they wrote as one string."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_lint.formats.json_ import dumps

_scalars = st.none() | st.booleans() | st.integers() | st.text() | st.floats(allow_nan=True, allow_infinity=True)
_values = st.recursive(
    _scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(_values)
def test_same_text_as_the_standard_library(value: object) -> None:
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_odd_values_go_to_the_standard_library() -> None:
    odd = {"tuple": (1, "a"), "nan": math.nan, 1: "int key", "nested": [{"x": []}, {}], 'é\u2028"': "\x00"}
    assert dumps(odd) == json.dumps(odd, indent=2, ensure_ascii=False)


def _reports():
    from dataclasses import replace

    from outreach_lint.findings import Report

    from .sample import REPORT, SILENCED

    yield REPORT
    yield Report(REPORT.results[:1])  # nothing suppressed
    yield Report(())  # nothing at all
    yield Report((replace(REPORT.results[1], findings=(SILENCED,)),))  # only suppressed


def test_the_json_report_written_in_pieces_is_json_dumps_of_the_document() -> None:
    from outreach_lint.formats import iter_formatter, json_

    from .sample import CONTEXT

    for report in _reports():
        document = {
            "version": "1",
            "tool": {"name": "outreach-lint", "version": CONTEXT.tool_version, "rule_pack": report.rule_pack_version},
            "findings": [f.as_dict() for f in report.findings],
            "suppressed": [f.as_dict() for f in report.suppressed],
            "summary": report.summary(),
        }
        expected = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        assert json_.render(report, CONTEXT) == expected
        assert "".join(iter_formatter("json")(report, CONTEXT)) == expected


def test_the_text_report_written_in_pieces_is_the_lines_joined() -> None:
    from dataclasses import replace

    from outreach_lint.formats import iter_formatter
    from outreach_lint.formats.text import render_finding, summary_line

    from .sample import CONTEXT

    for report in _reports():
        for context in (CONTEXT, replace(CONTEXT, quiet=True), replace(CONTEXT, color=True)):
            lines = [line for finding in report.findings for line in render_finding(finding, context)]
            lines += ([""] if lines and not context.quiet else []) + [summary_line(report)]
            assert "".join(iter_formatter("text")(report, context)) == "\n".join(lines) + ("\n" if lines else "")


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=200, deadline=None)
@given(_text, _text, st.integers(min_value=0, max_value=10**6), _text, _text, st.lists(st.tuples(_text, _text, _text), max_size=3), st.booleans(), _text)
def test_a_finding_is_written_as_json_dumps_writes_its_dict(file, message, line, path, fix, citations, suppressed, reason) -> None:
    from outreach_lint.findings import Citation, FileResult, Finding, Report, Severity
    from outreach_lint.formats import json_

    from .sample import CONTEXT

    finding = Finding(
        file, line, 1, "OL101", "a-rule", Severity.WARNING, message, path, fix, tuple(Citation(*c) for c in citations), suppressed, reason if suppressed else ""
    )
    report = Report((FileResult(file, (finding, finding)),))
    key = "suppressed" if suppressed else "findings"
    document = json.loads(json_.render(report, CONTEXT))
    assert document[key] == [finding.as_dict()] * 2
    expected = json.dumps({key: [finding.as_dict()] * 2}, indent=2, ensure_ascii=False)
    assert expected[expected.index("[") : expected.rindex("]") + 1] in json_.render(report, CONTEXT)
