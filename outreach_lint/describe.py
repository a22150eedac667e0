"""Say in plain words what a condition (JSON Schema) means.

``explain`` and the rule docs use this, so the description is generated from
the rule itself and cannot drift from what the engine evaluates.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_MAX_SET = 8


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return f"`{value}`" if isinstance(value, str) else str(value)


def _set(name: str, sets: Mapping[str, frozenset[str]]) -> str:
    members = sorted(sets.get(name, ()))
    shown = ", ".join(members[:_MAX_SET]) + (", …" if len(members) > _MAX_SET else "")
    return f"in {name} ({shown})" if members else f"in {name}"


_ENTRY = "\0entry"  # stands for "an entry of the list" inside items/contains


def _subject(path: list[str]) -> str:
    if not path:
        return "the campaign"
    if path[0] == _ENTRY:
        return "the entry" if len(path) == 1 else f"its `{'.'.join(path[1:])}`"
    dotted = ".".join(path)
    dotted = dotted.replace("item.", "the item's ").replace("facts.", "fact ")
    return f"`{dotted}`" if not dotted.startswith(("the item", "fact")) else dotted


def describe(schema: Any, sets: Mapping[str, frozenset[str]], path: list[str] | None = None) -> str:
    """One clause for ``schema`` applied at ``path``."""
    path = path or []
    if schema is True:
        return "always"
    if schema is False:
        return "never"
    if not isinstance(schema, dict):
        return "?"
    subject = _subject(path)
    clauses = [
        *_value_clauses(schema, sets, subject),
        *_member_clauses(schema, sets, path, subject),
        *_bound_clauses(schema, subject),
        *_logic_clauses(schema, sets, path),
    ]
    clauses = [c for c in clauses if c and c != "always"]
    return " and ".join(clauses) if clauses else "always"


def _value_clauses(schema: dict[str, Any], sets: Mapping[str, frozenset[str]], subject: str) -> list[str]:
    """What the value itself is: a set member, a constant, one of an enum, of a type."""
    clauses: list[str] = []
    if "$ref" in schema and str(schema["$ref"]).startswith("set:"):
        clauses.append(f"{subject} is {_set(schema['$ref'][4:], sets)}")
    if "const" in schema:
        clauses.append(f"{subject} is {_value(schema['const'])}")
    if "enum" in schema:
        clauses.append(f"{subject} is one of {', '.join(_value(v) for v in schema['enum'])}")
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        clauses.append(f"{subject} is a {' or '.join(types)}")
    return clauses


def _member_clauses(schema: dict[str, Any], sets: Mapping[str, frozenset[str]], path: list[str], subject: str) -> list[str]:
    """What the value holds: required and described keys, entries it contains, every entry."""
    clauses = [f"{_subject(path + [key])} is set" for key in schema.get("required", [])]
    clauses += [describe(sub, sets, path + [key]) for key, sub in schema.get("properties", {}).items()]
    contained = schema.get("contains")
    if isinstance(contained, dict) and set(contained) == {"$ref"} and str(contained["$ref"]).startswith("set:"):
        clauses.append(f"{subject} includes one {_set(contained['$ref'][4:], sets)}")
    elif isinstance(contained, dict) and set(contained) == {"const"}:
        clauses.append(f"{subject} includes {_value(contained['const'])}")
    elif isinstance(contained, dict) and set(contained) == {"enum"}:
        clauses.append(f"{subject} includes one of {', '.join(_value(v) for v in contained['enum'])}")
    elif "contains" in schema:
        inner = describe(schema["contains"], sets, [_ENTRY])
        clauses.append(f"{subject} includes an entry where {inner}" if inner != "always" else f"{subject} is not empty")
    if "items" in schema:
        clauses.append(f"every entry of {subject}: {describe(schema['items'], sets, [_ENTRY])}")
    if "prefixItems" in schema:
        clauses += [describe(sub, sets, path + [str(index)]) for index, sub in enumerate(schema["prefixItems"])]
    return clauses


#: bound keyword -> its words ("{}" stands for the bound; without it the bound follows)
_BOUNDS = {
    "minimum": "is at least",
    "maximum": "is at most",
    "exclusiveMinimum": "is more than",
    "exclusiveMaximum": "is less than",
    "minItems": "has at least {} entries",
    "maxItems": "has at most {} entries",
    "minLength": "is at least {} characters long",
}


def _bound_clauses(schema: dict[str, Any], subject: str) -> list[str]:
    clauses: list[str] = []
    for key, words in _BOUNDS.items():
        if key in schema:
            clauses.append(f"{subject} {words.format(schema[key])}" if "{}" in words else f"{subject} {words} {schema[key]}")
    if "pattern" in schema:
        clauses.append(f"{subject} matches /{schema['pattern']}/")
    return clauses


def _logic_clauses(schema: dict[str, Any], sets: Mapping[str, frozenset[str]], path: list[str]) -> list[str]:
    """not, anyOf, oneOf, allOf and if/then/else, each described at the same path."""
    clauses: list[str] = []
    if "not" in schema:
        clauses.append(f"not ({describe(schema['not'], sets, path)})")
    if "anyOf" in schema:
        clauses.append("either " + " or ".join(f"({describe(s, sets, path)})" for s in schema["anyOf"]))
    if "oneOf" in schema:
        clauses.append("exactly one of " + " / ".join(f"({describe(s, sets, path)})" for s in schema["oneOf"]))
    if "allOf" in schema:
        clauses.extend(describe(s, sets, path) for s in schema["allOf"])
    if "if" in schema:
        then = describe(schema.get("then", True), sets, path)
        otherwise = describe(schema.get("else", True), sets, path)
        clause = f"if {describe(schema['if'], sets, path)} then {then}"
        clauses.append(clause + (f", otherwise {otherwise}" if otherwise != "always" else ""))
    return clauses


def describe_rule(raw: Mapping[str, Any], sets: Mapping[str, frozenset[str]]) -> list[str]:
    """Sentences saying when the rule fires, scope first; one paragraph per check."""
    lines = _describe_part({k: v for k, v in raw.items() if k != "when"} if "checks" in raw else raw, sets, raw.get("severity"))
    if "checks" in raw and "when" in raw:
        lines.append(f"Every check below applies only when {describe(raw['when'], sets)}.")
    for number, check in enumerate(raw.get("checks", []), 1):
        own = _describe_part(check, sets, check.get("severity", raw.get("severity")))
        title = check.get("title") or f"Check {number}"
        lines.append(f"{number}. {title}: " + (" ".join(own) if own else "as above."))
    return lines


def _note(text: str) -> str:
    """Notes are message templates; in a description their placeholders read as an ellipsis."""
    return re.sub(r"\{[^{}]*\}", "…", text)


def _describe_part(raw: Mapping[str, Any], sets: Mapping[str, frozenset[str]], severity: Any = None) -> list[str]:
    lines: list[str] = []
    if "jurisdictions" in raw and raw["jurisdictions"] != ["ALL"]:
        lines.append("Applies when the recipients include " + " or ".join("a country " + _set(j, sets) if j in sets else j for j in raw["jurisdictions"]) + ".")
    if "channels" in raw:
        lines.append(f"Applies to steps on {', '.join(raw['channels'])}.")
    if "for_each" in raw:
        lines.append(f'Checked for each entry of `{raw["for_each"]}` ("the item").')
    if "when" in raw:
        lines.append(f"It is relevant when {describe(raw['when'], sets)}.")
    if "require" in raw:
        lines.append(f"It fires unless {describe(raw['require'], sets)}.")
    elif "when" in raw:
        lines.append("It fires whenever that is the case.")
    if "severity" in raw and "checks" not in raw and "code" not in raw:
        lines.append(f"Severity {raw['severity']}.")
    for case in raw.get("cases", []):
        condition = describe(case["when"], sets)
        head = f"Otherwise severity {case['severity']}." if condition == "always" else f"Severity {case['severity']} when {condition}."
        lines.append(head + (f" {_note(case['note'])}" if case.get("note") else ""))
    if "missing" in raw:
        lines.append(f"When the campaign does not state a fact the check needs, it says so ({raw['missing'].get('severity', severity)}).")
    return lines
