"""Facts from a legitimate interest assessment (LIA) document.

GDPR Art. 6(1)(f) as read by the CJEU in C-621/22 *KNLTB*: a legitimate interest
needs three tests — purpose, necessity, balancing. An LIA that does not visibly
carry all three (plus retention and the right to object) is thin evidence.
We look for headings or key phrases, in English and German, and French where easy.
"""

from __future__ import annotations

import re

_SECTIONS: dict[str, tuple[str, ...]] = {
    "purpose": (r"purpose test", r"\bpurpose\b", r"legitimate interest(s)? (pursued|identified)", r"zweck", r"berechtigtes interesse", r"finalit[ée]"),
    "necessity": (r"necessity", r"\bnecessary\b", r"erforderlich", r"notwendigkeit", r"n[ée]cessit[ée]"),
    "balancing": (r"balancing", r"balance", r"interessenabw[äa]gung", r"abw[äa]gung", r"reasonable expectations?", r"mise en balance"),
    "retention": (r"retention", r"retain", r"deleted after", r"speicherdauer", r"l[öo]sch", r"conservation"),
    "objection": (r"right to object", r"object(ion)?s?\b", r"opt[- ]?out", r"unsubscribe", r"widerspruch", r"widersprechen", r"droit d'opposition"),
}
_COMPILED = {name: re.compile("|".join(patterns), re.IGNORECASE) for name, patterns in _SECTIONS.items()}

#: an LIA is a short document; looking further would only cost time
MAX_CHARS = 200_000


def read_lia(text: str) -> dict[str, bool]:
    """Which parts of an LIA the text visibly covers."""
    sample = text[:MAX_CHARS]
    return {name: bool(regex.search(sample)) for name, regex in _COMPILED.items()}
