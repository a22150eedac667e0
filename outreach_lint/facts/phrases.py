"""Phrase lists and ESP placeholders: tables of the rule pack (data, not code).

* ``rules/data/phrases/<lang>.yaml``: tables ``phrases_<kind>_<lang>`` whose row keys are
  folded phrases (lower case, accents removed) for the kinds ``opt_out``,
  ``source_statement`` and ``objection``.
* ``rules/data/esp-placeholders.yaml``: table ``esp_placeholders``, one row per merge tag
  with the ESP, what it renders (``means``) and the documentation it comes from.

Phrases compile to one literal alternation per kind (``re.escape``d, no nesting), so a
search is linear in the text. Placeholders are found with one bounded token pattern and
looked up by their whitespace-free, lower-case form.

The pack checks each row when it loads (:func:`phrase_kind`, :func:`check_phrase_row`,
:func:`placeholder_from_row`) and builds :class:`Phrases` once (``RulePack.phrases``); a
``--rules`` folder may add phrase rows, whole languages and placeholders.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

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


MEANS = ("opt_out", "address", "pixel")


def phrase_kind(table: str) -> str:
    """The kind of a ``phrases_<kind>_<lang>`` table; ValueError for another name."""
    kind = next((k for k in KINDS if table.startswith(f"phrases_{k}_")), None)
    if kind is None:
        raise ValueError(f"a phrase table is phrases_<kind>_<language> with a kind of {', '.join(KINDS)}")
    return kind


def check_phrase_row(key: Any, row: Any) -> None:
    """A phrase row: the phrase, written folded (it is matched on folded text), with its source."""
    if not isinstance(key, str) or not key.strip() or key != fold(key):
        raise ValueError(f"a phrase is matched on folded text and must be written folded ({fold(str(key))!r})")
    if not isinstance(row, dict) or not str(row.get("source", "")).strip():
        raise ValueError("needs a source")


def placeholder_from_row(key: Any, row: Any) -> Placeholder:
    """A row of the ``esp_placeholders`` table; ValueError says what is wrong with it."""
    if not isinstance(row, dict) or not isinstance(row.get("placeholder"), str) or not row.get("source"):
        raise ValueError("needs a placeholder and a source")
    means = row.get("means") or ()
    if not isinstance(means, list) or not set(means) <= set(MEANS):
        raise ValueError(f"means must be a list of {', '.join(MEANS)}")
    return Placeholder(str(key), str(row.get("esp", "")), row["placeholder"], tuple(means), str(row["source"]))


def phrases_from_tables(tables: Mapping[str, Mapping[str, Any]]) -> Phrases:
    """The phrase tables (``phrases_<kind>_<lang>`` -> rows) and placeholder rows of the pack, compiled."""
    words: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for name, rows in tables.items():
        if name.startswith("phrases_"):
            words[phrase_kind(name)].update(fold(str(key)) for key in rows)
    patterns = {
        # longest first, so the evidence names the most specific phrase; a phrase starts a word
        kind: re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True)) + ")") if items else re.compile(r"(?!x)x")
        for kind, items in words.items()
    }
    placeholders: dict[str, list[Placeholder]] = {}
    for key, row in (tables.get("esp_placeholders") or {}).items():
        item = placeholder_from_row(key, row)
        placeholders.setdefault(token_key(item.placeholder), []).append(item)
    return Phrases(patterns, {k: tuple(v) for k, v in placeholders.items()})
