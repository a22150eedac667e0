"""Turn bytes from the user's files into text, or say clearly why not.

Accepted: UTF-8 with or without BOM, UTF-16 with a BOM. Everything else
(binary files passed by pre-commit, Latin-1 exports, UTF-32) is refused with
a one-line reason that names the file, never parsed as garbage.
"""

from __future__ import annotations

import codecs

#: Bytes that never occur in text we accept; their presence means "binary".
_BINARY_MARKERS = (b"\x00",)


class DecodeError(ValueError):
    """The bytes are not text in an encoding we accept. ``line`` is 1-based."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


def decode_text(data: bytes, filename: str = "") -> str:
    """Decode ``data`` or raise :class:`DecodeError` naming the problem."""
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[len(codecs.BOM_UTF8):], "utf-8", filename)
    if data.startswith(codecs.BOM_UTF32_LE) or data.startswith(codecs.BOM_UTF32_BE):
        raise DecodeError("UTF-32 is not supported; save the file as UTF-8")
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _decode(data, "utf-16", filename)
    if any(marker in data for marker in _BINARY_MARKERS):
        raise DecodeError("binary file (contains NUL bytes), not a text file")
    return _decode(data, "utf-8", filename)


def _decode(data: bytes, encoding: str, filename: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1 if encoding == "utf-8" else 1
        raise DecodeError(
            f"not valid {encoding.upper()} (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8",
            line,
        ) from None
    if "\x00" in text:
        raise DecodeError("binary content (NUL characters) in a text file")
    return text
