"""Schema failures as findings people can act on: one mistake, one finding, the right words.

* A country written as a name ("Germany") or in lower case ("de") reads "use the ISO code DE"
  (names from ``rules/data/country-names.yaml``), not a regular expression.
* Each failure that has a safe mechanical fix carries it as data (:attr:`Finding.fix_edit`):
  an enum value in the wrong case (``DPF`` -> ``dpf``), a country name to its code, ``yes``/``no``
  where a boolean belongs, and the did-you-mean key of an unknown field. Ambiguous cases (two
  enum values differing only in case, a rename onto a key that exists) get no edit: the message
  still suggests, nothing is applied.
* :func:`drop_shadowed`: a value that fails the schema is reported once. Rule findings whose
  pointer is at or under a value with an OL001 schema finding are dropped: the rule judged a
  value the schema already refused (``transfer: DPF`` is not also "no valid transfer route").
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .condition import Failure, to_pointer
from .findings import Finding

#: the campaign schema's pattern for countries (``$defs/country``)
COUNTRY_PATTERN = "^([A-Z]{2}|EU|EEA|EUROPE)$"
#: strings that mean a boolean when a boolean is wanted (YAML 1.1 habits; YAML 1.2 reads them as text)
BOOLEAN_WORDS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}
#: fix-edit kinds
REPLACE, RENAME = "replace", "rename"


def value_at(document: Any, parts: Sequence[str | int]) -> tuple[bool, Any]:
    """(found, value) at ``parts`` in the loaded campaign."""
    node = document
    for part in parts:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return False, None
    return True, node


def country_code(value: str, names: Mapping[str, Mapping[str, Any]]) -> str:
    """The ISO code for a country name or a lower-case code; "" when it is not known."""
    text = " ".join(value.split()).upper()
    row = names.get(text)
    if row is not None:
        return str(row.get("code", ""))
    if len(text) == 2 and text.isalpha() and text.isascii() and text != value:
        return text  # "de" -> "DE"
    return ""


def describe(error: Failure, campaign: Any, names: Mapping[str, Mapping[str, Any]]) -> tuple[str, tuple[str, ...]]:
    """The message and the safe fix edit (or ()) of one schema failure (not an unknown field)."""
    parts = error.path
    where = ".".join(str(p) for p in parts) or "the campaign"
    found, value = value_at(campaign, parts)
    pointer = to_pointer(parts)
    if not found or not isinstance(value, str):
        return f"{where}: {error.message}", ()
    if error.keyword == "pattern" and error.expected == (COUNTRY_PATTERN,):
        code = country_code(value, names)
        if code:
            return (
                f"{where}: {value!r} is not an ISO country code: use the ISO code {code}",
                (REPLACE, pointer, json.dumps(code), f"Replace {value!r} with the ISO code {code}"),
            )
        return f"{where}: {value!r} is not an ISO 3166-1 alpha-2 country code (or EU, EEA, EUROPE)", ()
    if error.keyword == "enum":
        options = [o for o in error.expected if isinstance(o, str)]
        same = [o for o in options if o.casefold() == value.strip().casefold()]
        if len(same) == 1:
            return (
                f"{where}: {value!r} is not one of {options}: write it as {same[0]!r}",
                (REPLACE, pointer, json.dumps(same[0]), f"Replace {value!r} with {same[0]!r}"),
            )
    if error.keyword == "type" and error.expected == ("boolean",) and value.strip().lower() in BOOLEAN_WORDS:
        flag = BOOLEAN_WORDS[value.strip().lower()]
        word = "true" if flag else "false"
        return (
            f"{where}: {value!r} is text, not a boolean: write {word} (in YAML 1.2 only true and false are booleans)",
            (REPLACE, pointer, json.dumps(flag), f"Replace {value!r} with {word}"),
        )
    return f"{where}: {error.message}", ()


def did_you_mean(key: str, parts: Sequence[str | int], campaign: Any, known: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    """The hint for an unknown field and, when the rename is safe, its edit.

    The rename is safe when one known field is close and the mapping has no key of that name
    (renaming onto it would lose a value).
    """
    import difflib  # only for a "did you mean"

    close = difflib.get_close_matches(key[:100], known, n=1, cutoff=0.75)
    if not close:
        return "", ()
    hint = f" (did you mean {close[0]!r}?)"
    _, parent = value_at(campaign, parts[:-1])
    if isinstance(parent, dict) and close[0] in parent:
        return hint, ()
    return hint, (RENAME, to_pointer(tuple(parts)), json.dumps(close[0]), f"Rename {key!r} to {close[0]!r}")


def is_under(pointer: str, prefixes: Iterable[str]) -> bool:
    """Whether ``pointer`` is one of ``prefixes`` or inside one of them."""
    return any(pointer == p or pointer.startswith(p + "/") for p in prefixes)


def drop_shadowed(findings: list[Finding], schema_pointers: set[str], engine_codes: frozenset[str]) -> list[Finding]:
    """Rule findings about values the schema already refused are dropped (see the module doc).

    Only non-empty pointers shadow (a failure at the root would hide everything), and only
    rule findings go: engine findings (OL000-OL008) are about other things.
    """
    prefixes = {p for p in schema_pointers if p}
    if not prefixes:
        return findings
    return [f for f in findings if f.code in engine_codes or not f.path or not is_under(f.path, prefixes)]


#: where the campaign names countries (JSON pointer parts, "*" for every list item)
COUNTRY_FIELDS: tuple[tuple[str, ...], ...] = (
    ("audience", "countries", "*"),
    ("audience", "dnc_screened", "*", "country"),
    ("tracking", "visitor_identification", "geo", "*"),
    ("processors", "*", "country"),
)


def _walk(node: Any, pattern: Sequence[str], at: tuple[str | int, ...]) -> Iterable[tuple[tuple[str | int, ...], Any]]:
    if not pattern:
        yield at, node
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*" and isinstance(node, list):
        for index, item in enumerate(node):
            yield from _walk(item, rest, at + (index,))
    elif isinstance(node, dict) and head in node:
        yield from _walk(node[head], rest, at + (head,))


def lookalike_codes(campaign: Any, names: Mapping[str, Mapping[str, Any]]) -> list[tuple[tuple[str | int, ...], str, str]]:
    """Two-letter codes the schema accepts but that are not the ISO code of the country meant:
    ``UK`` (ISO: GB) and ``EL`` (the EU's code for Greece; ISO: GR), from the names table.
    Returns (parts, value, ISO code)."""
    out = []
    for pattern in COUNTRY_FIELDS:
        for parts, value in _walk(campaign, pattern, ()):
            if isinstance(value, str) and len(value) == 2 and value.isupper():
                row = names.get(value)
                code = str(row.get("code", "")) if row is not None else ""
                if code and code != value:
                    out.append((parts, value, code))
    return out


def lookalike_finding(parts: tuple[str | int, ...], value: str, code: str) -> tuple[str, tuple[str, ...]]:
    where = ".".join(str(p) for p in parts)
    return (
        f"{where}: {value!r} is not the ISO 3166-1 code of the country: use the ISO code {code}",
        (REPLACE, to_pointer(parts), json.dumps(code), f"Replace {value!r} with the ISO code {code}"),
    )


def without(campaign: dict[str, Any], drop: Sequence[tuple[str | int, ...]]) -> dict[str, Any]:
    """A copy of the campaign without the values at ``drop`` (list items removed, keys deleted),
    so that the rules never see them; ``campaign`` itself is unchanged."""
    from .normalize import copy_tree

    if not drop:
        return campaign
    result: dict[str, Any] = copy_tree(campaign)
    # later list items first, so that earlier indices stay valid
    for parts in sorted(drop, key=lambda p: [(0, x, "") if isinstance(x, int) else (1, 0, str(x)) for x in p], reverse=True):
        found, parent = value_at(result, parts[:-1])
        last = parts[-1]
        if found and isinstance(parent, list) and isinstance(last, int) and last < len(parent):
            del parent[last]
        elif found and isinstance(parent, dict) and last in parent:
            del parent[last]
    return result
