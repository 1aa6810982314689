"""One instruction line → its `Node`: the instruction word, its --flags, and its arguments
split the way that instruction reads them (BuildKit's `line_parsers.go` and `split_command.go`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from dockyard.engine.dockerfile.gocompat import (
    LATIN1_SPACE_BYTES,
    as_byte_chars,
    from_byte_chars,
    is_space,
    quote,
    to_lower,
    trim_left_space,
    trim_space,
)
from dockyard.engine.dockerfile.nodes import DockerfileSyntaxError, Node

__all__ = ["node_from_line"]

_WHITESPACE = re.compile(r"[\t\v\f\r ]+")
_NOT_STRING_ARRAY = "when using JSON array syntax, arrays must be comprised of strings only"


def node_from_line(line: str, escape_token: str) -> Node:
    command, flags, rest = _split_command(line)
    parse_arguments = _ARGUMENT_PARSERS.get(command, _parse_ignore)
    arguments, json_form = parse_arguments(rest, escape_token)
    return Node(value=command, original=line, flags=flags, next=arguments, json_form=json_form)


def _split_command(line: str) -> tuple[str, list[str], str]:
    """(lowercased instruction, --flags, the rest of the line)."""
    words = _WHITESPACE.split(trim_space(line), maxsplit=1)
    command = to_lower(words[0])
    if len(words) < 2:
        return command, [], ""
    rest, flags = _extract_builder_flags(words[1])
    return command, flags, trim_space(rest)


def _extract_builder_flags(line: str) -> tuple[str, list[str]]:
    """Take the leading `--flag[=value]` words; quotes and `\\` work in them, `--` ends them.

    Docker walks this part byte by byte (a non-ASCII flag value comes out as Latin-1 mojibake,
    byte 0xA0 counts as a blank); that is kept, so flags read exactly as Docker reads them.
    """
    data = as_byte_chars(line)
    words: list[str] = []
    in_spaces, in_word, in_quote = 0, 1, 2
    phase = in_spaces
    word = ""
    quote_char = ""
    blank_ok = False
    pos, end = 0, len(data)
    while pos <= end:
        ch = data[pos] if pos < end else ""
        if phase == in_spaces:
            if pos == end:
                break
            if ord(ch) in LATIN1_SPACE_BYTES:
                pos += 1
                continue
            if ch != "-" or pos + 1 == end or data[pos + 1] != "-":
                return from_byte_chars(data[pos:]), words
            phase = in_word
        if pos == end:
            if word != "--" and (blank_ok or word):
                words.append(word)
            break
        if phase == in_word:
            if ord(ch) in LATIN1_SPACE_BYTES:
                phase = in_spaces
                if word == "--":
                    return from_byte_chars(data[pos:]), words
                if blank_ok or word:
                    words.append(word)
                word, blank_ok = "", False
            elif ch in "'\"":
                quote_char, blank_ok, phase = ch, True, in_quote
            elif ch == "\\" and pos + 1 == end:
                pass  # a backslash at the very end is dropped
            elif ch == "\\":
                pos += 1
                word += data[pos]
            else:
                word += ch
        elif ch == quote_char:
            phase = in_word
        elif ch == "\\" and pos + 1 == end:
            phase = in_word
        elif ch == "\\":
            pos += 1
            word += data[pos]
        else:
            word += ch
        pos += 1
    return "", words


# -- argument parsers: (rest of line, escape token) -> (first argument node, is JSON form) --------

_ArgumentParser = Callable[[str, str], tuple[Node | None, bool]]


def _chain(values: list[str]) -> Node | None:
    first = None
    for value in reversed(values):
        first = Node(value=value, next=first)
    return first


def _parse_ignore(rest: str, escape_token: str) -> tuple[Node | None, bool]:
    """Unknown instructions keep no arguments (BuildKit leaves one empty node, dumped as `""`)."""
    return Node(), False


def _parse_sub_command(rest: str, escape_token: str) -> tuple[Node | None, bool]:
    """ONBUILD: the rest of the line is an instruction of its own."""
    if not rest:
        return None, False
    return Node(children=[node_from_line(rest, escape_token)]), False


def _parse_words(rest: str, escape_token: str) -> list[str]:
    """Split on blanks outside quotes; quotes and escapes are kept in the words (expansion removes them)."""
    words = []
    in_spaces, in_word, in_quote = 0, 1, 2
    phase = in_spaces
    word: list[str] = []
    quote_char = ""
    blank_ok = False
    pos, end = 0, len(rest)
    while pos <= end:
        if phase == in_spaces:
            if pos == end:
                break
            if is_space(rest[pos]):
                pos += 1
                continue
            phase = in_word
        if pos == end:
            if blank_ok or word:
                words.append("".join(word))
            break
        ch = rest[pos]
        if phase == in_word:
            if is_space(ch):
                phase = in_spaces
                if blank_ok or word:
                    words.append("".join(word))
                word, blank_ok = [], False
                pos += 1
                continue
            if ch in "'\"":
                quote_char, blank_ok, phase = ch, True, in_quote
            elif ch == escape_token:
                if pos + 1 == end:
                    pos += 1
                    continue  # an escape token at the end is dropped
                word.append(ch)
                pos += 1
                ch = rest[pos]
        else:
            if ch == quote_char:
                phase = in_word
            elif ch == escape_token and quote_char != "'":
                if pos + 1 == end:
                    phase = in_word
                    pos += 1
                    continue
                word.append(ch)
                pos += 1
                ch = rest[pos]
        word.append(ch)
        pos += 1
    return words


def _parse_name_value(rest: str, escape_token: str, instruction: str) -> Node | None:
    """ENV/LABEL: `key=value ...` or the legacy `key value with spaces`."""
    words = _parse_words(rest, escape_token)
    if not words:
        return None
    if "=" not in words[0]:
        parts = _WHITESPACE.split(rest, maxsplit=1)
        if len(parts) < 2:
            raise DockerfileSyntaxError(f"{instruction} must have two arguments")
        return _chain([parts[0], parts[1], ""])  # "" marks the legacy form
    values = []
    for word in words:
        if "=" not in word:
            raise DockerfileSyntaxError(
                f"Syntax error - can't find = in {quote(word)}. Must be of the form: name=value"
            )
        key, value = word.split("=", 1)
        values.extend((key, value, "="))
    return _chain(values)


def _parse_env(rest: str, escape_token: str) -> tuple[Node | None, bool]:
    return _parse_name_value(rest, escape_token, "ENV"), False


def _parse_label(rest: str, escape_token: str) -> tuple[Node | None, bool]:
    return _parse_name_value(rest, escape_token, "LABEL"), False


def _parse_name_or_name_value(rest: str, escape_token: str) -> tuple[Node | None, bool]:
    """ARG: words, each `name` or `name=value` (split later)."""
    return _chain(_parse_words(rest, escape_token)), False


def _parse_strings_whitespace_delimited(rest: str, escape_token: str) -> tuple[Node | None, bool]:
    if not rest:
        return None, False
    return _chain(_WHITESPACE.split(rest)), False


def _parse_string(rest: str, escape_token: str) -> tuple[Node | None, bool]:
    if not rest:
        return None, False
    return Node(value=rest), False


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _go_number(text: str) -> float:
    """Go decodes JSON numbers into float64 and fails on those out of its range."""
    number = float(text)
    if number in (float("inf"), float("-inf")):
        raise ValueError(f"{text} overflows float64")
    return number


_JSON = json.JSONDecoder(parse_float=_go_number, parse_int=_go_number, parse_constant=_reject_constant)


def _parse_json_array(rest: str) -> list[str] | None:
    """The strings of a JSON array at the start of `rest` (text after it is ignored, as Docker 20.10
    does), None when it is not one, an error when it is one but holds anything but strings."""
    rest = trim_left_space(rest)
    if not rest.startswith("["):
        return None
    try:
        value, _ = _JSON.raw_decode(rest)
    except (ValueError, RecursionError):
        return None
    if not all(isinstance(item, str) for item in value):
        raise DockerfileSyntaxError(_NOT_STRING_ARRAY)
    # Go decodes invalid UTF-8 and lone \\uD800-style escapes to U+FFFD.
    return [re.sub("[\ud800-\udfff]", "\ufffd", item) for item in value]


def _parse_maybe_json(rest: str, escape_token: str) -> tuple[Node | None, bool]:
    """RUN/CMD/ENTRYPOINT/SHELL: a JSON array of strings (exec form) or the whole text (shell form)."""
    if not rest:
        return None, False
    items = _parse_json_array(rest)
    if items is not None:
        return _chain(items), True
    return Node(value=rest), False


def _parse_maybe_json_to_list(rest: str, escape_token: str) -> tuple[Node | None, bool]:
    """ADD/COPY/VOLUME: a JSON array of strings, or blank-separated words."""
    items = _parse_json_array(rest)
    if items is not None:
        return _chain(items), True
    return _parse_strings_whitespace_delimited(rest, escape_token)


def _parse_health_config(rest: str, escape_token: str) -> tuple[Node | None, bool]:
    """HEALTHCHECK: a type word (CMD, NONE, ...) then, like CMD, JSON or shell form (byte-wise, as Docker)."""
    data = as_byte_chars(rest)
    sep = 0
    while sep < len(data) and ord(data[sep]) not in LATIN1_SPACE_BYTES:
        sep += 1
    following = sep
    while following < len(data) and ord(data[following]) in LATIN1_SPACE_BYTES:
        following += 1
    if sep == 0:
        return None, False
    command, json_form = _parse_maybe_json(from_byte_chars(data[following:]), escape_token)
    return Node(value=from_byte_chars(data[:sep]), next=command), json_form


_ARGUMENT_PARSERS: dict[str, _ArgumentParser] = {
    "add": _parse_maybe_json_to_list,
    "arg": _parse_name_or_name_value,
    "cmd": _parse_maybe_json,
    "copy": _parse_maybe_json_to_list,
    "entrypoint": _parse_maybe_json,
    "env": _parse_env,
    "expose": _parse_strings_whitespace_delimited,
    "from": _parse_strings_whitespace_delimited,
    "healthcheck": _parse_health_config,
    "label": _parse_label,
    "maintainer": _parse_string,
    "onbuild": _parse_sub_command,
    "run": _parse_maybe_json,
    "shell": _parse_maybe_json,
    "stopsignal": _parse_string,
    "user": _parse_string,
    "volume": _parse_maybe_json_to_list,
    "workdir": _parse_string,
}
