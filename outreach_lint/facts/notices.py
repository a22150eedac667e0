"""Notices in a template's text: privacy link, source statement, right to object, ad label.

Regular expressions on folded text (lower case, accents removed), one sentence or line at a
time, each bounded; the phrase lists of ``rules/data/phrases`` add the wording of the ten
languages served (legal-notes section 0.4).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .phrases import Phrases

_PRIVACY = re.compile(
    r"privacy|datenschutz|confidentialite|donnees[\s_-]personnelles|vie[\s_-]privee|privacidad|proteccion[\s_-]de[\s_-]datos|"
    r"informativa|privacyverklaring|privacybeleid|gdpr|dsgvo|rgpd"
)
_PRIVACY_PLACEHOLDER = re.compile(r"(?:\{\{|\{%|\*\||%|\[)[^{}%|\]]{0,80}?privacy", re.IGNORECASE)

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


def source_statement(sentences: list[str], phrases: Phrases) -> str:
    """The first sentence that says where the recipient's data comes from, or ""."""
    for sentence in sentences:
        if _SOURCE.search(sentence) or phrases.find("source_statement", sentence):
            return sentence
    return ""


def objection_notice(sentences: list[str], phrases: Phrases) -> str:
    """The first sentence that tells the recipient of the right to object, or ""."""
    for sentence in sentences:
        if _OBJECTION.search(sentence) or phrases.find("objection", sentence):
            return sentence
    return ""


def ad_label(lines: list[str]) -> bool:
    return any(_AD_LABEL.search(line) or (len(line) <= 40 and _AD_ALONE.search(line)) for line in lines)


def privacy_link(hrefs_and_texts: list[tuple[str, str]], raw: str) -> bool:
    """A link to a privacy notice: by folded URL, link text or placeholder name."""
    for href, folded_href, folded_text in ((h, _fold_url(h), t) for h, t in hrefs_and_texts):
        if _PRIVACY.search(folded_href) or _PRIVACY.search(folded_text) or _PRIVACY_PLACEHOLDER.search(href):
            return True
    return "privacy" in raw.lower() and bool(_PRIVACY_PLACEHOLDER.search(raw))


def _fold_url(href: str) -> str:
    from urllib.parse import unquote

    from .phrases import fold

    return fold(unquote(href))
