"""A small JavaScript/JSX lexer: comments out, string literals located.

Enough to read loader snippets as code: a commented-out loader (``// s.src = ...``,
``/* ... */``, JSX ``{/* <Script .../> */}``) is blanked with spaces (newlines kept, so
lines and columns stay those of the file), and each string literal is located so a reader
can tell a URL the code loads from markup that only sits in a string. It does not parse
regular-expression literals; a quote inside one can shift string detection until the end of
that line (single- and double-quoted strings end at a newline), never further.

Linear time: one pass with ``re`` searches that each advance the position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_START = re.compile(r"//|/\*|['\"`]")
_STRING_END = {
    "'": re.compile(r"(?:[^'\\\n]|\\.)*(?:'|$)", re.MULTILINE),
    '"': re.compile(r'(?:[^"\\\n]|\\.)*(?:"|$)', re.MULTILINE),
    "`": re.compile(r"(?:[^`\\]|\\.)*(?:`|\Z)", re.DOTALL),
}
#: Code that turns a string into page markup: only then is markup inside a string a tag.
INJECTION = re.compile(
    r"\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|dangerouslySetInnerHTML|createContextualFragment|"
    r"\.html\(|\.append\(|\.prepend\(|\.after\(|\.before\("
)
MARKUP = re.compile(r"<(?:script|img|iframe|noscript)\b", re.IGNORECASE)


@dataclass
class Code:
    """``text`` with comments blanked; ``strings`` are (start, end) offsets of literal contents."""

    text: str
    strings: list[tuple[int, int]] = field(default_factory=list)

    def string_at(self, offset: int) -> tuple[int, int] | None:
        """The string literal (start, end) that holds ``offset``, if any (binary search)."""
        low, high = 0, len(self.strings)
        while low < high:
            mid = (low + high) // 2
            start, end = self.strings[mid]
            if end < offset:
                low = mid + 1
            elif start > offset:
                high = mid
            else:
                return start, end
        return None


def lex(source: str) -> Code:
    """Blank the comments of ``source`` and locate its string literals."""
    out: list[str] = []
    strings: list[tuple[int, int]] = []
    position = 0
    while True:
        match = _START.search(source, position)
        if match is None:
            out.append(source[position:])
            break
        token, start = match.group(0), match.start()
        out.append(source[position:start])
        if token == "//":
            end = source.find("\n", start)
            end = len(source) if end == -1 else end
            out.append(" " * (end - start))
        elif token == "/*":
            end = source.find("*/", start + 2)
            end = len(source) if end == -1 else end + 2
            out.append(_blank(source[start:end]))
        else:
            found = _STRING_END[token].match(source, start + 1)
            end = found.end() if found else len(source)
            strings.append((start + 1, max(end - 1, start + 1)))
            out.append(source[start:end])
        position = end
    return Code("".join(out), strings)


def _blank(text: str) -> str:
    return "".join(ch if ch == "\n" else " " for ch in text)
