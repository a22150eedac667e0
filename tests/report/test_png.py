"""The screenshot tests' PNG decoder undoes every filter type exactly."""

from __future__ import annotations

import random
import struct
import zlib

import pytest

from . import png


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def _filter(kind: int, row: bytes, prev: bytes, bpp: int) -> bytes:
    out = bytearray()
    for i, x in enumerate(row):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        predictor = [0, a, b, (a + b) >> 1, _paeth(a, b, c)][kind]
        out.append((x - predictor) & 0xFF)
    return bytes(out)


def _png(width: int, rows: list[bytes], colour: int, bpp: int) -> bytes:
    prev, raw = bytes(width * bpp), b""
    for index, row in enumerate(rows):
        kind = index % 5
        raw += bytes([kind]) + _filter(kind, row, prev, bpp)
        prev = row

    def chunk(name: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + name + body + struct.pack(">I", zlib.crc32(name + body))

    header = struct.pack(">IIBBBBB", width, len(rows), 8, colour, 0, 0, 0)
    return png.SIGNATURE + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


@pytest.mark.parametrize(("colour", "bpp"), [(2, 3), (6, 4), (0, 1)])
def test_every_filter_type_round_trips(colour: int, bpp: int) -> None:
    rng = random.Random(colour)
    width = 9
    rows = [bytes(rng.randrange(256) for _ in range(width * bpp)) for _ in range(12)]
    image = png.decode(_png(width, rows, colour, bpp))
    assert (image.width, image.height, image.channels) == (width, 12, bpp)
    assert list(image.rows) == rows


def test_encoder_round_trip_and_pixels() -> None:
    rows = [bytes([255, 255, 255, 10, 20, 30]), bytes([0, 0, 0, 255, 255, 255])]
    image = png.decode(png.encode_rgb(2, 2, rows))
    assert image.pixels() == [(255, 255, 255), (10, 20, 30), (0, 0, 0), (255, 255, 255)]
    assert image.pixels(step=2) == [(255, 255, 255)]


def test_not_a_png() -> None:
    with pytest.raises(ValueError, match="not a PNG"):
        png.decode(b"GIF89a")
