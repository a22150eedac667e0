"""The declared facts (``schemas/facts.json``) and the checks that hold rules and readers to them.

Rules read facts that readers derive (``facts.contacts.freemail.count``,
``item.facts.template.unsubscribe``). A misspelt fact name would make a rule silently never
fire, so every fact a rule names in a condition or a message must be declared, and the pack
is refused otherwise (:func:`undeclared_in_rule`). The same declaration bounds what readers
may produce (:func:`undeclared_in_facts`, run by the tests over every fixture).

A key is declared when the schema node of its parent lists it under ``properties``, or the
parent maps any key to a schema (``additionalProperties: {...}``). A node with neither is
open: what lies under it is not checked (free-form evidence such as analytics hits).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import Any

#: A schema node, or OPEN for "not checked below here".
Node = dict[str, Any] | None
OPEN: Node = None

_COMBINATORS_LIST = ("allOf", "anyOf", "oneOf")
_COMBINATORS_ONE = ("not", "if", "then", "else")
_FIELD = re.compile(r"\{([^{}|]*)")


@lru_cache(maxsize=1)
def facts_schema() -> dict[str, Any]:
    text = resources.files("outreach_lint.schemas").joinpath("facts.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def _resolve(node: Node) -> Node:
    while node is not None and "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/$defs/"):
            return OPEN
        node = facts_schema()["$defs"].get(ref[len("#/$defs/") :])
    return node


def child(node: Node, key: str) -> tuple[bool, Node]:
    """(declared, schema of the child) for ``key`` under ``node``."""
    node = _resolve(node)
    if node is None:
        return True, OPEN
    properties = node.get("properties")
    if isinstance(properties, dict) and key in properties:
        return True, _resolve(properties[key])
    extra = node.get("additionalProperties")
    if isinstance(extra, dict):
        return True, _resolve(extra)
    if not isinstance(properties, dict):
        return True, OPEN
    return False, OPEN


def _items(node: Node) -> Node:
    node = _resolve(node)
    if node is None:
        return OPEN
    items = node.get("items")
    return _resolve(items) if isinstance(items, dict) else OPEN


def _document_root(for_each: str | None) -> dict[str, Any]:
    """The evaluation document as far as facts go: ``/facts``, and ``/item/facts`` for steps."""
    root: dict[str, Any] = {"properties": {"facts": facts_schema()}, "additionalProperties": {}}
    if for_each == "steps":
        root["properties"]["item"] = {"properties": {"facts": {"$ref": "#/$defs/step_facts"}}, "additionalProperties": {}}
    return root


def _in_condition(condition: Any, node: Node, path: tuple[str, ...]) -> Iterator[str]:
    """Undeclared fact paths that a JSON-Schema condition names, written ``facts.a.b``."""
    if not isinstance(condition, dict):
        return
    for keyword in _COMBINATORS_LIST:
        for part in condition.get(keyword) or ():
            yield from _in_condition(part, node, path)
    for keyword in _COMBINATORS_ONE:
        yield from _in_condition(condition.get(keyword), node, path)
    names = list((condition.get("properties") or {}).items())
    names += [(key, None) for key in condition.get("required") or () if isinstance(key, str)]
    for key, sub in names:
        declared, below = child(node, key)
        if not declared and _is_fact_path(path + (key,)):
            yield ".".join(path + (key,))
        elif sub is not None:
            yield from _in_condition(sub, below, path + (key,))
    for keyword in ("items", "contains"):
        yield from _in_condition(condition.get(keyword), _items(node), path + ("[]",))


def _is_fact_path(path: tuple[str, ...]) -> bool:
    return "facts" in path[:-1]


def _in_message(template: Any, root: Node) -> Iterator[str]:
    if not isinstance(template, str):
        return
    for match in _FIELD.finditer(template):
        parts = match.group(1).strip().split(".")
        node = root
        for index, part in enumerate(parts):
            declared, node = child(node, part)
            if not declared:
                if _is_fact_path(tuple(parts[: index + 1])):
                    yield ".".join(parts[: index + 1])
                break


def undeclared_in_rule(rule: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """(where in the rule file, the undeclared fact) for every fact the rule names but nobody declares."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    units: list[tuple[tuple[str | int, ...], dict[str, Any]]] = [((), rule)]
    units += [(("checks", i), check) for i, check in enumerate(rule.get("checks") or ()) if isinstance(check, dict)]
    for where, unit in units:
        root = _document_root(unit.get("for_each", rule.get("for_each")))
        for key in ("when", "require"):
            found += [(where + (key,), name) for name in _in_condition(unit.get(key), root, ())]
        for i, case in enumerate(unit.get("cases") or ()):
            if isinstance(case, dict):
                found += [(where + ("cases", i, "when"), name) for name in _in_condition(case.get("when"), root, ())]
                found += [(where + ("cases", i, "note"), name) for name in _in_message(case.get("note"), root)]
        found += [(where + ("message",), name) for name in _in_message(unit.get("message"), root)]
        missing = unit.get("missing")
        if isinstance(missing, dict):
            found += [(where + ("missing", "message"), name) for name in _in_message(missing.get("message"), root)]
    return found


def undeclared_in_facts(facts: Any, node: Node = None, path: str = "facts") -> Iterator[str]:
    """Keys a reader produced that the schema does not declare (for the tests)."""
    node = _resolve(node if node is not None or path != "facts" else facts_schema())
    if isinstance(facts, dict):
        for key, value in facts.items():
            declared, below = child(node, str(key))
            if not declared:
                yield f"{path}.{key}"
            elif below is not None:
                yield from undeclared_in_facts(value, below, f"{path}.{key}")
    elif isinstance(facts, list):
        items = _items(node)
        if items is not None:
            for value in facts:
                yield from undeclared_in_facts(value, items, f"{path}[]")
