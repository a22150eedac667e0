"""The JSON Schema compiler: semantics and failure locations."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from outreach_lint.condition import Compiler, Failure, SchemaCompileError

SETS = {"EUROPE": frozenset({"DE", "FR", "GB"})}


def failures(schema: Any, instance: Any) -> list[Failure]:
    errors: list[Failure] = []
    Compiler(SETS).compile(schema)(instance, errors)
    return errors


CASES: list[tuple[Any, Any]] = [
    ({"type": "integer"}, 1),
    ({"type": "integer"}, True),
    ({"type": "integer"}, 1.0),
    ({"type": "number"}, False),
    ({"const": 1}, True),
    ({"enum": [1, "a"]}, True),
    ({"enum": ["a", "b"]}, "b"),
    ({"required": ["a"]}, {"b": 1}),
    ({"required": ["a"]}, []),
    ({"properties": {"a": {"const": 1}}}, {}),
    ({"properties": {"a": {"const": 1}}}, {"a": 2}),
    ({"additionalProperties": False, "properties": {"a": {}}}, {"a": 1, "b": 2}),
    ({"patternProperties": {"^x-": {"type": "string"}}, "additionalProperties": False}, {"x-a": "s"}),
    ({"contains": {"const": "DE"}}, ["FR", "DE"]),
    ({"contains": {"const": "DE"}}, []),
    ({"contains": {"const": 1}, "minContains": 2}, [1, 2, 1]),
    ({"contains": {"const": 1}, "maxContains": 1}, [1, 1]),
    ({"items": {"type": "string"}, "prefixItems": [{"type": "integer"}]}, [1, "a", "b"]),
    ({"items": {"type": "string"}, "prefixItems": [{"type": "integer"}]}, ["a"]),
    ({"minItems": 2}, [1]),
    ({"uniqueItems": True}, [1, True]),
    ({"uniqueItems": True}, [{"a": 1}, {"a": 1}]),
    ({"minimum": 3, "exclusiveMaximum": 5}, 5),
    ({"maxLength": 2}, "abc"),
    ({"pattern": "^RE:"}, "RE: hi"),
    ({"pattern": "^RE:"}, "hi"),
    ({"not": {"const": "none"}}, "none"),
    ({"anyOf": [{"const": 1}, {"const": 2}]}, 3),
    ({"oneOf": [{"type": "integer"}, {"minimum": 0}]}, 1),
    ({"if": {"const": 1}, "then": {"type": "integer"}, "else": {"type": "string"}}, 2),
    ({"dependentRequired": {"a": ["b"]}}, {"a": 1}),
    ({"$defs": {"x": {"type": "string"}}, "properties": {"a": {"$ref": "#/$defs/x"}}}, {"a": 1}),
    ({"propertyNames": {"pattern": "^[a-z]+$"}}, {"A": 1}),
    ({"maxProperties": 1}, {"a": 1, "b": 2}),
]


@pytest.mark.parametrize(("schema", "instance"), CASES)
def test_agrees_with_python_jsonschema(schema: Any, instance: Any) -> None:
    expected = jsonschema.Draft202012Validator(schema).is_valid(instance)
    check = Compiler(SETS).compile(schema)
    assert check(instance, None) is expected
    errors: list[Failure] = []
    assert check(instance, errors) is expected
    assert bool(errors) is (not expected)


def test_named_sets() -> None:
    check = Compiler(SETS).compile({"contains": {"$ref": "set:EUROPE"}})
    assert check(["US", "FR"], None)
    assert not check(["US", "CA"], None)
    assert not check([["DE"]], None)  # unhashable members are never in a set


def test_failure_pointer_and_missing_key() -> None:
    schema = {"properties": {"audience": {"required": ["consent"], "properties": {"consent": {"properties": {"basis": {"enum": ["consent"]}}}}}}}
    [wrong] = failures(schema, {"audience": {"consent": {"basis": "none"}}})
    assert (wrong.pointer, wrong.keyword, wrong.missing) == ("/audience/consent/basis", "enum", None)
    [absent] = failures(schema, {"audience": {}})
    assert (absent.pointer, absent.keyword, absent.missing) == ("/audience/consent", "required", "consent")


def test_any_of_reports_the_most_specific_branch() -> None:
    schema = {"anyOf": [{"properties": {"type": {"const": "b2b"}}}, {"required": ["basis"]}]}
    [failure] = failures(schema, {"type": "b2c"})
    assert failure.missing == "basis"  # a tie: "does not say" wins


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ({"$ref": "https://example.com/x.json"}, "only local"),
        ({"$ref": "set:NOPE"}, "unknown set"),
        ({"pattern": "(a+)+$"}, "nested repeats"),
        ({"patternProperties": {"^(a+)+$": {}}}, "nested repeats"),  # was a bare ValueError (a traceback)
        ({"patternProperties": {".*.*": {}}, "additionalProperties": False}, "two unbounded repeats"),
        ({"format": "email", "x-custom": 1}, "unsupported keyword"),
        ({"anyOf": []}, "non-empty list"),
        ({"type": "strnig"}, "unknown type"),
    ],
)
def test_refused_schemas(schema: Any, message: str) -> None:
    with pytest.raises(SchemaCompileError, match=message):
        Compiler(SETS).compile(schema)


def test_recursive_refs_terminate() -> None:
    schema = {"$defs": {"node": {"properties": {"next": {"$ref": "#/$defs/node"}, "v": {"type": "integer"}}}}, "$ref": "#/$defs/node"}
    check = Compiler().compile(schema)
    assert check({"next": {"next": {"v": 1}}}, None)
    assert not check({"next": {"next": {"v": "x"}}}, None)
