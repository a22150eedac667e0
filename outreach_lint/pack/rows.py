"""Rows of the tables that readers build catalogues from, checked when the pack loads, and which
tables a rule folder may extend.

A malformed row (a vendor without a level, a phrase not written folded, a placeholder without a
source, ...) would otherwise surface as a crash or, worse, as a reader that silently matches
nothing; here it is a :class:`~.model.RuleError` with the row's file and line (exit 2).

Extendable tables are catalogues of tools and wording, where a team's own vendor, ESP tag,
consent banner or phrase is a real need and adding a row can only make the linter see more.
The tables that encode law (country regimes, adequacy, B2B e-mail rules, deadlines, registers)
are not: a rule folder adds its own tables and sets, it cannot change what the built-in law says.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

#: tables a rule folder may add rows to (``phrases_<kind>_<lang>`` tables too, see :func:`extendable`)
EXTENDABLE = frozenset({"vendors", "consent_managers", "consent_tools", "esp_placeholders"})
EXTENDABLE_NOTE = "only the catalogue tables (" + ", ".join(sorted(EXTENDABLE)) + ", phrases_<kind>_<lang>) take added rows"

_COUNTRY = re.compile(r"[A-Z]{2}")


def extendable(table: str) -> bool:
    return table in EXTENDABLE or table.startswith("phrases_")


def _vendor(key: Any, row: Any) -> None:
    from ..facts.vendors import vendor_from_row

    vendor_from_row(key, row)


def _consent_manager(key: Any, row: Any) -> None:
    from ..facts.vendors import consent_manager_from_row

    consent_manager_from_row(key, row)


def _placeholder(key: Any, row: Any) -> None:
    from ..facts.phrases import placeholder_from_row

    placeholder_from_row(key, row)


def _consent_tool(key: Any, row: Any) -> None:
    from ..scan.consent_tools import tool_from_row

    tool_from_row(key, row)


def _country_name(key: Any, row: Any) -> None:
    if not isinstance(row, dict) or not isinstance(row.get("code"), str) or not _COUNTRY.fullmatch(row["code"]):
        raise ValueError("needs code: an ISO 3166-1 alpha-2 country code")


ROW_CHECKS: dict[str, Callable[[Any, Any], None]] = {
    "vendors": _vendor,
    "consent_managers": _consent_manager,
    "esp_placeholders": _placeholder,
    "consent_tools": _consent_tool,
    "country_names": _country_name,
}


def claims(table: str, row: Any) -> list[str]:
    """What a (checked) catalogue row matches on: loader hosts, script paths and globals of a vendor,
    hosts of a consent manager. Two rows may not claim the same thing: an added row that took over
    a built-in vendor's host would silently change who is found (and at what level)."""
    if table not in ("vendors", "consent_managers") or not isinstance(row, dict):
        return []

    def listed(name: str) -> list[str]:
        return [str(v).lower() for v in row.get(name) or []]

    found = [f"host {h!r}" for h in (*listed("hosts"), *listed("host_suffixes"))]
    if table == "vendors":
        found += [f"script path {str(h).lower() + rule['prefix']!r}" for rule in row.get("paths") or [] for h in rule.get("hosts") or []]
        found += [f"loader global {g!r}" for g in row.get("globals") or []]
    return found


def check_row(table: str, key: Any, row: Any) -> None:
    """ValueError when ``row`` is not a usable row of ``table`` (tables without a reader pass)."""
    if table.startswith("phrases_"):
        from ..facts.phrases import check_phrase_row, phrase_kind

        phrase_kind(table)
        check_phrase_row(key, row)
        return
    check = ROW_CHECKS.get(table)
    if check is not None:
        check(key, row)
