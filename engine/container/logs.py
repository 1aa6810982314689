"""Container logs in Docker's json-file format: one JSON object per line of output.

`{"log":"hello\\n","stream":"stdout","time":"2026-11-22T05:34:40.123456789Z"}` — stdout and stderr
are kept apart by the `stream` field, so `docker logs` can give each back on its own stream.
"""
from __future__ import annotations

import json
import os
import threading
import time

from .state import rfc3339


class LogWriter:
    """Appends a container's output to its json-file log, splitting it into lines as Docker does."""

    def __init__(self, path: str):
        self.path = path
        self._partial = {"stdout": b"", "stderr": b""}
        self._lock = threading.Lock()
        self._f = None

    def write(self, stream: str, data: bytes) -> None:
        with self._lock:
            buf = self._partial[stream] + data
            *lines, rest = buf.split(b"\n")
            self._partial[stream] = rest
            if lines:
                now = time.time()
                self._emit([(stream, line + b"\n", now) for line in lines])

    def flush(self) -> None:
        """Write out unterminated output (the process exited without a final newline)."""
        with self._lock:
            now = time.time()
            rows = [(s, data, now) for s, data in self._partial.items() if data]
            self._partial = {"stdout": b"", "stderr": b""}
            if rows:
                self._emit(rows)
            if self._f is not None:
                self._f.close()
                self._f = None

    def _emit(self, rows) -> None:
        if self._f is None:
            self._f = open(self.path, "ab")
        out = b"".join(
            json.dumps({"log": data.decode("utf-8", "replace"), "stream": s, "time": rfc3339(t)},
                       ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
            for s, data, t in rows)
        self._f.write(out)
        self._f.flush()


def read(path: str) -> list[tuple[str, bytes, str]]:
    """Every log entry as (stream, data, time)."""
    if not os.path.exists(path):
        return []
    out = []
    with open(path, "rb") as f:
        for line in f:
            try:
                rec = json.loads(line)
            except ValueError:
                continue  # a line cut short by a crash
            out.append((rec.get("stream", "stdout"), rec.get("log", "").encode(), rec.get("time", "")))
    return out
