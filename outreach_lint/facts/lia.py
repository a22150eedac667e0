"""Facts from a legitimate interest assessment (LIA): does it cover the three tests and the rest?

GDPR Art. 6(1)(f) as read by the CJEU (C-621/22 *KNLTB*) and the ICO's LIA template: a
purpose test, a necessity test and a balancing test; OL190 also wants retention and the
right to object. We look for the headings or key phrases of each, in English and German (plus
French, Spanish, Italian and Dutch where the words are plain). A heading counts only when it
names the test; "We have a legitimate interest" alone covers nothing.
"""

from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 2_000_000

# Lower-case, accent-free text (see _fold). Literal alternations only: linear on any input.
_PATTERNS: dict[str, re.Pattern[str]] = {
    "purpose": re.compile(
        r"purpose test|\bpurpose\b|legitimate interests? (?:pursued|we pursue|identified)|what is the (?:legitimate )?interest|"
        r"zweck|berechtigte[sn]? interesse|finalite|finalidad|finalita|\bdoel(?:einde|toets)?\b"
    ),
    "necessity": re.compile(
        r"necessity|\bnecessary\b|least intrusive|less intrusive|erforderlich|notwendig|mildere[sn]? mittel|"
        r"necessite|necesidad|necessita|noodzaak|noodzakelijk"
    ),
    "balancing": re.compile(
        r"balanc|weigh(?:ing)? (?:up|against)|reasonabl[ey] expect|"
        r"interessenabwagung|abwagung|vernunftige(?:n)? erwartung|mise en balance|ponderacion|bilanciamento|"
        r"belangenafweging|afweging"
    ),
    "retention": re.compile(
        r"retention|\bretain|storage (?:period|limitation)|kept for|keep (?:it|them|the data|personal data) for|"
        r"deleted? (?:after|within)|erased? (?:after|within)|speicherdauer|aufbewahrung|losch|"
        r"speicherbegrenzung|duree de conservation|conservation des donnees|plazo de conservacion|conservazione|bewaartermijn"
    ),
    "objection": re.compile(
        r"right to object|\bobject(?:ion|s)?\b|opt[ -]?out|unsubscribe|widerspruch|widersprech|abmeld|"
        r"droit d.opposition|desinscri|derecho de oposicion|diritto di opposizione|recht van bezwaar|bezwaar"
    ),
}


def read_lia(text: str) -> dict[str, bool]:
    """Which parts of an LIA the document covers: purpose, necessity, balancing, retention, objection."""
    folded = _fold(text[:MAX_CHARS])
    return {name: bool(pattern.search(folded)) for name, pattern in _PATTERNS.items()}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
