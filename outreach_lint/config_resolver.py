"""Which configuration applies to a file: the files above it, each loaded once, chained.

The files are found by walking up from the file's folder to the repository root (the first
folder holding ``.git``) or the filesystem root, one per folder (a YAML file wins over
``pyproject.toml``; a ``pyproject.toml`` without ``[tool.outreach-lint]`` does not count).
Each is read by :mod:`outreach_lint.config_files` and the chain merged by
:func:`outreach_lint.layers.chain`.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from .config import DEFAULT, Config
from .config_files import PYPROJECT, YAML_NAMES, has_table, load_config
from .layers import chain


def find_config(start_dir: str | Path) -> Path | None:
    """The nearest configuration file at or above ``start_dir`` (see the module docstring)."""
    found = find_configs(start_dir)[0]
    return found[-1] if found else None


def find_configs(start_dir: str | Path) -> tuple[list[Path], Path | None]:
    """Every configuration file at or above ``start_dir``, outermost first (one per folder),
    up to the repository root; and the repository root (the folder holding ``.git``) or None."""
    folder = Path(start_dir).resolve()
    found: list[Path] = []
    while True:
        for name in YAML_NAMES:
            candidate = folder / name
            if candidate.is_file():
                found.append(candidate)
                break
        else:
            candidate = folder / PYPROJECT
            if candidate.is_file() and has_table(candidate):
                found.append(candidate)
        if (folder / ".git").exists():
            return found[::-1], folder
        if folder.parent == folder:
            return found[::-1], None
        folder = folder.parent


class ConfigResolver:
    """Answers "which configuration applies to this file" for one run, remembering what it found.

    With ``override`` (``--config FILE``) every file gets that file's settings and nothing
    else is read. Otherwise a folder's configuration is its chain of files, each extending the
    one above it (:func:`outreach_lint.layers.chain`).
    """

    def __init__(self, override: str | Path | None = None) -> None:
        self.override = load_config(override) if override is not None else None
        self._found: dict[str, tuple[Path, ...]] = {}
        self._folder_of: dict[str | Path, str] = {}  # a file's folder as given -> absolute
        self._loaded: dict[Path, Config] = {}
        self._chains: dict[tuple[Path, ...], Config] = {}

    def for_folder(self, folder: str | Path) -> Config:
        if self.override is not None:
            return self.override
        key = os.path.abspath(folder)
        if key not in self._found:
            found, repository = find_configs(key)
            for index, path in enumerate(found):
                if path not in self._loaded:
                    is_root = index == 0 and (repository is None or path.parent == repository)
                    self._loaded[path] = replace(load_config(path), nested=not is_root)
            self._found[key] = tuple(found)
        paths = self._found[key]
        if not paths:
            return DEFAULT
        if paths not in self._chains:
            self._chains[paths] = chain([self._loaded[path] for path in paths])
        return self._chains[paths]

    def for_file(self, file: str | Path) -> Config:
        folder = os.path.dirname(file)
        known = self._folder_of.get(folder)
        if known is None:
            known = self._folder_of[folder] = os.path.abspath(folder or ".")
        return self.for_folder(known)
