"""Phrase lists and ESP placeholders, loaded from ``rules/data`` (data, not code).

* ``rules/data/phrases/<lang>.yaml``: tables ``phrases_<kind>_<lang>`` whose row keys are
  folded phrases (lower case, accents removed) for the kinds ``opt_out``,
  ``source_statement`` and ``objection``.
* ``rules/data/esp-placeholders.yaml``: table ``esp_placeholders``, one row per merge tag
  with the ESP, what it renders (``means``) and the documentation it comes from.

Phrases compile to one literal alternation per kind (``re.escape``d, no nesting), so a
search is linear in the text. Placeholders are found with one bounded token pattern and
looked up by their whitespace-free, lower-case form.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

KINDS = ("opt_out", "source_statement", "objection")
LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt", "pl", "sv", "da")

#: Every merge-tag shape the ESPs in the table use, each bounded: {{ x }}, {{{ x }}}, {% x %},
#: *|X|*, [[X]], <%x%>, %X%, %%{x}%%, {x}, [x], <unsubscribe>.
TOKEN = re.compile(
    r"\{\{\{[^{}\n]{1,80}\}\}\}|\{\{[^{}\n]{1,80}\}\}|\{%[^{}\n]{1,80}%\}|\*\|[^|\n]{1,60}\|\*|\[\[[^\[\]\n]{1,60}\]\]|"
    r"<%[^%<>\n]{1,80}%>|%%\{[^{}\n]{1,60}\}%%|%[A-Za-z][\w-]{1,60}%|\{[a-z_]{3,40}\}|\[[a-z_]{3,40}\]|<unsubscribe>",
)


def fold(text: str) -> str:
    """Lower case, accents removed, whitespace collapsed: "Désinscrire" -> "desinscrire"."""
    text = unicodedata.normalize("NFKD", text.replace("ß", "ss").replace("’", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().split())


def token_key(token: str) -> str:
    """The lookup form of a merge tag: no whitespace, lower case."""
    return "".join(token.split()).lower()


@dataclass(frozen=True)
class Placeholder:
    id: str
    esp: str
    placeholder: str
    means: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Phrases:
    patterns: dict[str, re.Pattern[str]]
    placeholders: dict[str, tuple[Placeholder, ...]]

    def find(self, kind: str, folded: str) -> str:
        """The first phrase of ``kind`` in the folded text, or ""."""
        match = self.patterns[kind].search(folded)
        return match.group(0) if match else ""

    def placeholders_in(self, text: str) -> list[tuple[Placeholder, int]]:
        """Catalogue placeholders in ``text`` with their offsets, in order."""
        found: list[tuple[Placeholder, int]] = []
        for match in TOKEN.finditer(text):
            for row in self.placeholders.get(token_key(match.group(0)), ()):
                found.append((row, match.start()))
        return found


def _data(name: str) -> dict[str, Any]:
    root = resources.files("outreach_lint.rules") / "data"
    for part in name.split("/"):
        root = root / part
    loaded = yaml.load(root.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(loaded, dict) or not isinstance(loaded.get("tables"), dict):
        raise ValueError(f"rules/data/{name}: needs tables")  # noqa: TRY004 - a data error, as in vendors.py
    tables: dict[str, Any] = loaded["tables"]
    return tables


def build(phrase_tables: dict[str, Any], placeholder_rows: dict[str, Any]) -> Phrases:
    """Compile phrase tables (``phrases_<kind>_<lang>`` -> rows) and placeholder rows."""
    words: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for name, table in phrase_tables.items():
        kind = next((k for k in KINDS if name.startswith(f"phrases_{k}_")), None)
        if kind is None or not isinstance(table, dict) or not isinstance(table.get("rows"), dict):
            raise ValueError(f"phrase table {name!r}: unknown kind or no rows")
        words[kind].update(fold(str(key)) for key in table["rows"])
    patterns = {
        # longest first, so the evidence names the most specific phrase; a phrase starts a word
        kind: re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True)) + ")") if items else re.compile(r"(?!x)x")
        for kind, items in words.items()
    }
    placeholders: dict[str, list[Placeholder]] = {}
    for key, row in placeholder_rows.items():
        if not isinstance(row, dict) or not isinstance(row.get("placeholder"), str) or not row.get("source"):
            raise ValueError(f"esp-placeholders.yaml: row {key!r} needs a placeholder and a source")
        item = Placeholder(str(key), str(row.get("esp", "")), row["placeholder"], tuple(row.get("means") or ()), str(row["source"]))
        placeholders.setdefault(token_key(item.placeholder), []).append(item)
    return Phrases(patterns, {k: tuple(v) for k, v in placeholders.items()})


@lru_cache(maxsize=1)
def load() -> Phrases:
    """The built-in phrase lists and placeholder table, parsed once per process."""
    tables: dict[str, Any] = {}
    for lang in LANGUAGES:
        tables.update(_data(f"phrases/{lang}.yaml"))
    rows = _data("esp-placeholders.yaml")["esp_placeholders"]["rows"]
    return build(tables, rows)
