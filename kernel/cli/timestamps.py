"""`--since` and `--until` values as the docker CLI sends them (moby api/types/time GetTimestamp).

A Go duration (`10m`, `1h30m`) counts back from now; an RFC 3339 date or time (`2024-01-02`,
`2024-01-02T15:04`, with or without a zone) is read in local time unless it names a zone; a Unix
timestamp (`1700000000.5`) is passed on as it is. What is sent is `seconds.nanoseconds`.
"""
from __future__ import annotations

import datetime
import re
import time

_DURATION_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}
_DURATION = re.compile(r"([0-9]*\.?[0-9]+)(ns|us|µs|μs|ms|s|m|h)")


def parse_duration(text: str) -> float | None:
    """Go's time.ParseDuration, in seconds; None when `text` is not one."""
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")
    if body == "0":
        return 0.0
    if not body or _DURATION.sub("", body):
        return None
    return sign * sum(float(n) * _DURATION_UNITS[u] for n, u in _DURATION.findall(body))


def get_timestamp(value: str, now: float | None = None) -> str:
    """The `since`/`until` query value for `value`; ValueError with Go's message when it is none."""
    now = time.time() if now is None else now
    seconds = parse_duration(value)
    if value != "0" and seconds is not None:
        return str(int(now - seconds))
    in_location = not (any(c in value for c in "zZ+") or value.count("-") == 3)
    moment = _parse_time(value, in_location)
    if moment is None:
        if "-" in value:
            raise ValueError(f'parsing time "{value}": cannot parse as a date')
        if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", value):
            raise ValueError(f'failed to parse value as time or duration: "{value}"')
        return value  # already a Unix timestamp
    whole = int(moment.timestamp())
    return f"{whole}.{moment.microsecond * 1000:09d}"


def _parse_time(value: str, in_location: bool) -> datetime.datetime | None:
    text = value.replace("z", "Z")
    if not in_location and text.endswith("Z"):
        text = text[:-1] + "+00:00"
    for fmt in ("%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%dT%H%z", "%Y-%m-%d%z",
                "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H", "%Y-%m-%d"):
        try:
            moment = datetime.datetime.strptime(text, fmt)
        except ValueError:
            continue
        if moment.tzinfo is None:
            moment = moment.astimezone()  # local time, as ParseInLocation with the local zone
        return moment
    return None
