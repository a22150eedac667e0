"""A configured run: which files, under which configuration, with which rule packs.

The engine checks files with one set of options. A repository can hold
several configuration files and per-path ignores, so this module finds the
configuration of each file, drops excluded files, groups the rest by the
options they end up with, checks each group with the engine and puts the
results back in discovery order.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .config import Config, ConfigError, ConfigResolver, locate_key
from .discovery import LeftOut, discover
from .engine import CheckOptions, check_files
from .findings import FileResult, Report, Severity
from .layers import check_nested, guard_selectors
from .loader import Limits
from .locks import pinned, refused_settings, releases
from .rulepack import Rule, RulePack, load_pack
from .selectors import check_cli_selectors, unknown_config_selector


@dataclass(frozen=True)
class CliSettings:
    """What the command line says about settings a config file can also hold."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    rules_dirs: tuple[Path, ...] = ()
    no_inline_suppressions: bool = False
    config_file: Path | None = None
    #: treat named files like files found in folders: skip quietly what does not look like a
    #: campaign, even if it does not parse (pre-commit names every staged YAML/JSON file)
    only_campaigns: bool = False
    #: a run that finds no campaign file fails (also the config key ``fail-if-empty``)
    fail_if_empty: bool = False


@dataclass(frozen=True)
class ConfiguredRun:
    report: Report
    threshold: Severity
    rules: tuple[Rule, ...]
    excluded: tuple[str, ...]
    fail_if_empty: bool = False
    #: folders (and ignored files) that folder searches did not look into, and why
    left_out: tuple[LeftOut, ...] = ()
    #: one line each: what the root configuration asked of unsuppressible rules that was not done
    notes: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """No campaign file was checked: the run proves nothing."""
        return not any(result.is_campaign for result in self.report.results)


def run_check(paths: Sequence[str], cli: CliSettings, base: CheckOptions, jobs: int | None = None) -> ConfiguredRun:
    """Discover, configure and check. Raises ConfigError or rulepack.RuleError (exit 2).

    With ``--only-campaigns`` (the pre-commit hook), the campaigns in the current folder that
    reference one of the named files (a staged template, contact list or site file) are
    checked too, so changing only a template re-checks the campaigns that send it.
    """
    if cli.only_campaigns and paths:
        from .referrers import campaigns_referencing

        given = set(paths)
        paths = list(paths) + [p for p in campaigns_referencing([p for p in paths if os.path.isfile(p)]) if p not in given]
    resolver = ConfigResolver(cli.config_file)
    run_raw = resolver.for_folder(Path.cwd())
    run_config = _merged(run_raw, cli)
    threshold = Severity.parse(run_config.fail_on or "error")
    groups: dict[CheckOptions, list[tuple[int, str, bool]]] = {}
    excluded: list[str] = []
    order = 0
    packs: dict[tuple[Path, ...], RulePack] = {}

    def pack_of(rules: tuple[Path, ...]) -> RulePack:
        if rules not in packs:
            packs[rules] = load_pack(rules, use_cache=base.use_cache)
        return packs[rules]

    merged: dict[Path | None, Config] = {}

    def configured(raw: Config) -> Config:
        """The chain with the command line on top, its selectors checked against its pack (once per chain)."""
        if raw.source not in merged:
            config = merged[raw.source] = _merged(raw, cli)
            pack = pack_of(config.rules)
            for layer in raw.layers():
                check_selectors(layer, pack)
            check_nested(raw, pack.rules)
        return merged[raw.source]

    configured(run_raw)
    options_of: dict[tuple[Path | None, tuple[str, ...], tuple[str, ...]], CheckOptions] = {}
    left_out: list[LeftOut] = []
    for path, explicit in discover(paths, left_out):
        config = configured(resolver.for_file(path))
        if config.is_excluded(path) or (not explicit and not config.is_included(path)):
            excluded.append(path)
            continue
        select, ignore = guard_selectors(config, path, pack_of(config.rules).rules, cli.select, cli.ignore)
        options = options_of.get((config.source, select, ignore))
        if options is None:  # one per config and selection, not one per file
            options = options_of[config.source, select, ignore] = _options(config, select, ignore, cli, base)
        groups.setdefault(options, []).append((order, path, explicit and not cli.only_campaigns))
        order += 1
    check_cli_selectors(cli.select, cli.ignore, [rule for pack in packs.values() for rule in pack.rules])
    # unsuppressible rules: only the root configuration's ignore (or a select leaving them out) and the
    # command line switch them off; nothing else does, whatever select/ignore a group ends up with
    authority = run_raw.root_config if run_raw.root_config is not None else run_raw
    notes = refused_settings(authority, pack_of(run_config.rules).rules, is_root=True)
    released = {rules: releases(pack.rules, authority, cli.select, cli.ignore) for rules, pack in packs.items()}
    results: list[FileResult | None] = [None] * order
    for options, items in groups.items():
        pack = packs[options.rules_dirs]
        options = replace(options, pinned=pinned(pack.rules, released[options.rules_dirs]))
        checked = check_files([(path, explicit) for _, path, explicit in items], options, pack, jobs)
        for (index, _, _), result in zip(items, checked):
            results[index] = result
    main_pack = packs[run_config.rules]
    described = {r.code: r for pack in packs.values() for r in pack.rules}
    described.update({r.code: r for r in main_pack.rules})
    return ConfiguredRun(
        Report(tuple(r for r in results if r is not None), main_pack.version, tuple(sorted({x for r in released.values() for x in r}))),
        threshold,
        tuple(sorted(described.values(), key=lambda r: r.code)),
        tuple(excluded),
        run_config.fail_if_empty,
        tuple(left_out),
        tuple(dict.fromkeys(notes)),
    )


def _options(config: Config, select: tuple[str, ...], ignore: tuple[str, ...], cli: CliSettings, base: CheckOptions) -> CheckOptions:
    return replace(
        base,
        select=select,
        ignore=ignore,
        rules_dirs=config.rules,
        inline_suppressions=config.inline_suppressions,
        severity_overrides=config.severity,
        limits=Limits(**dict(config.limits)) if config.limits else base.limits,
        allowed_reference_roots=config.allowed_reference_roots,
        fallback_root=_fallback_root(config, cli),
    )


def options_for_file(config: Config, file: str, pack: RulePack, base: CheckOptions, cli: CliSettings = CliSettings()) -> CheckOptions:
    """The options one file is checked with under ``config`` (a chain with the command line on
    top), as :func:`run_check` builds them; raises ConfigError for a nested file that tries to
    hide an unsuppressible rule. For callers that check one file (the language server)."""
    for layer in config.layers():
        check_selectors(layer, pack)
    check_nested(config, pack.rules)
    select, ignore = guard_selectors(config, file, pack.rules, cli.select, cli.ignore)
    return _options(config, select, ignore, cli, base)


def _fallback_root(config: Config, cli: CliSettings) -> Path | None:
    """Outside a git repository, the folder of the root configuration bounds references."""
    if cli.config_file is None and config.root_config is not None and config.root_config.source is not None:
        return config.root_config.source.parent
    return None


def _merged(config: Config, cli: CliSettings) -> Config:
    return config.merged_with_cli(cli.select, cli.ignore, cli.fail_on, cli.rules_dirs, cli.no_inline_suppressions, cli.fail_if_empty)


def check_selectors(config: Config, pack: RulePack) -> None:
    """A selector in a config file that names no rule is a typo that silently disables nothing: an error."""
    if config.source is None:
        return
    problem = unknown_config_selector(config.selectors(), pack.rules)
    if problem is not None:
        key, parts, message = problem
        raise ConfigError(message, config.source, locate_key(config.source, parts), key)
