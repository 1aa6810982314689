"""Wire formats of the Engine API's streams.

jsonmessage: build, pull, push, load and events send one JSON object per line, as moby's
streamformatter writes them (json.Marshal, then "\\r\\n"). The fields keep Go's struct order:
`stream, status, progressDetail, progress, id, from, time, timeNano, errorDetail, error, aux`.

stdcopy: a container's stdout and stderr share one connection as frames with an 8-byte header,
`[stream, 0, 0, 0, big-endian uint32 length]`, stream 0 stdin, 1 stdout, 2 stderr, 3 system error.
"""
from __future__ import annotations

import logging
import struct
from collections.abc import Callable, Iterable, Iterator

from ..errors import EngineError
from .gojson import encode

log = logging.getLogger("dockyard.engine.api")

STDIN, STDOUT, STDERR, SYSTEMERR = 0, 1, 2, 3
_FRAME_HEADER = struct.Struct(">BxxxL")


def json_message(*, stream: str | None = None, status: str | None = None, progress_detail: dict | None = None,
                 progress: str | None = None, id: str | None = None, from_: str | None = None,
                 error: str | None = None, error_code: int | None = None, aux: object = None) -> bytes:
    """One jsonmessage line; fields left out are omitted as Go's `omitempty` omits them.

    `progress_detail` is written even when empty (`{}`), as moby does for every progress update.
    """
    fields: dict[str, object] = {}
    if stream:
        fields["stream"] = stream
    if status:
        fields["status"] = status
    if progress_detail is not None:
        fields["progressDetail"] = progress_detail
    if progress:
        fields["progress"] = progress
    if id:
        fields["id"] = id
    if from_:
        fields["from"] = from_
    if error is not None:
        detail: dict[str, object] = {"code": error_code} if error_code else {}
        if error:
            detail["message"] = error
        fields["errorDetail"] = detail
        if error:
            fields["error"] = error
    if aux is not None:
        fields["aux"] = aux
    return encode(fields, escape_html=True)[:-1] + b"\r\n"


def stream_line(text: str) -> bytes:
    """Builder output: `{"stream": "Step 1/3 : FROM busybox\\n"}`."""
    return json_message(stream=text)


def status_line(status: str, id: str | None = None) -> bytes:
    """Progress without a bar: `{"status": "Pulling fs layer", "id": "a3ed95caeb02"}`."""
    return json_message(status=status, id=id)


def aux_line(value: object) -> bytes:
    """Out-of-band data, e.g. a built image's `{"ID": "sha256:..."}`."""
    return json_message(aux=value)


def error_line(message: str, code: int | None = None) -> bytes:
    """A failure reported in-band: `{"errorDetail": {"code": 1, "message": m}, "error": m}`."""
    return json_message(error=message, error_code=code)


def errors_in_band(lines: Iterable[bytes]) -> Iterator[bytes]:
    """Pass a jsonmessage stream through, turning an engine error it raises into its last line.

    A stream has already sent its 200 when it fails, so the failure can only travel as a message:
    that is what the CLI prints for a failed build or pull.
    """
    try:
        yield from lines
    except EngineError as e:
        yield error_line(str(e))
    except Exception as e:
        log.error("stream failed", exc_info=e)
        yield error_line(f"internal error: {type(e).__name__}: {e}")


def frame(stream: int, data: bytes) -> bytes:
    """One stdcopy frame."""
    return _FRAME_HEADER.pack(stream, len(data)) + data


class StdWriter:
    """Writes everything given to it as frames of one stream, to a shared output (moby's NewStdWriter)."""

    def __init__(self, write: Callable[[bytes], object], stream: int):
        self._write = write
        self._stream = stream

    def write(self, data: bytes) -> int:
        if data:
            self._write(frame(self._stream, data))
        return len(data)
