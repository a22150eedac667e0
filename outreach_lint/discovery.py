"""Which files a run looks at, and which folders it leaves out (and why).

Folders given on the command line are searched for ``.yaml``/``.yml``/``.json``
files in sorted order. Left out, and listed with ``--verbose``:

* dot folders (``.git``, ``.venv``, ``.tox``, ...), ``node_modules``, ``venv`` and
  ``__pycache__`` (:data:`LEFT_OUT`, gitignore patterns);
* inside a git repository, what its ``.gitignore`` files and ``.git/info/exclude``
  ignore, matched by :mod:`pathspec` exactly as git does (negations, ``**``,
  anchoring) -- except files git tracks: a change can force-add a campaign and
  then ignore it, so a tracked file is checked whatever ``.gitignore`` says.
  When git cannot say what it tracks, ``.gitignore`` is not honoured at all.
* symlinks to folders (not followed: a link could lead anywhere, or in a loop).

A file named on the command line is always checked.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

CAMPAIGN_SUFFIXES = (".yaml", ".yml", ".json")
#: folders never searched, as gitignore patterns (a trailing ``/`` matches folders only)
LEFT_OUT = (".*/", "node_modules/", "venv/", "__pycache__/")
GITIGNORE = ".gitignore"


@dataclass(frozen=True)
class LeftOut:
    """A folder (or file) a folder search did not look into, and why."""

    path: str
    reason: str


def discover(paths: Iterable[str], left_out: list[LeftOut] | None = None) -> Iterator[tuple[str, bool]]:
    """Yield (path, named_explicitly); what folder searches leave out goes to ``left_out``."""
    for given in paths:
        if not os.path.isdir(given):
            yield given, True
            continue
        shown = (lambda full: os.path.relpath(full)) if given in (".", "./") else (lambda full: full)
        ignores = _Ignores.for_folder(Path(given))
        for full, is_folder, reason in _walk(given, ignores):
            if reason is None:
                yield shown(full), False
            elif left_out is not None:
                left_out.append(LeftOut(shown(full) + ("/" if is_folder else ""), reason))


def _walk(top: str, ignores: _Ignores) -> Iterator[tuple[str, bool, str | None]]:
    """(path, is a folder, None) for each candidate file, (path, is a folder, reason) for each
    folder or file left out."""
    builtin = _builtin_spec()
    for root, dirs, files in os.walk(top):
        ignores.enter(Path(root))
        kept = []
        for name in sorted(dirs):
            full = os.path.join(root, name)
            if os.path.islink(full):
                yield full, True, "a symlink to a folder (not followed)"
            elif builtin.match_file(name + "/"):
                yield full, True, "a dot, dependency or cache folder"
            elif (why := ignores.why(Path(full), folder=True)) is not None:
                yield full, True, why
            else:
                kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            if not name.lower().endswith(CAMPAIGN_SUFFIXES):
                continue
            full = os.path.join(root, name)
            yield full, False, ignores.why(Path(full), folder=False)


@lru_cache(maxsize=1)
def _builtin_spec() -> Any:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(LEFT_OUT)


def repository_root(folder: Path) -> Path | None:
    """The nearest folder at or above ``folder`` holding ``.git`` (a folder, or a file in a worktree)."""
    return _repository_root(os.path.abspath(folder))


@lru_cache(maxsize=1024)
def _repository_root(folder: str) -> Path | None:
    current = Path(folder)
    for candidate in (current, *current.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


class _Ignores:
    """The ``.gitignore`` rules of one repository, read as the walk enters folders."""

    def __init__(self, repo: Path | None) -> None:
        self.repo = repo
        self.specs: dict[Path, tuple[Any, list[str], str]] = {}  # folder -> (spec, patterns, file shown)
        self._entered: set[Path] = set()
        self._tracked: frozenset[str] | None = None

    @classmethod
    def for_folder(cls, folder: Path) -> _Ignores:
        repo = repository_root(folder)
        ignores = cls(repo)
        if repo is not None:
            exclude = repo / ".git" / "info" / "exclude"
            if exclude.is_file():
                ignores._read(repo, exclude)
            absolute = Path(os.path.abspath(folder))
            for above in reversed(absolute.parents):
                if above == repo or repo in above.parents:
                    ignores.enter(above)
        return ignores

    def enter(self, folder: Path) -> None:
        if self.repo is None:
            return  # outside a repository .gitignore means nothing (git reads none)
        folder = Path(os.path.abspath(folder))
        if folder not in self._entered:
            self._entered.add(folder)
            self._read(folder, folder / GITIGNORE)

    def _read(self, folder: Path, file: Path) -> None:
        try:
            lines = file.read_text("utf-8", errors="replace").splitlines() if file.is_file() else []
        except OSError:
            lines = []
        patterns = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
        if not patterns:
            return
        import pathspec

        shown = os.path.relpath(file) if file.is_relative_to(Path.cwd()) else str(file)
        previous = self.specs.get(folder)
        if previous is not None:  # .git/info/exclude and the root .gitignore: one list, .gitignore last
            patterns = previous[1] + patterns
        self.specs[folder] = (pathspec.GitIgnoreSpec.from_lines(patterns), patterns, shown)

    def why(self, path: Path, folder: bool) -> str | None:
        """Why ``path`` is left out, or None. The deepest ``.gitignore`` with an opinion decides."""
        if not self.specs:
            return None
        absolute = Path(os.path.abspath(path))
        for base in sorted((f for f in self.specs if f in absolute.parents), key=lambda f: len(f.parts), reverse=True):
            spec, patterns, shown = self.specs[base]
            relative = absolute.relative_to(base).as_posix() + ("/" if folder else "")
            result = spec.check_file(relative)
            if result.include is None:
                continue
            if not result.include or self._holds_tracked(absolute, folder):
                return None
            return f"ignored by {shown} ({patterns[result.index]})"
        return None

    def _holds_tracked(self, path: Path, folder: bool) -> bool:
        """Does git track ``path`` (or, for a folder, anything in it)? Unknown counts as yes."""
        tracked = self._tracked_ignored()
        if tracked is None:
            return True
        assert self.repo is not None
        relative = path.relative_to(self.repo).as_posix()
        if folder:
            return any(t.startswith(relative + "/") for t in tracked)
        return relative in tracked

    def _tracked_ignored(self) -> frozenset[str] | None:
        """Tracked files that ``.gitignore`` matches (``git ls-files -ci``); None if git cannot say."""
        if self._tracked is None:
            self._tracked = _git_tracked_ignored(str(self.repo))
        return self._tracked if self._tracked != _UNKNOWN else None


_UNKNOWN: frozenset[str] = frozenset({"\0unknown"})


def _git_tracked_ignored(repo: str) -> frozenset[str]:
    import subprocess  # only when a folder is searched inside a git repository

    env = dict(os.environ, GIT_OPTIONAL_LOCKS="0", LC_ALL="C")
    try:
        done = subprocess.run(
            ["git", "-C", repo, "ls-files", "-z", "--cached", "--ignored", "--exclude-standard"],
            capture_output=True,
            timeout=60,
            env=env,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return _UNKNOWN
    if done.returncode != 0:
        return _UNKNOWN
    return frozenset(os.fsdecode(name) for name in done.stdout.split(b"\0") if name)


# -- was a file that cannot be loaded meant to be a campaign? ---------------------------------

#: how much of a file that cannot be loaded is read to tell; above it, it may be a campaign
SNIFF_LIMIT = 64 * 1024 * 1024
_CHUNK = 1024 * 1024
#: bytes carried from one chunk to the next, so a key split by a chunk boundary is still seen
_OVERLAP = 4096
_CAMPAIGN = re.compile("campaign", re.IGNORECASE)
#: YAML and JSON escapes (``\x63``, ``\u0063``, ``\U00000063``) and the escaped line break of a
#: double-quoted scalar, which a key can be spelled with: ``"c\x61mpaign"`` is ``campaign``
_ESCAPE = re.compile(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|\r?\n[ \t]*)")


def may_hold_campaign(path: Path) -> bool:
    """False only when ``path`` certainly holds no campaign: a regular file that is empty or in
    which no reading (UTF-8, UTF-16, UTF-32, escapes undone) spells ``campaign`` anywhere. A
    file that cannot be read, is not a regular file or is over :data:`SNIFF_LIMIT` may."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return True  # never opened: a FIFO would block
        if info.st_size > SNIFF_LIMIT:
            return True
        with path.open("rb") as handle:
            tail = b""
            while chunk := handle.read(_CHUNK):
                if mentions_campaign(tail + chunk):
                    return True
                tail = chunk[-_OVERLAP:]
    except OSError:
        return True
    return False


def mentions_campaign(data: bytes) -> bool:
    """Could any tool read a ``campaign`` key out of ``data`` (see :func:`may_hold_campaign`)?"""
    from .textio import readings

    for text in readings(data):
        if _CAMPAIGN.search(text) or ("\\" in text and _CAMPAIGN.search(_ESCAPE.sub(_unescape, text))):
            return True
    return False


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1) or match.group(2) or match.group(3)
    if code is None:
        return ""
    try:
        return chr(int(code, 16))
    except (ValueError, OverflowError):
        return "\ufffd"
