"""Compile JSON Schema (a 2020-12 subset) into fast Python closures.

Rule conditions and the campaign schema are JSON Schema, so that rule
authors write a standard language and editors can help them. Evaluating
them with python-jsonschema for every campaign is too slow for a whole
repository (about 1,500 documents a second), so we compile each schema once
into nested closures. Nothing is generated as source text and nothing is
``eval``-ed: a rule pack can only combine the keywords below.

A compiled check is ``check(instance, errors) -> bool``. With ``errors=None``
it only answers yes or no and stops at the first failure. With a list it
appends every :class:`Failure` it finds, each with the JSON pointer of the
offending value, so the engine can point at a source line.

The tests compare this compiler with python-jsonschema on generated
documents, so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .safe_regex import compile_safe_pattern

Errors = list["Failure"] | None
Check = Callable[[Any, Errors], bool]

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


def _is_type(value: Any, name: str) -> bool:
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


def _first_duplicate(items: list[Any]) -> int | None:
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


def _prefix(errors: list[Failure], start: int, part: str | int) -> None:
    for failure in errors[start:]:
        failure.reversed_path.append(part)


def _child(check: Check, value: Any, errors: list[Failure], part: str | int) -> bool:
    """Run ``check`` on a child value, recording any failure under ``part``."""
    start = len(errors)
    if check(value, errors):
        return True
    _prefix(errors, start, part)
    return False


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
            return _always
        if schema is False:
            return _never
        if not isinstance(schema, dict):
            raise SchemaCompileError("a schema must be an object or a boolean", at)
        unknown = set(schema) - SUPPORTED
        if unknown:
            raise SchemaCompileError(f"unsupported keyword {sorted(unknown)[0]!r}", at + (sorted(unknown)[0],))
        checks: list[Check] = []
        for keyword, build in _BUILDERS:
            if keyword in schema:
                checks.append(build(self, schema, at))
        if not checks:
            return _always
        return checks[0] if len(checks) == 1 else _all(checks)

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
                return _dated_membership(self.timeline, name, f"is not in {name} on the day judged")
            members = self.sets[name]
            return _membership(members, f"is not in {name}")
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


def _always(value: Any, errors: Errors) -> bool:
    return True


def _never(value: Any, errors: Errors) -> bool:
    if errors is not None:
        errors.append(Failure("false", "no value is allowed here"))
    return False


def _all(checks: list[Check]) -> Check:
    checks_t = tuple(checks)

    def all_of(value: Any, errors: Errors) -> bool:
        if errors is None:
            for check in checks_t:
                if not check(value, None):
                    return False
            return True
        ok = True
        for check in checks_t:
            if not check(value, errors):
                ok = False
        return ok

    return all_of


def _membership(members: frozenset[Any], message: str, options: tuple[Any, ...] = ()) -> Check:
    def member(value: Any, errors: Errors) -> bool:
        try:
            if value in members and not isinstance(value, bool):
                return True
        except TypeError:  # unhashable: a list or a mapping is never a member
            pass
        if errors is not None:
            errors.append(Failure("enum", f"{value!r} {message}", expected=options))
        return False

    return member


def _dated_membership(timeline: Any, name: str, message: str) -> Check:
    def member(value: Any, errors: Errors) -> bool:
        try:
            if value in timeline.current[name] and not isinstance(value, bool):
                return True
        except TypeError:
            pass
        if errors is not None:
            errors.append(Failure("enum", f"{value!r} {message}"))
        return False

    return member


# -- builders, one per keyword ------------------------------------------


def _build_type(c: Compiler, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    names = s["type"] if isinstance(s["type"], list) else [s["type"]]
    for name in names:
        _is_type(None, name)  # validates the name
    names_t = tuple(names)

    def type_check(value: Any, errors: Errors) -> bool:
        for name in names_t:
            if _is_type(value, name):
                return True
        if errors is not None:
            errors.append(Failure("type", f"{_describe(value)} is not of type {' or '.join(names_t)}", expected=names_t))
        return False

    return type_check


def _build_enum(c: Compiler, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    options = list(s["enum"])
    if all(isinstance(o, str) for o in options):
        return _membership(frozenset(options), f"is not one of {options}", tuple(options))

    def enum(value: Any, errors: Errors) -> bool:
        if any(json_equal(value, o) for o in options):
            return True
        if errors is not None:
            errors.append(Failure("enum", f"{value!r} is not one of {options}", expected=tuple(options)))
        return False

    return enum


def _build_const(c: Compiler, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    expected = s["const"]

    def const(value: Any, errors: Errors) -> bool:
        if json_equal(value, expected):
            return True
        if errors is not None:
            errors.append(Failure("const", f"{value!r} is not {expected!r}"))
        return False

    return const


def _build_properties(c: Compiler, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    props = tuple((k, c.sub(v, at + ("properties", k))) for k, v in s["properties"].items())

    def properties(value: Any, errors: Errors) -> bool:
        if not isinstance(value, dict):
            return True
        ok = True
        for key, check in props:
            if key in value:
                if errors is None:
                    if not check(value[key], None):
                        return False
                elif not _child(check, value[key], errors, key):
                    ok = False
        return ok

    return properties


def _build_required(c: Compiler, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    keys = tuple(s["required"])

    def required(value: Any, errors: Errors) -> bool:
        if not isinstance(value, dict):
            return True
        ok = True
        for key in keys:
            if key not in value:
                if errors is None:
                    return False
                errors.append(Failure("required", f"{key!r} is a required property", missing=key))
                ok = False
        return ok

    return required


def _build_dependent_required(c: Compiler, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    deps = tuple((k, tuple(v)) for k, v in s["dependentRequired"].items())

    def dependent_required(value: Any, errors: Errors) -> bool:
        if not isinstance(value, dict):
            return True
        ok = True
        for key, needs in deps:
            if key in value:
                for need in needs:
                    if need not in value:
                        if errors is None:
                            return False
                        errors.append(Failure("dependentRequired", f"{need!r} is required when {key!r} is set", missing=need))
                        ok = False
        return ok

    return dependent_required


def _build_additional(c: Compiler, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    known = frozenset(s.get("properties", {}))
    patterns = tuple(_vetted(p, at + ("patternProperties", p)) for p in s.get("patternProperties", {}))
    extra = c.sub(s["additionalProperties"], at + ("additionalProperties",))

    def additional(value: Any, errors: Errors) -> bool:
        if not isinstance(value, dict):
            return True
        ok = True
        for key in value:
            if key in known or any(p.search(key) for p in patterns):
                continue
            if extra is _never:
                if errors is None:
                    return False
                errors.append(Failure("additionalProperties", f"unknown field {key!r}", reversed_path=[key]))
                ok = False
                continue
            if errors is None:
                if not extra(value[key], None):
                    return False
            elif not _child(extra, value[key], errors, key):
                ok = False
        return ok

    return additional


def _build_pattern_properties(c: Compiler, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    rules = tuple((_vetted(p, at + ("patternProperties", p)), c.sub(sub, at + ("patternProperties", p))) for p, sub in s["patternProperties"].items())

    def pattern_properties(value: Any, errors: Errors) -> bool:
        if not isinstance(value, dict):
            return True
        ok = True
        for key, item in value.items():
            for regex, check in rules:
                if regex.search(key):
                    if errors is None:
                        if not check(item, None):
                            return False
                    elif not _child(check, item, errors, key):
                        ok = False
        return ok

    return pattern_properties


def _build_property_names(c: Compiler, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    check = c.sub(s["propertyNames"], at + ("propertyNames",))

    def property_names(value: Any, errors: Errors) -> bool:
        if not isinstance(value, dict):
            return True
        for key in value:
            if not check(key, None):
                if errors is not None:
                    errors.append(Failure("propertyNames", f"property name {key!r} is not allowed", reversed_path=[key]))
                return False
        return True

    return property_names


def _size_check(keyword: str, kinds: tuple[type, ...], bound: int, smaller_is_bad: bool) -> Check:
    def size(value: Any, errors: Errors) -> bool:
        if not isinstance(value, kinds) or isinstance(value, bool):
            return True
        n = len(value)  # type: ignore[arg-type]  # isinstance(value, kinds): a sized kind
        if (n < bound) if smaller_is_bad else (n > bound):
            if errors is not None:
                errors.append(Failure(keyword, f"has {n} items, {'fewer' if smaller_is_bad else 'more'} than {bound}"))
            return False
        return True

    return size


def _builder_size(keyword: str, kinds: tuple[type, ...], smaller_is_bad: bool) -> Callable[[Compiler, dict[str, Any], tuple[str | int, ...]], Check]:
    def build(c: Compiler, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
        bound = s[keyword]
        if not isinstance(bound, int) or isinstance(bound, bool) or bound < 0:
            raise SchemaCompileError(f"{keyword} must be a non-negative integer", at + (keyword,))
        return _size_check(keyword, kinds, bound, smaller_is_bad)

    return build


def _build_items(c: Compiler, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    skip = len(s.get("prefixItems", ()))
    check = c.sub(s["items"], at + ("items",))

    def items(value: Any, errors: Errors) -> bool:
        if not isinstance(value, list):
            return True
        ok = True
        for index in range(skip, len(value)):
            if errors is None:
                if not check(value[index], None):
                    return False
            elif not _child(check, value[index], errors, index):
                ok = False
        return ok

    return items


def _build_prefix_items(c: Compiler, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    checks = tuple(c.sub(sub, at + ("prefixItems", i)) for i, sub in enumerate(s["prefixItems"]))

    def prefix_items(value: Any, errors: Errors) -> bool:
        if not isinstance(value, list):
            return True
        ok = True
        for index, check in enumerate(checks[: len(value)]):
            if errors is None:
                if not check(value[index], None):
                    return False
            elif not _child(check, value[index], errors, index):
                ok = False
        return ok

    return prefix_items


def _build_contains(c: Compiler, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    check = c.sub(s["contains"], at + ("contains",))
    low = s.get("minContains", 1)
    high = s.get("maxContains")

    def contains(value: Any, errors: Errors) -> bool:
        if not isinstance(value, list):
            return True
        count = 0
        for item in value:
            if check(item, None):
                count += 1
                if high is None and count >= low:
                    return True
        if count >= low and (high is None or count <= high):
            return True
        if errors is not None:
            errors.append(Failure("contains", f"{count} matching items, wanted at least {low}" + (f" and at most {high}" if high is not None else "")))
        return False

    return contains


def _build_unique(c: Compiler, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    if not s["uniqueItems"]:
        return _always

    def unique(value: Any, errors: Errors) -> bool:
        if not isinstance(value, list):
            return True
        first = _first_duplicate(value)
        if first is None:
            return True
        if errors is not None:
            errors.append(Failure("uniqueItems", f"{value[first]!r} appears more than once"))
        return False

    return unique


def _numeric(keyword: str, test: Callable[[float, float], bool], words: str) -> Callable[[Compiler, dict[str, Any], tuple[str | int, ...]], Check]:
    def build(c: Compiler, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
        bound = s[keyword]
        if isinstance(bound, bool) or not isinstance(bound, (int, float)):
            raise SchemaCompileError(f"{keyword} must be a number", at + (keyword,))

        def numeric(value: Any, errors: Errors) -> bool:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
                return True
            if test(value, bound):
                return True
            if errors is not None:
                errors.append(Failure(keyword, f"{value} is {words} {bound}"))
            return False

        return numeric

    return build


def _vetted(pattern: str, at: tuple[str | int, ...]) -> Any:
    try:
        return compile_safe_pattern(pattern)
    except ValueError as exc:
        raise SchemaCompileError(str(exc), at) from None


def _build_pattern(c: Compiler, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    regex = _vetted(s["pattern"], at + ("pattern",))

    def pattern(value: Any, errors: Errors) -> bool:
        if not isinstance(value, str) or regex.search(value):
            return True
        if errors is not None:
            errors.append(Failure("pattern", f"{value!r} does not match {s['pattern']!r}", expected=(s["pattern"],)))
        return False

    return pattern


def _build_all_of(c: Compiler, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    return _all([c.sub(sub, at + ("allOf", i)) for i, sub in enumerate(_nonempty_list(s, "allOf", at))])


def _deepest(groups: list[list[Failure]]) -> list[Failure]:
    """The branch whose failure goes deepest: the most specific explanation.

    On a tie, a branch that fails because something is missing wins: "the
    campaign does not say X" is the more useful thing to report.
    """
    best: list[Failure] = []
    best_depth: tuple[int, int] = (-1, -1)
    for group in groups:
        depth = max(((len(f.reversed_path) + (f.missing is not None), f.missing is not None) for f in group), default=(0, 0))
        if depth > best_depth:
            best, best_depth = group, depth
    return best


def _build_any_of(c: Compiler, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    checks = tuple(c.sub(sub, at + ("anyOf", i)) for i, sub in enumerate(_nonempty_list(s, "anyOf", at)))

    def any_of(value: Any, errors: Errors) -> bool:
        for check in checks:
            if check(value, None):
                return True
        if errors is not None:
            groups = []
            for check in checks:
                group: list[Failure] = []
                check(value, group)
                groups.append(group)
            errors.extend(_deepest(groups) or [Failure("anyOf", "matches none of the alternatives")])
        return False

    return any_of


def _build_one_of(c: Compiler, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    checks = tuple(c.sub(sub, at + ("oneOf", i)) for i, sub in enumerate(_nonempty_list(s, "oneOf", at)))

    def one_of(value: Any, errors: Errors) -> bool:
        matched = sum(1 for check in checks if check(value, None))
        if matched == 1:
            return True
        if errors is not None:
            if matched == 0:
                groups = []
                for check in checks:
                    group: list[Failure] = []
                    check(value, group)
                    groups.append(group)
                errors.extend(_deepest(groups) or [Failure("oneOf", "matches none of the alternatives")])
            else:
                errors.append(Failure("oneOf", "matches more than one alternative"))
        return False

    return one_of


def _build_not(c: Compiler, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    check = c.sub(s["not"], at + ("not",))

    def negation(value: Any, errors: Errors) -> bool:
        if not check(value, None):
            return True
        if errors is not None:
            errors.append(Failure("not", "matches a schema it must not match"))
        return False

    return negation


def _build_if(c: Compiler, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    condition = c.sub(s["if"], at + ("if",))
    then = c.sub(s.get("then", True), at + ("then",))
    otherwise = c.sub(s.get("else", True), at + ("else",))

    def if_then_else(value: Any, errors: Errors) -> bool:
        return then(value, errors) if condition(value, None) else otherwise(value, errors)

    return if_then_else


def _build_ref(c: Compiler, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    return c.ref(s["$ref"], at + ("$ref",))


def _build_min_max_properties(keyword: str, smaller_is_bad: bool) -> Callable[[Compiler, dict[str, Any], tuple[str | int, ...]], Check]:
    return _builder_size(keyword, (dict,), smaller_is_bad)


def _nonempty_list(s: dict[str, Any], keyword: str, at: tuple[str | int, ...]) -> list[Any]:
    value = s[keyword]
    if not isinstance(value, list) or not value:
        raise SchemaCompileError(f"{keyword} must be a non-empty list", at + (keyword,))
    return value


def _describe(value: Any) -> str:
    names = {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean", type(None): "null", int: "a number", float: "a number"}
    return f"{value!r} ({names.get(type(value), type(value).__name__)})" if not isinstance(value, (dict, list)) else names[type(value)]


# Order matters only for which failure is reported first: type before details.
_BUILDERS: tuple[tuple[str, Callable[[Compiler, dict[str, Any], tuple[str | int, ...]], Check]], ...] = (
    ("$ref", _build_ref),
    ("type", _build_type),
    ("enum", _build_enum),
    ("const", _build_const),
    ("required", _build_required),
    ("dependentRequired", _build_dependent_required),
    ("properties", _build_properties),
    ("patternProperties", _build_pattern_properties),
    ("additionalProperties", _build_additional),
    ("propertyNames", _build_property_names),
    ("minProperties", _build_min_max_properties("minProperties", True)),
    ("maxProperties", _build_min_max_properties("maxProperties", False)),
    ("prefixItems", _build_prefix_items),
    ("items", _build_items),
    ("contains", _build_contains),
    ("minItems", _builder_size("minItems", (list,), True)),
    ("maxItems", _builder_size("maxItems", (list,), False)),
    ("uniqueItems", _build_unique),
    ("minimum", _numeric("minimum", lambda v, b: v >= b, "less than")),
    ("maximum", _numeric("maximum", lambda v, b: v <= b, "greater than")),
    ("exclusiveMinimum", _numeric("exclusiveMinimum", lambda v, b: v > b, "not greater than")),
    ("exclusiveMaximum", _numeric("exclusiveMaximum", lambda v, b: v < b, "not less than")),
    ("minLength", _builder_size("minLength", (str,), True)),
    ("maxLength", _builder_size("maxLength", (str,), False)),
    ("pattern", _build_pattern),
    ("allOf", _build_all_of),
    ("anyOf", _build_any_of),
    ("oneOf", _build_one_of),
    ("not", _build_not),
    ("if", _build_if),
)
