"""A configured run: which files, under which configuration, with which rule packs.

:mod:`.files` checks files with one set of options. A repository can hold several
configuration files and per-path ignores, so this module finds the configuration of each file,
drops excluded files, groups the rest by the options they end up with, checks each group and
puts the results back in discovery order.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..check.options import CheckOptions
from ..config import Config, ConfigError, ConfigResolver, locate_key
from ..discovery import LeftOut, discover
from ..findings import FileResult, Report, Severity
from ..layers import check_nested, guard_selectors
from ..loader import Limits
from ..locks import Release, pinned, refused_settings, releases
from ..rulepack import Rule, RulePack, load_pack
from ..selectors import check_cli_selectors, unknown_config_selector
from .files import check_files


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
    """Discover, configure and check. Raises ConfigError, SelectorError or rulepack.RuleError (exit 2).

    ``jobs`` (``--jobs``), when given, replaces ``base.jobs``. With ``--only-campaigns`` (the
    pre-commit hook), the campaigns in the current folder that reference one of the named files
    (a staged template, contact list or site file) are checked too, so changing only a template
    re-checks the campaigns that send it.
    """
    if jobs is not None:
        base = replace(base, jobs=jobs)
    if cli.only_campaigns and paths:
        from ..referrers import campaigns_referencing

        given = set(paths)
        paths = list(paths) + [p for p in campaigns_referencing([p for p in paths if os.path.isfile(p)]) if p not in given]
    configs = _Configs(ConfigResolver(cli.config_file), cli, base.use_cache)
    run_raw = configs.resolver.for_folder(Path.cwd())
    run_config = _merged(run_raw, cli)
    configs.configured(run_raw)
    groups, excluded, left_out = _grouped(paths, configs, base)
    check_cli_selectors(cli.select, cli.ignore, [rule for pack in configs.packs.values() for rule in pack.rules])
    # unsuppressible rules: only the root configuration's ignore (or a select leaving them out) and the
    # command line switch them off; nothing else does, whatever select/ignore a group ends up with
    authority = run_raw.root_config if run_raw.root_config is not None else run_raw
    notes = refused_settings(authority, configs.pack_of(run_config.rules).rules, is_root=True)
    released = {rules: releases(pack.rules, authority, cli.select, cli.ignore) for rules, pack in configs.packs.items()}
    results = _check_groups(groups, configs.packs, released)
    main_pack = configs.packs[run_config.rules]
    described = {r.code: r for pack in configs.packs.values() for r in pack.rules}
    described.update({r.code: r for r in main_pack.rules})
    return ConfiguredRun(
        Report(tuple(results), main_pack.version, tuple(sorted({x for r in released.values() for x in r}))),
        Severity.parse(run_config.fail_on or "error"),
        tuple(sorted(described.values(), key=lambda r: r.code)),
        tuple(excluded),
        run_config.fail_if_empty,
        tuple(left_out),
        tuple(dict.fromkeys(notes)),
    )


class _Configs:
    """The rule pack of each set of rule folders, and each configuration chain with the command
    line on top, its selectors checked against its pack: each made once per run."""

    def __init__(self, resolver: ConfigResolver, cli: CliSettings, use_cache: bool) -> None:
        self.resolver = resolver
        self.cli = cli
        self.use_cache = use_cache
        self.packs: dict[tuple[Path, ...], RulePack] = {}
        self._merged: dict[Path | None, Config] = {}

    def pack_of(self, rules: tuple[Path, ...]) -> RulePack:
        if rules not in self.packs:
            self.packs[rules] = load_pack(rules, use_cache=self.use_cache)
        return self.packs[rules]

    def configured(self, raw: Config) -> Config:
        if raw.source not in self._merged:
            config = self._merged[raw.source] = _merged(raw, self.cli)
            pack = self.pack_of(config.rules)
            for layer in raw.layers():
                check_selectors(layer, pack)
            check_nested(raw, pack.rules)
        return self._merged[raw.source]


#: files grouped by the options they are checked with: (discovery order, path, named explicitly)
Groups = dict[CheckOptions, list[tuple[int, str, bool]]]


def _grouped(paths: Sequence[str], configs: _Configs, base: CheckOptions) -> tuple[Groups, list[str], list[LeftOut]]:
    """Each discovered file under its configuration's options; the files the configuration
    excludes; the folders the search left out."""
    cli = configs.cli
    groups: Groups = {}
    excluded: list[str] = []
    left_out: list[LeftOut] = []
    options_of: dict[tuple[Path | None, tuple[str, ...], tuple[str, ...]], CheckOptions] = {}
    order = 0
    for path, explicit in discover(paths, left_out):
        config = configs.configured(configs.resolver.for_file(path))
        if config.is_excluded(path) or (not explicit and not config.is_included(path)):
            excluded.append(path)
            continue
        select, ignore = guard_selectors(config, path, configs.pack_of(config.rules).rules, cli.select, cli.ignore)
        options = options_of.get((config.source, select, ignore))
        if options is None:  # one per config and selection, not one per file
            options = options_of[config.source, select, ignore] = _options(config, select, ignore, cli, base)
        groups.setdefault(options, []).append((order, path, explicit and not cli.only_campaigns))
        order += 1
    return groups, excluded, left_out


def _check_groups(groups: Groups, packs: dict[tuple[Path, ...], RulePack], released: dict[tuple[Path, ...], tuple[Release, ...]]) -> list[FileResult]:
    """Check each group with its pack, the unsuppressible rules it may not switch off pinned; results in discovery order."""
    results: list[FileResult | None] = [None] * sum(len(items) for items in groups.values())
    for options, items in groups.items():
        pack = packs[options.rules_dirs]
        options = replace(options, pinned=pinned(pack.rules, released[options.rules_dirs]))
        checked = check_files([(path, explicit) for _, path, explicit in items], options, pack)
        for (index, _, _), result in zip(items, checked):
            results[index] = result
    return [r for r in results if r is not None]


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
