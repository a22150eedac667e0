"""The validate stage: duplicate keys, the campaign schema (OL001/OL002) and country look-alikes.

One mistake gives one finding (:mod:`outreach_lint.schema_findings` words them); the values the
schema refused are remembered so that rule findings about the same values can be dropped, and
the campaign is judged without look-alike codes (``UK`` is taken for neither GB nor a country).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .. import schema_findings, schemas
from ..condition import Check, Compiler, Failure, to_pointer
from ..findings import Finding
from .context import CheckContext

#: unknown fields per file that get a "did you mean" hint
MAX_SUGGESTIONS = 100

#: (pointer parts) -> (line, column) in the campaign file
Locate = Callable[[Sequence[str | int]], tuple[int, int]]


@lru_cache(maxsize=1)
def campaign_schema() -> dict[str, Any]:
    """The shipped ``schemas/campaign.json`` (read once: it never changes while a process runs)."""
    return schemas.load("campaign.json")  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def campaign_check() -> Check:
    return Compiler().compile(campaign_schema())


@lru_cache(maxsize=1)
def known_fields() -> tuple[str, ...]:
    """Every property name the campaign schema knows (for "did you mean")."""
    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "properties" and isinstance(value, dict):
                    names.update(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(campaign_schema())
    return tuple(sorted(names))


@dataclass(frozen=True)
class Validation:
    findings: list[Finding]
    #: pointers of values the schema refused (schema_findings.drop_shadowed)
    refused: set[str]
    #: the campaign as it is judged: look-alike country codes left out
    judged: dict[str, Any]


def validate(ctx: CheckContext, file: str, campaign: dict[str, Any], duplicate_keys: Sequence[tuple[str, tuple[int, int]]], at: Locate) -> Validation:
    findings: list[Finding] = []
    for key, position in duplicate_keys:
        findings.append(ctx.finding("OL001", file, position, f"duplicate key {key!r}: only the last value counts, the others are silently lost", ""))
    errors: list[Failure] = []
    campaign_check()(campaign, errors)
    names = ctx.pack.tables.get("country_names", {})
    refused: set[str] = set()
    suggestions = 0
    for error in errors:
        parts = error.path
        if error.keyword == "additionalProperties":
            suggestions += 1
            findings.append(_unknown_field(ctx, file, campaign, parts, at, suggestions <= MAX_SUGGESTIONS))
        else:
            message, edit = schema_findings.describe(error, campaign, names)
            refused.add(to_pointer(parts))
            findings.append(ctx.finding("OL001", file, at(parts), message, to_pointer(parts), fix_edit=edit))
    lookalikes = schema_findings.lookalike_codes(campaign, names)
    for parts, value, code in lookalikes:
        message, edit = schema_findings.lookalike_finding(parts, value, code)
        refused.add(to_pointer(parts))
        findings.append(ctx.finding("OL001", file, at(parts), message, to_pointer(parts), fix_edit=edit))
    judged = schema_findings.without(campaign, [parts for parts, _, _ in lookalikes])
    return Validation(findings, refused, judged)


def _unknown_field(ctx: CheckContext, file: str, campaign: dict[str, Any], parts: tuple[str | int, ...], at: Locate, hint: bool) -> Finding:
    key = str(parts[-1])
    # difflib is slow: a generated file with 100k unknown keys took minutes
    suggestion, edit = schema_findings.did_you_mean(key, parts, campaign, known_fields()) if hint else ("", ())
    message = f"unknown field {key!r}{suggestion}: a typo here can silently disable a rule"
    return ctx.finding("OL002", file, at(parts), message, to_pointer(parts), fix_edit=edit)
