"""A one-line progress display for long contact files, for a terminal's stderr.

The contacts reader calls ``progress(rows_done, bytes_done)`` while DuckDB reads a long file
(``rows_done`` is -1 then: the engine reports how far it is, not rows) and once at the end with
the row count; small files never show anything. The CLI asks for this only when
stderr is a terminal; the text names the file, never any row content.

The line is drawn once per file and run: it is rewritten in place (``\\r``) while the file is
read and ended with one newline when the file is done. A second "done" report and a second read of the
same file (another campaign pointing to it with other countries) draw nothing more.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

#: labels whose line has been finished in this process
_FINISHED: set[str] = set()


def terminal_progress(label: str, total_bytes: int, stream: TextIO, key: str = "") -> Callable[[int, int], None]:
    """A callback that rewrites one stderr line: ``contacts.csv: 1,200,000 rows (45%)``.

    ``key`` identifies the file (default: the label) for the once-per-run rule."""
    key = key or label

    def report(rows: int, done: int) -> None:
        if key in _FINISHED:
            return
        percent = f" ({min(100, done * 100 // total_bytes)}%)" if total_bytes > 0 else ""
        finished = total_bytes > 0 and done >= total_bytes
        finished = finished and rows >= 0  # DuckDB at 100% has not counted the rows yet
        if finished:
            _FINISHED.add(key)
        counted = f"{rows:,} rows" if rows >= 0 else "reading"
        stream.write(f"\r{label}: {counted}{percent}" + ("\n" if finished else ""))
        stream.flush()

    return report


def reset() -> None:
    """Forget which lines were drawn (a new run in the same process, e.g. the language server)."""
    _FINISHED.clear()
