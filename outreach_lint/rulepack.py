"""Load, validate and compile rule packs (folders of YAML rule files plus data).

A pack folder holds one YAML file per rule (in sub-folders by topic) and a
``data/`` folder whose files define named sets and tables (countries, the B2B
e-mail table, the adequacy list, ...). Rules reach the data only through
``$ref: "set:NAME"`` and the ``in:``/``notin:`` message filters, so a country
table is written once and never copied into rules.

Every problem is a :class:`RuleError` naming the file and line: a broken rule
pack is a configuration error (exit 2), never a crash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache, partial
from importlib import resources
from pathlib import Path
from typing import Any

from .condition import Check, Compiler, SchemaCompileError
from .findings import Citation, Severity
from .interpolate import TemplateError, check_template
from .lawtime import ALWAYS, Period, PeriodError, SetTimeline, Spans, join, period_of
from .loader import Limits, Loaded, LoadError, load_bytes
from .sender import Places

#: Jurisdiction meaning "every country", including a campaign with no countries.
EVERYWHERE = "ALL"


class RuleError(Exception):
    """A rule pack problem: ``file:line: message``."""

    def __init__(self, message: str, file: str = "", line: int = 0) -> None:
        super().__init__(message)
        self.file = file
        self.line = line

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.line else (f"{self.file}: " if self.file else "")
        return f"{where}{self.args[0]}"


@dataclass(frozen=True)
class Case:
    when: Check
    severity: Severity
    note: str = ""
    period: Period = ALWAYS


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    title: str
    severity: Severity
    message: str
    fix: str
    citations: tuple[Citation, ...]
    source: str = ""
    description: str = ""
    confidence: str = "standard"
    suppressible: bool = True
    engine: bool = False
    jurisdictions: frozenset[str] | None = None  # None: everywhere
    jurisdiction_names: tuple[str, ...] = ()
    channels: frozenset[str] | None = None  # None: any channel
    for_each: str | None = None
    when: Check | None = None
    require: Check | None = None
    locate: str = ""
    #: JSON pointer to the facts that caused a finding (a dict or a list of dicts; those with a
    #: line become related locations in the referenced file); see engine._evidence
    evidence: str = ""
    cases: tuple[Case, ...] = ()
    missing_message: str = ""
    missing_severity: Severity | None = None
    checks: tuple[Rule, ...] = ()  # several checks under one code; see _construct
    #: when the rule (or this check: the rule's period narrowed by its own) applies
    period: Period = ALWAYS
    #: where an establishment of the sender brings every recipient into scope (None: nowhere)
    sender_jurisdictions: frozenset[str] | None = None
    sender_jurisdiction_names: tuple[str, ...] = ()
    #: per citation, the countries it is about (None: every country); parallel to ``citations``
    citation_countries: tuple[frozenset[str] | None, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def examples(self) -> dict[str, list[dict[str, Any]]]:
        return self.raw.get("examples", {})  # type: ignore[no-any-return]


@dataclass(frozen=True)
class RulePack:
    rules: tuple[Rule, ...]
    #: every set as it stands on the day the pack was loaded (see ``timeline`` for other days)
    sets: dict[str, frozenset[str]]
    tables: dict[str, dict[str, dict[str, Any]]]
    version: str
    timeline: SetTimeline = field(default_factory=lambda: SetTimeline({}), compare=False, repr=False)

    @property
    def country_groups(self) -> dict[str, frozenset[str]]:
        return {name: self.sets[name] for name in ("EU", "EEA", "EUROPE") if name in self.sets}

    @cached_property
    def places(self) -> Places:
        """What reading a sender's country from its postal address needs (rules/data/places.yaml)."""
        names = {
            name.upper(): row["code"]
            for name, row in self.tables.get("country_names", {}).items()
            if isinstance(row, dict) and isinstance(row.get("code"), str)
        }
        return Places(self.sets.get("ISO_COUNTRIES", frozenset()), self.sets.get("US_STATE_CODES", frozenset()), names)

    def by_code(self) -> dict[str, Rule]:
        return {rule.code: rule for rule in self.rules}

    def find(self, key: str) -> Rule | None:
        for rule in self.rules:
            if key in (rule.code, rule.name) or key.upper() == rule.code:
                return rule
        return None


def builtin_rules_dir() -> Path:
    return Path(str(resources.files("outreach_lint.rules")))


def load_pack(extra_dirs: Iterable[Path] = (), include_builtin: bool = True, use_cache: bool = True) -> RulePack:
    """Load the built-in pack plus ``extra_dirs``.

    A pack whose files are unchanged since it was last validated is rebuilt
    from the cache (see :mod:`outreach_lint.cache`) without re-validating it,
    which keeps jsonschema out of a warm start.
    """
    dirs = ([builtin_rules_dir()] if include_builtin else []) + [Path(d) for d in extra_dirs]
    for folder in dirs:
        if not folder.is_dir():
            raise RuleError("rule folder does not exist or is not a folder", str(folder))
    files = [(folder, path) for folder in dirs for path in sorted(folder.rglob("*.y*ml")) if path.suffix in (".yaml", ".yml") and path.is_file()]
    from . import cache

    key = cache.key_of("pack", [(str(p), cache.file_signature(p)) for _, p in files])
    if use_cache:
        cached = cache.read("pack", key)
        if cached is not None:
            try:
                return _pack_from_cache(cached)
            except (KeyError, TypeError, ValueError, RuleError):
                pass
    data_files: list[tuple[Path, Loaded]] = []
    rule_files: list[tuple[Path, Loaded]] = []
    digest = hashlib.sha256()
    for folder, path in files:
        raw = _read_rule_file(path)
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + raw)
        loaded = _load(path, raw)
        is_data = path.relative_to(folder).parts[0] == "data"
        (data_files if is_data else rule_files).append((path, loaded))
    spans, tables = _load_data(data_files)
    timeline = SetTimeline(spans)
    sets = timeline.current
    compiler = Compiler(sets, timeline)
    validator = _meta_validator()
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path, loaded in rule_files:
        _validate(path, loaded, validator)
        _check_facts(path, loaded)
        rule = _construct(loaded.data, str(path), compiler, timeline, partial(_line, loaded))
        for name in (rule.code, rule.name):
            if name in seen:
                raise RuleError(f"{name!r} is already defined in {seen[name]}", str(path), 1)
            seen[name] = str(path)
        rules.append(rule)
    rules.sort(key=lambda r: r.code)
    pack = RulePack(tuple(rules), sets, tables, digest.hexdigest()[:16], timeline)
    if use_cache:
        cache.write(
            "pack",
            key,
            {
                "version": pack.version,
                "timeline": timeline.as_json(),
                "tables": tables,
                "rules": [[rule.source, rule.raw] for rule in rules],
            },
        )
    return pack


def _pack_from_cache(cached: dict[str, Any]) -> RulePack:
    """A pack that was validated when it was cached: conditions compile on first use."""
    timeline = SetTimeline.from_json(cached["timeline"])
    compiler = _LazyCompiler(timeline.current, timeline)
    rules = tuple(_construct(raw, source, compiler, timeline, lambda parts: 0) for source, raw in cached["rules"])
    return RulePack(rules, timeline.current, cached["tables"], cached["version"], timeline)


class _LazyCheck:
    """A condition compiled when first evaluated. A run that meets only some channels and
    countries never compiles the other rules' conditions; a pool's parent compiles them all
    before forking (:func:`compile_all`), so workers share them."""

    __slots__ = ("_compiler", "_schema", "_check")

    def __init__(self, compiler: Compiler, schema: Any) -> None:
        self._compiler, self._schema = compiler, schema
        self._check: Check | None = None

    def compiled(self) -> Check:
        if self._check is None:
            self._check = self._compiler.compile(self._schema)
        return self._check

    def __call__(self, value: Any, errors: Any) -> bool:
        check = self._check if self._check is not None else self.compiled()
        return check(value, errors)


class _LazyCompiler(Compiler):
    """Hands out :class:`_LazyCheck` s; the templates of a cached pack were checked when it was cached."""

    def __init__(self, sets: dict[str, frozenset[str]], timeline: SetTimeline | None = None) -> None:
        super().__init__(sets, timeline)
        self._eager = Compiler(sets, timeline)

    def compile(self, schema: Any) -> Check:
        return _LazyCheck(self._eager, schema)


def compile_all(pack: RulePack) -> None:
    """Compile every condition a cached pack has left for later."""
    for rule in pack.rules:
        for one in rule.checks or (rule,):
            for check in (one.when, one.require, *(case.when for case in one.cases)):
                if isinstance(check, _LazyCheck):
                    check.compiled()


def _read_rule_file(path: Path) -> bytes:
    """A rule or data file's bytes; an unreadable or oversized one is a RuleError (exit 2), not a traceback."""
    limit = Limits().max_file_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            raise RuleError(f"file is {size:,} bytes, over the limit of {limit:,} for a rule file", str(path), 1)
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise RuleError(f"cannot be read ({exc.strerror or exc})", str(path), 1) from None
    if len(raw) > limit:  # it grew after the stat
        raise RuleError(f"file is over the limit of {limit:,} bytes for a rule file", str(path), 1)
    return raw


def _load(path: Path, raw: bytes) -> Loaded:
    try:
        return load_bytes(raw, str(path))
    except LoadError as exc:
        raise RuleError(str(exc), str(path), exc.line) from None


def _line(loaded: Loaded, parts: Iterable[str | int]) -> int:
    (line, _column), _depth = loaded.source_map.locate(loaded.data, list(parts))
    return line


# -- data: sets and tables ---------------------------------------------------


def _load_data(files: list[tuple[Path, Loaded]]) -> tuple[dict[str, Spans], dict[str, dict[str, dict[str, Any]]]]:
    """Named sets (each member with the periods it belongs) and tables, from the data files.

    A table row may carry ``from``/``until``; a set built from a table with ``where:`` holds the
    row's key only while the row is in force. A set literal member may be a mapping
    ``{code: FR, from: 2026-08-11}``.
    """
    raw_sets: dict[str, tuple[Path, Loaded, Any]] = {}
    tables: dict[str, dict[str, dict[str, Any]]] = {}
    table_variants: dict[str, dict[str, list[tuple[dict[str, Any], Period]]]] = {}
    defined: dict[tuple[str, str], Path] = {("sets", EVERYWHERE): Path("(built in: every country)")}
    for path, loaded in files:
        data = loaded.data
        if not isinstance(data, dict):
            raise RuleError("a data file must be a mapping with `sets` and/or `tables`", str(path), 1)
        unknown = set(data) - {"sets", "tables", "description", "sources"}
        if unknown:
            key = sorted(unknown)[0]
            raise RuleError(f"unknown key {key!r} in a data file", str(path), _line(loaded, [key]))
        for kind in ("tables", "sets"):
            for name in data.get(kind) or {}:
                _define(defined, kind, name, path, loaded)
        for name, table in (data.get("tables") or {}).items():
            if not isinstance(table, dict) or not isinstance(table.get("rows"), dict):
                raise RuleError(f"table {name!r} needs `rows:` mapping a key to its columns", str(path), _line(loaded, ["tables", name]))
            tables[name] = table["rows"]
            variants = table_variants[name] = {}
            for key, row in table["rows"].items():
                # a row, or a list of dated versions of it ({..., until: D} then {..., from: D})
                versions = row if isinstance(row, list) else [row]
                try:
                    variants[key] = [(v, period_of(v)) for v in versions if isinstance(v, dict)]
                except PeriodError as exc:
                    raise RuleError(f"table {name!r} row {key!r}: {exc}", str(path), _line(loaded, ["tables", name, "rows", key])) from None
                if len(variants[key]) != len(versions):
                    raise RuleError(
                        f"table {name!r} row {key!r} must be a mapping or a list of mappings", str(path), _line(loaded, ["tables", name, "rows", key])
                    )
        for name, spec in (data.get("sets") or {}).items():
            raw_sets[name] = (path, loaded, spec)
    sets: dict[str, Spans] = {EVERYWHERE: {}}
    resolving: set[str] = set()

    def resolve(name: str) -> Spans:
        if name in sets:
            return sets[name]
        if name not in raw_sets:
            raise KeyError(name)
        path, loaded, spec = raw_sets[name]
        if name in resolving:
            raise RuleError(f"set {name!r} refers to itself", str(path), _line(loaded, ["sets", name]))
        resolving.add(name)
        members: Spans = {}
        try:
            if isinstance(spec, list):
                for index, item in enumerate(spec):
                    if isinstance(item, str) and item.startswith("$"):
                        for member, periods in resolve(item[1:]).items():
                            join(members, member, periods)
                    elif isinstance(item, dict):
                        if not isinstance(item.get("code"), str) or set(item) - {"code", "from", "until"}:
                            raise RuleError(
                                f"set {name!r}: a dated member is {{code: XX, from: YYYY-MM-DD, until: YYYY-MM-DD}}",
                                str(path),
                                _line(loaded, ["sets", name, index]),
                            )
                        try:
                            join(members, item["code"], (period_of(item),))
                        except PeriodError as exc:
                            raise RuleError(f"set {name!r} member {item['code']!r}: {exc}", str(path), _line(loaded, ["sets", name, index])) from None
                    else:
                        join(members, item, (ALWAYS,))
            elif isinstance(spec, dict) and "table" in spec:
                rows = table_variants.get(spec["table"])
                if rows is None:
                    raise RuleError(f"set {name!r} uses unknown table {spec['table']!r}", str(path), _line(loaded, ["sets", name]))
                where = spec.get("where", {})
                for key, versions in rows.items():
                    for row, period in versions:
                        if all(row.get(col) in (want if isinstance(want, list) else [want]) for col, want in where.items()):
                            join(members, key, (period,))
            else:
                raise RuleError(f"set {name!r} must be a list or {{table: ..., where: ...}}", str(path), _line(loaded, ["sets", name]))
        except KeyError as exc:
            raise RuleError(f"set {name!r} refers to unknown set {exc.args[0]!r}", str(path), _line(loaded, ["sets", name])) from None
        resolving.discard(name)
        sets[name] = members
        return members

    for name in raw_sets:
        resolve(name)
    return sets, tables


def _define(defined: dict[tuple[str, str], Path], kind: str, name: Any, path: Path, loaded: Loaded) -> None:
    """Each set and table is defined once: a ``--rules`` folder adds data, it never redefines
    (and so never shrinks) what the built-in pack or another folder defines."""
    first = defined.setdefault((kind, str(name)), path)
    if first != path:
        what = kind[:-1]
        raise RuleError(
            f"{what} {name!r} is already defined in {first}: a rule folder may add {kind}, not redefine them",
            str(path),
            _line(loaded, [kind, name]),
        )


# -- rules -------------------------------------------------------------------


@lru_cache(maxsize=1)
def rule_schema() -> dict[str, Any]:
    return json.loads(resources.files("outreach_lint.schemas").joinpath("rule.json").read_text("utf-8"))  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def _meta_validator() -> Any:
    import jsonschema  # imported here: only needed when rule files are (re)validated

    return jsonschema.Draft202012Validator(rule_schema())


def _check_facts(path: Path, loaded: Loaded) -> None:
    """Refuse a rule that names a fact no reader declares (schemas/facts.json): it would never fire."""
    from .factschema import undeclared_in_rule

    for parts, name in undeclared_in_rule(loaded.data):
        raise RuleError(
            f"names the fact {name!r}, which is not declared (see `outreach-lint schema facts`); a misspelt fact would make the rule silently never fire",
            str(path),
            _line(loaded, parts),
        )


def _validate(path: Path, loaded: Loaded, validator: Any) -> None:
    data = loaded.data
    file = str(path)
    if not isinstance(data, dict):
        raise RuleError("a rule file must be a mapping", file, 1)
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.absolute_path), str(e.absolute_path)))
    if errors:
        error = errors[0]
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        raise RuleError(f"{where}: {error.message}", file, _line(loaded, error.absolute_path))
    if path.stem not in (data["code"], data["name"], f"{data['code']}-{data['name']}"):
        raise RuleError(f"the file name must be the rule's code or name ({data['code']} or {data['name']})", file, 1)


def _construct(data: dict[str, Any], file: str, compiler: Compiler, timeline: SetTimeline, line_of: Callable[[Any], int]) -> Rule:
    """Build a :class:`Rule` from validated data, compiling its conditions.

    A rule with ``checks`` gets one sub-rule per check: the check's keys over
    the rule's, so scope, citations and fix are written once.
    """
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


def _construct_one(data: dict[str, Any], file: str, compiler: Compiler, timeline: SetTimeline, line_of: Callable[[Any], int], label: str = "") -> Rule:
    sets = timeline.current

    def compile_at(key: str | tuple[str | int, ...]) -> Check | None:
        keys = key if isinstance(key, tuple) else (key,)
        node: Any = data
        for k in keys:
            node = node.get(k) if isinstance(node, dict) else node[k]
            if node is None:
                return None
        try:
            return compiler.compile(node)
        except SchemaCompileError as exc:
            raise RuleError(f"{label}{'/'.join(map(str, keys))}: {exc}", file, line_of(keys + exc.schema_path)) from None

    missing = data.get("missing", {})
    if not isinstance(compiler, _LazyCompiler):  # a cached pack's templates were checked when it was cached
        for key in ("message", "fix"):
            _check_template(data[key], sets, file, line_of([key]))
        if "message" in missing:
            _check_template(missing["message"], sets, file, line_of(["missing", "message"]))
    jurisdictions = data.get("jurisdictions", [EVERYWHERE])
    expanded = _countries(jurisdictions, timeline, file, line_of(["jurisdictions"]), "jurisdiction")
    sender_names = data.get("sender_jurisdictions", [])
    sender_scope = _countries(sender_names, timeline, file, line_of(["sender_jurisdictions"]), "sender jurisdiction") if sender_names else None
    citation_countries = tuple(
        _countries(c["countries"], timeline, file, line_of(["citations", i, "countries"]), "citation country") if c.get("countries") else None
        for i, c in enumerate(data.get("citations", []))
    )
    cases = []
    for index, case in enumerate(data.get("cases", [])):
        check = compile_at(("cases", index, "when"))
        assert check is not None
        period = _period(case, file, partial(line_of, ["cases", index]))
        cases.append(Case(check, Severity.parse(case["severity"]), case.get("note", ""), period))
    if data.get("confidence") == "unverified":
        if Severity.parse(data["severity"]) == Severity.ERROR:
            raise RuleError(f"{label}an unverified rule may not report more than a warning", file, line_of(["severity"]))
        for index, case in enumerate(cases):
            if case.severity == Severity.ERROR:
                raise RuleError(f"{label}an unverified rule may not report more than a warning", file, line_of(["cases", index, "severity"]))
    return Rule(
        code=data["code"],
        name=data["name"],
        title=data["title"],
        severity=Severity.parse(data["severity"]),
        message=data["message"],
        fix=data["fix"],
        citations=tuple(Citation(c["law"], c.get("article", ""), c.get("url", "")) for c in data["citations"]),
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
        when=compile_at("when"),
        require=compile_at("require"),
        locate=data.get("locate", ""),
        evidence=data.get("evidence", ""),
        cases=tuple(cases),
        missing_message=missing.get("message", ""),
        missing_severity=Severity.parse(missing["severity"]) if "severity" in missing else None,
        raw=data,
    )


def _check_template(template: str, sets: dict[str, frozenset[str]], file: str, line: int) -> None:
    try:
        check_template(template, sets)
    except TemplateError as exc:
        raise RuleError(str(exc), file, line) from None
