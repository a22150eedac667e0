"""Source lines for the text output: each campaign is read again (bounded, decoded the way the
loader decodes it) only when one of its findings is shown, and one file is kept at a time
(findings come sorted by file)."""

from __future__ import annotations

import re
from pathlib import Path

#: the line breaks the YAML loader counts (PyYAML also counts NEL, LS and PS)
_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


class SourceLines:
    """``lines(file, n)``: line ``n`` (1-based) of ``file`` as text, or None when it cannot be read."""

    def __init__(self, max_bytes: int = 2 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self._file: str | None = None
        self._lines: list[str] | None = None

    def __call__(self, file: str, line: int) -> str | None:
        if file != self._file:
            self._file, self._lines = file, self._read(file)
        lines = self._lines
        if lines is None or not 1 <= line <= len(lines):
            return None
        return lines[line - 1]

    def _read(self, file: str) -> list[str] | None:
        from ..facts.references import ReferenceProblem, read_bounded
        from ..textio import DecodeError, decode_text

        try:
            data, _ = read_bounded(Path(file), self.max_bytes)
            return _BREAKS.split(decode_text(data, file))
        except (ReferenceProblem, DecodeError, OSError):
            return None
