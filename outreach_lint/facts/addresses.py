"""Postal addresses in the formats of the countries served, one line at a time.

Each pattern is bounded and runs on one line of at most a few hundred characters. The folded
patterns run on lower-case text without accents; the English street pattern runs on the
original text because street names are proper nouns ("top 5 ideas to put in place" is not an
address). ESP address placeholders come from ``rules/data/esp-placeholders.yaml``.
"""

from __future__ import annotations

import re

_STREET_WORDS = (
    "Street",
    "St",
    "Avenue",
    "Ave",
    "Road",
    "Rd",
    "Boulevard",
    "Blvd",
    "Lane",
    "Ln",
    "Drive",
    "Dr",
    "Way",
    "Court",
    "Ct",
    "Place",
    "Pl",
    "Square",
    "Sq",
    "Suite",
    "Ste",
    "Parkway",
    "Pkwy",
    "Highway",
    "Hwy",
    "Terrace",
)
#: US/UK/IE style "1600 Example Ave", on the original text.
_STREET_EN = re.compile(r"\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][\w.'-]*\s+){0,4}(?:" + "|".join(w + "|" + w.upper() for w in _STREET_WORDS) + r")\.?(?:\W|$)")

#: (country or family, pattern on folded text)
FORMATS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # US: "Springfield, IL 62701" / "Springfield, IL 62701-1234"
    ("US", re.compile(r",\s*[a-z]{2}\s+\d{5}(?:-\d{4})?\b")),
    # UK: "SW1A 1AA", "M1 1AE", "EC1A 1BB"
    ("GB", re.compile(r"\b[a-z]{1,2}\d[a-z\d]?\s\d[a-z]{2}\b")),
    # DE/AT/CH streets: "Musterstr. 1", "Bahnhofstrasse 12a", "Hauptplatz 4", "Am Weg 3"
    ("DE/AT/CH", re.compile(r"[a-z-]{2,}(?:str\.|strasse|gasse|weg|platz|allee|damm|markt)\s*\d{1,4}[a-z]?\b")),
    # DE/AT/CH postcode and town with country prefix: "D-10115 Berlin", "A-1010 Wien", "CH-8001 Zurich"
    ("DE/AT/CH", re.compile(r"\b(?:d|a|ch)-\d{4,5}\s+[a-z]{2,}")),
    # NL streets and postcodes: "Keizersgracht 12", "1015 CS Amsterdam"
    ("NL", re.compile(r"[a-z-]{2,}(?:straat|laan|plein|gracht|kade|singel|weg)\s+\d{1,4}\b")),
    # FR: "12 rue de la Paix", "3 bis, avenue ..."
    ("FR", re.compile(r"\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|chemin|allee|impasse|quai|cours|route)\s")),
    # IT/ES/PT/PL street, number, then a postcode: "Via Roma 10, 00184 Roma", "Calle Mayor 5, 28013 Madrid",
    # "Rua Augusta 10, 1100-053 Lisboa", "ul. Marszalkowska 1, 00-001 Warszawa"
    (
        "IT/ES/PT/PL",
        re.compile(
            r"\b(?:calle|c/|avda\.?|avenida|plaza|paseo|carrer|via|viale|piazza|corso|largo|rua|travessa|praca|ul\.|ulica|al\.|aleja)"
            r"\s+[^,\n\d]{2,40},?\s*\d{1,4}[a-z]?\b[^\n]{0,40}?\b(?:\d{5}|\d{4}-\d{3}|\d{2}-\d{3})\b"
        ),
    ),
    # SE/DK/NO streets: "Storgatan 1", "Vesterbrogade 12", "Storgata 1" (NO: -veien)
    ("SE/DK/NO", re.compile(r"[a-z-]{2,}(?:gatan|vagen|gade|vej|veien|torv|torget)\s+\d{1,4}[a-z]?\b")),
    # PO boxes in the languages served
    (
        "PO box",
        re.compile(
            r"\b(?:p\.?\s?o\.?\s?box|post office box|postfach|boite postale|b\.p\.|apartado(?: de correos)?|casella postale|"
            r"postbus|postboks|box|skrytka pocztowa|caixa postal|apartado postal)\s*\d+"
        ),
    ),
)


#: Postcodes that need the case of the original text to tell them from prose
#: ("1015 CS Amsterdam" but not "2024 we are"; "111 22 Stockholm").
ORIGINAL_FORMATS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("NL", re.compile(r"\b\d{4}\s?[A-Z]{2}\s+[A-Z][a-z]{2,}")),
    ("SE", re.compile(r"\b\d{3}\s\d{2}\s+[A-ZÅÄÖ][a-zåäö]{2,}")),
)


def find_address(folded: str, original: str) -> str:
    """The format an address line matches (``"US"``, ``"GB"``, ...), or ""."""
    for name, pattern in FORMATS:
        if pattern.search(folded):
            return name
    for name, pattern in ORIGINAL_FORMATS:
        if pattern.search(original):
            return name
    if _STREET_EN.search(original):
        return "street (EN)"
    return ""
