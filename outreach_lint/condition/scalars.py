"""Checks on one value: always/never, membership of a set, and the type, enum, const, numeric,
length and pattern keywords."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from ..safe_regex import compile_safe_pattern
from .failures import Check, Errors, Failure, SchemaCompileError, describe_value
from .keywords import Builder, Sub
from .values import is_type, json_equal


def always(value: Any, errors: Errors) -> bool:
    return True


def never(value: Any, errors: Errors) -> bool:
    if errors is not None:
        errors.append(Failure("false", "no value is allowed here"))
    return False


def all_checks(checks: list[Check]) -> Check:
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


def membership(members: frozenset[Any], message: str, options: tuple[Any, ...] = ()) -> Check:
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


def dated_membership(timeline: Any, name: str, message: str) -> Check:
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


def build_type(c: Sub, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    names = s["type"] if isinstance(s["type"], list) else [s["type"]]
    for name in names:
        is_type(None, name)  # validates the name
    names_t = tuple(names)

    def type_check(value: Any, errors: Errors) -> bool:
        for name in names_t:
            if is_type(value, name):
                return True
        if errors is not None:
            errors.append(Failure("type", f"{describe_value(value)} is not of type {' or '.join(names_t)}", expected=names_t))
        return False

    return type_check


def build_enum(c: Sub, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    options = list(s["enum"])
    if all(isinstance(o, str) for o in options):
        return membership(frozenset(options), f"is not one of {options}", tuple(options))

    def enum(value: Any, errors: Errors) -> bool:
        if any(json_equal(value, o) for o in options):
            return True
        if errors is not None:
            errors.append(Failure("enum", f"{value!r} is not one of {options}", expected=tuple(options)))
        return False

    return enum


def build_const(c: Sub, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    expected = s["const"]

    def const(value: Any, errors: Errors) -> bool:
        if json_equal(value, expected):
            return True
        if errors is not None:
            errors.append(Failure("const", f"{value!r} is not {expected!r}"))
        return False

    return const


def size_check(keyword: str, kinds: tuple[type, ...], bound: int, smaller_is_bad: bool) -> Check:
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


def builder_size(keyword: str, kinds: tuple[type, ...], smaller_is_bad: bool) -> Builder:
    def build(c: Sub, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
        bound = s[keyword]
        if not isinstance(bound, int) or isinstance(bound, bool) or bound < 0:
            raise SchemaCompileError(f"{keyword} must be a non-negative integer", at + (keyword,))
        return size_check(keyword, kinds, bound, smaller_is_bad)

    return build


def numeric(keyword: str, test: Callable[[float, float], bool], words: str) -> Builder:
    def build(c: Sub, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
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


def vetted_pattern(pattern: str, at: tuple[str | int, ...]) -> Any:
    try:
        return compile_safe_pattern(pattern)
    except ValueError as exc:
        raise SchemaCompileError(str(exc), at) from None


def build_pattern(c: Sub, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    regex = vetted_pattern(s["pattern"], at + ("pattern",))

    def pattern(value: Any, errors: Errors) -> bool:
        if not isinstance(value, str) or regex.search(value):
            return True
        if errors is not None:
            errors.append(Failure("pattern", f"{value!r} does not match {s['pattern']!r}", expected=(s["pattern"],)))
        return False

    return pattern
