"""Campaign fields in words: every field of the campaign schema with its description, and the
fields a rule's conditions read (for ``explain``, the rule pages and docs/campaign-fields.md).

A rule's conditions are JSON Schemas over the evaluation document; the campaign fields are the
paths under ``properties`` that are not derived facts. ``item`` is the step or processor a
``for_each`` rule is judging, written ``steps[]`` or ``processors[]``.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from .rulepack import Rule

#: keys of a condition whose values are conditions on the same value
_COMBINATORS = ("allOf", "anyOf", "oneOf", "not", "if", "then", "else", "contains")


@lru_cache(maxsize=1)
def schema_fields() -> dict[str, str]:
    """``dotted.path`` -> description, for every field of the campaign schema (lists as ``[]``)."""
    from .check.validate import campaign_schema

    schema = campaign_schema()
    defs = schema.get("$defs", {})
    out: dict[str, str] = {}

    def walk(node: Any, path: str) -> None:
        if not isinstance(node, dict):
            return
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/") and ref[8:] in defs and "properties" not in node:
            target = defs[ref[8:]]
            if "description" in node and path:
                out.setdefault(path, node["description"])
            walk(target, path)
            return
        if path and "description" in node:
            out.setdefault(path, " ".join(str(node["description"]).split()))
        for name, sub in (node.get("properties") or {}).items():
            walk(sub, f"{path}.{name}" if path else name)
        if isinstance(node.get("items"), dict):
            walk(node["items"], f"{path}[]")

    walk(schema, "")
    out.pop("$schema", None)
    return out


def _paths(node: Any, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                for name, sub in value.items():
                    yield path + (name,)
                    yield from _paths(sub, path + (name,))
            elif key == "required" and isinstance(value, list):
                yield from (path + (name,) for name in value if isinstance(name, str))
            elif key == "items":
                yield from _paths(value, path + ("[]",))
            elif key in _COMBINATORS or key == "dependentRequired":
                yield from _paths(value, path)
    elif isinstance(node, list):
        for item in node:
            yield from _paths(item, path)


def fields_read(rule: Rule) -> list[tuple[str, str]]:
    """(campaign field, its description) for each field a rule's conditions read, sorted."""
    known = schema_fields()
    found: set[str] = set()
    for leaf in rule.checks or (rule,):
        raw = leaf.raw
        conditions = [raw.get("when"), raw.get("require")] + [c.get("when") for c in raw.get("cases", []) if isinstance(c, dict)]
        each = raw.get("for_each")
        for condition in conditions:
            for parts in _paths(condition, ()):
                if not parts or parts[0] in ("facts", "index"):
                    continue
                if parts[0] == "item":
                    if not each or len(parts) < 2 or parts[1] == "facts":
                        continue
                    parts = (f"{each}[]",) + parts[1:]
                dotted = ".".join(parts).replace(".[]", "[]")
                if dotted in known:
                    found.add(dotted)
    # a container is implied by its fields: keep the leaves
    leaves = {path for path in found if not any(other.startswith((path + ".", path + "[")) for other in found)}
    return [(path, known[path]) for path in sorted(leaves)]


def fields_page() -> str:
    """docs/campaign-fields.md: every campaign field with its description."""
    out = [
        "# Campaign fields",
        "",
        "Generated from `schemas/campaign.json` by `python -m outreach_lint.docsgen`; do not edit. Each rule page",
        "lists the fields its conditions read (`outreach-lint explain CODE` prints them too).",
        "",
        "| field | what it says |",
        "|---|---|",
    ]
    for path, description in schema_fields().items():
        out.append(f"| `{path}` | {description.replace('|', '/')} |")
    return "\n".join(out) + "\n"
