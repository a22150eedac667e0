"""The configuration object: one file's settings, and the per-file questions they answer.

Where settings come from
    ``.outreach-lint.yaml``, ``.outreach-lint.yml`` or the ``[tool.outreach-lint]``
    table of ``pyproject.toml``. Each checked file uses every one found by
    walking up from the file's folder, the nearer extending the outer ones
    (:mod:`outreach_lint.layers`; in one folder the YAML files win over
    ``pyproject.toml``; a ``pyproject.toml`` without the table does not count).
    The walk stops at the first folder holding ``.git`` (the repository root,
    which is still searched) or at the filesystem root, so a stray file above
    the repository never changes a run. ``--config FILE`` pins one file and
    stops discovery for every file (:mod:`outreach_lint.config_resolver`).

Run-wide settings
    ``fail-on`` decides the exit code of the whole run, so it comes from
    ``--config`` or from the configuration found from the folder the linter
    runs in (the repository root in CI and pre-commit); the other settings
    apply per file.

Errors
    Unknown keys and bad values are a :class:`ConfigError` naming the file,
    the line and the key (:mod:`outreach_lint.config_files` reads and
    validates the files); the CLI turns it into exit code 2.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path, PurePosixPath

from .globs import glob_matches

__all__ = ["DEFAULT", "Config", "ConfigError", "glob_matches"]


class ConfigError(Exception):
    """A configuration file that cannot be used. ``str()`` is one line: ``file:line: key: problem``."""

    def __init__(self, message: str, file: str | Path = "", line: int = 0, key: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file)
        self.line = line
        self.key = key

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file and self.line else (f"{self.file}: " if self.file else "")
        key = f"{self.key}: " if self.key else ""
        return f"{where}{key}{self.message}"


# -- globs: see outreach_lint.globs (bounded matching) ---------------------------------------

# -- the configuration ----------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _relative(root: str, file: str, cwd: str) -> str:
    """String operations first: a run asks this for every file, and resolving symlinks is slow."""
    absolute = os.path.normpath(os.path.join(cwd, file))
    inside = _under(absolute, os.path.abspath(root))
    if inside is None:
        inside = _under(os.path.realpath(absolute), os.path.realpath(root))
    if inside is None:
        return PurePosixPath(*Path(file).parts).as_posix()
    return inside


def _under(path: str, root: str) -> str | None:
    if path == root:
        return ""
    prefix = root if root.endswith(os.sep) else root + os.sep
    return path[len(prefix) :].replace(os.sep, "/") if path.startswith(prefix) else None


@dataclass(frozen=True)
class Config:
    """One configuration file's settings (or the defaults, with ``source`` None)."""

    source: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_path_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    rules: tuple[Path, ...] = ()
    fail_on: str | None = None
    #: run-wide, like ``fail_on``: a run that finds no campaign file fails
    fail_if_empty: bool = False
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    inline_suppressions: bool = True
    limits: tuple[tuple[str, int], ...] = ()
    #: report.sign-off-roles: who may accept the risk of a BLOCKED report (verify-report --require-sign-off)
    sign_off_roles: tuple[str, ...] = ()
    #: folders outside the repository that references may point into (root configuration only)
    allowed_reference_roots: tuple[Path, ...] = ()
    #: the folder globs are relative to; the source's folder, or the current folder for defaults
    base: Path = field(default_factory=Path.cwd, compare=False)
    #: the keys the file sets (to tell "set to the default" from "not set")
    keys: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    #: set on a file that is not the root configuration, and on a chain that holds one
    nested: bool = False
    #: the files above this one, outermost first, each as written (see :mod:`outreach_lint.layers`)
    parents: tuple[Config, ...] = field(default=(), compare=False, repr=False)
    #: the root configuration of the chain as written, if the chain has one
    root_config: Config | None = field(default=None, compare=False, repr=False)

    @property
    def root(self) -> Path:
        return self.source.parent if self.source is not None else self.base

    def layers(self) -> tuple[Config, ...]:
        """Every file of the chain, outermost first; path-based keys apply each from its own folder."""
        return (*self.parents, self)

    def relative(self, file: str | Path) -> str:
        """``file`` relative to this config's folder, with forward slashes (as given if outside it)."""
        return _relative(str(self.root), os.fspath(file), os.getcwd())

    def is_excluded(self, file: str | Path) -> bool:
        return any(layer.exclude and any(glob_matches(p, layer.relative(file)) for p in layer.exclude) for layer in self.layers())

    def is_included(self, file: str | Path) -> bool:
        """For files found by searching folders: does ``include`` (the nearest file's that sets one) pick this one up?"""
        for layer in reversed(self.layers()):
            if layer.include:
                relative = layer.relative(file)
                return any(glob_matches(pattern, relative) for pattern in layer.include)
        return True

    def ignores_for(self, file: str | Path) -> tuple[str, ...]:
        """``ignore`` plus the per-path ignores (of every file of the chain) whose glob matches ``file``."""
        extra = [
            s
            for layer in self.layers()
            if layer.per_path_ignores
            for pattern, selectors in layer.per_path_ignores
            if glob_matches(pattern, layer.relative(file))
            for s in selectors
        ]
        return tuple(dict.fromkeys(self.ignore + tuple(extra))) if extra else self.ignore

    def severity_for(self, code: str, name: str) -> str | None:
        """The overridden severity of a rule, by code first, then name."""
        table = dict(self.severity)
        return table.get(code) or table.get(name)

    def selectors(self) -> Iterable[tuple[str, str]]:
        """Every rule selector the file names, with the key it appears under (for checks against the pack)."""
        for selector in self.select:
            yield "select", selector
        for selector in self.ignore:
            yield "ignore", selector
        for pattern, selectors in self.per_path_ignores:
            for selector in selectors:
                yield f"per-path-ignores.{pattern}", selector
        for selector, _ in self.severity:
            yield "severity", selector

    def merged_with_cli(
        self,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        fail_on: str | None = None,
        rules: Sequence[Path] = (),
        no_inline_suppressions: bool = False,
        fail_if_empty: bool = False,
    ) -> Config:
        """Command-line options on top: ``--select`` replaces, ``--ignore`` and ``--rules`` add,
        ``--fail-on`` replaces, ``--no-inline-suppressions`` and ``--fail-if-empty`` win over the file."""
        return replace(
            self,
            select=tuple(select) if select else self.select,
            ignore=tuple(dict.fromkeys(self.ignore + tuple(ignore))),
            fail_on=fail_on or self.fail_on,
            fail_if_empty=self.fail_if_empty or fail_if_empty,
            rules=tuple(dict.fromkeys(self.rules + tuple(Path(r).resolve() for r in rules))),
            inline_suppressions=self.inline_suppressions and not no_inline_suppressions,
        )


DEFAULT = Config()
