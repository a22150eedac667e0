"""JSON's notions of type and equality (``true`` is not ``1``), which Python's differ from."""

from __future__ import annotations

from typing import Any

from .failures import SchemaCompileError


def is_type(value: Any, name: str) -> bool:
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "string":
        return isinstance(value, str)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    if isinstance(value, bool):
        return False
    if name == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if name == "number":
        return isinstance(value, (int, float))
    raise SchemaCompileError(f"unknown type {name!r}")


def json_equal(a: Any, b: Any) -> bool:
    """Equality with JSON's rules: ``true`` is not ``1``."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a is b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return type(a) is type(b) and a == b


def json_key(value: Any) -> Any:
    """A hashable key with :func:`json_equal`'s equality (``true`` is not ``1``, ``1`` is ``1.0``)."""
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, (int, float)):
        return ("n", value)
    if isinstance(value, dict):
        return ("d", frozenset((k, json_key(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("l", tuple(json_key(v) for v in value))
    return (type(value).__name__, value)


def first_duplicate(items: list[Any]) -> int | None:
    """The index of the earliest item that appears again later, in linear time (a quadratic
    scan of a 100,000-item list took minutes); None when all differ."""
    try:
        keys = [json_key(item) for item in items]
        seen: dict[Any, int] = {}
        repeated: set[Any] = set()
        for index, key in enumerate(keys):
            if key in seen:
                repeated.add(key)
            else:
                seen[key] = index
    except TypeError:  # an unhashable value (not JSON): compare pairwise, as before
        for i, a in enumerate(items):
            if any(json_equal(a, b) for b in items[i + 1 :]):
                return i
        return None
    if not repeated:
        return None
    return min(seen[key] for key in repeated)
