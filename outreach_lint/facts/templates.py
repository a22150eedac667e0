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

import re
from typing import Any
from urllib.parse import unquote

from . import notices
from .addresses import find_address
from .markup import Markup, describe, read_markup
from .phrases import Phrases, fold
from .pixels import find_pixels
from .templatetext import Doc, Link, parse

MAX_CHARS = 2_000_000
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
    parsed = parse(raw, markup.kind)
    doc = Doc(parsed, raw, markup.first_line - 1, phrases)
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


def _unsubscribe(doc: Doc, headers: dict[str, str]) -> dict[str, Any]:
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


def _link_opt_out(doc: Doc, link: Link, by_sentence: bool) -> tuple[str, dict[str, str]] | None:
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


def _postal_address(doc: Doc) -> dict[str, Any]:
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
