"""``--sign-off "name, role"``: who reviewed the campaign, in which role, and when (UTC).

A READY report is simply signed. A BLOCKED one can only be signed with ``--accept-risk
REASON``: the sign-off then records an explicit acceptance of the risk, and
``verify-report --require-sign-off`` lets it pass only when the signer's role is one the
configuration allows (``report.sign-off-roles``). Nothing else makes a BLOCKED report pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from .model import SignOff

MAX_LENGTH = 200
MAX_REASON = 1000


class SignOffError(ValueError):
    """The --sign-off value cannot be used; the message says how to write it."""


def parse_sign_off(text: str, now: dt.datetime | None = None, accept_risk: str | None = None) -> SignOff:
    """Split at the first comma: names rarely hold one, roles may ("Head of Privacy, EMEA")."""
    name, comma, role = text.partition(",")
    name, role = " ".join(name.split()), " ".join(role.split())
    if not comma or not name or not role:
        raise SignOffError(f'--sign-off needs "name, role" (e.g. "Jane Doe, DPO"), got {text!r}')
    if len(text) > MAX_LENGTH or any(ord(c) < 32 for c in text):
        raise SignOffError(f"--sign-off must be one line of at most {MAX_LENGTH} characters")
    reason = ""
    if accept_risk is not None:
        reason = " ".join(accept_risk.split())
        if not reason or len(reason) > MAX_REASON or not reason.isprintable():
            raise SignOffError(f"--accept-risk needs the reason, one line of at most {MAX_REASON} characters")
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    return SignOff(name, role, moment, accepts_risk=accept_risk is not None, reason=reason)


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def is_well_formed(value: object) -> bool:
    """What ``report --sign-off`` records: a name, a role and a UTC time (and, for an accepted risk,
    ``accepts_risk: true`` with a reason), all non-empty text."""
    if not isinstance(value, dict) or not all(_text(value.get(key)) for key in ("name", "role", "at")):
        return False
    if "accepts_risk" in value or "reason" in value:
        return value.get("accepts_risk") is True and _text(value.get("reason"))
    return True


def _role_key(role: str) -> str:
    return " ".join(role.split()).casefold()


def judge(manifest: dict[str, Any], allowed_roles: Sequence[str]) -> str:
    """ "" when the report's sign-off satisfies ``--require-sign-off``, else why not (one line)."""
    signed = manifest.get("sign_off")
    if signed is None:
        return "no sign-off recorded"
    if not is_well_formed(signed):
        return "the recorded sign-off is malformed (edited by hand?)"
    verdict = manifest.get("verdict")
    if verdict == "ready":
        return ""
    if verdict != "blocked":
        return f"the report's verdict {verdict!r} is neither ready nor blocked"
    if not signed.get("accepts_risk"):
        return "the report is BLOCKED and its sign-off accepts no risk (sign with --accept-risk REASON)"
    if not allowed_roles:
        return "the report is BLOCKED; accepting its risk needs a role listed in report.sign-off-roles, and the configuration lists none"
    if _role_key(signed["role"]) not in {_role_key(r) for r in allowed_roles}:
        return f"the report is BLOCKED and {signed['role']!r} is not a role that may accept the risk (report.sign-off-roles: {', '.join(allowed_roles)})"
    return ""
