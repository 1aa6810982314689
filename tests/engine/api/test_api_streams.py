"""Stream wire formats: moby's jsonmessage lines and stdcopy frames."""
from __future__ import annotations

import io

import pytest

from dockyard.engine.api.streams import (STDERR, STDOUT, StdWriter, aux_line, error_line, errors_in_band,
                                         frame, json_message, status_line, stream_line)
from dockyard.engine.errors import InvalidParameter


@pytest.mark.parametrize("line, expected", [
    (stream_line("Step 1/2 : FROM busybox\n"), b'{"stream":"Step 1/2 : FROM busybox\\n"}\r\n'),
    (status_line("Pulling fs layer", id="a3ed95caeb02"), b'{"status":"Pulling fs layer","id":"a3ed95caeb02"}\r\n'),
    (aux_line({"ID": "sha256:abc"}), b'{"aux":{"ID":"sha256:abc"}}\r\n'),
    (error_line("boom"), b'{"errorDetail":{"message":"boom"},"error":"boom"}\r\n'),
    (error_line("The command '/bin/sh -c false' returned a non-zero code: 1", code=1),
     b'{"errorDetail":{"code":1,"message":"The command \'/bin/sh -c false\' returned a non-zero code: 1"},'
     b'"error":"The command \'/bin/sh -c false\' returned a non-zero code: 1"}\r\n'),
    (json_message(status="Downloading", progress_detail={"current": 1, "total": 2}, progress="[=>  ]", id="abc"),
     b'{"status":"Downloading","progressDetail":{"current":1,"total":2},"progress":"[=\\u003e  ]","id":"abc"}\r\n'),
    (json_message(status="Extracting", progress_detail={}, id="abc"),
     b'{"status":"Extracting","progressDetail":{},"id":"abc"}\r\n'),
])
def test_jsonmessage_lines_are_go_ordered_and_crlf_terminated(line, expected):
    assert line == expected


def test_an_engine_error_ends_a_stream_as_its_last_message():
    def build():
        yield stream_line("Step 1/1 : RUN false\n")
        raise InvalidParameter("The command '/bin/sh -c false' returned a non-zero code: 1")

    lines = list(errors_in_band(build()))
    assert lines[-1].startswith(b'{"errorDetail":{"message":"The command')
    assert len(lines) == 2


@pytest.mark.parametrize("stream, data, expected", [
    (STDOUT, b"hi\n", b"\x01\x00\x00\x00\x00\x00\x00\x03hi\n"),
    (STDERR, b"", b"\x02\x00\x00\x00\x00\x00\x00\x00"),
    (STDOUT, b"x" * 256, b"\x01\x00\x00\x00\x00\x00\x01\x00" + b"x" * 256),
])
def test_stdcopy_frames(stream, data, expected):
    assert frame(stream, data) == expected


def test_a_std_writer_frames_each_write_and_skips_empty_ones():
    out = io.BytesIO()
    writer = StdWriter(out.write, STDERR)
    assert writer.write(b"oops\n") == 5 and writer.write(b"") == 0
    assert out.getvalue() == frame(STDERR, b"oops\n")
