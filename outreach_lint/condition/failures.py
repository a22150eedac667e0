"""What a compiled check reports: :class:`Failure` (with the JSON pointer of the value), the
check type, and the error for a schema the compiler cannot take."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Errors = list["Failure"] | None
Check = Callable[[Any, Errors], bool]


class SchemaCompileError(ValueError):
    """The schema uses something this compiler does not support, or is malformed."""

    def __init__(self, message: str, schema_path: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.schema_path = schema_path


@dataclass
class Failure:
    """Why an instance did not match.

    ``reversed_path`` is built while the stack unwinds (cheap on the success
    path); :attr:`path` gives it in document order. ``missing`` names the
    property a ``required`` keyword wanted: that is how the engine tells
    "a fact is missing" from "a fact is wrong".
    """

    keyword: str
    message: str
    missing: str | None = None
    reversed_path: list[str | int] = field(default_factory=list)
    #: what the keyword wanted, for fixes: the options of an ``enum``, the regex of a ``pattern``,
    #: the type names of a ``type`` (empty for the other keywords)
    expected: tuple[Any, ...] = ()

    @property
    def path(self) -> tuple[str | int, ...]:
        return tuple(reversed(self.reversed_path))

    @property
    def pointer(self) -> str:
        return to_pointer(self.path + ((self.missing,) if self.missing else ()))


def to_pointer(parts: tuple[str | int, ...] | list[str | int]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def prefix_path(errors: list[Failure], start: int, part: str | int) -> None:
    for failure in errors[start:]:
        failure.reversed_path.append(part)


def child(check: Check, value: Any, errors: list[Failure], part: str | int) -> bool:
    """Run ``check`` on a child value, recording any failure under ``part``."""
    start = len(errors)
    if check(value, errors):
        return True
    prefix_path(errors, start, part)
    return False


def describe_value(value: Any) -> str:
    names = {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean", type(None): "null", int: "a number", float: "a number"}
    return f"{value!r} ({names.get(type(value), type(value).__name__)})" if not isinstance(value, (dict, list)) else names[type(value)]
