"""Write an output file whole or not at all, and never through a link that leads elsewhere.

``check --output``, ``report -o`` and ``--write-baseline`` write here. The text goes to a
temporary file in the destination's folder and is renamed over the destination
(``os.replace``, atomic on one file system): a reader never sees half a report, and a full disk
or an interrupted run leaves the old file and no temporary file behind.

A pull request can commit a symbolic link where CI will write its report
(``outreach-lint.sarif -> ~/.ssh/authorized_keys``, or a folder link ``out -> /etc``). When the
real destination, links resolved, lies outside the working folder and was reached through a
link, the write is refused with :class:`UnsafeOutput`. A path the user types outside the working
folder (``--output /tmp/x.sarif``) is theirs to choose and is written.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable


class UnsafeOutput(OSError):
    """The destination cannot be written safely; ``str()`` says why in one line."""


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def safe_destination(destination: str) -> str:
    """The real path to replace; :class:`UnsafeOutput` when a link leads outside the working folder."""
    absolute = os.path.abspath(destination)
    real = os.path.realpath(destination)
    if real != absolute and not _within(real, os.path.realpath(os.getcwd())):
        raise UnsafeOutput(f"{destination} is reached through a symbolic link that points outside the working folder ({real}); not written")
    if os.path.isdir(real):
        raise UnsafeOutput(f"{destination} is a folder")
    return real


def _mode_for(target: str) -> int:
    """Keep the mode of a file being replaced; a new file gets the usual 0666 minus the umask."""
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(destination: str, chunks: Iterable[str], encoding: str = "utf-8") -> None:
    """Write ``chunks`` to ``destination`` atomically (see the module docstring).

    Raises :class:`UnsafeOutput` or another OSError (ENOSPC, EACCES); the temporary file is
    removed whatever happens, and the destination is then unchanged.
    """
    target = safe_destination(destination)
    folder = os.path.dirname(target) or "."
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(target)}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding=encoding) as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fchmod(handle.fileno(), _mode_for(target))
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
