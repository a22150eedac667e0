"""Unsuppressible rules: who may switch them off, and what the run says when someone did.

A rule with ``suppressible: false`` flags a clearly unlawful practice. Its findings cannot be
hidden by an inline comment (:mod:`.suppressions`), a baseline (:mod:`.baseline`), a severity
override (:class:`.check.context.CheckContext`), a nested configuration or a per-path ignore. Only the
run's authority turns such a rule off: an ``ignore`` in the root configuration (the one
``--config`` names, or the one found from the folder the linter runs in, as for ``fail-on``),
or a ``select`` there that leaves it out, or the command line (``--ignore``, or a ``--select``
that leaves it out). Every such release is
recorded in the :class:`.findings.Report`, and the SARIF output and the review report show it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .config import Config
from .findings import Severity, portable_path
from .rulepack import Rule
from .selectors import matches_selector

#: (code, what switched it off): the report carries these
Release = tuple[str, str]


def locked_codes(rules: Iterable[Rule]) -> frozenset[str]:
    return frozenset(r.code for r in rules if not r.suppressible)


def releases(rules: Iterable[Rule], root: Config, cli_select: Sequence[str], cli_ignore: Sequence[str]) -> tuple[Release, ...]:
    """The unsuppressible rules the root configuration or the command line switch off, and by what."""
    out: list[Release] = []
    where = portable_path(str(root.source)) if root.source is not None else ""
    for rule in sorted(rules, key=lambda r: r.code):
        if rule.suppressible:
            continue
        by = ""
        if cli_select and not any(matches_selector(rule.code, rule.name, s) for s in cli_select):
            by = "left out of --select on the command line"
        elif any(matches_selector(rule.code, rule.name, s) for s in cli_ignore):
            by = "--ignore on the command line"
        elif where and any(matches_selector(rule.code, rule.name, s) for s in root.ignore):
            by = f"ignore in the root configuration {where}"
        elif where and not cli_select and root.select and not any(matches_selector(rule.code, rule.name, s) for s in root.select):
            by = f"left out of select in the root configuration {where}"
        if by:
            out.append((rule.code, by))
    return tuple(out)


def pinned(rules: Iterable[Rule], released: Iterable[Release]) -> frozenset[str]:
    """Unsuppressible rules that run whatever a nested config or a per-path ignore says."""
    off = {code for code, _ in released}
    return frozenset(code for code in locked_codes(rules) if code not in off)


def refused_settings(config: Config, rules: Sequence[Rule], is_root: bool) -> list[str]:
    """What a configuration file asks of unsuppressible rules that is not done (one line each).

    Named by code or rule name only: a prefix or ``ALL`` is taken to mean the other rules.
    """
    if config.source is None:
        return []
    locked = {r.code: r for r in rules if not r.suppressible}
    names = {r.name: r.code for r in locked.values()}
    notes: list[str] = []

    def code_of(selector: str) -> str | None:
        return selector if selector in locked else names.get(selector)

    for key, selector in config.selectors():
        code = code_of(selector)
        if code is None:
            continue
        if key == "severity":
            wanted = config.severity_for(selector, selector)
            rule = locked[code]
            if wanted and Severity.parse(wanted) < rule.severity:
                notes.append(f"{config.source}: severity: {selector}: not lowered ({code} flags a clearly unlawful practice)")
        elif key.startswith("per-path-ignores."):
            notes.append(
                f"{config.source}: {key}: {selector} is not ignored ({code} cannot be ignored per path; only `ignore` in the root configuration turns it off)"
            )
        elif not is_root and key == "ignore":
            notes.append(
                f"{config.source}: {key}: {selector} has no effect on {code} in a nested configuration (only the root configuration or the command line turns it off)"
            )
    return notes
