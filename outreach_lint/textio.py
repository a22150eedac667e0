"""Turn bytes from the user's files into text, or say clearly why not.

Accepted: UTF-8 with or without BOM, UTF-16 with a BOM. Everything else
(binary files passed by pre-commit, Latin-1 exports, UTF-32) is refused with
a one-line reason that names the file, never parsed as garbage.
"""

from __future__ import annotations

import codecs

#: Bytes that never occur in text we accept; their presence means "binary".
_BINARY_MARKERS = (b"\x00",)


#: (name, BOM) of the encodings a file that does not decode might still be written in, widest first
_WIDE = (("UTF-32-LE", codecs.BOM_UTF32_LE), ("UTF-32-BE", codecs.BOM_UTF32_BE), ("UTF-16-LE", codecs.BOM_UTF16_LE), ("UTF-16-BE", codecs.BOM_UTF16_BE))


class DecodeError(ValueError):
    """The bytes are not text in an encoding we accept. ``line`` is 1-based."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


def decode_text(data: bytes, filename: str = "") -> str:
    """Decode ``data`` or raise :class:`DecodeError` naming the problem."""
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[len(codecs.BOM_UTF8) :], "utf-8", filename)
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise DecodeError("UTF-32 is not supported; save the file as UTF-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16", filename)
    if any(marker in data for marker in _BINARY_MARKERS):
        wide = _wide_without_bom(data)
        if wide:
            raise DecodeError(f"looks like {wide} without a byte order mark, which is not supported; save the file as UTF-8")
        raise DecodeError("binary file (contains NUL bytes), not a text file")
    return _decode(data, "utf-8", filename)


def _decode(data: bytes, encoding: str, filename: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1 if encoding == "utf-8" else 1
        raise DecodeError(
            f"not valid {encoding.upper()} (byte 0x{data[exc.start]:02x} at offset {exc.start}); save the file as UTF-8",
            line,
        ) from None
    if "\x00" in text:
        raise DecodeError("binary content (NUL characters) in a text file")
    return text


def _wide_without_bom(data: bytes) -> str:
    """``UTF-16-LE`` etc. when ASCII text in that encoding would put NUL bytes where these are."""
    head = data[:4096]
    if len(head) >= 8 and head[1::4].count(0) == head[2::4].count(0) == head[3::4].count(0) == len(head) // 4 and head[0::4].count(0) < len(head) // 8:
        return "UTF-32-LE"
    if len(head) >= 8 and head[0::4].count(0) == head[1::4].count(0) == head[2::4].count(0) == len(head) // 4 and head[3::4].count(0) < len(head) // 8:
        return "UTF-32-BE"
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4 and head[0::2].count(0) < len(head) // 8:
        return "UTF-16-LE"
    if len(head) >= 4 and head[0::2].count(0) > len(head) // 4 and head[1::2].count(0) < len(head) // 8:
        return "UTF-16-BE"
    return ""


def readings(data: bytes) -> list[str]:
    """Every way ``data`` could be read as text by some tool: UTF-8 (and so ASCII and Latin-1
    for the ASCII letters of a key) and UTF-16/UTF-32 in both byte orders, with or without a
    BOM; bytes that do not decode become U+FFFD. For telling whether a file that cannot be
    loaded was meant to be a campaign, never for loading. ``data`` must start at a multiple
    of four bytes into the file so the wide encodings stay aligned."""
    texts = [data.decode("utf-8", "replace")]
    if b"\x00" in data:
        texts += [data.decode(name.lower(), "replace") for name, _ in _WIDE]
    return texts
