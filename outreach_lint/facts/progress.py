"""A one-line progress display for long contact files, for a terminal's stderr.

The contacts reader calls ``progress(rows_done, bytes_done)`` while DuckDB reads a long file
(``rows_done`` is -1 then: the engine reports how far it is, not rows) and once at the end with
the row count; small files never show anything. The CLI asks for this only when
stderr is a terminal; the text names the file, never any row content.
"""

from __future__ import annotations

from typing import Callable, TextIO


def terminal_progress(label: str, total_bytes: int, stream: TextIO) -> Callable[[int, int], None]:
    """A callback that rewrites one stderr line: ``contacts.csv: 1,200,000 rows (45%)``."""

    def report(rows: int, done: int) -> None:
        percent = f" ({min(100, done * 100 // total_bytes)}%)" if total_bytes > 0 else ""
        finished = total_bytes > 0 and done >= total_bytes
        counted = f"{rows:,} rows" if rows >= 0 else "reading"
        stream.write(f"\r{label}: {counted}{percent}" + ("\n" if finished and rows >= 0 else ""))
        stream.flush()

    return report
