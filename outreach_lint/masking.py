"""How a value from a contact file may be shown: masked by default, never the rest of the cell.

A contacts cell may hold more than an address (``"Jane Doe <jane@example.com> +44 20 7946 0000"``:
a CRM export's display form). Whatever reader took it from the file (the csv reader, the
pyarrow or DuckDB engines), it calls :func:`~outreach_lint.facts.contact_sql.shown_from` before a value leaves the reader,
so names, phone numbers and any other text in the cell never reach a finding, an output
format, a report or the cache. Only the address is kept: masked to its first letter and
domain (``j***@example.com``) unless the user asked for ``--show-pii``, and even then only
the address itself, never the rest of the cell.
"""

from __future__ import annotations

import re

#: an address inside a cell: local part, ``@``, a dotted domain (no spaces, no brackets)
_ADDRESS = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
#: a cell that is only ``@domain`` (an address with its local part lost): the domain may be shown
_BARE_DOMAIN = re.compile(r"@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
#: what a cell without a recognisable address becomes: nothing of it is shown
HIDDEN = "***"
#: longest cell looked at (a cell is one field of one row; a bigger one is not an address)
_MAX_CELL = 4096


def find_address(cell: str) -> str:
    """The first e-mail address in ``cell``, or "" when there is none."""
    match = _ADDRESS.search(cell[:_MAX_CELL])
    return match.group(0).strip(".") if match else ""


def mask_address(address: str) -> str:
    """``john.doe@example.com`` -> ``j***@example.com``; anything that is not one address -> ``***``.

    The domain is kept (it says which organisation, which the findings need: free-mail,
    a competitor's domain); the local part names a person and is reduced to one letter.
    """
    found = find_address(address)
    if not found:
        bare = _BARE_DOMAIN.fullmatch(address.strip())
        return HIDDEN + (f"@{bare.group(1).lower()}" if bare else "")
    local, _, domain = found.rpartition("@")
    return f"{local[0]}***@{domain.lower()}"


def shown_address(cell: str, show_pii: bool = False) -> str:
    """What a finding may show of a contacts cell: "" for an empty cell, the masked address by
    default, the bare address with ``show_pii``; never a name, a phone number or other text."""
    if not cell or not cell.strip():
        return ""
    if show_pii:
        return find_address(cell) or HIDDEN
    return mask_address(cell)


#: a value that may be shown as a country: shaped like an ISO 3166 code (two or three letters)
_COUNTRY_CODE = re.compile(r"[A-Za-z]{2,3}")
#: what a country cell that is not a code becomes
NOT_A_COUNTRY = "(not a country code: hidden)"


def shown_country(code: str) -> str:
    """A country cell, after country names were mapped to codes, as a finding may show it.

    A shifted column or a free-text field can put a name or a phone number where the
    country belongs; what is not shaped like a country code is not repeated.
    """
    code = code.strip()
    return code if _COUNTRY_CODE.fullmatch(code) else NOT_A_COUNTRY  # under 40 characters: the engines cut there
