"""Country names for the report (ISO 3166-1 alpha-2), so a reader sees "Germany", not "DE".

Only display data: which countries are in the EEA comes from the rule pack's
``EEA`` set, never from here. Unknown codes are shown as written.
"""

from __future__ import annotations

NAMES: dict[str, str] = {
    "AT": "Austria",
    "AU": "Australia",
    "BE": "Belgium",
    "BG": "Bulgaria",
    "BR": "Brazil",
    "CA": "Canada",
    "CH": "Switzerland",
    "CN": "China",
    "CY": "Cyprus",
    "CZ": "Czechia",
    "DE": "Germany",
    "DK": "Denmark",
    "EE": "Estonia",
    "ES": "Spain",
    "FI": "Finland",
    "FR": "France",
    "GB": "United Kingdom",
    "GR": "Greece",
    "HR": "Croatia",
    "HU": "Hungary",
    "IE": "Ireland",
    "IL": "Israel",
    "IN": "India",
    "IS": "Iceland",
    "IT": "Italy",
    "JP": "Japan",
    "KR": "South Korea",
    "LI": "Liechtenstein",
    "LT": "Lithuania",
    "LU": "Luxembourg",
    "LV": "Latvia",
    "MT": "Malta",
    "MX": "Mexico",
    "NL": "Netherlands",
    "NO": "Norway",
    "NZ": "New Zealand",
    "PL": "Poland",
    "PT": "Portugal",
    "RO": "Romania",
    "SE": "Sweden",
    "SG": "Singapore",
    "SI": "Slovenia",
    "SK": "Slovakia",
    "US": "United States",
    "UY": "Uruguay",
    "ZA": "South Africa",
    "AR": "Argentina",
}


def name_of(code: str) -> str:
    return NAMES.get(code.upper(), code) if isinstance(code, str) else str(code)


#: names read with "the" in a sentence ("in the United States")
_WITH_THE = frozenset({"US", "GB", "NL", "CZ"})


def in_country(code: str) -> str:
    """``in Germany``, ``in the United States``."""
    name = name_of(code)
    return f"in the {name}" if code.upper() in _WITH_THE else f"in {name}"
