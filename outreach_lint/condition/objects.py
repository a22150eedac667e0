"""The keywords about mappings: properties, required, additional and pattern properties, names."""

from __future__ import annotations

from typing import Any

from .failures import Check, Errors, Failure, child
from .keywords import Builder, Sub
from .scalars import builder_size, never, vetted_pattern


def build_properties(c: Sub, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
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
                elif not child(check, value[key], errors, key):
                    ok = False
        return ok

    return properties


def build_required(c: Sub, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
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


def build_dependent_required(c: Sub, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
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


def build_additional(c: Sub, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    known = frozenset(s.get("properties", {}))
    patterns = tuple(vetted_pattern(p, at + ("patternProperties", p)) for p in s.get("patternProperties", {}))
    extra = c.sub(s["additionalProperties"], at + ("additionalProperties",))

    def additional(value: Any, errors: Errors) -> bool:
        if not isinstance(value, dict):
            return True
        ok = True
        for key in value:
            if key in known or any(p.search(key) for p in patterns):
                continue
            if extra is never:
                if errors is None:
                    return False
                errors.append(Failure("additionalProperties", f"unknown field {key!r}", reversed_path=[key]))
                ok = False
                continue
            if errors is None:
                if not extra(value[key], None):
                    return False
            elif not child(extra, value[key], errors, key):
                ok = False
        return ok

    return additional


def build_pattern_properties(c: Sub, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
    rules = tuple((vetted_pattern(p, at + ("patternProperties", p)), c.sub(sub, at + ("patternProperties", p))) for p, sub in s["patternProperties"].items())

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
                    elif not child(check, item, errors, key):
                        ok = False
        return ok

    return pattern_properties


def build_property_names(c: Sub, s: dict[str, Any], at: tuple[str | int, ...]) -> Check:
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


def build_min_max_properties(keyword: str, smaller_is_bad: bool) -> Builder:
    return builder_size(keyword, (dict,), smaller_is_bad)
