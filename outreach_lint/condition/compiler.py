"""The compiler: dispatches each keyword of a schema to its builder and resolves ``$ref`` (local
``#/...`` and named sets ``set:NAME``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .arrays import build_contains, build_items, build_prefix_items, build_unique
from .combinators import build_all_of, build_any_of, build_if, build_not, build_one_of, build_ref
from .failures import Check, Errors, SchemaCompileError
from .keywords import SUPPORTED, Builder
from .objects import (
    build_additional,
    build_dependent_required,
    build_min_max_properties,
    build_pattern_properties,
    build_properties,
    build_property_names,
    build_required,
)
from .scalars import all_checks, always, build_const, build_enum, build_pattern, build_type, builder_size, dated_membership, membership, never, numeric


class Compiler:
    """Compiles schemas that may ``$ref`` local ``$defs`` and named sets.

    ``sets`` maps a name to its members; ``{"$ref": "set:EUROPE"}`` means
    "one of the members of EUROPE". Country tables live in data files and
    reach the rules only this way.
    """

    def __init__(self, sets: Mapping[str, frozenset[Any]] | None = None, timeline: Any = None) -> None:
        self.sets = dict(sets or {})
        #: a :class:`~outreach_lint.lawtime.SetTimeline`: sets with dated members are read on the
        #: day being judged (its ``current``), not frozen at compile time
        self.timeline = timeline
        self._root: Mapping[str, Any] = {}
        self._ref_cache: dict[str, Check] = {}

    def compile(self, schema: Any) -> Check:
        previous_root, previous_cache = self._root, self._ref_cache
        self._root, self._ref_cache = schema if isinstance(schema, dict) else {}, {}
        try:
            return self._compile(schema, ())
        finally:
            self._root, self._ref_cache = previous_root, previous_cache

    # -- the dispatcher -------------------------------------------------
    def _compile(self, schema: Any, at: tuple[str | int, ...]) -> Check:
        if schema is True:
            return always
        if schema is False:
            return never
        if not isinstance(schema, dict):
            raise SchemaCompileError("a schema must be an object or a boolean", at)
        unknown = set(schema) - SUPPORTED
        if unknown:
            raise SchemaCompileError(f"unsupported keyword {sorted(unknown)[0]!r}", at + (sorted(unknown)[0],))
        checks: list[Check] = []
        for keyword, build in BUILDERS:
            if keyword in schema:
                checks.append(build(self, schema, at))
        if not checks:
            return always
        return checks[0] if len(checks) == 1 else all_checks(checks)

    def sub(self, schema: Any, at: tuple[str | int, ...]) -> Check:
        return self._compile(schema, at)

    def ref(self, target: Any, at: tuple[str | int, ...]) -> Check:
        if not isinstance(target, str):
            raise SchemaCompileError("$ref must be a string", at)
        if target.startswith("set:"):
            name = target[4:]
            if name not in self.sets:
                raise SchemaCompileError(f"unknown set {name!r} in $ref", at)
            if self.timeline is not None and name in self.timeline.dated:
                return dated_membership(self.timeline, name, f"is not in {name} on the day judged")
            members = self.sets[name]
            return membership(members, f"is not in {name}")
        if not target.startswith("#/"):
            raise SchemaCompileError(f"only local '#/...' and 'set:NAME' refs are supported, not {target!r}", at)
        if target in self._ref_cache:
            return self._ref_cache[target]
        node: Any = self._root
        for part in target[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                raise SchemaCompileError(f"$ref target {target!r} does not exist", at)
            node = node[part]
        slot: list[Check] = []

        def deferred(value: Any, errors: Errors) -> bool:
            return slot[0](value, errors)

        self._ref_cache[target] = deferred  # allows recursive schemas
        slot.append(self._compile(node, tuple(target[2:].split("/"))))
        return deferred


# Order matters only for which failure is reported first: type before details.
BUILDERS: tuple[tuple[str, Builder], ...] = (
    ("$ref", build_ref),
    ("type", build_type),
    ("enum", build_enum),
    ("const", build_const),
    ("required", build_required),
    ("dependentRequired", build_dependent_required),
    ("properties", build_properties),
    ("patternProperties", build_pattern_properties),
    ("additionalProperties", build_additional),
    ("propertyNames", build_property_names),
    ("minProperties", build_min_max_properties("minProperties", True)),
    ("maxProperties", build_min_max_properties("maxProperties", False)),
    ("prefixItems", build_prefix_items),
    ("items", build_items),
    ("contains", build_contains),
    ("minItems", builder_size("minItems", (list,), True)),
    ("maxItems", builder_size("maxItems", (list,), False)),
    ("uniqueItems", build_unique),
    ("minimum", numeric("minimum", lambda v, b: v >= b, "less than")),
    ("maximum", numeric("maximum", lambda v, b: v <= b, "greater than")),
    ("exclusiveMinimum", numeric("exclusiveMinimum", lambda v, b: v > b, "not greater than")),
    ("exclusiveMaximum", numeric("exclusiveMaximum", lambda v, b: v < b, "not less than")),
    ("minLength", builder_size("minLength", (str,), True)),
    ("maxLength", builder_size("maxLength", (str,), False)),
    ("pattern", build_pattern),
    ("allOf", build_all_of),
    ("anyOf", build_any_of),
    ("oneOf", build_one_of),
    ("not", build_not),
    ("if", build_if),
)
