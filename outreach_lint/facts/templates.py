"""Facts from a message template: opt-out, postal address, privacy link, notices, ad label, pixel.

Templates are HTML, MJML, Markdown or plain text with Jinja/Handlebars/Liquid/merge-tag
placeholders left in. Placeholders are text to us: ``{{ unsubscribe_url }}`` in a link counts as
an unsubscribe link, ``{{ company.address }}`` as the postal address. HTML is read with the
stdlib ``html.parser`` (tolerant, linear); every regular expression below is either a literal
alternation or bounded, and works on short pieces (one line, one sentence, one URL), so a
hostile template cannot make it backtrack. Input is capped at :data:`MAX_CHARS`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote

from .htmlsafe import defuse

MAX_CHARS = 2_000_000
#: Longest sentence or line we look at; longer runs are cut (no phrase we look for is longer).
_MAX_PIECE = 600

KINDS = ("html", "mjml", "markdown", "text")

# Words are matched on lower-case text with accents removed ("désinscrire" -> "desinscrire").
_UNSUB = re.compile(
    r"unsub|opt[\s_-]?out|abmeld|abbestell|austragen|desinscri|desabonn|darse de baja|darte de baja|dar de baja|"
    r"cancelar (?:la |tu |su )?suscripcion|cancellare l.iscrizione|cancella(?:re|ti) (?:l.)?iscrizione|disiscri|"
    r"annulla(?:re)? l.iscrizione|afmeld|uitschrijv|list-unsubscribe|remove me from|stop receiving|"
    r"no longer (?:wish|want) to receive|ne plus recevoir|keine (?:weiteren )?(?:e-mails|mails|nachrichten) mehr"
)
#: Placeholder names that stand for an opt-out link ({{unsubscribe_url}}, *|UNSUB|*, %unsubscribe_url%, ...).
_UNSUB_PLACEHOLDER = re.compile(r"(?:\{\{\{?|\{%|\*\||%|\[|<%|\$\{)[^{}%|\]>]{0,80}?(?:unsub|opt_?out|optout|abmeld)", re.I)
_REPLY = re.compile(r"\b(?:reply|respond|send|text|write|email|e-mail|antwort\w*|schreib\w*|repond\w*|ecriv\w*|respond\w*|rispond\w*|scriv\w*|beantwoord\w*|stuur\w*|sms)\b")
_STOP = re.compile(r"\b(?:reply|text|send|sms|antworte\w*|repondez|responde\w*|rispondi)\b[^.!?\n]{0,40}\b(?:stop|stopp|remove|unsubscribe|abmelden|no)\b")

_PRIVACY = re.compile(
    r"privacy|datenschutz|confidentialite|donnees[\s_-]personnelles|vie[\s_-]privee|privacidad|proteccion[\s_-]de[\s_-]datos|"
    r"informativa|privacyverklaring|privacybeleid|gdpr|dsgvo|rgpd"
)
_PRIVACY_PLACEHOLDER = re.compile(r"(?:\{\{|\{%|\*\||%|\[)[^{}%|\]]{0,80}?privacy", re.I)

_OBJECTION = re.compile(
    r"right to object|object to (?:the |this |our |any )?(?:processing|use|direct marketing|marketing|profiling)|"
    r"(?:may|can|could|have the right to) object|objection|widerspruch|widersprech|droit d.opposition|"
    r"vous opposer|s.opposer|opposer au traitement|derecho (?:de|a la) oposicion|oponerse|oponerte|oponer(?:se|te) al|"
    r"diritto di opposizione|opporsi|opporti|opporvi|recht (?:van|op) bezwaar|bezwaar (?:te )?maken"
)

_AD_WORDS = (
    "advertisement|advertising|advert|anzeige|werbung|werbe-e-mail|werbemail|publicidad|publicite|pubblicita|"
    "reclame|advertentie|annonce|sponsored|gesponsert|commercial communication|comunicacion comercial|"
    "comunicazione commerciale|communication commerciale"
)
_AD_SHORT = "ad|ads|publi|pub|adv|promo"
_AD_LABEL = re.compile(
    rf"[\[(](?:{_AD_WORDS}|{_AD_SHORT})[\])]|^(?:{_AD_WORDS}|{_AD_SHORT})\s*[:|\-–]|"
    rf"\b(?:is|ist|est|es|e|is een) (?:an?|eine?|une?|una?|un|een) (?:{_AD_WORDS}|publicitaire|promotional message)\b"
)
_AD_ALONE = re.compile(rf"^\W*(?:{_AD_WORDS}|{_AD_SHORT})\W*$")

# Postal addresses: one line at a time, each pattern bounded.
_STREET_WORDS = (
    "Street", "St", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Blvd", "Lane", "Ln", "Drive", "Dr", "Way", "Court",
    "Ct", "Place", "Pl", "Square", "Sq", "Suite", "Ste", "Parkway", "Pkwy", "Highway", "Hwy", "Terrace",
)
#: English-style "1600 Example Ave", case-sensitive on the original text: street names are proper
#: nouns, so "top 5 ideas to put in place" is not an address.
_STREET_EN = re.compile(
    r"\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][\w.'-]*\s+){0,4}(?:"
    + "|".join(w + "|" + w.upper() for w in _STREET_WORDS)
    + r")\.?(?:\W|$)"
)
_ADDRESS = re.compile(
    # German-style "Musterstr. 1", "Musterstrasse 12a", "Am Weg 3", "Hauptplatz 4", "Lindenallee 7"
    r"[a-z-]{2,}(?:str\.|strasse|gasse|weg|platz|allee|damm|markt)\s*\d{1,4}[a-z]?\b|"
    # Dutch "Keizersgracht 12", "Stationsplein 4"
    r"[a-z-]{2,}(?:straat|laan|plein|gracht|kade|singel)\s+\d{1,4}\b|"
    # French "12 rue de la Paix", "3 bis, avenue ..."
    r"\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|chemin|allee|impasse|quai|cours)\s|"
    # PO boxes
    r"\b(?:p\.?\s?o\.?\s?box|post office box|postfach|boite postale|b\.p\.\s?\d|apartado(?: de correos)?|casella postale|postbus)\s*\d+|"
    # US "Springfield, IL 62701", UK "London SW1A 1AA"
    r",\s*[a-z]{2}\s+\d{5}(?:-\d{4})?\b|\b[a-z]{1,2}\d[a-z\d]?\s\d[a-z]{2}\b"
)
#: Spanish/Italian "Calle Mayor, 5", "Via Roma 10": "via" is English too, so a 5-digit postcode must follow.
_STREET_ES_IT = re.compile(
    r"\b(?:calle|c/|avda\.?|avenida|plaza|paseo|carrer|via|viale|piazza|corso|largo)\s+[^,\n\d]{2,40},?\s*\d{1,4}\b[^\n]{0,40}\b\d{5}\b"
)
_ADDRESS_PLACEHOLDER = re.compile(
    r"(?:\{\{\{?|\{%|\*\||%|\[)(?![^{}%|\]]{0,80}?e-?mail)[^{}%|\]]{0,80}?(?:address|adresse|street|anschrift)", re.I
)

# Where did you get my data? Sentence level: a pronoun, a data noun, a verb of obtaining and a preposition.
_SOURCE = re.compile(
    r"\b(?:we|i)\b[^.!?]{0,60}\b(?:got|obtained|received|collected|sourced|found|took|bought|purchased|identified|came across)\b"
    r"[^.!?]{0,40}\byour\b[^.!?]{0,30}\b(?:address|details|data|contact|information|e-?mail|name|profile|number)\w*\b"
    r"[^.!?]{0,60}\b(?:from|via|through|on|at|in)\b|"
    r"\byour\b[^.!?]{0,30}\b(?:address|details|data|contact|information|e-?mail|name|profile)\w*\b[^.!?]{0,40}"
    r"\b(?:comes?|came|is from|are from|was (?:obtained|taken|provided|sourced|collected)|were (?:obtained|taken|provided|sourced|collected)|originat\w*)\b|"
    r"\bwe (?:found|identified|noticed) you\b[^.!?]{0,40}\b(?:on|via|through|from|at)\b|"
    r"\bsource of (?:your|the) (?:data|details|personal data|information|contact)|where we (?:got|obtained|found) your|"
    # DE
    r"\b(?:ihre|ihr|deine|dein)\w*\b[^.!?]{0,40}(?:daten|adresse|kontakt)\w*\b[^.!?]{0,60}\b(?:stamm\w*|erhalten|bezogen|entnommen|gefunden|erhoben)\b|"
    r"\b(?:daten|adresse|kontaktdaten)\b[^.!?]{0,30}\b(?:haben wir|stammen)\b[^.!?]{0,40}\b(?:von|aus|uber|bei)\b|"
    r"\bquelle (?:ihrer|deiner|der) (?:daten|adresse|kontaktdaten)|"
    # FR
    r"\b(?:vos|votre|tes|ton)\b[^.!?]{0,30}\b(?:coordonnees|donnees|adresse|contact)\b[^.!?]{0,60}\b(?:proviennent|provient|obtenu\w*|recueilli\w*|collecte\w*|issues?|trouve\w*)\b|"
    r"\bnous avons (?:obtenu|recupere|trouve|recueilli)\b[^.!?]{0,40}\b(?:vos|votre)\b|"
    # ES / IT / NL
    r"\b(?:sus|tus)\s+datos\b[^.!?]{0,40}\b(?:proceden|provienen|obtuvimos|obtenido\w*|fuente)\b|"
    r"\b(?:i tuoi|i suoi|i vostri)\s+(?:dati|contatti)\b[^.!?]{0,40}\b(?:provengono|ottenut\w*|fonte|raccolt\w*)\b|"
    r"\buw\s+(?:gegevens|adres|e-mailadres)\b[^.!?]{0,40}\b(?:afkomstig|verkregen|hebben we|bron)\b"
)

#: Hosts that serve open-tracking pixels (the domain and its subdomains).
TRACKING_HOSTS = frozenset({
    "mailtrack.io", "mailsuite.com", "yesware.com", "mailstat.us", "bananatag.com", "getnotify.com",
    "mailtag.io", "list-manage.com", "mandrillapp.com", "sendgrid.net", "emltrk.com", "returnpath.net",
    "hubspotlinks.com", "hs-analytics.net", "mixmax.com", "streak.com", "lemlist.com", "mailgun.org",
    "outreach.io", "salesloft.com", "apollo.io", "reply.io", "woodpecker.co", "mailchimp.com", "sendibt3.com",
    "sendinblue.com", "brevo.com", "klclick.com", "exct.net", "rs6.net", "createsend.com", "cmail19.com",
    "cmail20.com", "mktoresp.com", "pardot.com", "convertkit-mail.com", "convertkit-mail2.com",
})
#: Path fragments of open-tracking endpoints.
_TRACKING_PATH = re.compile(r"/track/open|/open\.php|/wf/open|/o\.gif|/open\.gif|/pixel|/beacon|/e/o/|/trk\?|/mo/|/opened?[/?]|/t\.gif")
_PLACEHOLDER_SRC = re.compile(r"^\s*(?:\{\{|\{%|\*\||%|\[|<%|\$\{)")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|opacity\s*:\s*0(?:\.0+)?\s*(?:;|$)|(?:max-)?(?:width|height)\s*:\s*[01](?:px)?\s*(?:;|$|!)")

_BLOCK_TAGS = frozenset({
    "p", "div", "br", "tr", "td", "th", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section",
    "footer", "header", "address", "blockquote", "hr", "center", "article", "mj-text", "mj-section", "mj-column",
    "mj-button", "mj-raw", "mj-hero", "mj-wrapper", "title",
})
_LINK_TAGS = frozenset({"a", "area", "mj-button", "mj-navbar-link", "mj-social-element", "mj-image"})
_IMAGE_TAGS = frozenset({"img", "mj-image", "image"})
_SKIP_TAGS = frozenset({"script", "style", "head", "mj-head", "mj-style", "mj-attributes"})

_MD_LINK = re.compile(r"(!?)\[([^\]\n]{0,300})\]\(\s*<?([^)\s>]{1,2000})>?(?:\s+\"[^\"\n]{0,200}\")?\s*\)")
_BARE_URL = re.compile(r"(?:https?://|mailto:|www\.)[^\s<>\"')\]]{1,2000}|(?:\{\{|\*\||%)[^{}\n]{0,80}?(?:url|link)[^{}\n]{0,20}?(?:\}\}|\|\*|%)", re.I)


@dataclass
class _Link:
    href: str
    text: str
    line: int


@dataclass
class _Image:
    src: str
    attrs: dict[str, str]
    line: int


@dataclass
class _Parsed:
    lines: list[str] = field(default_factory=list)
    links: list[_Link] = field(default_factory=list)
    images: list[_Image] = field(default_factory=list)


class _TemplateParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = _Parsed()
        self._text: list[str] = []
        self._skip = 0
        self._link: _Link | None = None
        self._link_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        line = self.getpos()[0]
        if tag in _SKIP_TAGS:
            self._skip += 1
        if tag in _BLOCK_TAGS:
            self._text.append("\n")
        if tag in _IMAGE_TAGS and values.get("src"):
            self.out.images.append(_Image(values["src"], values, line))
        if tag in _LINK_TAGS and values.get("href"):
            self._close_link()
            self._link = _Link(values["href"], values.get("title", "") + " " + values.get("alt", ""), line)
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
            self._text.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self._text.append(data)
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
        self.out.lines = "".join(self._text).split("\n")
        return self.out


def kind_for(filename: str) -> str:
    """The template kind from a file name's extension (anything unknown is plain text)."""
    lower = filename.lower()
    if lower.endswith((".html", ".htm")):
        return "html"
    if lower.endswith(".mjml"):
        return "mjml"
    if lower.endswith((".md", ".markdown")):
        return "markdown"
    return "text"


def read_template(text: str, kind: str) -> dict[str, object]:
    """The facts of one template; ``kind`` is one of :data:`KINDS`."""
    parsed = _parse(text[:MAX_CHARS], kind)
    originals = [" ".join(line.split())[:_MAX_PIECE] for line in parsed.lines]
    originals = [line for line in originals if line]
    lines = [_fold(line) for line in originals]
    sentences = _sentences(lines)
    unsubscribe = _unsubscribe(parsed.links, lines, originals, text[:MAX_CHARS])
    pixels = _pixels(parsed.images)
    hosts = sorted({host for host, _ in pixels if host})
    return {
        "unsubscribe": bool(unsubscribe),
        "unsubscribe_evidence": unsubscribe,
        "postal_address": _postal_address(lines, originals, text[:MAX_CHARS]),
        "privacy_link": _privacy_link(parsed.links, lines, text[:MAX_CHARS]),
        "source_statement": any(_SOURCE.search(s) for s in sentences),
        "objection_notice": any(_OBJECTION.search(s) for s in sentences),
        "ad_label": _ad_label(lines),
        "pixel": bool(pixels),
        "pixel_hosts": hosts,
        "pixel_evidence": pixels[0][1] if pixels else "",
    }


def _parse(text: str, kind: str) -> _Parsed:
    if kind == "text":
        lines = text.split("\n")
        links = [_Link(m.group(0), line, n) for n, line in enumerate(lines, 1) if len(line) < 5000 for m in _BARE_URL.finditer(line)]
        return _Parsed(lines=lines, links=links)
    parser = _TemplateParser()
    parser.feed(defuse(text))
    parsed = parser.finish()
    if kind == "markdown":
        for n, line in enumerate(text.split("\n"), 1):
            if len(line) > 5000:
                continue
            for match in _MD_LINK.finditer(line):
                if match.group(1):
                    parsed.images.append(_Image(match.group(3), {}, n))
                else:
                    parsed.links.append(_Link(match.group(3), match.group(2), n))
            for match in _BARE_URL.finditer(line):
                parsed.links.append(_Link(match.group(0), line, n))
    return parsed


def _fold(text: str) -> str:
    """Lower case, accents removed, whitespace collapsed: "Désinscrire" -> "desinscrire"."""
    text = unicodedata.normalize("NFKD", text.replace("ß", "ss").replace("’", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().split())


def _sentences(lines: list[str]) -> list[str]:
    pieces: list[str] = []
    for line in lines:
        pieces.extend(p[:_MAX_PIECE] for p in re.split(r"(?<=[.!?])\s+", line) if p)
    return pieces


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _unsubscribe(links: list[_Link], lines: list[str], originals: list[str], raw: str) -> str:
    """Evidence of an opt-out (a link, a mailto, an instruction), or ""."""
    for line in raw.split("\n", 2000)[:2000]:
        if line.lower().startswith("list-unsubscribe:"):
            return f"header {_short(line)}"
    for link in links:
        href = link.href.strip()
        folded_href = _fold(unquote(href))
        if folded_href.startswith("mailto:") and "subject=" in folded_href and _UNSUB.search(folded_href.split("subject=", 1)[1]):
            return f"mailto link {_short(href)}"
        if _UNSUB_PLACEHOLDER.search(href):
            return f"link to {_short(href)}"
        if _UNSUB.search(folded_href) or _UNSUB.search(_fold(link.text)):
            return f'link "{_short(link.text) or _short(href)}"'
    for line, original in zip(lines, originals):
        if _STOP.search(line) or (_UNSUB.search(line) and _REPLY.search(line)):
            return f'instruction "{_short(original)}"'
    match = _UNSUB_PLACEHOLDER.search(raw) if _mentions(raw, ("unsub", "opt", "abmeld")) else None
    if match:
        return f"placeholder {_short(raw[match.start(): match.end() + 20].split()[0])}"
    return ""


def _postal_address(lines: list[str], originals: list[str], raw: str) -> bool:
    for line, original in zip(lines, originals):
        if _ADDRESS.search(line) or _STREET_ES_IT.search(line) or _STREET_EN.search(original):
            return True
    return _mentions(raw, ("address", "adresse", "street", "anschrift")) and bool(_ADDRESS_PLACEHOLDER.search(raw))


def _mentions(raw: str, words: tuple[str, ...]) -> bool:
    """Cheap pre-check before a placeholder search over the whole text."""
    lower = raw.lower()
    return any(word in lower for word in words)


def _privacy_link(links: list[_Link], lines: list[str], raw: str) -> bool:
    for link in links:
        if _PRIVACY.search(_fold(unquote(link.href))) or _PRIVACY.search(_fold(link.text)) or _PRIVACY_PLACEHOLDER.search(link.href):
            return True
    return _mentions(raw, ("privacy",)) and bool(_PRIVACY_PLACEHOLDER.search(raw))


def _ad_label(lines: list[str]) -> bool:
    return any(_AD_LABEL.search(line) or (len(line) <= 40 and _AD_ALONE.search(line)) for line in lines)


def _pixels(images: list[_Image]) -> list[tuple[str, str]]:
    """(host, evidence) for each remote image that is a tracking pixel."""
    from .vendors import split_url

    found: list[tuple[str, str]] = []
    for image in images:
        src = image.src.strip()
        placeholder = bool(_PLACEHOLDER_SRC.match(src))
        if not (src.startswith(("http://", "https://", "//")) or placeholder):
            continue  # cid:, data: and relative images load nothing from a tracker
        host, path = split_url(src) if not placeholder else ("", "")
        why = _pixel_reason(image, host, path, src, placeholder)
        if why:
            where = host or _short(src, 40)
            found.append((host, f"{why} from {where} (line {image.line})"))
    return found


def _pixel_reason(image: _Image, host: str, path: str, src: str, placeholder: bool) -> str:
    attrs = image.attrs
    width, height = _size(attrs.get("width", "")), _size(attrs.get("height", ""))
    if width is not None and height is not None and width <= 1 and height <= 1:
        return f"{attrs['width']}x{attrs['height']} image"
    if width == 0 or height == 0:
        return "zero-size image"
    if "hidden" in attrs or _HIDDEN_STYLE.search(attrs.get("style", "").lower()):
        return "hidden image"
    labels = host.split(".")
    if any(".".join(labels[i:]) in TRACKING_HOSTS for i in range(len(labels) - 1)):
        return "image from an open-tracking host"
    if _TRACKING_PATH.search(path.lower()):
        return "open-tracking image"
    if placeholder and re.search(r"track|pixel|open|beacon", src, re.I):
        return "tracking placeholder image"
    return ""


def _size(value: str) -> int | None:
    value = value.strip().lower().removesuffix("px").strip()
    return int(value) if value.isdigit() and len(value) < 6 else None
