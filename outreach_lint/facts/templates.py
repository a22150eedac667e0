"""Facts from a message template: opt-out, postal address, privacy link, notices, ad label, pixel.

Templates are HTML, MJML, Markdown, plain text, any server-side template language
(:mod:`.markup` blanks out its syntax) or a MIME ``.eml`` message. Placeholders are text to
us: ``{{ unsubscribe_url }}`` in a link counts as an unsubscribe link, and the ESP merge tags
of ``rules/data/esp-placeholders.yaml`` count for what the ESP documents them to render.

An opt-out is decided by the sentence around a link, not only by its text or URL: "Wenn Sie
keine weiteren E-Mails erhalten möchten, klicken Sie <a>hier</a>" is an opt-out link, with the
phrases of ``rules/data/phrases/<lang>.yaml``. HTML is read with the stdlib ``html.parser``
(tolerant, linear); every regular expression is a literal alternation or bounded and works on
short pieces, so a hostile template cannot make it backtrack. Input is capped at
:data:`MAX_CHARS`. Each fact found carries its place in the file (``*_at``: line, column).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import unquote

from . import notices
from .addresses import find_address
from .htmlsafe import defuse
from .markup import Markup, describe, read_markup
from .phrases import Phrases, fold
from .pixels import Image, find_pixels

MAX_CHARS = 2_000_000
#: Longest sentence or line we look at; longer runs are cut (no phrase we look for is longer).
_MAX_PIECE = 600
#: Links looked at for an opt-out (a real message has a few hundred at most; a hostile one, millions).
_MAX_LINKS = 5000

KINDS = ("html", "mjml", "markdown", "text")

# Link text or URL words of an opt-out, on folded text (the sentence phrases are data).
_UNSUB = re.compile(
    r"unsub|opt[\s_-]?out|abmeld|abbestell|austragen|desinscri|desabonn|darse de baja|darte de baja|dar de baja|"
    r"cancelar (?:la |tu |su )?suscripcion|cancellare l.iscrizione|cancella(?:re|ti) (?:l.)?iscrizione|disiscri|"
    r"annulla(?:re)? l.iscrizione|afmeld|uitschrijv|list-unsubscribe|remove me from|stop receiving|avregistrer|"
    r"no longer (?:wish|want) to receive|ne plus recevoir|keine (?:weiteren )?(?:e-mails|mails|nachrichten) mehr|wypisz"
)
#: Placeholder names that stand for an opt-out link in any ESP ({{unsubscribe_url}}, %unsubscribe_url%, ...).
_UNSUB_PLACEHOLDER = re.compile(r"(?:\{\{\{?|\{%|\*\||%|\[|<%|\$\{)[^{}%|\]>]{0,80}?(?:unsub|opt_?out|optout|abmeld)", re.IGNORECASE)
_REPLY = re.compile(
    r"\b(?:reply|respond|send|text|write|email|e-mail|antwort\w*|schreib\w*|repond\w*|ecriv\w*|respond\w*|rispond\w*|scriv\w*|beantwoord\w*|stuur\w*|sms)\b"
)
_STOP = re.compile(r"\b(?:reply|text|send|sms|antworte\w*|repondez|responde\w*|rispondi)\b[^.!?\n]{0,40}\b(?:stop|stopp|remove|unsubscribe|abmelden|no)\b")
_ADDRESS_PLACEHOLDER = re.compile(r"(?:\{\{\{?|\{%|\*\||%|\[)(?![^{}%|\]]{0,80}?e-?mail)[^{}%|\]]{0,80}?(?:address|adresse|street|anschrift)", re.IGNORECASE)

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
class _Link:
    href: str
    text: str
    line: int
    column: int = 1
    #: offset of the link's text in the joined text (-1: not in it; then ``context`` is its line)
    at: int = -1
    context: str = ""


@dataclass
class _Parsed:
    text: str = ""
    links: list[_Link] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    #: (offset in ``text``, file line, column) where each text chunk starts
    places: list[tuple[int, int, int]] = field(default_factory=list)


class _TemplateParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = _Parsed()
        self._text: list[str] = []
        self._size = 0
        self._skip = 0
        self._link: _Link | None = None
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
            self._link = _Link(values["href"], values.get("title", "") + " " + values.get("alt", ""), line, col + 1, self._size)
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

    def finish(self) -> _Parsed:
        self.close()
        self._close_link()
        self.out.text = "".join(self._text)
        return self.out


def kind_for(filename: str) -> str:
    """The template kind from a file name's extension (anything unknown is plain text)."""
    return describe(filename)[1]


def read_template_file(text: str, filename: str, phrases: Phrases) -> dict[str, object]:
    """The facts of a template file's content, whatever its template language (phrases: the pack's)."""
    return read_markup_facts(read_markup(text[:MAX_CHARS], filename, phrases), phrases)


def read_template(text: str, kind: str, phrases: Phrases) -> dict[str, object]:
    """The facts of one template; ``kind`` is one of :data:`KINDS`."""
    return read_markup_facts(Markup(text[:MAX_CHARS], kind), phrases)


def read_markup_facts(markup: Markup, phrases: Phrases) -> dict[str, object]:
    raw = markup.text[:MAX_CHARS]
    parsed = _parse(raw, markup.kind)
    doc = _Doc(parsed, raw, markup.first_line - 1, phrases)
    unsubscribe = _unsubscribe(doc, markup.headers)
    pixels = find_pixels(parsed.images, doc.tags("pixel"))
    for pixel in pixels:
        pixel["line"] += doc.shift
    address = _postal_address(doc)
    source = notices.source_statement(doc.sentences, phrases)
    objection = notices.objection_notice(doc.sentences, phrases)
    facts: dict[str, object] = {
        "unsubscribe": bool(unsubscribe),
        "unsubscribe_evidence": unsubscribe.get("evidence", ""),
        "postal_address": bool(address),
        "privacy_link": notices.privacy_link([(link.href, fold(link.text)) for link in parsed.links], raw),
        "source_statement": bool(source),
        "objection_notice": bool(objection),
        "ad_label": notices.ad_label(doc.lines),
        "pixel": bool(pixels),
        "pixel_hosts": sorted({p["host"] for p in pixels if p["host"]}),
        "pixel_evidence": _pixel_evidence(pixels[0]) if pixels else "",
        # where each fact is (or, for a missing opt-out or address, where the footer ends)
        "unsubscribe_at": unsubscribe.get("at", {}),
        "address_at": address,
        "pixels_at": pixels[:20],
        "footer_at": unsubscribe.get("at") or doc.end(),
    }
    if markup.language:
        facts["template_language"] = markup.language
    if markup.part:
        facts["mime_part"] = markup.part
    return facts


def _pixel_evidence(pixel: dict[str, Any]) -> str:
    where = pixel["host"] or pixel.get("placeholder") or pixel.get("src", "")
    return f"{pixel['reason']} from {where} (line {pixel['line']})" if not pixel.get("esp") else f"{pixel['reason']} (line {pixel['line']})"


def _parse(text: str, kind: str) -> _Parsed:
    if kind == "text":
        links = []
        for n, line in enumerate(text.split("\n"), 1):
            if len(line) < 5000:
                links += [_Link(m.group(0), line, n, m.start() + 1) for m in _BARE_URL.finditer(line)]
        return _Parsed(text=text, links=links, places=[(0, 1, 1)])
    parser = _TemplateParser()
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
                    parsed.links.append(_Link(match.group(3), match.group(2), n, match.start() + 1, context=line[: 2 * _MAX_PIECE]))
            for match in _BARE_URL.finditer(line):
                parsed.links.append(_Link(match.group(0), line, n, match.start() + 1))
    return parsed


class _Doc:
    """The parsed text split into lines and sentences, with a way back to file positions."""

    def __init__(self, parsed: _Parsed, raw: str, shift: int, phrases: Phrases) -> None:
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

    def around(self, link: _Link) -> str:
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


def _unsubscribe(doc: _Doc, headers: dict[str, str]) -> dict[str, Any]:
    """{"evidence": text, "at": {line, column, ...}} of the opt-out found, or {}."""
    if "list-unsubscribe" in headers:
        return {"evidence": f"header List-Unsubscribe: {_short(headers['list-unsubscribe'])}", "at": {"line": 1, "column": 1, "header": "List-Unsubscribe"}}
    for number, line in enumerate(doc.raw.split("\n", 2000)[:2000], 1):
        if line.lower().startswith("list-unsubscribe:"):
            return {"evidence": f"header {_short(line)}", "at": {"line": number + doc.shift, "column": 1, "header": "List-Unsubscribe"}}
    # links that are opt-outs by themselves first, then links whose sentence makes them one
    for by_sentence in (False, True):
        for link in doc.parsed.links[:_MAX_LINKS]:
            found = _link_opt_out(doc, link, by_sentence)
            if found:
                evidence, detail = found
                return {"evidence": evidence, "at": dict({"line": link.line + doc.shift, "column": link.column}, **detail)}
    for line, original, start in zip(doc.lines, doc.originals, doc.starts):
        if _STOP.search(line) or (_UNSUB.search(line) and _REPLY.search(line)):
            return {"evidence": f'instruction "{_short(original)}"', "at": dict(doc.place(start), instruction=_short(original))}
    tags = doc.tags("opt_out")
    if tags:
        esp, tag, tag_line, column = tags[0]
        return {"evidence": f"placeholder {tag} ({esp})", "at": {"line": tag_line + doc.shift, "column": column, "placeholder": tag, "esp": esp}}
    match = _UNSUB_PLACEHOLDER.search(doc.raw) if _mentions(doc.raw, ("unsub", "opt", "abmeld")) else None
    if match:
        tag = doc.raw[match.start() : match.end() + 20].split()[0]
        return {"evidence": f"placeholder {_short(tag)}", "at": dict(doc.raw_place(match.start()), placeholder=_short(tag))}
    return {}


def _link_opt_out(doc: _Doc, link: _Link, by_sentence: bool) -> tuple[str, dict[str, str]] | None:
    if by_sentence:
        phrase = doc.phrases.find("opt_out", doc.around(link))
        if phrase:
            return f'link "{_short(link.text) or _short(link.href)}" in a sentence with "{phrase}"', {"phrase": phrase}
        return None
    href = link.href.strip()
    folded_href = fold(unquote(href))
    if folded_href.startswith("mailto:") and "subject=" in folded_href and _UNSUB.search(folded_href.split("subject=", 1)[1]):
        return f"mailto link {_short(href)}", {"link": _short(href)}
    for row, _ in doc.phrases.placeholders_in(href):
        if "opt_out" in row.means:
            return f"link to {_short(href)}", {"placeholder": row.placeholder, "esp": row.esp}
    if _UNSUB_PLACEHOLDER.search(href):
        return f"link to {_short(href)}", {"placeholder": _short(href)}
    folded_text = fold(link.text)
    if _UNSUB.search(folded_href) or _UNSUB.search(folded_text):
        return f'link "{_short(link.text) or _short(href)}"', {"link": _short(link.text) or _short(href)}
    return None


def _postal_address(doc: _Doc) -> dict[str, Any]:
    for line, original, start in zip(doc.lines, doc.originals, doc.starts):
        kind = find_address(line, original)
        if kind:
            return dict(doc.place(start), format=kind, text=_short(original))
    tags = doc.tags("address")
    if tags:
        esp, tag, tag_line, column = tags[0]
        return {"line": tag_line + doc.shift, "column": column, "placeholder": tag, "esp": esp}
    if _mentions(doc.raw, ("address", "adresse", "street", "anschrift")):
        match = _ADDRESS_PLACEHOLDER.search(doc.raw)
        if match:
            return dict(doc.raw_place(match.start()), placeholder=_short(doc.raw[match.start() : match.end() + 20].split()[0]))
    return {}


def _mentions(raw: str, words: tuple[str, ...]) -> bool:
    """Cheap pre-check before a placeholder search over the whole text."""
    lower = raw.lower()
    return any(word in lower for word in words)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
