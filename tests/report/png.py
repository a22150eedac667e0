"""A tiny PNG decoder (8-bit RGB/RGBA/grey, no interlace) for the screenshot tests: no Pillow needed."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}  # colour type -> samples per pixel


@dataclass(frozen=True)
class Image:
    width: int
    height: int
    channels: int
    rows: tuple[bytes, ...]  # unfiltered scanlines

    def pixel(self, x: int, y: int) -> tuple[int, int, int]:
        row, c = self.rows[y], self.channels
        if c in (1, 2):
            grey = row[x * c]
            return (grey, grey, grey)
        return (row[x * c], row[x * c + 1], row[x * c + 2])

    def pixels(self, step: int = 1) -> list[tuple[int, int, int]]:
        """Every ``step``-th pixel of every ``step``-th row, as RGB."""
        c = self.channels
        if c in (1, 2):
            return [(g, g, g) for row in self.rows[::step] for g in row[:: c * step]]
        return [(row[i], row[i + 1], row[i + 2]) for row in self.rows[::step] for i in range(0, len(row), c * step)]


def decode(data: bytes) -> Image:
    if not data.startswith(SIGNATURE):
        raise ValueError("not a PNG file")
    pos, idat, header = len(SIGNATURE), [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if header is None:
        raise ValueError("PNG without IHDR")
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in CHANNELS or interlace:
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
    channels = CHANNELS[colour]
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        _unfilter(kind, line, previous, channels)
        rows.append(bytes(line))
        previous = line
    return Image(width, height, channels, tuple(rows))


def _unfilter(kind: int, line: bytearray, prev: bytearray, bpp: int) -> None:
    """Undo one scanline's filter in place (PNG spec section 9)."""
    n = len(line)
    if kind == 0:
        return
    if kind == 2:  # up: add the row above bytewise, as one big-integer SWAR addition (fast in CPython)
        line[:] = _add_bytes(line, prev)
        return
    if kind == 1:
        for i in range(bpp, n):
            line[i] = (line[i] + line[i - bpp]) & 0xFF
        return
    if kind == 3:
        for i in range(n):
            line[i] = (line[i] + (((line[i - bpp] if i >= bpp else 0) + prev[i]) >> 1)) & 0xFF
        return
    if kind != 4:
        raise ValueError(f"bad PNG filter type {kind}")
    for i in range(n):
        if i < bpp:
            line[i] = (line[i] + prev[i]) & 0xFF  # Paeth with left = corner = 0 picks up
            continue
        a, b, c = line[i - bpp], prev[i], prev[i - bpp]
        pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
        line[i] = (line[i] + (a if pa <= pb and pa <= pc else (b if pb <= pc else c))) & 0xFF


@lru_cache(maxsize=8)
def _masks(n: int) -> tuple[int, int]:
    return int.from_bytes(b"\x7f" * n, "little"), int.from_bytes(b"\x80" * n, "little")


def _add_bytes(x: bytearray, y: bytearray) -> bytes:
    """Bytewise (x + y) mod 256 without a Python loop: add the low 7 bits, then xor in the top bits."""
    n = len(x)
    a, b = int.from_bytes(x, "little"), int.from_bytes(y, "little")
    low, high = _masks(n)
    total = ((a & low) + (b & low)) ^ ((a ^ b) & high)
    return total.to_bytes(n, "little")


def encode_rgb(width: int, height: int, rows: list[bytes]) -> bytes:
    """Write 8-bit RGB rows as a PNG (used by the tests' own decoder round trip and for crops)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + row for row in rows)
    return SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
