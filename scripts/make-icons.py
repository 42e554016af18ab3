#!/usr/bin/env python3
"""Draws Rapport's app icons as PNG files using only the standard library.

Two overlapping speech bubbles on a teal tile: a conversation. The maskable
icon keeps its drawing inside the central 80% safe zone and fills the tile
to the edges, as launchers crop it to their own shape.
"""
import struct
import sys
import zlib
from pathlib import Path

TEAL = (15, 118, 110)
WHITE = (255, 255, 255)
MINT = (153, 246, 228)


def png(path, size, pixels):
    raw = b"".join(b"\x00" + bytes(row) for row in pixels)

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    data = b"\x89PNG\r\n\x1a\n"
    data += chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(raw, 9))
    data += chunk(b"IEND", b"")
    Path(path).write_bytes(data)


def shape_at(x, y, maskable):
    """Colour (r, g, b, a) of the unit-square point (x, y)."""
    if not maskable:
        # A rounded tile with transparent corners.
        r = 0.18
        cx = min(max(x, r), 1 - r)
        cy = min(max(y, r), 1 - r)
        if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
            return (0, 0, 0, 0)
    scale = 0.8 if maskable else 1.0
    u = 0.5 + (x - 0.5) / scale
    v = 0.5 + (y - 0.5) / scale
    # Back bubble (mint) and its tail.
    if (u - 0.60) ** 2 + (v - 0.42) ** 2 < 0.22 ** 2 or (
        0.70 < u < 0.80 and 0.55 < v < 0.72 and (u - 0.70) > (v - 0.55) * 0.6
    ):
        front = (u - 0.40) ** 2 + (v - 0.56) ** 2 < 0.24 ** 2
        if not front:
            return MINT + (255,)
    # Front bubble (white) and its tail.
    if (u - 0.40) ** 2 + (v - 0.56) ** 2 < 0.22 ** 2 or (
        0.22 < u < 0.34 and 0.68 < v < 0.86 and (0.34 - u) > (v - 0.68) * 0.7
    ):
        return WHITE + (255,)
    return TEAL + (255,)


def draw(size, maskable, samples=3):
    rows = []
    for py in range(size):
        row = []
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(samples):
                for sx in range(samples):
                    c = shape_at(
                        (px + (sx + 0.5) / samples) / size,
                        (py + (sy + 0.5) / samples) / size,
                        maskable,
                    )
                    for i in range(3):
                        acc[i] += c[i] * c[3]
                    acc[3] += c[3]
            n = samples * samples
            a = acc[3] / n
            if a == 0:
                row += [0, 0, 0, 0]
            else:
                row += [round(acc[i] / acc[3]) for i in range(3)] + [round(a)]
        rows.append(row)
    return rows


def main(out):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        png(out / f"icon-{size}.png", size, draw(size, False))
    png(out / "icon-maskable-512.png", 512, draw(512, True))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "public/icons")
