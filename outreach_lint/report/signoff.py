"""``--sign-off "name, role"``: who reviewed the campaign, in which role, and when (UTC)."""

from __future__ import annotations

import datetime as dt

from .model import SignOff

MAX_LENGTH = 200


class SignOffError(ValueError):
    """The --sign-off value cannot be used; the message says how to write it."""


def parse_sign_off(text: str, now: dt.datetime | None = None) -> SignOff:
    """Split at the first comma: names rarely hold one, roles may ("Head of Privacy, EMEA")."""
    name, comma, role = text.partition(",")
    name, role = " ".join(name.split()), " ".join(role.split())
    if not comma or not name or not role:
        raise SignOffError(f'--sign-off needs "name, role" (e.g. "Jane Doe, DPO"), got {text!r}')
    if len(text) > MAX_LENGTH or any(ord(c) < 32 for c in text):
        raise SignOffError(f"--sign-off must be one line of at most {MAX_LENGTH} characters")
    moment = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    return SignOff(name, role, moment)
