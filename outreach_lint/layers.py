"""Nested configuration files extend their parents; they cannot weaken them.

A file's configuration is every configuration file from the repository root
down to the file's folder, the outermost first, each extending the one above
(like ruff's ``extend``):

* ``select``, ``limits`` and ``severity`` entries: the nearer file's value wins;
* ``fail-on`` and ``fail-if-empty``: the stricter wins (a nearer file cannot relax them);
* ``ignore``, ``rules`` (rule folders) and ``per-path-ignores`` (relative to its own
  file): added, never dropped;
* ``inline-suppressions``: once a file turns them off, no nearer file turns them on.

The *root configuration* is the one in the repository root (the nearest folder
holding ``.git``), or, outside a repository, the outermost one; ``--config FILE``
is the only configuration and so the root. Only the root configuration may
name an unsuppressible rule in ``ignore``, ``per-path-ignores`` or ``severity``,
leave files out (``exclude``, ``include``) or allow references outside the
repository (``allowed-reference-roots``); in a
nested file that is a configuration error (exit 2), and a nested file's code
prefixes, ``ALL`` and ``select`` never reach unsuppressible rules (see
:func:`guard_selectors`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from .config import Config, ConfigError, locate_key
from .selectors import matches_selector

if TYPE_CHECKING:
    from .rulepack import Rule

#: keys only the root configuration may hold, and why
ROOT_ONLY = {
    "allowed-reference-roots": "only the root configuration can allow references outside the repository",
    # a nested file next to a campaign could otherwise exclude that very campaign from the check
    "exclude": "only the root configuration can leave files out of the check",
    "include": "only the root configuration can leave files out of the check",
    # a nested file could otherwise let its own author's role accept a BLOCKED report's risk
    "report": "only the root configuration can say who may accept the risk of a BLOCKED report",
}


def chain(layers: Sequence[Config]) -> Config:
    """One configuration from the files that apply to a folder, outermost first, each as
    written (``nested`` set on every file but the root configuration)."""
    for layer in layers:
        if layer.nested:
            _root_only(layer)
    merged = layers[0]
    for index, child in enumerate(layers[1:], start=1):
        merged = _extend(merged, child, tuple(layers[:index]))
    root = layers[0] if not layers[0].nested else None
    return replace(merged, root_config=root, parents=tuple(layers[:-1]))


def _extend(parent: Config, child: Config, above: tuple[Config, ...]) -> Config:
    """``child`` (one nested file as written) on top of ``parent`` (the files ``above`` it, merged)."""
    if not parent.inline_suppressions and "inline-suppressions" in child.keys and child.inline_suppressions:
        off = next(layer.source for layer in above if not layer.inline_suppressions)
        raise ConfigError(
            f"a nested configuration cannot switch inline suppressions back on: {off} turns them off",
            child.source or "",
            _line(child, ["inline-suppressions"]),
            "inline-suppressions",
        )
    limits = dict(parent.limits)
    limits.update(dict(child.limits))
    return replace(
        child,
        select=child.select or parent.select,
        ignore=tuple(dict.fromkeys(parent.ignore + child.ignore)),
        severity=tuple({**dict(parent.severity), **dict(child.severity)}.items()),
        rules=tuple(dict.fromkeys(parent.rules + child.rules)),
        fail_on=_stricter(parent.fail_on, child.fail_on),
        fail_if_empty=parent.fail_if_empty or child.fail_if_empty,
        inline_suppressions=parent.inline_suppressions and child.inline_suppressions,
        limits=tuple(limits.items()),
        allowed_reference_roots=parent.allowed_reference_roots,
    )


def _stricter(parent: str | None, child: str | None) -> str | None:
    """The lower of two ``fail-on`` thresholds: a nested file can make a run stricter, never laxer."""
    from .findings import Severity

    if parent is None or child is None:
        return child or parent
    return child if Severity.parse(child) < Severity.parse(parent) else parent


def _root_only(layer: Config) -> None:
    for key, why in ROOT_ONLY.items():
        if key in layer.keys:
            raise ConfigError(
                f"{why}, and this file is not it (the root configuration is the one in the repository root)", layer.source or "", _line(layer, [key]), key
            )


def _line(config: Config, parts: list[str | int]) -> int:
    if config.source is None:
        return 0
    try:
        return locate_key(config.source, parts)
    except (OSError, ConfigError):
        return 0


def check_nested(config: Config, rules: Sequence[Rule]) -> None:
    """A nested file that names an unsuppressible rule in ``ignore``, ``per-path-ignores`` or
    ``severity`` (below error) is exit 2: only the root configuration can do that."""
    guarded = {rule.code: rule for rule in rules if not rule.suppressible}
    for layer in config.layers():
        if not layer.nested or layer.source is None:
            continue
        for key, selector in layer.selectors():
            if key == "select":
                continue
            if key == "severity" and dict(layer.severity)[selector] == "error":
                continue
            hit = next((r for r in guarded.values() if selector in (r.code, r.name) or selector.upper() == r.code), None)
            if hit is None:
                continue
            parts: list[str | int] = [*key.split(".", 1)] if key.startswith("per-path-ignores.") else [key]
            if key == "severity":
                parts.append(selector)
            raise ConfigError(
                f"{hit.code} {hit.name} cannot be suppressed, so only the root configuration can {'lower its severity' if key == 'severity' else 'ignore it'}",
                layer.source,
                _line(layer, parts),
                key,
            )


def guard_selectors(
    config: Config, file: str, rules: Sequence[Rule], cli_select: Sequence[str], cli_ignore: Sequence[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(select, ignore) for ``file`` under ``config``; with a nested file in the chain, its
    ``select``, code prefixes and ``ALL`` leave every unsuppressible rule on. What the root
    configuration or the command line ignores stays ignored. Rules are named by name in the
    result: a name matches one rule, a code can be a prefix of another (``ACME1``, ``ACME10``)."""
    select, ignore = config.select, config.ignores_for(file)
    if not config.nested:
        return select, ignore
    trusted = tuple(cli_ignore) + (config.root_config.ignores_for(file) if config.root_config is not None else ())
    keep = [r for r in rules if not r.suppressible and not any(matches_selector(r.code, r.name, s) for s in trusted)]
    if not keep:
        return select, ignore
    root_select = config.root_config.select if config.root_config is not None else ()
    if select and not cli_select and select != root_select:
        select = tuple(dict.fromkeys(select + tuple(r.name for r in keep)))
    if any(matches_selector(r.code, r.name, s) for r in keep for s in ignore):
        kept = {r.code for r in keep}
        ignore = tuple(
            dict.fromkeys(
                [s for s in ignore if s in trusted] + [r.name for r in rules if r.code not in kept and any(matches_selector(r.code, r.name, s) for s in ignore)]
            )
        )
    return select, ignore
