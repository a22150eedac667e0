"""Message templates: ``{dotted.path|filter:arg|filter}`` over the evaluation document.

Templates are data in rule files, so this is deliberately tiny: a path
lookup and a fixed set of filters. Nothing is evaluated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

_FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")

Filter = Callable[[Any, str, Mapping[str, frozenset[str]]], Any]


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _in_set(value: Any, arg: str, sets: Mapping[str, frozenset[str]]) -> Any:
    return [v for v in _as_list(value) if v in sets[arg]]


def _not_in_set(value: Any, arg: str, sets: Mapping[str, frozenset[str]]) -> Any:
    return [v for v in _as_list(value) if v not in sets[arg]]


_GROUPS = ("EUROPE", "EEA", "EU")
NO_COUNTRIES = "the countries it targets (none stated)"


def _countries(value: Any, arg: str, sets: Mapping[str, frozenset[str]]) -> Any:
    """Write complete country groups by name: all 27 EU members become ``EU``.

    No countries at all reads as such ("people in the countries it targets (none stated)"),
    never as an empty gap in the sentence.
    """
    remaining = list(_as_list(value))
    if not remaining:
        return [NO_COUNTRIES]
    named: list[str] = []
    for group in _GROUPS:
        members = sets.get(group)
        if members and members.issubset(remaining):
            named.append(group)
            remaining = [v for v in remaining if v not in members]
    return named + remaining


FILTERS: dict[str, Filter] = {
    "countries": _countries,
    "join": lambda v, a, s: (a or ", ").join(_text(x) for x in _as_list(v)),
    "in": _in_set,
    "notin": _not_in_set,
    "count": lambda v, a, s: len(_as_list(v)),
    "first": lambda v, a, s: _as_list(v)[0] if _as_list(v) else None,
    "upper": lambda v, a, s: _text(v).upper(),
    "lower": lambda v, a, s: _text(v).lower(),
    "default": lambda v, a, s: a if v in (None, "", []) else v,
    "plus": lambda v, a, s: v + int(a) if isinstance(v, int) and not isinstance(v, bool) else v,
}

#: filters whose argument names a set
SET_FILTERS = frozenset({"in", "notin"})


class TemplateError(ValueError):
    pass


def check_template(template: str, sets: Mapping[str, frozenset[str]]) -> None:
    """Raise :class:`TemplateError` for unknown filters or sets, at rule-load time."""
    for match in _FIELD.finditer(template):
        if match.group(1) is None:
            continue
        path, *filters = match.group(1).split("|")
        if not path.strip():
            raise TemplateError(f"empty placeholder in {template!r}")
        for spec in filters:
            name, _, arg = spec.partition(":")
            if name not in FILTERS:
                raise TemplateError(f"unknown filter {name!r} (known: {', '.join(sorted(FILTERS))})")
            if name in SET_FILTERS and arg not in sets:
                raise TemplateError(f"unknown set {arg!r} in filter {spec!r}")


def lookup(document: Any, dotted: str) -> Any:
    node = document
    for part in dotted.strip().split("."):
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.lstrip("-").isdigit():
            index = int(part)
            node = node[index] if -len(node) <= index < len(node) else None
        else:
            return None
    return node


def _text(value: Any) -> str:
    if value is None:
        return "(not set)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value) if value else "(none)"
    if isinstance(value, dict):
        return "{…}"
    return str(value)


def render(template: str, document: Any, sets: Mapping[str, frozenset[str]]) -> str:
    def replace(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return match.group(0)[0]
        path, *filters = match.group(1).split("|")
        value = lookup(document, path)
        for spec in filters:
            name, _, arg = spec.partition(":")
            value = FILTERS[name](value, arg, sets)
        return _text(value)

    return _FIELD.sub(replace, template)
