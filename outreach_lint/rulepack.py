"""Load rule packs: the built-in rules plus ``--rules`` folders, validated, compiled and cached.

A pack folder holds one YAML file per rule (in sub-folders by topic) and a ``data/`` folder
whose files define named sets and tables (countries, the B2B e-mail table, the adequacy list,
the vendor catalogue, phrase lists, ...). Rules reach the data only through ``$ref: "set:NAME"``
and the ``in:``/``notin:`` message filters; readers get their catalogues from the
:class:`RulePack` (``pack.vendors``, ``pack.phrases``, ...), so a table is written once.

Every problem is a :class:`RuleError` naming the file and line: a broken rule pack is a
configuration error (exit 2), never a crash. The parts live in :mod:`outreach_lint.pack`; this
module puts them together and is where the rest of the code imports the pack's names from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

from .condition import Compiler
from .lawtime import SetTimeline
from .loader import Loaded
from .pack.construct import construct
from .pack.files import builtin_rules_dir, is_data, line_of, pack_files, parse, read_rule_file
from .pack.lazy import LazyCompiler, compile_all
from .pack.model import EVERYWHERE, Rule, RuleError, RulePack
from .pack.snapshot import fresh, read_snapshot, version_entry

__all__ = ["EVERYWHERE", "Rule", "RuleError", "RulePack", "builtin_rules_dir", "compile_all", "load_pack"]


def load_pack(extra_dirs: Iterable[Path] = (), include_builtin: bool = True, use_cache: bool = True) -> RulePack:
    """Load the built-in pack plus ``extra_dirs``.

    The built-in pack alone comes from its snapshot (:mod:`outreach_lint.pack.snapshot`) when
    the installed files are exactly those it was made from, with or without the cache. Otherwise
    a pack whose files are unchanged since it was last validated is rebuilt from the cache (see
    :mod:`outreach_lint.cache`) without re-validating it; both keep jsonschema out of a start.
    """
    extra = [Path(d) for d in extra_dirs]
    files = pack_files(([builtin_rules_dir()] if include_builtin else []) + extra)
    if include_builtin and not extra:
        pack = _pack_from_snapshot(files)
        if pack is not None:
            return pack
    from . import cache

    key = cache.key_of("pack", [(str(p), cache.file_signature(p)) for _, p in files])
    if use_cache:
        cached = cache.read("pack", key)
        if cached is not None:
            try:
                return _pack_from_cache(cached)
            except (KeyError, TypeError, ValueError, RuleError):
                pass
    pack = validated_pack(files)
    if use_cache:
        cache.write(
            "pack",
            key,
            {"version": pack.version, "timeline": pack.timeline.as_json(), "tables": pack.tables, "rules": [[rule.source, rule.raw] for rule in pack.rules]},
        )
    return pack


def validated_pack(files: list[tuple[Path, Path]]) -> RulePack:
    """Every file read and checked: data files into sets and tables, then each rule file into a rule."""
    from .pack.tables import load_data  # validating: not needed when the snapshot or the cache serves
    from .pack.validate import check_facts, meta_validator, validate_rule_file

    data_files: list[tuple[Path, Loaded]] = []
    rule_files: list[tuple[Path, Loaded]] = []
    digest = hashlib.sha256()
    for folder, path in files:
        raw = read_rule_file(path)
        digest.update(version_entry(folder, path, raw))
        (data_files if is_data(folder, path) else rule_files).append((path, parse(path, raw)))
    spans, tables = load_data(data_files)
    timeline = SetTimeline(spans)
    compiler = Compiler(timeline.current, timeline)
    validator = meta_validator()
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path, loaded in rule_files:
        validate_rule_file(path, loaded, validator)
        check_facts(path, loaded)
        rule = construct(loaded.data, str(path), compiler, timeline, partial(line_of, loaded))
        for name in (rule.code, rule.name):
            if name in seen:
                raise RuleError(f"{name!r} is already defined in {seen[name]}", str(path), 1)
            seen[name] = str(path)
        rules.append(rule)
    rules.sort(key=lambda r: r.code)
    return RulePack(tuple(rules), timeline.current, tables, digest.hexdigest()[:16], timeline)


def _pack_from_cache(cached: dict[str, Any]) -> RulePack:
    """A pack that was validated when it was cached: conditions compile on first use."""
    timeline = SetTimeline.from_json(cached["timeline"])
    compiler = LazyCompiler(timeline.current, timeline)
    rules = tuple(construct(raw, source, compiler, timeline, lambda parts: 0) for source, raw in cached["rules"])
    return RulePack(rules, timeline.current, cached["tables"], cached["version"], timeline)


def _pack_from_snapshot(files: list[tuple[Path, Path]]) -> RulePack | None:
    """The built-in pack from its snapshot, or None when there is none or it was made from other files."""
    snapshot = read_snapshot()
    if snapshot is None:
        return None
    try:
        cached = fresh(snapshot, files)
        return None if cached is None else _pack_from_cache(cached)
    except (KeyError, TypeError, ValueError, AttributeError, RuleError):
        return None
