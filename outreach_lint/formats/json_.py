"""The JSON output contract of SPEC section 6."""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # the C version when available, as json.dumps uses
from typing import Any

from ..findings import Report
from . import RenderContext


def render(report: Report, context: RenderContext) -> str:
    document = {
        "version": "1",
        "tool": {"name": "outreach-lint", "version": context.tool_version, "rule_pack": report.rule_pack_version},
        "findings": [f.as_dict() for f in report.findings],
        "suppressed": [f.as_dict() for f in report.suppressed],
        "summary": report.summary(),
    }
    return dumps(document) + "\n"


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
