"""What a route handler is given: the request, its query parsed with moby's rules, its body.

The body is a readable stream, so a build context of any size is read while it arrives; `body` and
`json()` read it whole for the small JSON bodies most endpoints take.
"""
from __future__ import annotations

import io
import threading
from typing import BinaryIO
from urllib.parse import parse_qsl, unquote

from ..errors import InvalidParameter
from .filters import Filters
from .gojson import EmptyInput, GoJSONError, decode_first

_FALSE_WORDS = frozenset({"", "0", "no", "false", "none"})


class TruncatedBody(InvalidParameter):
    """The client closed the connection before sending the body it announced."""

    def __init__(self):
        super().__init__("unexpected EOF")


class Headers:
    """Request headers, looked up case-insensitively; the first value wins, as Go's Header.Get."""

    __slots__ = ("_values",)

    def __init__(self, pairs: list[tuple[str, str]] | tuple = ()):
        self._values: dict[str, list[str]] = {}
        for name, value in pairs:
            self._values.setdefault(name.lower(), []).append(value)

    def get(self, name: str, default: str | None = None) -> str | None:
        values = self._values.get(name.lower())
        return values[0] if values else default

    def get_all(self, name: str) -> list[str]:
        return list(self._values.get(name.lower(), ()))

    def __contains__(self, name: str) -> bool:
        return name.lower() in self._values


class Query:
    """The query string as a multi-dict, with moby's httputils readers (BoolValue, Int64ValueOrDefault)."""

    __slots__ = ("_values",)

    def __init__(self, query_string: str = ""):
        self._values: dict[str, list[str]] = {}
        for key, value in parse_qsl(query_string, keep_blank_values=True):
            self._values.setdefault(key, []).append(value)

    def __contains__(self, key: str) -> bool:
        return key in self._values

    def get(self, key: str, default: str = "") -> str:
        """The first value of `key` (Go's FormValue), or `default` when absent."""
        values = self._values.get(key)
        return values[0] if values else default

    def get_all(self, key: str) -> list[str]:
        return list(self._values.get(key, ()))

    def bool(self, key: str) -> bool:
        """moby's BoolValue: "", "0", "no", "false" and "none" (any case) are false, anything else true."""
        return self.get(key).strip().lower() not in _FALSE_WORDS

    def timestamp(self, key: str) -> float | None:
        """timetypes.ParseTimestamps of `seconds[.nanoseconds]` (--since, --until); None when absent."""
        value = self.get(key)
        if not value:
            return None
        try:
            return float(value)
        except ValueError:
            raise InvalidParameter(f'invalid value for "{key}": failed to parse value as time or duration: '
                                   f'"{value}"') from None

    def bool_or(self, key: str, default: bool) -> bool:
        """`default` when the key is absent, else bool(key) (moby's BoolValueOrDefault)."""
        return self.bool(key) if key in self._values else default

    def int(self, key: str, default: int = 0) -> int:
        """moby's Int64ValueOrDefault: `default` when empty, else a base-10 integer or InvalidParameter."""
        text = self.get(key)
        if text == "":
            return default
        return parse_go_int(text)

    def int_or_zero(self, key: str) -> int:
        """moby's Int64ValueOrZero: 0 when absent or not a number."""
        try:
            return self.int(key)
        except InvalidParameter:
            return 0

    def filters(self) -> Filters:
        """The `filters` parameter, in either of the shapes clients send."""
        return Filters.from_json(self.get("filters"))


def parse_go_int(text: str) -> int:
    """An int64 as Go's strconv.ParseInt(text, 10, 64) reads it, with its error messages."""
    digits = text[1:] if text[:1] in "+-" else text
    if not digits or not digits.isascii() or not digits.isdigit():
        raise InvalidParameter(f'strconv.ParseInt: parsing "{text}": invalid syntax')
    value = int(text)
    if not -(2**63) <= value < 2**63:
        raise InvalidParameter(f'strconv.ParseInt: parsing "{text}": value out of range')
    return value


class Request:
    """One API request. The App fills in `params`, `api_version` and `daemon` before the handler runs.

    `cancelled` is set when the client goes away, so a handler producing a long stream (logs --follow,
    events) can stop waiting.
    """

    __slots__ = ("method", "path", "query_string", "headers", "stream", "params", "api_version", "daemon",
                 "cancelled", "_query", "_body")

    def __init__(self, method: str, target: str, headers: Headers | list[tuple[str, str]] = (),
                 body: bytes | BinaryIO = b""):
        self.method = method
        raw_path, _, self.query_string = target.partition("?")
        self.path = unquote(raw_path)
        self.headers = headers if isinstance(headers, Headers) else Headers(headers)
        if isinstance(body, (bytes, bytearray)):
            self.stream: BinaryIO = io.BytesIO(body)
            self._body: bytes | None = bytes(body)
        else:
            self.stream = body
            self._body = None
        self.params: dict[str, str] = {}
        self.api_version = ""
        self.daemon = None
        self.cancelled = threading.Event()
        self._query: Query | None = None

    @property
    def query(self) -> Query:
        if self._query is None:
            self._query = Query(self.query_string)
        return self._query

    @property
    def body(self) -> bytes:
        """The whole body (read from the stream on first use)."""
        if self._body is None:
            self._body = self.stream.read()
        return self._body

    def json(self, *, required: bool = True) -> object:
        """The body as JSON, checked as moby's handlers check it.

        The Content-Type must be application/json unless the body is empty; an empty body is
        "got EOF while reading request body" when `required`, else None.
        """
        self._check_json_content_type()
        try:
            return decode_first(self.body.decode("utf-8", "replace"))
        except EmptyInput:
            if required:
                raise InvalidParameter("got EOF while reading request body") from None
            return None
        except GoJSONError as e:
            raise InvalidParameter(str(e)) from None

    def _check_json_content_type(self) -> None:
        """moby's CheckForJSON: no Content-Type is fine only for a request declared without a body."""
        content_type = self.headers.get("content-type", "")
        if content_type == "" and not self._declares_body():
            return
        media_type = content_type.split(";", 1)[0].strip().lower()
        if media_type != "application/json":
            raise InvalidParameter(f"Content-Type specified ({content_type}) must be 'application/json'")

    def _declares_body(self) -> bool:
        length = self.headers.get("content-length")
        if length is not None:
            return length.strip() != "0"
        return "transfer-encoding" in self.headers
