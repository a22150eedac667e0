"""The JSON output contract of SPEC section 6."""

from __future__ import annotations

import json
from collections.abc import Iterator
from json.encoder import encode_basestring  # the C version when available, as json.dumps uses
from typing import Any

from ..findings import Finding, Report
from . import RenderContext


def render(report: Report, context: RenderContext) -> str:
    return "".join(render_chunks(report, context))


def render_chunks(report: Report, context: RenderContext) -> Iterator[str]:
    """The document below, one finding at a time (``json.dumps(document, indent=2)`` + newline)::

    {"version": "1", "tool": {...}, "findings": [...], "suppressed": [...], "summary": {...}}
    """
    parts: list[tuple[str, Any]] = [
        ("version", "1"),
        ("tool", {"name": "outreach-lint", "version": context.tool_version, "rule_pack": report.rule_pack_version}),
        ("findings", report.findings),
        ("suppressed", report.suppressed),
        ("summary", report.summary()),
    ]
    for index, (key, value) in enumerate(parts):
        yield ("{" if index == 0 else ",") + "\n  " + encode_basestring(key) + ": "
        if key in ("findings", "suppressed"):
            if not value:
                yield "[]"
                continue
            memo: dict[Any, Any] = {}
            for position, finding in enumerate(value):
                yield ("[" if position == 0 else ",") + "\n    " + _finding(finding, memo)
            yield "\n  ]"
        else:
            yield _indented(value, "\n  ")
    yield "\n}\n"


_N1 = "\n      "  # a finding's keys, as the list of findings sits in the document


def _finding(finding: Finding, memo: dict[Any, Any]) -> str:
    """``_indented(finding.as_dict(), "\\n    ")`` without building the dict, in one f-string.

    The findings of one rule share its name, fix and citations (the same objects): their
    encoded text is made once per run (``memo``; a citations tuple is kept there, so its id
    is not reused while the memo lives).
    """
    f = finding
    if (
        not (
            type(f.line) is int
            and type(f.column) is int
            and type(f.code) is str
            and type(f.rule) is str
            and type(f.file) is str
            and type(f.path) is str
            and type(f.message) is str
            and type(f.fix) is str
            and type(f.suppression_reason) is str
        )
        or f.fix_edit
        or f.related
        or f.evidence
    ):
        return _indented(f.as_dict(), "\n    ")
    key = (id(f.citations), f.code, f.rule, f.fix, f.severity)
    known = memo.get(key)
    if known is None or known[0] is not f.citations:
        cited = _indented([c.as_dict() for c in f.citations], _N1)
        known = memo[key] = (
            f.citations,
            f'{{{_N1}"code": {encode_basestring(f.code)},{_N1}"rule": {encode_basestring(f.rule)},{_N1}"severity": {encode_basestring(f.severity.label)},{_N1}"file": ',
            f',{_N1}"fix": {encode_basestring(f.fix)},{_N1}"citations": {cited}',
        )
    countries = memo.get(f.countries)  # a tuple of codes: its text made once per run, like the citations'
    if countries is None:
        countries = memo[f.countries] = f',{_N1}"countries": ' + (_indented(list(f.countries), _N1) if f.countries else "[]")
    suppressed = f',{_N1}"suppressed": true,{_N1}"suppression_reason": {encode_basestring(f.suppression_reason)}' if f.suppressed else ""
    return (
        f'{known[1]}{encode_basestring(f.file)},{_N1}"line": {int.__repr__(f.line)},{_N1}"column": {int.__repr__(f.column)},'
        f'{_N1}"path": {encode_basestring(f.path)},{_N1}"message": {encode_basestring(f.message)}{known[2]}{countries}{suppressed}\n    }}'
    )


def _indented(value: Any, newline: str) -> str:
    """``dumps(value)`` as it reads nested at the indentation ``newline`` ends with."""
    parts: list[str] = []
    try:
        _encode(value, parts, newline)
    except _Unsupported:
        return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", newline)
    return "".join(parts)


class _Unsupported(Exception):
    pass


def dumps(document: Any) -> str:
    """``json.dumps(document, indent=2, ensure_ascii=False)``, byte for byte, several times faster.

    With ``indent`` the standard library falls back to its pure-Python encoder, which
    dominated the time of a warm run over a large repository. Anything but plain JSON
    values goes to ``json.dumps`` itself, so errors and odd types behave exactly alike.
    """
    parts: list[str] = []
    try:
        _encode(document, parts, "\n")
    except _Unsupported:
        return json.dumps(document, indent=2, ensure_ascii=False)
    return "".join(parts)


def _encode(value: Any, out: list[str], newline: str) -> None:
    kind = type(value)
    if kind is str:
        out.append(encode_basestring(value))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        first = True
        for key, item in value.items():
            if type(key) is not str:
                raise _Unsupported
            out.append(("{" if first else ",") + inner + encode_basestring(key) + ": ")
            first = False
            if type(item) is str:
                out.append(encode_basestring(item))
            else:
                _encode(item, out, inner)
        out.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        first = True
        for item in value:
            out.append(("[" if first else ",") + inner)
            first = False
            if type(item) is str:
                out.append(encode_basestring(item))
            else:
                _encode(item, out, inner)
        out.append(newline + "]")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif value is None:
        out.append("null")
    elif kind is int:
        out.append(int.__repr__(value))
    else:
        raise _Unsupported  # floats (NaN, infinities), subclasses, anything else: the library decides
