"""The keywords about lists: items, prefixItems, contains, uniqueItems."""

from __future__ import annotations

from typing import Any

from .failures import Check, Errors, Failure, child
from .keywords import Sub
from .scalars import always
from .values import first_duplicate


def build_items(c: Sub, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
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
            elif not child(check, value[index], errors, index):
                ok = False
        return ok

    return items


def build_prefix_items(c: Sub, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    checks = tuple(c.sub(sub, at + ("prefixItems", i)) for i, sub in enumerate(s["prefixItems"]))

    def prefix_items(value: Any, errors: Errors) -> bool:
        if not isinstance(value, list):
            return True
        ok = True
        for index, check in enumerate(checks[: len(value)]):
            if errors is None:
                if not check(value[index], None):
                    return False
            elif not child(check, value[index], errors, index):
                ok = False
        return ok

    return prefix_items


def build_contains(c: Sub, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
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


def build_unique(c: Sub, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    if not s["uniqueItems"]:
        return always

    def unique(value: Any, errors: Errors) -> bool:
        if not isinstance(value, list):
            return True
        first = first_duplicate(value)
        if first is None:
            return True
        if errors is not None:
            errors.append(Failure("uniqueItems", f"{value[first]!r} appears more than once"))
        return False

    return unique
