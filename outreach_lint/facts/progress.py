"""A one-line progress display for long contact files, for a terminal's stderr.

The contacts reader calls ``progress(rows_done, bytes_done)`` every 100,000 rows and once at
the end of such a file, so small files never show anything. The CLI asks for this only when
stderr is a terminal; the text names the file, never any row content.

The line is drawn once per file and run: it is rewritten in place (``\\r``) while the file is
read and ended with one newline when the file is done. A second "done" report (the block
readers report their last block, then the reader reports the end) and a second read of the
same file (another campaign pointing to it with other countries) draw nothing more.
"""

from __future__ import annotations

from typing import Callable, TextIO

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
        if finished:
            _FINISHED.add(key)
        stream.write(f"\r{label}: {rows:,} rows{percent}" + ("\n" if finished else ""))
        stream.flush()

    return report


def reset() -> None:
    """Forget which lines were drawn (a new run in the same process, e.g. the language server)."""
    _FINISHED.clear()
