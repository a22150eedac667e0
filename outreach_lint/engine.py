"""Check campaign files: load, validate, normalise, collect facts, judge, suppress.

The core of outreach-lint. It returns a :class:`Report` and never prints,
exits or reads argv; the CLI decides what to show and which exit code to
return. One file's problem never stops the others from being checked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from . import schema_findings, suppressions
from .condition import Check, Compiler, Failure, to_pointer
from .discovery import discover, may_hold_campaign, mentions_campaign
from .evidence import with_evidence
from .facts.collect import FactOptions, collect
from .findings import Citation, FileResult, Finding, Report, Severity
from .jurisdiction import Judge, Outcome, message_of, view
from .loader import Limits, Loaded, LoadError, load_bytes
from .normalize import derive_file_facts, normalise, redate
from .rulepack import Rule, RulePack, load_pack


@dataclass(frozen=True)
class CheckOptions:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rules_dirs: tuple[Path, ...] = ()
    inline_suppressions: bool = True
    show_pii: bool = False
    today: dt.date | None = None
    limits: Limits = Limits()
    severity_overrides: tuple[tuple[str, str], ...] = ()
    keep_documents: bool = False
    use_cache: bool = True
    #: draw a progress line on stderr for long contact files (the CLI sets it when stderr is a terminal)
    progress: bool = False
    #: judge every campaign by the law on this day, whatever its schedule says (--as-of)
    as_of: dt.date | None = None
    #: codes of unsuppressible rules that run whatever ``select``/``ignore`` say: a nested config or a
    #: per-path ignore cannot switch them off (:mod:`outreach_lint.project` fills it; empty: no pinning)
    pinned: frozenset[str] = frozenset()
    #: folders outside the repository that referenced files may lie in (the root config's allowed-reference-roots)
    allowed_reference_roots: tuple[Path, ...] = ()
    #: outside a git repository, the folder that bounds references: the root configuration's (see references.repository_bounds)
    fallback_root: Path | None = None

    @property
    def run_date(self) -> dt.date:
        return self.today or dt.date.today()


def matches_selector(code: str, name: str, selector: str) -> bool:
    """Select/ignore by code, name or code prefix (``OL1``, ``OL10``, ``OL101``), or ``ALL``."""
    selector = selector.strip()
    return selector == "ALL" or selector == name or code.startswith(selector.upper())


def is_selected(code: str, name: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    if select and not any(matches_selector(code, name, s) for s in select):
        return False
    return not any(matches_selector(code, name, s) for s in ignore)


# -- the campaign schema ----------------------------------------------------------


@lru_cache(maxsize=1)
def campaign_schema() -> dict[str, Any]:
    return json.loads(resources.files("outreach_lint.schemas").joinpath("campaign.json").read_text("utf-8"))  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def _campaign_check() -> Check:
    return Compiler().compile(campaign_schema())


@lru_cache(maxsize=1)
def _known_fields() -> tuple[str, ...]:
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


# -- the run ------------------------------------------------------------------------

#: unknown fields per file that get a "did you mean" hint
MAX_SUGGESTIONS = 100
#: below this many files a worker pool costs more than it saves
PARALLEL_MIN_FILES = 48
_WORKER: FileChecker | None = None


def check_paths(paths: Sequence[str], options: CheckOptions = CheckOptions(), pack: RulePack | None = None, jobs: int | None = None) -> Report:
    """Check every campaign under ``paths``; results come back in discovery order.

    With many files the work is spread over ``jobs`` processes (default: all
    cores). Workers are forked so they share the compiled pack; the report is
    the same, in the same order, whatever the number of workers.
    """
    pack = pack or load_pack(options.rules_dirs)
    return Report(tuple(check_files(list(discover(paths)), options, pack, jobs)), pack.version)


def check_files(files: Sequence[tuple[str, bool]], options: CheckOptions, pack: RulePack, jobs: int | None = None) -> list[FileResult]:
    """Check (path, named_explicitly) pairs with one set of options; results in the given order.

    Files whose cached result is still valid are not read at all; the rest are
    checked here or, when there are many, in a pool of forked workers. Workers
    send back compact tuples (see :meth:`FileChecker.check_compact`), and the
    findings are rebuilt here around the pack's shared rule texts.
    """
    checker = FileChecker(pack, options, threads=jobs)
    files = list(files)
    store = None
    if checker.use_cache:
        from .cache import ResultStore

        store = ResultStore(checker.run_key)
    results: list[FileResult | None] = [None] * len(files)
    todo: list[int] = []
    for index, (path, explicit) in enumerate(files):
        cached = store.lookup(path, explicit, options.limits.max_file_bytes) if store is not None else None
        if cached is not None:
            results[index] = checker.expand(path, cached)
        else:
            todo.append(index)
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    pending = [files[index] for index in todo]
    if jobs > 1 and len(pending) >= PARALLEL_MIN_FILES and _can_fork():
        checker.threads = 1  # the workers share the cores: one DuckDB thread each
        outcomes: Iterable[Compact] = _check_in_pool(checker, pending, jobs)
    else:
        outcomes = (checker.check_compact(path, explicit) for path, explicit in pending)
    for index, outcome in zip(todo, outcomes):
        path, explicit = files[index]
        result, cache_info, document = outcome
        results[index] = checker.expand(path, result, document)
        if store is not None and cache_info is not None:
            store.put(path, explicit, cache_info[0], result[1], cache_info[1], result)
    close = getattr(outcomes, "close", None)
    if close is not None:
        close()  # ends the pool
    if store is not None:
        store.save()
    return results  # type: ignore[return-value]


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _check_in_pool(checker: FileChecker, files: list[tuple[str, bool]], jobs: int) -> Iterator[Compact]:
    import multiprocessing

    from .rulepack import compile_all

    compile_all(checker.pack)  # once, before forking: the workers share the compiled conditions
    global _WORKER
    _WORKER = checker  # inherited by the forked workers: compiled rules cannot be pickled
    options = checker.options
    # workers would each draw their own progress line over the others': none in a pool
    checker.options = replace(options, progress=False)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            chunk = max(1, min(64, len(files) // (jobs * 8)))
            yield from pool.imap(_check_in_worker, files, chunksize=chunk)
    finally:
        _WORKER = None
        checker.options = options


def _check_in_worker(item: tuple[str, bool]) -> Compact:
    assert _WORKER is not None
    return _WORKER.check_compact(*item)


_SEVERITY = {int(s): s for s in Severity}

#: A finding without its file (the caller knows it), rule name, fix and citations (the pack
#: has them): (line, column, code, severity, message, pointer, suppressed, suppression reason),
#: followed by (rule name, fix, citations as lists) only when they differ from the pack's.
CompactFinding = tuple[Any, ...]
#: (is_campaign, sha256, findings, codes of the rules checked)
CompactResult = tuple[bool, str, tuple[CompactFinding, ...], tuple[str, ...]]
#: engine checks that run on every campaign that loads (OL004-OL006 judge inline suppressions,
#: so they count as checked only where they report something)
ALWAYS_CHECKED = ("OL001", "OL002", "OL003", "OL007", "OL008")
#: the result; (file signature, referenced files with their signatures) when it may be
#: cached, else None; the normalised document when options.keep_documents
Compact = tuple[CompactResult, "tuple[list[int], list[list[Any]]] | None", "dict[str, Any] | None"]


class FileChecker:
    """Checks one file at a time against a loaded pack (one per worker process)."""

    def __init__(self, pack: RulePack, options: CheckOptions, threads: int | None = None) -> None:
        self.pack = pack
        self.options = options
        #: DuckDB's threads for contact lists (--jobs; None: all cores); never part of the cache key
        self.threads = threads
        self.rules = pack.by_code()
        self.active = tuple(r for r in pack.rules if not r.engine and (r.code in options.pinned or is_selected(r.code, r.name, options.select, options.ignore)))
        self.overrides = {key: Severity.parse(value) for key, value in options.severity_overrides}
        #: rules for clearly unlawful practices: no inline comment, baseline or severity override hides them
        self.locked = frozenset(r.code for r in pack.rules if not r.suppressible)
        self.today = options.run_date
        # Unmasked addresses must never land in a cache file; documents are too big to cache.
        self.use_cache = options.use_cache and not options.show_pii and not options.keep_documents
        # Every option that can change findings (all but the progress display), the run date and the
        # folder relative paths start from key the cache.
        self.run_key = repr((pack.version, repr(replace(options, today=None, use_cache=True, progress=False)), self.today.isoformat(), os.getcwd()))
        self._references: list[Any] = []
        self._reference_signatures: list[list[Any]] = []
        self._signature: list[int] | None = None
        self._document: dict[str, Any] = {}
        self._plans: dict[Any, tuple[tuple[tuple[Rule, tuple[tuple[Rule, tuple[str, ...] | None], ...]], ...], tuple[Rule, ...]]] = {}
        self._strings: dict[str, str] = {}
        self._derived_of: dict[str, tuple[str, str, tuple[Citation, ...]]] = {}
        self._cited: dict[tuple[Any, ...], tuple[Citation, ...]] = {}
        self._citations_for: dict[tuple[str, frozenset[str]], tuple[Citation, ...]] = {}
        self.judge = Judge(pack, lambda rule, document, sets: _evaluate_in_scope(rule, document, sets))
        #: the distinct sender_jurisdictions of the pack's checks (plans depend on the sender through them)
        self._sender_scopes = tuple(
            {leaf.sender_jurisdictions for rule in self.active for leaf in (rule.checks or (rule,)) if leaf.sender_jurisdictions is not None}
        )
        self._engine_codes = frozenset(r.code for r in pack.rules if r.engine) | {"OL000"}

    # Compact results -----------------------------------------------------------
    def _derived(self, code: str) -> tuple[str, str, tuple[Citation, ...]]:
        known = self._derived_of.get(code)
        if known is None:
            rule = self.rules.get(code)
            known = self._derived_of[code] = (rule.name, rule.fix, rule.citations) if rule else (code, "", ())
        return known

    def compact(self, result: FileResult) -> CompactResult:
        findings = []
        for f in result.findings:
            item: tuple[Any, ...] = (f.line, f.column, f.code, int(f.severity), f.message, f.path, f.suppressed, f.suppression_reason, list(f.countries))
            extra = bool(f.fix_edit or f.related or f.evidence)
            if (f.rule, f.fix, f.citations) != self._derived(f.code) or extra:
                item += (f.rule, f.fix, [[c.law, c.article, c.url] for c in f.citations])
            if extra:
                item += (list(f.fix_edit),)
            if f.related or f.evidence:
                item += ([list(r) for r in f.related], f.evidence)
            findings.append(item)
        return (result.is_campaign, result.sha256, tuple(findings), result.checked)

    def expand(self, file: str, result: Sequence[Any], document: dict[str, Any] | None = None) -> FileResult:
        """The inverse of :meth:`compact` (also reads the lists a JSON cache file gives back)."""
        is_campaign, sha256, items, checked = result
        findings = []
        strings = self._strings
        for item in items:
            line, column, code, severity, message, pointer, suppressed, reason, countries = item[:9]
            # the same rule says the same thing about many campaigns: keep one copy of each text
            message = strings.setdefault(message, message)
            pointer = strings.setdefault(pointer, pointer)
            if len(item) > 9:
                cited = tuple(tuple(c) for c in item[11])
                known = self._cited.get(cited)
                if known is None:
                    known = self._cited[cited] = tuple(Citation(*c) for c in cited)
                name, fix, citations = item[9], item[10], known
            else:
                name, fix, citations = self._derived(code)
            edit = tuple(item[12]) if len(item) > 12 else ()
            related = tuple((str(r[0]), int(r[1]), int(r[2])) for r in item[13]) if len(item) > 14 else ()
            evidence = str(item[14]) if len(item) > 14 else ""
            findings.append(
                Finding(
                    file,
                    line,
                    column,
                    code,
                    name,
                    _SEVERITY[severity],
                    message,
                    pointer,
                    fix,
                    citations,
                    bool(suppressed),
                    reason,
                    fix_edit=edit,
                    related=related,
                    evidence=evidence,
                    countries=tuple(countries),
                )
            )
        return FileResult(
            file, tuple(findings), bool(is_campaign), sha256, facts={"document": document} if document is not None else {}, checked=tuple(checked)
        )

    def check_compact(self, file: str, explicit: bool = True) -> Compact:
        """Check one file; see :data:`Compact`. Never raises."""
        self._signature, self._references, self._reference_signatures, self._document = None, [], [], {}
        cacheable = False
        try:
            try:
                raw, info = _read_campaign_bytes(Path(file), self.options.limits)
            except LoadError as exc:
                if not explicit and not may_hold_campaign(Path(file)):
                    result = FileResult(file, (), is_campaign=False)  # found in a folder or staged: an empty or huge non-campaign file
                else:
                    result = FileResult(file, self._only("OL001", file, (exc.line, exc.column), str(exc)), checked=self._checked_only("OL001"))
            else:
                from .cache import signature_of

                self._signature = signature_of(info)
                result = self._check(file, explicit, raw)
                cacheable = self.use_cache
        except Exception as exc:  # noqa: BLE001 - one bad file must not end the run
            message = f"internal error while checking this file ({type(exc).__name__}: {exc}); please report it with the file if you can share it"
            result = FileResult(file, (self.finding("OL000", file, (1, 1), message, severity=Severity.ERROR),))
            cacheable = False
        document = self._document if self.options.keep_documents and result.is_campaign and self._document else None
        cache_info = (self._signature, self._reference_signatures) if cacheable and self._signature is not None else None
        self._document = {}
        return self.compact(result), cache_info, document

    def check_text(self, file: str, text: str) -> FileResult:
        """Check an in-memory campaign (an editor's unsaved buffer) as if it were ``file``.

        The same pipeline as :meth:`check`; referenced files are read from disk relative to
        ``file``. Never raises; nothing is cached.
        """
        self._signature, self._references, self._reference_signatures, self._document = None, [], [], {}
        try:
            return self._check(file, True, text.encode("utf-8", "surrogatepass"))
        except Exception as exc:  # noqa: BLE001 - the editor must keep its diagnostics
            message = f"internal error while checking this file ({type(exc).__name__}: {exc}); please report it"
            return FileResult(file, (self.finding("OL000", file, (1, 1), message, severity=Severity.ERROR),))
        finally:
            self._document = {}

    def finding(
        self,
        code: str,
        file: str,
        position: tuple[int, int],
        message: str,
        pointer: str = "",
        severity: Severity | None = None,
        countries: tuple[str, ...] = (),
        law: frozenset[str] = frozenset(),
        fix_edit: tuple[str, ...] = (),
    ) -> Finding:
        rule = self.rules.get(code)
        name = rule.name if rule else code
        base = severity or (rule.severity if rule else Severity.ERROR)
        return Finding(
            file=file,
            line=position[0],
            column=position[1],
            code=code,
            rule=name,
            severity=self._override(code, name, base),
            message=message,
            path=pointer,
            fix=rule.fix if rule else "",
            citations=self._citations(rule, law) if rule else (),
            countries=countries,
            fix_edit=fix_edit,
        )

    def _citations(self, rule: Rule, law: frozenset[str]) -> tuple[Citation, ...]:
        """The citations about the finding's countries, most specific first (then those for everywhere)."""
        if not law or not any(rule.citation_countries):
            return rule.citations
        key = (rule.code, law)
        known = self._citations_for.get(key)
        if known is None:
            known = self._citations_for[key] = citations_for(rule, law)
        return known

    def _override(self, code: str, name: str, severity: Severity) -> Severity:
        chosen = self.overrides.get(code) or self.overrides.get(name) or severity
        if code in self.locked and chosen < severity:
            return severity  # an unsuppressible rule is never lowered (only `ignore` in the root config turns it off)
        return chosen

    def selected(self, code: str) -> bool:
        if code in self.options.pinned:
            return True
        rule = self.rules.get(code)
        return is_selected(code, rule.name if rule else code, self.options.select, self.options.ignore)

    # The pipeline ----------------------------------------------------------------
    def _check(self, file: str, explicit: bool, raw: bytes) -> FileResult:
        path = Path(file)
        sha = hashlib.sha256(raw).hexdigest()
        try:
            loaded = load_bytes(raw, file, self.options.limits)
        except LoadError as exc:
            if not explicit and not mentions_campaign(raw):
                return FileResult(file, (), is_campaign=False, sha256=sha)
            return FileResult(file, self._only("OL001", file, (exc.line, exc.column), str(exc)), sha256=sha, checked=self._checked_only("OL001"))
        data = loaded.data
        if not isinstance(data, dict):
            if not _holds_campaign(data):  # also a document of comments only: no tool reads data from it
                return FileResult(file, (), is_campaign=False, sha256=sha)
            kind = "a list" if isinstance(data, list) else f"a {type(data).__name__}"
            return FileResult(
                file,
                self._only("OL001", file, (1, 1), f"the document is {kind}, not a mapping with a `campaign` key"),
                sha256=sha,
                checked=self._checked_only("OL001"),
            )
        if "campaign" not in data:
            return FileResult(file, (), is_campaign=False, sha256=sha)
        findings, checked = self._judge(file, path, loaded)
        findings = self._suppress(file, loaded, findings)
        return FileResult(file, tuple(sorted(findings)), sha256=sha, checked=checked)

    def _only(self, code: str, file: str, position: tuple[int, int], message: str) -> tuple[Finding, ...]:
        return (self.finding(code, file, position, message),) if self.selected(code) else ()

    def _checked_only(self, code: str) -> tuple[str, ...]:
        return (code,) if self.selected(code) else ()

    def _judge(self, file: str, path: Path, loaded: Loaded) -> tuple[list[Finding], tuple[str, ...]]:
        """The campaign's findings, and the codes of the rules checked on it."""
        campaign, smap = loaded.data, loaded.source_map
        findings: list[Finding] = []

        def at(parts: Sequence[str | int]) -> tuple[int, int]:
            return smap.locate(campaign, list(parts))[0]

        for key, position in loaded.duplicate_keys:
            findings.append(self.finding("OL001", file, position, f"duplicate key {key!r}: only the last value counts, the others are silently lost", ""))
        errors: list[Failure] = []
        _campaign_check()(campaign, errors)
        suggestions = 0
        names = self.pack.tables.get("country_names", {})
        refused: set[str] = set()  # pointers of values the schema refused (schema_findings.drop_shadowed)
        for error in errors:
            parts = error.path
            if error.keyword == "additionalProperties":
                key = str(parts[-1])
                suggestions += 1
                # difflib is slow: a generated file with 100k unknown keys took minutes
                hint, edit = schema_findings.did_you_mean(key, parts, campaign, _known_fields()) if suggestions <= MAX_SUGGESTIONS else ("", ())
                findings.append(
                    self.finding(
                        "OL002", file, at(parts), f"unknown field {key!r}{hint}: a typo here can silently disable a rule", to_pointer(parts), fix_edit=edit
                    )
                )
            else:
                message, edit = schema_findings.describe(error, campaign, names)
                refused.add(to_pointer(parts))
                findings.append(self.finding("OL001", file, at(parts), message, to_pointer(parts), fix_edit=edit))
        lookalikes = schema_findings.lookalike_codes(campaign, names)
        for parts, value, code in lookalikes:
            message, edit = schema_findings.lookalike_finding(parts, value, code)
            refused.add(to_pointer(parts))
            findings.append(self.finding("OL001", file, at(parts), message, to_pointer(parts), fix_edit=edit))
        judged = schema_findings.without(campaign, [parts for parts, _, _ in lookalikes])  # UK is not taken for GB, nor for a country
        days = judge_days(campaign, self.options.as_of, self.today, self.judge)
        document = normalise(judged, self.pack.country_groups, days[0], self.pack.sets.get("DNC_COUNTRIES", frozenset()), self.pack.places)
        self._document = document
        from .facts.references import iter_references

        self._references = list(iter_references(campaign, path.parent))
        if self.use_cache:  # stat before reading: an edit during the check makes the entry stale, not wrong
            from .cache import file_signature

            self._reference_signatures = [[str(r.path), file_signature(r.path)] for r in self._references]
        from .facts.references import repository_bounds

        bounds = repository_bounds(path, self.options.allowed_reference_roots, self.options.fallback_root)
        fact_options = FactOptions(
            show_pii=self.options.show_pii, progress_stream=sys.stderr if self.options.progress else None, bounds=bounds, threads=self.threads
        )
        for parts, message, code in collect(campaign, document, path.parent, fact_options):
            findings.append(self.finding(code, file, at(parts), message, to_pointer(parts)))
        derive_file_facts(document)
        plan, unscoped = self._plan(document.get("facts", {}))
        document_on = documents_by_day(document, days[0])
        sets = self.judge.timeline.use(days[0])
        everywhere = tuple(document["facts"].get("countries") or ())
        views: dict[tuple[str, ...], dict[str, Any]] = {}
        for rule, leaves in plan:
            try:
                for leaf, members in leaves:
                    if members is None:  # judged per group of countries and per day (jurisdiction.Judge)
                        for v in self.judge.judge(leaf, days, document_on):
                            found = self.finding(rule.code, file, at(v.parts), v.message, to_pointer(v.parts), v.severity, v.countries, v.law_countries)
                            findings.append(with_evidence(found, v.evidence, path.parent) if leaf.evidence and v.evidence is not None else found)
                        continue
                    # Judge.simple: one evaluation for all its countries, the same on every day
                    doc = document if members == everywhere else views.get(members) or views.setdefault(members, view(document, list(members), None))
                    for outcome in dict.fromkeys(_evaluate_in_scope(leaf, doc, sets)):
                        found = self.finding(
                            rule.code,
                            file,
                            at(outcome.parts),
                            message_of(outcome, doc, sets),
                            to_pointer(outcome.parts),
                            outcome.severity,
                            members,
                            frozenset(members),
                        )
                        findings.append(with_evidence(found, outcome.evidence, path.parent) if leaf.evidence and outcome.evidence is not None else found)
            except Exception as exc:  # noqa: BLE001 - a broken rule must not end the run
                findings.append(
                    self.finding(
                        "OL000",
                        file,
                        (1, 1),
                        f"internal error in rule {rule.code} {rule.name} ({type(exc).__name__}: {exc}); please report it",
                        severity=Severity.ERROR,
                    )
                )
        if unscoped and self.selected("OL007"):
            findings.append(self._scope_finding(file, campaign, at, unscoped))
        checked = tuple(sorted({code for code in ALWAYS_CHECKED if self.selected(code)} | {rule.code for rule, _ in plan}))
        findings = schema_findings.drop_shadowed(findings, refused, self._engine_codes)
        return [f for f in findings if self.selected(f.code)], checked

    def _plan(self, facts: dict[str, Any]) -> tuple[tuple[tuple[Rule, tuple[tuple[Rule, tuple[str, ...] | None], ...]], ...], list[Rule]]:
        """The rules (with their checks) that apply to these countries and channels, and those
        that cannot be scoped; computed once per combination, so rules that cannot apply cost nothing.
        A check that :meth:`Judge.simple` says is judged once comes with the countries it is
        judged for; the others with None (the Judge groups their countries per file)."""
        countries, channels = facts.get("countries") or [], facts.get("channels") or []
        sender = facts.get("sender_country")
        try:  # the sender's country matters only as far as some check's sender_jurisdictions hold it
            key: Any = (frozenset(countries), frozenset(channels), tuple(sender in scope for scope in self._sender_scopes))
        except TypeError:  # not a list of names: no index, same answer
            key = None
        plan = self._plans.get(key) if key is not None else None
        if plan is None:
            applicable: list[tuple[Rule, tuple[tuple[Rule, tuple[str, ...] | None], ...]]] = []
            unscoped: list[Rule] = []
            names = all(isinstance(c, str) for c in countries)
            scoped: dict[int, tuple[str, ...]] = {}
            for rule in self.active:
                leaves: list[tuple[Rule, tuple[str, ...] | None]] = []
                for leaf in rule.checks or (rule,):
                    scope = _scope(leaf, countries, channels, sender)
                    if scope == "in":
                        leaves.append((leaf, self._simple_members(leaf, countries, scoped) if names else None))
                    elif scope == "unscoped":
                        unscoped.append(leaf)
                if leaves:
                    applicable.append((rule, tuple(leaves)))
            plan = (tuple(applicable), tuple(unscoped))
            if key is not None:
                if len(self._plans) >= 4096:
                    self._plans.clear()
                self._plans[key] = plan
        return plan[0], list(plan[1])

    def _simple_members(self, leaf: Rule, countries: list[str], scoped: dict[int, tuple[str, ...]]) -> tuple[str, ...] | None:
        """The countries a simple check is judged for (None: not simple); ``scoped`` remembers them
        per jurisdiction set while one plan is made."""
        if not self.judge.simple(leaf):
            return None
        scope = leaf.jurisdictions
        known = scoped.get(id(scope))
        if known is None:
            known = scoped[id(scope)] = tuple(countries) if scope is None else tuple(c for c in countries if c in scope)
        return known

    def _scope_finding(self, file: str, campaign: dict[str, Any], at: Any, unscoped: list[Rule]) -> Finding:
        facts = self._document.get("facts", {})
        missing = []
        if not facts.get("countries"):
            missing.append("where the recipients are (audience.countries)")
        if not facts.get("channels"):
            missing.append("which channel the messages use (channel)")
        parts: tuple[str, ...] = ("audience",) if isinstance(campaign.get("audience"), dict) else ()
        codes = sorted({r.code for r in unscoped})
        message = (
            f"the campaign does not say {' or '.join(missing)}, so {len(codes)} rule{'s' if len(codes) != 1 else ''} could not be checked ({', '.join(codes)})"
        )
        return self.finding("OL007", file, at(parts), message, to_pointer(parts))

    def _suppress(self, file: str, loaded: Loaded, findings: list[Finding]) -> list[Finding]:
        if not self.options.inline_suppressions or "outreach-lint" not in loaded.text:
            return findings
        parsed = suppressions.parse(loaded.text)
        if not parsed:
            return findings
        outcome = suppressions.apply(findings, parsed, self.today, self.locked)
        result = list(outcome.findings)
        for code, suppression, detail in outcome.problems:
            if self.selected(code):
                result.append(self.finding(code, file, (suppression.line, suppression.column), detail))
        return result


def read_campaign_bytes(path: Path, limits: Limits = Limits()) -> bytes:
    """The bytes of a campaign file, or LoadError: only regular files within the size limit are read."""
    return _read_campaign_bytes(path, limits)[0]


def _read_campaign_bytes(path: Path, limits: Limits) -> tuple[bytes, os.stat_result]:
    from .facts.references import ReferenceProblem, TooBig, read_bounded

    try:
        return read_bounded(path, limits.max_file_bytes)
    except TooBig as exc:
        raise LoadError(
            f"file is {exc.size:,} bytes, over the limit of {exc.limit:,} (raise it with {limits.describe('max_file_bytes')} in the config)"
        ) from None
    except ReferenceProblem as exc:
        raise LoadError(f"the file {exc}") from None


def _holds_campaign(data: Any) -> bool:
    """A document that loaded but is not a mapping: does it hold a campaign anywhere (a list of
    campaigns, a list of lists of them)? Then it is a campaign file in the wrong shape."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict) and "campaign" in node:
            return True
        if isinstance(node, list):
            stack.extend(node)
    return False


# -- evaluating one rule ---------------------------------------------------------------


def _scope(rule: Rule, countries: Any, channels: Any, sender_country: Any = None) -> str:
    """``in``, ``out`` (another country or channel) or ``unscoped`` (the campaign does not say).

    A rule whose ``sender_jurisdictions`` hold the sender's country is in scope for every
    country (GDPR Art. 3(1)), even when the campaign names none."""
    if rule.jurisdictions is not None and not (rule.sender_jurisdictions is not None and sender_country in rule.sender_jurisdictions):
        if not countries:
            return "unscoped"
        if rule.jurisdictions.isdisjoint(countries):
            return "out"
    if rule.channels is not None:
        if not channels:
            return "unscoped"
        if rule.channels.isdisjoint(channels):
            return "out"
    return "in"


def _evaluate_in_scope(rule: Rule, document: dict[str, Any], sets: Mapping[str, frozenset[str]]) -> Iterator[Outcome]:
    """The verdicts of one check whose countries and channels are known to apply (messages unwritten;
    with the facts at the rule's ``evidence`` pointer, :func:`evidence.resolve` of the scoped document)."""
    if rule.for_each is None:
        yield from _judge(rule, document, None)
        return
    items = document.get(rule.for_each)
    if not isinstance(items, list):
        return
    for index, item in enumerate(items):
        if rule.for_each == "steps" and rule.channels is not None and not (isinstance(item, dict) and item.get("channel") in rule.channels):
            continue
        scoped = dict(document)
        scoped["item"] = item
        scoped["index"] = index
        yield from _judge(rule, scoped, (rule.for_each, index))


def _judge(rule: Rule, doc: dict[str, Any], item_at: tuple[str, int] | None) -> Iterator[Outcome]:
    if rule.when is not None and not rule.when(doc, None):
        return
    failure: Failure | None = None
    if rule.require is not None:
        errors: list[Failure] = []
        if rule.require(doc, errors):
            return
        failure = _most_specific(errors)
    severity, note = rule.severity, ""
    for case in rule.cases:
        if not case.period.always:  # a dated case: only on the days it applies
            day = _day_of(doc)
            if day is not None and not case.period.holds(day):
                continue
        if case.when(doc, None):
            severity, note = case.severity, case.note
            break
    if failure is not None and failure.missing is not None and _is_campaign_path(failure.path):
        severity = min(severity, rule.missing_severity or severity)
        template = rule.missing_message or (
            "The campaign does not say `"
            + ".".join(str(p) for p in _campaign_parts(failure.path + (failure.missing,), item_at))
            + "`, which this check needs: "
            + rule.message
        )
    else:
        template = rule.message
    if rule.locate:
        parts = tuple(_pointer_parts(rule.locate))
    elif failure is not None:
        parts = failure.path + ((failure.missing,) if failure.missing else ())
    else:
        parts = ("item",) if item_at else ()
    evidence = None
    if rule.evidence:
        from .evidence import resolve

        evidence = resolve(doc, rule.evidence)
    yield Outcome(_campaign_parts(parts, item_at), severity, template, note, item_at, evidence)


def _day_of(doc: dict[str, Any]) -> dt.date | None:
    today = (doc.get("facts") or {}).get("today")
    try:
        return dt.date.fromisoformat(today) if isinstance(today, str) else None
    except ValueError:
        return None


def _is_campaign_path(parts: tuple[str | int, ...]) -> bool:
    """A missing key under /facts is a missing file fact, not something the campaign failed to say."""
    return not parts or parts[0] != "facts" and not (len(parts) > 2 and parts[0] == "item" and parts[1] == "facts")


def _most_specific(errors: list[Failure]) -> Failure:
    best = errors[0]
    best_depth = -1
    for error in errors:
        depth = len(error.reversed_path) + (1 if error.missing else 0)
        if depth > best_depth:
            best, best_depth = error, depth
    return best


def _pointer_parts(pointer: str) -> list[str | int]:
    parts: list[str | int] = []
    for raw in pointer.split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        parts.append(int(part) if part.isdigit() else part)
    return parts


def _campaign_parts(parts: tuple[str | int, ...], item_at: tuple[str, int] | None) -> tuple[str | int, ...]:
    """Map ``/item/...`` back to ``/steps/<i>/...`` and drop the ``facts`` tail for locating."""
    if item_at and parts and parts[0] == "item":
        parts = item_at + parts[1:]
    elif item_at and parts and parts[0] == "index":
        parts = item_at
    return parts


def judge_days(campaign: Any, as_of: dt.date | None, run_date: dt.date, judge: Judge) -> list[dt.date]:
    """The day a campaign is judged on, then each day within its schedule on which the law changes.

    ``--as-of`` decides alone; otherwise ``schedule.start`` (else the run date), and the days in
    (start, end] on which a rule, case or data row of the pack starts or stops applying."""
    if as_of is not None:
        return [as_of]
    schedule = campaign.get("schedule") if isinstance(campaign, dict) else None
    if not isinstance(schedule, dict):
        return [run_date]
    start, end = _date(schedule.get("start")), _date(schedule.get("end"))
    if start is None:
        return [run_date]
    if end is None or end <= start:
        return [start]
    return [start] + [d for d in judge.all_change_days() if start < d <= end]


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value if not isinstance(value, dt.datetime) else value.date()
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def documents_by_day(document: dict[str, Any], first: dt.date) -> Callable[[dt.date], dict[str, Any]]:
    """The evaluation document as it reads on each day (its date facts redone), made once per day."""
    made = {first: document}

    def on(day: dt.date) -> dict[str, Any]:
        known = made.get(day)
        if known is None:
            known = made[day] = redate(document, day)
        return known

    return on


def citations_for(rule: Rule, countries: frozenset[str]) -> tuple[Citation, ...]:
    """The rule's citations that are about ``countries`` (those with countries that meet them, the
    narrowest first) followed by those for every country."""
    specific = sorted(
        ((len(scope), index) for index, scope in enumerate(rule.citation_countries) if scope is not None and not scope.isdisjoint(countries)),
    )
    general = [index for index, scope in enumerate(rule.citation_countries) if scope is None]
    return tuple(rule.citations[i] for i in [index for _, index in specific] + general)


@dataclass(frozen=True)
class ExampleFinding:
    code: str
    severity: Severity
    message: str
    pointer: str
    countries: tuple[str, ...]
    citations: tuple[Citation, ...]


def judge_campaign(
    campaign: dict[str, Any], pack: RulePack, facts: dict[str, Any] | None = None, today: dt.date | None = None, as_of: dt.date | None = None
) -> list[ExampleFinding]:
    """Evaluate every rule on an in-memory campaign, exactly as ``check`` does (per country, per day).

    Used for the examples inside rule files (meta-tests, ``explain``). ``facts``
    stands in for what readers would derive from files: it is merged into
    ``/facts``, and its ``steps`` list into each step's ``facts``.
    """
    judge = Judge(pack, lambda rule, document, sets: _evaluate_in_scope(rule, document, sets))
    days = judge_days(campaign, as_of, today or dt.date.today(), judge)
    document = normalise(campaign, pack.country_groups, days[0], pack.sets.get("DNC_COUNTRIES", frozenset()), pack.places)
    extra = dict(facts or {})
    step_facts = extra.pop("steps", [])
    document["facts"].update(extra)
    for step, values in zip(document.get("steps") or [], step_facts):
        if isinstance(step, dict):
            step.setdefault("facts", {}).update(values)
    derive_file_facts(document)
    facts_now = document["facts"]
    countries, channels, sender = facts_now.get("countries") or [], facts_now.get("channels") or [], facts_now.get("sender_country")
    document_on = documents_by_day(document, days[0])
    out: list[ExampleFinding] = []
    for rule in pack.rules:
        if rule.engine:
            continue
        for leaf in rule.checks or (rule,):
            if _scope(leaf, countries, channels, sender) != "in":
                continue
            for v in judge.judge(leaf, days, document_on):
                cited = citations_for(rule, v.law_countries) if v.law_countries else rule.citations
                out.append(ExampleFinding(rule.code, v.severity, v.message, to_pointer(v.parts), v.countries, cited))
    return out


def judge_example(
    campaign: dict[str, Any], pack: RulePack, facts: dict[str, Any] | None = None, today: dt.date | None = None
) -> list[tuple[str, Severity, str, str]]:
    """:func:`judge_campaign` as (code, severity, message, pointer)."""
    return [(f.code, f.severity, f.message, f.pointer) for f in judge_campaign(campaign, pack, facts, today)]
