"""Rules built from validated rule-file data: conditions compiled, scope expanded, templates checked.

A rule with ``checks`` gets one sub-rule per check: the check's keys over the rule's, so scope,
citations and fix are written once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from typing import Any

from ..condition import Check, Compiler, SchemaCompileError
from ..findings import Citation, Severity
from ..interpolate import TemplateError, check_template
from ..lawtime import Period, PeriodError, SetTimeline, period_of
from .lazy import LazyCompiler
from .meta import DOCS_URL
from .model import EVERYWHERE, Case, Rule, RuleError

#: the line of the node at a key path of the rule file
LineOf = Callable[[Any], int]


def construct(data: dict[str, Any], file: str, compiler: Compiler, timeline: SetTimeline, line_of: LineOf) -> Rule:
    """Build a :class:`Rule` (with one sub-rule per entry of ``checks``) from validated data."""
    rule = _construct_one(data, file, compiler, timeline, line_of)
    if "checks" not in data:
        return rule
    base = {key: value for key, value in data.items() if key not in ("checks", "examples")}
    checks = []
    for index, check in enumerate(data["checks"]):
        merged = {**base, **check}
        # a check's period narrows the rule's (a check cannot apply outside its rule's period)
        merged.pop("from", None)
        merged.pop("until", None)
        if "when" in base and "when" in check:  # a check's `when` narrows the rule's
            merged["when"] = {"allOf": [base["when"], check["when"]]}

        def check_line(parts: Any, index: int = index, check: dict[str, Any] = check) -> int:
            parts = list(parts)
            return line_of(["checks", index, *parts] if parts and parts[0] in check else parts)

        one = _construct_one(merged, file, compiler, timeline, check_line, label=f"checks/{index}/")
        checks.append(replace(one, period=rule.period.narrowed(_period(check, file, lambda: check_line(["from"])))))
    return replace(rule, checks=tuple(checks))


def _period(node: dict[str, Any], file: str, line: Callable[[], int]) -> Period:
    try:
        return period_of(node)
    except PeriodError as exc:
        raise RuleError(str(exc), file, line()) from None


def _countries(names: Iterable[str], timeline: SetTimeline, file: str, line: int, what: str) -> frozenset[str] | None:
    """Country codes and set names (every member a set ever has); None for ALL."""
    out: set[str] = set()
    for name in names:
        if name == EVERYWHERE:
            return None
        if name in timeline.spans:
            out |= timeline.ever(name)
        elif len(name) == 2:
            out.add(name)
        else:
            raise RuleError(f"unknown {what} {name!r} (not a country code or set)", file, line)
    return frozenset(out)


class _Builder:
    """What building one rule (or one check of it) needs: its data, file, compiler and line lookup."""

    def __init__(self, data: dict[str, Any], file: str, compiler: Compiler, timeline: SetTimeline, line_of: LineOf, label: str) -> None:
        self.data, self.file, self.compiler, self.timeline, self.line_of, self.label = data, file, compiler, timeline, line_of, label

    def compile_at(self, key: str | tuple[str | int, ...]) -> Check | None:
        keys = key if isinstance(key, tuple) else (key,)
        node: Any = self.data
        for k in keys:
            node = node.get(k) if isinstance(node, dict) else node[k]
            if node is None:
                return None
        try:
            return self.compiler.compile(node)
        except SchemaCompileError as exc:
            raise RuleError(f"{self.label}{'/'.join(map(str, keys))}: {exc}", self.file, self.line_of(keys + exc.schema_path)) from None

    def check_templates(self) -> None:
        if isinstance(self.compiler, LazyCompiler):  # a cached pack's templates were checked when it was cached
            return
        missing = self.data.get("missing", {})
        templates = [(["message"], self.data["message"]), (["fix"], self.data["fix"])]
        if "message" in missing:
            templates.append((["missing", "message"], missing["message"]))
        for parts, template in templates:
            try:
                check_template(template, self.timeline.current)
            except TemplateError as exc:
                raise RuleError(str(exc), self.file, self.line_of(parts)) from None

    def countries(self, key: str, what: str, default: list[str]) -> tuple[list[str], frozenset[str] | None]:
        names = self.data.get(key, default)
        return names, _countries(names, self.timeline, self.file, self.line_of([key]), what) if names or key == "jurisdictions" else None

    def citation_countries(self) -> tuple[frozenset[str] | None, ...]:
        return tuple(
            _countries(c["countries"], self.timeline, self.file, self.line_of(["citations", i, "countries"]), "citation country")
            if c.get("countries")
            else None
            for i, c in enumerate(self.data.get("citations", []))
        )

    def cases(self) -> tuple[Case, ...]:
        cases = []
        for index, case in enumerate(self.data.get("cases", [])):
            check = self.compile_at(("cases", index, "when"))
            assert check is not None
            period = _period(case, self.file, partial(self.line_of, ["cases", index]))
            cases.append(Case(check, Severity.parse(case["severity"]), case.get("note", ""), period))
        if self.data.get("confidence") == "unverified":
            wrong: list[list[str | int]] = [["severity"]] if Severity.parse(self.data["severity"]) == Severity.ERROR else []
            wrong += [["cases", i, "severity"] for i, case in enumerate(cases) if case.severity == Severity.ERROR]
            if wrong:
                raise RuleError(f"{self.label}an unverified rule may not report more than a warning", self.file, self.line_of(wrong[0]))
        return tuple(cases)


def _construct_one(data: dict[str, Any], file: str, compiler: Compiler, timeline: SetTimeline, line_of: LineOf, label: str = "") -> Rule:
    build = _Builder(data, file, compiler, timeline, line_of, label)
    build.check_templates()
    jurisdictions, expanded = build.countries("jurisdictions", "jurisdiction", [EVERYWHERE])
    sender_names, sender_scope = build.countries("sender_jurisdictions", "sender jurisdiction", [])
    citation_countries = build.citation_countries()
    cases = build.cases()
    missing = data.get("missing", {})
    return Rule(
        code=data["code"],
        name=data["name"],
        title=data["title"],
        severity=Severity.parse(data["severity"]),
        message=data["message"],
        fix=data["fix"],
        citations=tuple(Citation(c["law"], c.get("article", ""), c.get("url", "")) for c in data["citations"]),
        help_uri=DOCS_URL + data["name"],
        source=file,
        description=data.get("description", ""),
        confidence=data.get("confidence", "standard"),
        suppressible=data.get("suppressible", True),
        engine=data.get("engine", False),
        jurisdictions=expanded,
        jurisdiction_names=tuple(jurisdictions),
        period=_period(data, file, lambda: line_of(["from"])),
        sender_jurisdictions=sender_scope,
        sender_jurisdiction_names=tuple(sender_names),
        citation_countries=citation_countries,
        channels=frozenset(data["channels"]) if "channels" in data else None,
        for_each=data.get("for_each"),
        when=build.compile_at("when"),
        require=build.compile_at("require"),
        locate=data.get("locate", ""),
        evidence=data.get("evidence", ""),
        cases=tuple(cases),
        missing_message=missing.get("message", ""),
        missing_severity=Severity.parse(missing["severity"]) if "severity" in missing else None,
        raw=data,
    )
