"""Find and open the files a campaign points to, refusing anything odd.

A referenced path is resolved relative to the campaign file. Devices, FIFOs,
folders, symlink loops, unreadable and empty files are reported, never read:
reading a FIFO would hang a pre-commit hook, and a device could be endless.

A reference must also stay in the repository (:func:`repository_bounds`): a
change under review could otherwise point a "template" at ``~/.ssh/id_rsa`` or
``/etc/passwd`` (and echo its lines into CI logs through a reader's messages),
or at a compliant file outside the checkout that the reviewer never sees.
``..``, absolute paths and symlinks are all judged by where they finally lead.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..textio import DecodeError, decode_text

#: (JSON pointer parts with "*" for every list item, kind of file)
REFERENCE_FIELDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("steps", "*", "template"), "template"),
    (("audience", "contacts"), "contacts"),
    (("audience", "suppression_list"), "suppression_list"),
    (("legitimate_interest_assessment",), "lia"),
    (("dpia",), "dpia"),
    (("tracking", "sites", "*"), "site"),
    (("audience", "consent", "proof"), "proof"),
)

MAX_TEXT_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Reference:
    kind: str
    value: str
    parts: tuple[str | int, ...]
    path: Path


class ReferenceProblem(Exception):
    """Why a referenced file cannot be used; the message is one line.

    ``code`` is the finding it becomes: OL003 (missing, empty, not a file, unreadable) unless
    a subclass says otherwise.
    """

    code = "OL003"


class Undecodable(ReferenceProblem):
    """The file is there and readable, but its bytes are not text we accept (OL008)."""

    code = "OL008"


def iter_references(campaign: Mapping[str, Any], base: Path) -> Iterator[Reference]:
    for pattern, kind in REFERENCE_FIELDS:
        for parts, value in _walk(campaign, pattern, ()):
            if kind == "contacts" and isinstance(value, dict):
                if value.get("engine") == "spark":
                    continue  # a table or a folder the Spark cluster reads, not a file here
                parts, value = parts + ("path",), value.get("path")
            if not isinstance(value, str) or not value.strip():
                continue
            if kind == "proof" and ("://" in value or value.startswith(("mailto:", "urn:"))):
                continue  # a CRM or URI reference: nothing on disk to check
            yield Reference(kind, value, parts, base / value)


def repository_bounds(campaign: Path, allowed: tuple[Path, ...] = (), fallback: Path | None = None) -> tuple[Path, ...]:
    """The folders the references of ``campaign`` may resolve into, or ``()`` for anywhere.

    The repository root (the nearest folder at or above the campaign holding ``.git``) and
    the ``allowed`` folders of the root configuration. Outside a git repository: ``fallback``
    (the root configuration's folder), else the current folder when the campaign lies in it.
    A campaign outside the current folder with neither a repository nor a configuration
    around it is someone's own files, not a change under review: its references are not bounded.
    """
    from ..discovery import repository_root

    folder = Path(os.path.abspath(campaign)).parent
    root = repository_root(folder) or fallback
    if root is None:
        cwd = Path.cwd()
        if folder != cwd and cwd not in folder.parents:
            return ()
        root = cwd
    return (Path(os.path.realpath(root)), *(Path(os.path.realpath(a)) for a in allowed))


def escapes(path: Path, bounds: tuple[Path, ...]) -> Path | None:
    """Where ``path`` really leads (every symlink and ``..`` followed) when that is outside all of
    ``bounds``, else None. Nothing is opened."""
    real = Path(os.path.realpath(path))
    if any(real == bound or bound in real.parents for bound in bounds):
        return None
    return real


def _walk(node: Any, pattern: tuple[str, ...], at: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    if not pattern:
        yield at, node
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(node, list):
            for index, item in enumerate(node):
                yield from _walk(item, rest, at + (index,))
    elif isinstance(node, dict) and head in node:
        yield from _walk(node[head], rest, at + (head,))


def check_file(path: Path) -> os.stat_result:
    """Stat ``path`` and raise :class:`ReferenceProblem` unless it is a non-empty regular file."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ReferenceProblem("does not exist") from None
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            raise ReferenceProblem("is a symlink loop") from None
        raise ReferenceProblem(f"cannot be read ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise ReferenceProblem("is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise ReferenceProblem("is not a regular file (a device, FIFO or socket) and was not read")
    if info.st_size == 0:
        raise ReferenceProblem("is empty")
    if not os.access(path, os.R_OK):
        raise ReferenceProblem("cannot be read (permission denied)")
    return info


class TooBig(ReferenceProblem):
    """The file is over the size limit of its kind; callers say which limit and how to raise it."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"is {size:,} bytes, over the {limit:,}-byte limit for this kind of file")
        self.size, self.limit = size, limit


def read_bounded(path: Path, limit: int) -> tuple[bytes, os.stat_result]:
    """The bytes of a non-empty regular file of at most ``limit`` bytes, and its stat.

    Nothing else is opened (a FIFO would block, /dev/zero would never end); problems
    are :class:`ReferenceProblem` (:class:`TooBig` for the size) with a one-line message.
    """
    info = check_file(path)
    if info.st_size > limit:
        raise TooBig(info.st_size, limit)
    try:
        with path.open("rb") as handle:
            return handle.read(limit + 1), info
    except OSError as exc:
        raise ReferenceProblem(f"cannot be read ({exc.strerror or exc})") from None


def read_text(path: Path, limit: int = MAX_TEXT_BYTES) -> str:
    data, _ = read_bounded(path, limit)
    try:
        return decode_text(data, str(path))
    except DecodeError as exc:
        raise Undecodable(f"cannot be decoded: {exc}") from None
