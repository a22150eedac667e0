"""Keep personal data from contact files out of the report.

The engine already masks addresses in findings unless ``--show-pii`` is given;
the report never offers that flag and masks again, as a second line of defence:
every e-mail address in text that did not come from the campaign file itself
(finding messages, facts read from other files) is masked, except addresses the
campaign file states (the sender's own address is configuration, not a contact).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def mask_email(address: str) -> str:
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"


class Masker:
    """Masks every address except those ``allowed`` (compared case-insensitively)."""

    def __init__(self, allowed: Iterable[str] = ()) -> None:
        self.allowed = frozenset(a.casefold() for a in allowed)

    @classmethod
    def for_campaign(cls, campaign_text: str) -> Masker:
        return cls(EMAIL.findall(campaign_text))

    def __call__(self, text: str) -> str:
        if "@" not in text:
            return text
        return EMAIL.sub(lambda m: m.group(0) if m.group(0).casefold() in self.allowed else mask_email(m.group(0)), text)
