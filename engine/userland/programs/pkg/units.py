"""How the package managers print sizes, durations and wrapped lists.

Each tool has its own rules, reproduced here so the outputs match byte for byte:
apt's `SizeToStr` (decimal units, no digit grouping in the C locale of a container), pip's
`format_size`, apk's whole MiB, npm's "in 2s".
"""
from __future__ import annotations

# A simulated download link: what turns archive sizes into apt's and pip's elapsed times and speeds.
BYTES_PER_SECOND = 12_500_000
LATENCY = 0.2


def apt_size(size: float) -> str:
    """apt's SizeToStr: "512 ", "73.0 k", "3544 k", "47.6 M" (the caller appends "B")."""
    units = ["", "k", "M", "G", "T", "P", "E", "Z", "Y"]
    value = abs(size)
    for i, unit in enumerate(units):
        if value < 100 and i != 0:
            return f"{value:.1f} {unit}"
        if value < 10000:
            return f"{value:.0f} {unit}"
        value /= 1000.0
    return f"{value:.0f} Y"


def apt_duration(seconds: float) -> str:
    """apt's TimeToStr: "0s", "12s", "1min 5s", "1h 2min 3s"."""
    s = int(seconds)
    if s >= 3600:
        return f"{s // 3600}h {s % 3600 // 60}min {s % 60}s"
    if s >= 60:
        return f"{s // 60}min {s % 60}s"
    return f"{s}s"


def transfer_time(size: int) -> float:
    return LATENCY + size / BYTES_PER_SECOND


def pip_size(size: int) -> str:
    """pip's format_size: "101 kB", "1.8 MB", "16.3 MB"."""
    if size > 1000 * 1000 * 10:
        return f"{size / 1000.0 / 1000:.0f} MB"
    if size > 1000 * 1000:
        return f"{size / 1000.0 / 1000:.1f} MB"
    if size > 1000 * 10:
        return f"{size / 1000.0:.0f} kB"
    if size > 1000:
        return f"{size / 1000.0:.1f} kB"
    return f"{size} bytes"


def wrap_list(words: list[str], indent: str = "  ", width: int = 80) -> str:
    """apt's package lists: indented, words joined by spaces, lines kept within the screen width."""
    lines: list[str] = []
    line = indent
    for word in words:
        if line != indent and len(line) + 1 + len(word) >= width:
            lines.append(line)
            line = indent
        line += ("" if line == indent else " ") + word
    if line != indent:
        lines.append(line)
    return "".join(f"{ln}\n" for ln in lines)
