"""Dates typed by users (`touch -d`, `touch -t`, `date -d`), read the way libbb's parse_datestr does.

Accepted: `@SECONDS`; `HH:MM[:SS]`; `YYYY-MM-DD`; `YYYY-MM-DD HH:MM[:SS]`;
`[YYYY.]MM.DD-HH:MM[:SS]`; and the digits-only `[[[[[YY]YY]MM]DD]hh]mm[.ss]`. Fields not written
keep their value from a base time: now for touch, today at midnight for date. A day past the
month's end rolls over (Feb 30 is Mar 1), as mktime does. A container has no time zone data,
so times are UTC.
"""
from __future__ import annotations

import calendar
import re
import time

_WITH_COLON = [
    # (pattern, fields in order); absent fields keep the base time's value
    (r"(\d+):(\d+)", ("H", "M")),
    (r"(\d+):(\d+):(\d+)", ("H", "M", "S")),
    (r"(\d+)\.(\d+)-(\d+):(\d+)", ("m", "d", "H", "M")),
    (r"(\d+)\.(\d+)-(\d+):(\d+):(\d+)", ("m", "d", "H", "M", "S")),
    (r"(\d+)\.(\d+)\.(\d+)-(\d+):(\d+)", ("Y", "m", "d", "H", "M")),
    (r"(\d+)\.(\d+)\.(\d+)-(\d+):(\d+):(\d+)", ("Y", "m", "d", "H", "M", "S")),
    (r"(\d+)-(\d+)-(\d+) (\d+):(\d+)", ("Y", "m", "d", "H", "M")),
    (r"(\d+)-(\d+)-(\d+) (\d+):(\d+):(\d+)", ("Y", "m", "d", "H", "M", "S")),
]


def parse_date(text: str, now: float, midnight: bool = False) -> float:
    """Seconds since the epoch for `text`; ValueError if busybox would say `invalid date`.
    `midnight`: fields not given default to 00:00:00 of today (date), not to now (touch)."""
    if text.startswith("@"):
        return float(int(text[1:]))
    t = time.gmtime(now)
    fields = {"Y": t.tm_year, "m": t.tm_mon, "d": t.tm_mday, "H": t.tm_hour, "M": t.tm_min, "S": t.tm_sec}
    if midnight:
        fields.update(H=0, M=0, S=0)
    if ":" in text:
        for pattern, names in _WITH_COLON:
            m = re.fullmatch(pattern, text)
            if m:
                fields.update(zip(names, map(int, m.groups())))
                return _to_epoch(fields)
        raise ValueError(text)
    m = re.fullmatch(r"(\d+)-(\d+)-(\d+)", text)
    if m:
        fields.update(zip("Ymd", map(int, m.groups())))
        return _to_epoch(fields)
    return _to_epoch(_digits(text, fields))


def _digits(text: str, fields: dict) -> dict:
    """[[[[[YY]YY]MM]DD]hh]mm[.ss], read from the right."""
    body, dot, secs = text.partition(".")
    if not body.isdigit() or len(body) % 2 or not 2 <= len(body) <= 12 or (dot and not secs.isdigit()):
        raise ValueError(text)
    pairs = [int(body[i:i + 2]) for i in range(0, len(body), 2)]
    fields["M"] = pairs.pop()
    for name in ("H", "d", "m"):
        if pairs:
            fields[name] = pairs.pop()
    if len(pairs) == 2:
        fields["Y"] = pairs[0] * 100 + pairs[1]
    elif pairs:
        fields["Y"] = 2000 + pairs[0] if pairs[0] < 69 else 1900 + pairs[0]
    fields["S"] = int(secs) if dot else 0
    return fields


def _to_epoch(f: dict) -> float:
    if not (1 <= f["m"] <= 12 and 1 <= f["d"] <= 31 and f["H"] <= 23 and f["M"] <= 59 and f["S"] <= 60):
        raise ValueError(f)
    first_of_month = calendar.timegm((f["Y"], f["m"], 1, 0, 0, 0, 0, 0, 0))
    return float(first_of_month + (f["d"] - 1) * 86400 + f["H"] * 3600 + f["M"] * 60 + f["S"])
