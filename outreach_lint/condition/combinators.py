"""The keywords that combine schemas: allOf, anyOf, oneOf, not, if/then/else and $ref."""

from __future__ import annotations

from typing import Any

from .failures import Check, Errors, Failure, SchemaCompileError
from .keywords import Sub
from .scalars import all_checks


def nonempty_list(s: dict[str, Any], keyword: str, at: tuple[str | int, ...]) -> list[Any]:
    value = s[keyword]
    if not isinstance(value, list) or not value:
        raise SchemaCompileError(f"{keyword} must be a non-empty list", at + (keyword,))
    return value


def build_all_of(c: Sub, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    return all_checks([c.sub(sub, at + ("allOf", i)) for i, sub in enumerate(nonempty_list(s, "allOf", at))])


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


def build_any_of(c: Sub, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    checks = tuple(c.sub(sub, at + ("anyOf", i)) for i, sub in enumerate(nonempty_list(s, "anyOf", at)))

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


def build_one_of(c: Sub, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    checks = tuple(c.sub(sub, at + ("oneOf", i)) for i, sub in enumerate(nonempty_list(s, "oneOf", at)))

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


def build_not(c: Sub, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    check = c.sub(s["not"], at + ("not",))

    def negation(value: Any, errors: Errors) -> bool:
        if not check(value, None):
            return True
        if errors is not None:
            errors.append(Failure("not", "matches a schema it must not match"))
        return False

    return negation


def build_if(c: Sub, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    condition = c.sub(s["if"], at + ("if",))
    then = c.sub(s.get("then", True), at + ("then",))
    otherwise = c.sub(s.get("else", True), at + ("else",))

    def if_then_else(value: Any, errors: Errors) -> bool:
        return then(value, errors) if condition(value, None) else otherwise(value, errors)

    return if_then_else


def build_ref(c: Sub, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    return c.ref(s["$ref"], at + ("$ref",))
