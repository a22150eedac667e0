"""A one-line progress display for long contact files, for a terminal's stderr.

The contacts reader calls ``progress(rows_done, bytes_done)`` every 100,000 rows and once at
the end of such a file, so small files never show anything. The CLI asks for this only when
stderr is a terminal; the text names the file, never any row content.
"""

from __future__ import annotations

from typing import Callable, TextIO


def terminal_progress(label: str, total_bytes: int, stream: TextIO) -> Callable[[int, int], None]:
    """A callback that rewrites one stderr line: ``contacts.csv: 1,200,000 rows (45%)``."""

    def report(rows: int, done: int) -> None:
        percent = f" ({min(100, done * 100 // total_bytes)}%)" if total_bytes > 0 else ""
        finished = total_bytes > 0 and done >= total_bytes
        stream.write(f"\r{label}: {rows:,} rows{percent}" + ("\n" if finished else ""))
        stream.flush()

    return report
