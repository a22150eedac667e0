"""The keywords the compiler takes, and the interface a keyword's builder compiles sub-schemas through."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from .failures import Check

#: Keywords that only annotate: they never change the outcome.
ANNOTATIONS = frozenset(
    {
        "$schema",
        "$id",
        "$comment",
        "$anchor",
        "$defs",
        "definitions",
        "title",
        "description",
        "default",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
        "format",
        "markdownDescription",
        "x-missing",
        "x-label",
    }
)


SUPPORTED = (
    frozenset(
        {
            "type",
            "enum",
            "const",
            "properties",
            "required",
            "additionalProperties",
            "patternProperties",
            "minProperties",
            "maxProperties",
            "propertyNames",
            "items",
            "prefixItems",
            "contains",
            "minContains",
            "maxContains",
            "minItems",
            "maxItems",
            "uniqueItems",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "minLength",
            "maxLength",
            "pattern",
            "allOf",
            "anyOf",
            "oneOf",
            "not",
            "if",
            "then",
            "else",
            "$ref",
            "dependentRequired",
        }
    )
    | ANNOTATIONS
)


class Sub(Protocol):
    """What a builder needs of the compiler: compile a sub-schema, resolve a ``$ref``."""

    def sub(self, schema: Any, at: tuple[str | int, ...]) -> Check: ...

    def ref(self, target: Any, at: tuple[str | int, ...]) -> Check: ...


#: builds the check of one keyword from the schema object it is in, at its schema path
Builder = Callable[[Sub, dict[str, Any], tuple[str | int, ...]], Check]
