"""A message template as text: links, images, lines and sentences, and the way back to the file.

:func:`parse` reads HTML/MJML with the stdlib ``html.parser`` (tolerant, linear), Markdown links
and bare URLs line by line, plain text as is; :class:`Doc` splits the text into folded lines and
sentences and maps an offset back to the file's line and column. :mod:`.templates` finds the
facts (opt-out, address, ...) in it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .htmlsafe import defuse
from .phrases import Phrases, fold
from .pixels import Image

#: Longest sentence or line we look at; longer runs are cut (no phrase we look for is longer).
_MAX_PIECE = 600

_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "tr",
        "td",
        "th",
        "li",
        "ul",
        "ol",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "footer",
        "header",
        "address",
        "blockquote",
        "hr",
        "center",
        "article",
        "mj-text",
        "mj-section",
        "mj-column",
        "mj-button",
        "mj-raw",
        "mj-hero",
        "mj-wrapper",
        "title",
    }
)
_LINK_TAGS = frozenset({"a", "area", "mj-button", "mj-navbar-link", "mj-social-element", "mj-image"})
_IMAGE_TAGS = frozenset({"img", "mj-image", "image"})
_SKIP_TAGS = frozenset({"script", "style", "head", "mj-head", "mj-style", "mj-attributes"})

_MD_LINK = re.compile(r"(!?)\[([^\]\n]{0,300})\]\(\s*<?([^)\s>]{1,2000})>?(?:\s+\"[^\"\n]{0,200}\")?\s*\)")
_BARE_URL = re.compile(
    r"(?:https?://|mailto:|www\.)[^\s<>\"')\]]{1,2000}|(?:\{\{|\*\||%)[^{}\n]{0,80}?(?:url|link)[^{}\n]{0,20}?(?:\}\}|\|\*|%)", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass
class Link:
    href: str
    text: str
    line: int
    column: int = 1
    #: offset of the link's text in the joined text (-1: not in it; then ``context`` is its line)
    at: int = -1
    context: str = ""


@dataclass
class Parsed:
    text: str = ""
    links: list[Link] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    #: (offset in ``text``, file line, column) where each text chunk starts
    places: list[tuple[int, int, int]] = field(default_factory=list)


class TemplateParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = Parsed()
        self._text: list[str] = []
        self._size = 0
        self._skip = 0
        self._link: Link | None = None
        self._link_text: list[str] = []

    def _append(self, piece: str) -> None:
        line, col = self.getpos()
        self.out.places.append((self._size, line, col + 1))
        self._text.append(piece)
        self._size += len(piece)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        line, col = self.getpos()
        if tag in _SKIP_TAGS:
            self._skip += 1
        if tag in _BLOCK_TAGS:
            self._append("\n")
        if tag in _IMAGE_TAGS and values.get("src"):
            self.out.images.append(Image(values["src"], values, line, col + 1))
        if tag in _LINK_TAGS and values.get("href"):
            self._close_link()
            self._link = Link(values["href"], values.get("title", "") + " " + values.get("alt", ""), line, col + 1, self._size)
            self._link_text = []
            if tag == "mj-image":
                self._close_link()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _SKIP_TAGS:
            self._skip -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and self._skip:
            self._skip -= 1
        if tag in _LINK_TAGS:
            self._close_link()
        if tag in _BLOCK_TAGS:
            self._append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self._append(data)
        if self._link is not None:
            self._link_text.append(data)

    def _close_link(self) -> None:
        if self._link is not None:
            self._link.text = (" ".join(self._link_text) + " " + self._link.text).strip()[:300]
            self.out.links.append(self._link)
            self._link = None

    def finish(self) -> Parsed:
        self.close()
        self._close_link()
        self.out.text = "".join(self._text)
        return self.out


def parse(text: str, kind: str) -> Parsed:
    if kind == "text":
        links = []
        for n, line in enumerate(text.split("\n"), 1):
            if len(line) < 5000:
                links += [Link(m.group(0), line, n, m.start() + 1) for m in _BARE_URL.finditer(line)]
        return Parsed(text=text, links=links, places=[(0, 1, 1)])
    parser = TemplateParser()
    parser.feed(defuse(text))
    parsed = parser.finish()
    if kind == "markdown":
        for n, line in enumerate(text.split("\n"), 1):
            if len(line) > 5000:
                continue
            for match in _MD_LINK.finditer(line):
                if match.group(1):
                    parsed.images.append(Image(match.group(3), {}, n, match.start() + 1))
                else:
                    parsed.links.append(Link(match.group(3), match.group(2), n, match.start() + 1, context=line[: 2 * _MAX_PIECE]))
            for match in _BARE_URL.finditer(line):
                parsed.links.append(Link(match.group(0), line, n, match.start() + 1))
    return parsed


class Doc:
    """The parsed text split into lines and sentences, with a way back to file positions."""

    def __init__(self, parsed: Parsed, raw: str, shift: int, phrases: Phrases) -> None:
        self.parsed, self.raw, self.shift, self.phrases = parsed, raw, shift, phrases
        self.originals: list[str] = []
        self.lines: list[str] = []
        self.starts: list[int] = []
        offset = 0
        for piece in parsed.text.split("\n"):
            original = " ".join(piece.split())[:_MAX_PIECE]
            if original:
                self.originals.append(original)
                self.lines.append(fold(original))
                self.starts.append(offset)
            offset += len(piece) + 1
        self.sentences = [s[:_MAX_PIECE] for line in self.lines for s in _SENTENCE_END.split(line) if s]
        self._place_keys = [p[0] for p in parsed.places]
        self._raw_lines = [0] + [m.end() for m in re.finditer("\n", raw)]

    def place(self, offset: int) -> dict[str, int]:
        """File line and column of an offset in the joined text (the start of its text chunk)."""
        if not self.parsed.places:
            return {"line": 1 + self.shift, "column": 1}
        if self.parsed.places == [(0, 1, 1)]:  # plain text: the joined text is the file
            line = bisect.bisect_right(self._raw_lines, offset)
            return {"line": line + self.shift, "column": offset - self._raw_lines[line - 1] + 1}
        index = max(bisect.bisect_right(self._place_keys, offset) - 1, 0)
        _, line, column = self.parsed.places[index]
        return {"line": line + self.shift, "column": column}

    def raw_place(self, offset: int) -> dict[str, int]:
        line = bisect.bisect_right(self._raw_lines, offset)
        return {"line": line + self.shift, "column": offset - self._raw_lines[line - 1] + 1}

    def around(self, link: Link) -> str:
        """The folded sentence holding the link, with the one before it ("Don't want these? Click here.")."""
        if link.at < 0:
            return fold(link.context or link.text)
        text = self.parsed.text
        start = max(text.rfind("\n", max(0, link.at - _MAX_PIECE), link.at) + 1, link.at - _MAX_PIECE)
        end = text.find("\n", link.at, link.at + _MAX_PIECE)
        end = link.at + _MAX_PIECE if end == -1 else end
        piece = text[start:end]
        bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(piece)]
        index = bisect.bisect_right(bounds, link.at - start) - 1
        low = bounds[max(index - 1, 0)]
        high = bounds[index + 1] if index + 1 < len(bounds) else len(piece)
        return fold(piece[low:high])

    def tags(self, means: str) -> list[tuple[str, str, int, int]]:
        """ESP placeholders rendering ``means`` anywhere in the raw text: (esp, tag, line, column)."""
        found = []
        for row, offset in self.phrases.placeholders_in(self.raw):
            if means in row.means:
                place = self.raw_place(offset)
                found.append((row.esp, row.placeholder, place["line"] - self.shift, place["column"]))
        return found

    def end(self) -> dict[str, int]:
        """Where the message text ends (a missing footer belongs there)."""
        if not self.starts:
            return {"line": 1 + self.shift, "column": 1}
        return self.place(self.starts[-1])
