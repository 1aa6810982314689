"""Reading the Engine API's streams the way the docker CLI does: stdcopy frames and JSON messages."""
from __future__ import annotations

import json
import struct


def write_bytes(stream, data: bytes) -> None:
    """Write raw bytes to a text stream (its binary buffer when it has one) without re-encoding."""
    buf = getattr(stream, "buffer", None)
    if buf is not None:
        stream.flush()
        buf.write(data)
        buf.flush()
    else:
        stream.write(data.decode("utf-8", "replace"))


def demux(chunks):
    """stdcopy: split a multiplexed stream into (stream_id, payload); ids 1 stdout, 2 stderr, 3 error."""
    buf = b""
    for chunk in chunks:
        if not chunk:
            continue
        buf += chunk
        while len(buf) >= 8:
            sid = buf[0]
            (size,) = struct.unpack(">I", buf[4:8])
            if len(buf) < 8 + size:
                break
            yield sid, buf[8:8 + size]
            buf = buf[8 + size:]


def raw_chunks(response, size: int = 8192):
    """The body of a streaming `requests` response, chunk by chunk as it arrives."""
    raw = response.raw
    read = getattr(raw, "read1", None) or raw.read
    while True:
        try:
            chunk = read(size)
        except Exception:
            return
        if not chunk:
            return
        yield chunk


def json_messages(chunks):
    """Decode a JSON message stream (build, pull, push, load): one object per line/concatenated."""
    dec = json.JSONDecoder()
    buf = ""
    for chunk in chunks:
        buf += chunk.decode("utf-8", "replace") if isinstance(chunk, bytes) else chunk
        while True:
            buf = buf.lstrip()
            if not buf:
                break
            try:
                obj, end = dec.raw_decode(buf)
            except ValueError:
                break
            yield obj
            buf = buf[end:]
