"""Draw the kernel's logo (a whale carrying a stack of containers) as the PNGs the kernelspec ships.

Run it once after changing the picture: `python kernel/resources/draw_logo.py`. Standard library
only: each pixel's colour is the share of 8x8 sub-samples that fall inside the shapes below
(coordinates from 0 to 1, y downwards).
"""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

BLUE = (36, 150, 237)
SAMPLES = 8
BOXES = [(x, 0.37) for x in (0.17, 0.31, 0.45)] + [(x, 0.23) for x in (0.31, 0.45)] + [(0.45, 0.09)]
BOX_SIZE = 0.125


def inside_whale(x: float, y: float) -> bool:
    hull = y >= 0.52 and ((x - 0.47) / 0.43) ** 2 + ((y - 0.52) / 0.34) ** 2 <= 1
    deck = 0.52 <= y <= 0.56 and 0.04 <= x <= 0.90
    tail = ((x - 0.88) / 0.08) ** 2 + ((y - 0.47) / 0.07) ** 2 <= 1 and not (
        ((x - 0.84) / 0.06) ** 2 + ((y - 0.40) / 0.07) ** 2 <= 1)
    eye = (x - 0.22) ** 2 + (y - 0.66) ** 2 <= 0.03 ** 2
    return (hull or deck or tail) and not eye


def inside_box(x: float, y: float) -> bool:
    return any(bx <= x <= bx + BOX_SIZE and by <= y <= by + BOX_SIZE for bx, by in BOXES)


def pixels(size: int) -> bytes:
    rows = []
    for py in range(size):
        row = bytearray([0])  # PNG filter type 0 for this scanline
        for px in range(size):
            hits = sum(
                inside_whale(x, y) or inside_box(x, y)
                for sy in range(SAMPLES) for sx in range(SAMPLES)
                for x, y in [((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size)]
            )
            row += bytes(BLUE) + bytes([round(255 * hits / SAMPLES ** 2)])
        rows.append(bytes(row))
    return b"".join(rows)


def png(size: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(pixels(size), 9))
            + chunk(b"IEND", b""))


if __name__ == "__main__":
    folder = Path(__file__).with_name("kernelspec")
    for size in (32, 64):
        (folder / f"logo-{size}x{size}.png").write_bytes(png(size))
