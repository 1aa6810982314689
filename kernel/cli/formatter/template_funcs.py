"""The functions a docker `--format` template can call: Go's builtins and docker/cli's own.

Each function carries its Go signature, because text/template checks arguments against it
before the call and its complaints are what users read (`wrong number of args for join: want 2
got 1`, `wrong type for value; expected string; got int`). A function reports a Go error (or a
recovered panic) by raising FunctionError with Go's text; the executor prefixes
`error calling NAME: `.
"""
from __future__ import annotations

import functools
from typing import Any, Callable, Optional

from . import gofmt, gojson
from .govalues import GoNil, StringSlice, go_type_name, is_struct, is_true


class FunctionError(Exception):
    """The error result of a template function, worded as Go words it."""


class GoType:
    """A parameter type, as far as argument checking needs it; `nillable` types accept an
    untyped nil (as their zero value)."""

    __slots__ = ("name", "nillable")

    def __init__(self, name: str, nillable: bool = False):
        self.name = name
        self.nillable = nillable

    def accepts(self, value: Any) -> bool:
        """Go's AssignableTo for the concrete (unboxed) values templates handle."""
        if self is ANY or self is VALUE:
            return True
        if self is STRING:
            return isinstance(value, str)
        if self is INT:
            return isinstance(value, int) and not isinstance(value, bool)
        if self is BOOL:
            return isinstance(value, bool)
        if self is STRING_SLICE:
            # Docker's typed []string fields (Env, Cmd) arrive here as JSON arrays of strings.
            return (isinstance(value, list) and all(isinstance(item, str) for item in value)) or (
                isinstance(value, GoNil) and value.go_type == "[]string")
        return False


STRING = GoType("string")
INT = GoType("int")
BOOL = GoType("bool")
ANY = GoType("interface {}", nillable=True)
VALUE = GoType("reflect.Value", nillable=True)  # the builtins that take any value unconverted
STRING_SLICE = GoType("[]string", nillable=True)


class Function:
    """A callable with its Go signature; when `variadic`, the last parameter repeats."""

    __slots__ = ("params", "impl", "variadic")

    def __init__(self, params: tuple[GoType, ...], impl: Callable[..., Any], variadic: bool = False):
        self.params = params
        self.impl = impl
        self.variadic = variadic


# ---------------------------------------------------------------------------------------------
# Go's builtins (text/template funcs.go)


def _index_arg(index: Any, capacity: int) -> int:
    if index is None:
        raise FunctionError("cannot index slice/array with nil")
    if not isinstance(index, int) or isinstance(index, bool):
        raise FunctionError(f"cannot index slice/array with type {go_type_name(index)}")
    if index < 0 or index > capacity:
        raise FunctionError(f"index out of range: {index}")
    return index


def _map_key(index: Any) -> str:
    if index is None:
        raise FunctionError("value is nil; should be of type string")
    if not isinstance(index, str):
        raise FunctionError(f"value has type {go_type_name(index)}; should be string")
    return index


def _index(item: Any, *indexes: Any) -> Any:
    if item is None:
        raise FunctionError("index of untyped nil")
    for index in indexes:
        if isinstance(item, GoNil):
            if item.kind == "pointer":
                raise FunctionError("index of nil pointer")
            item = [] if item.kind == "slice" else {}
        if isinstance(item, str):
            data = item.encode("utf-8")
            position = _index_arg(index, len(data))
            if position == len(data):
                raise FunctionError("reflect: string index out of range")
            item = data[position]  # a byte, as Go's s[i]
        elif isinstance(item, list):
            position = _index_arg(index, len(item))
            if position == len(item):
                raise FunctionError("reflect: slice index out of range")
            item = item[position]
        elif isinstance(item, dict):
            item = item.get(_map_key(index))
        else:
            raise FunctionError(f"can't index item of type {go_type_name(item)}")
    return item


def _slice(item: Any, *indexes: Any) -> Any:
    if item is None:
        raise FunctionError("slice of untyped nil")
    if len(indexes) > 3:
        raise FunctionError(f"too many slice indexes: {len(indexes)}")
    if isinstance(item, str):
        if len(indexes) == 3:
            raise FunctionError("cannot 3-index slice a string")
        sequence: Any = item.encode("utf-8")
    elif isinstance(item, list):
        sequence = item
    else:
        raise FunctionError(f"can't slice item of type {go_type_name(item)}")
    bounds = [0, len(sequence), len(sequence)]
    for i, index in enumerate(indexes):
        bounds[i] = _index_arg(index, len(sequence))
    if bounds[0] > bounds[1]:
        raise FunctionError(f"invalid slice index: {bounds[0]} > {bounds[1]}")
    if len(indexes) == 3 and bounds[1] > bounds[2]:
        raise FunctionError(f"invalid slice index: {bounds[1]} > {bounds[2]}")
    part = sequence[bounds[0]:bounds[1]]
    if isinstance(item, str):
        return part.decode("utf-8", "replace")
    return type(item)(part) if isinstance(item, StringSlice) else part


def _length(item: Any) -> int:
    if item is None:
        # Go asks a zero reflect.Value for its type and recovers the panic.
        raise FunctionError("reflect: call of reflect.Value.Type on zero Value")
    if isinstance(item, GoNil):
        if item.kind == "pointer":
            raise FunctionError("len of nil pointer")
        return 0
    if isinstance(item, str):
        return len(item.encode("utf-8"))
    if isinstance(item, (list, dict)):
        return len(item)
    raise FunctionError(f"len of type {go_type_name(item)}")


def _not(value: Any) -> bool:
    return not is_true(value)


def _call(callee_name: str, function: Any, *args: Any) -> Any:
    if function is None:
        raise FunctionError("call of nil")
    if not callable(function) or not is_struct(function):
        raise FunctionError(f"non-function {callee_name} of type {go_type_name(function)}")
    return function(*args)


def _basic_kind(value: Any) -> Optional[str]:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, complex):
        return "complex"
    if isinstance(value, str):
        return "string"
    return None


def _reflect_kind(value: Any) -> str:
    if value is None:
        return "invalid"
    if isinstance(value, GoNil):
        return value.kind
    if isinstance(value, list):
        return "slice"
    if isinstance(value, dict):
        return "map"
    return "pointer"  # struct-likes play pointers to structs


def _is_nil(value: Any) -> bool:
    return value is None or isinstance(value, GoNil)


def _as_s(value: Any) -> str:
    return gofmt.sprintf("%s", value)


def _eq(first: Any, *others: Any) -> bool:
    if not others:
        raise FunctionError("missing argument for comparison")
    first_kind = _basic_kind(first)
    for other in others:
        other_kind = _basic_kind(other)
        if first_kind != other_kind:
            if first is not None and other is not None:
                raise FunctionError(
                    f"incompatible types for comparison: {go_type_name(first)} and {go_type_name(other)}")
            truth = False
        elif first_kind is not None:
            truth = first == other
        else:
            first_reflect, other_reflect = _reflect_kind(first), _reflect_kind(other)
            if first_reflect != other_reflect and "invalid" not in (first_reflect, other_reflect):
                raise FunctionError(f"non-comparable types {_as_s(first)}: {go_type_name(first)}, "
                                    f"{go_type_name(other)}: {gofmt.format_value(other)}")
            if _is_nil(first) or _is_nil(other):
                truth = _is_nil(first) == _is_nil(other)
            elif other_reflect in ("slice", "map"):
                raise FunctionError(f"non-comparable type {_as_s(other)}: {go_type_name(other)}")
            else:
                truth = first is other
        if truth:
            return True
    return False


def _ne(first: Any, second: Any) -> bool:
    return not _eq(first, second)


def _lt(first: Any, second: Any) -> bool:
    first_kind, second_kind = _basic_kind(first), _basic_kind(second)
    if first_kind is None or second_kind is None:
        raise FunctionError("invalid type for comparison")
    if first_kind != second_kind:
        raise FunctionError(
            f"incompatible types for comparison: {go_type_name(first)} and {go_type_name(second)}")
    if first_kind in ("bool", "complex"):
        raise FunctionError("invalid type for comparison")
    return first < second


def _le(first: Any, second: Any) -> bool:
    return _lt(first, second) or _eq(first, second)


def _gt(first: Any, second: Any) -> bool:
    return not _le(first, second)


def _ge(first: Any, second: Any) -> bool:
    return not _lt(first, second)


def _eval_args(args: tuple) -> str:
    """The text html, js and urlquery escape: fmt.Sprint of the arguments, a nil read as
    "<no value>" as when printed by an action."""
    if len(args) == 1 and isinstance(args[0], str):
        return args[0]
    return gofmt.sprint(*("<no value>" if arg is None else arg for arg in args))


_HTML_ESCAPES = {'"': "&#34;", "'": "&#39;", "&": "&amp;", "<": "&lt;", ">": "&gt;", "\0": "\ufffd"}


def _html(*args: Any) -> str:
    return "".join(_HTML_ESCAPES.get(char, char) for char in _eval_args(args))


_JS_ESCAPES = {"\\": "\\\\", "'": "\\'", '"': '\\"', "<": "\\u003C", ">": "\\u003E", "&": "\\u0026", "=": "\\u003D"}


def _js(*args: Any) -> str:
    out = []
    for char in _eval_args(args):
        if char in _JS_ESCAPES:
            out.append(_JS_ESCAPES[char])
        elif char < " ":
            out.append(f"\\u00{ord(char):02X}")
        elif char < "\x80" or char.isprintable():
            out.append(char)
        else:
            out.append(f"\\u{ord(char):04X}")
    return "".join(out)


def _urlquery(*args: Any) -> str:
    from urllib.parse import quote_plus  # rarely used; kept off the import path

    return quote_plus(_eval_args(args), safe="-_.~")


BUILTINS: dict[str, Function] = {
    "and": Function((VALUE, VALUE), lambda *args: None, variadic=True),  # evaluated by the executor
    "or": Function((VALUE, VALUE), lambda *args: None, variadic=True),   # (they short-circuit)
    "call": Function((VALUE, VALUE), _call, variadic=True),
    "html": Function((ANY,), _html, variadic=True),
    "index": Function((VALUE, VALUE), _index, variadic=True),
    "slice": Function((VALUE, VALUE), _slice, variadic=True),
    "js": Function((ANY,), _js, variadic=True),
    "len": Function((VALUE,), _length),
    "not": Function((VALUE,), _not),
    "print": Function((ANY,), gofmt.sprint, variadic=True),
    "printf": Function((STRING, ANY), gofmt.sprintf, variadic=True),
    "println": Function((ANY,), gofmt.sprintln, variadic=True),
    "urlquery": Function((ANY,), _urlquery, variadic=True),
    "eq": Function((VALUE, VALUE), _eq, variadic=True),
    "ge": Function((VALUE, VALUE), _ge),
    "gt": Function((VALUE, VALUE), _gt),
    "le": Function((VALUE, VALUE), _le),
    "lt": Function((VALUE, VALUE), _lt),
    "ne": Function((VALUE, VALUE), _ne),
}


# ---------------------------------------------------------------------------------------------
# docker/cli templates.go: the functions every docker --format template gets


def _json(value: Any) -> str:
    try:
        return gojson.marshal(value, escape_html=False)
    except gojson.JSONError as error:
        raise FunctionError(str(error)) from None


def _split(text: str, separator: str) -> StringSlice:
    if separator == "":
        return StringSlice(text)  # Go splits after each UTF-8 sequence
    return StringSlice(text.split(separator))


def _join(elements: Any, separator: str) -> str:
    return separator.join(elements) if isinstance(elements, list) else ""


def _simple_case(char: str, mapped: str) -> str:
    """Go maps case one rune to one rune; where Python's mapping grows (ß → SS) Go keeps it."""
    return mapped if len(mapped) == 1 else char


def _lower(text: str) -> str:
    return "".join(_simple_case(char, char.lower()) for char in text)


def _upper(text: str) -> str:
    return "".join(_simple_case(char, char.upper()) for char in text)


def _is_word_separator(char: str) -> bool:
    if char <= "\x7f":
        return not (char.isalnum() or char == "_")
    if char.isalpha() or char.isdecimal():
        return False
    return char.isspace()


def _title(text: str) -> str:
    """strings.Title: title-case the first letter of each word, leave the rest alone."""
    out = []
    previous = " "
    for char in text:
        out.append(_simple_case(char, char.title()) if _is_word_separator(previous) else char)
        previous = char
    return "".join(out)


def _repeat_spaces(count: int) -> str:
    if count < 0:
        raise FunctionError("strings: negative Repeat count")
    return " " * count


def _pad(source: str, prefix: int, suffix: int) -> str:
    if source == "":
        return source
    return _repeat_spaces(prefix) + source + _repeat_spaces(suffix)


def _truncate(source: str, length: int) -> str:
    """Cut to `length` bytes (not characters, as Go slices strings)."""
    data = source.encode("utf-8")
    if len(data) < length:
        return source
    if length < 0:
        raise FunctionError(f"runtime error: slice bounds out of range [:{length}]")
    return data[:length].decode("utf-8", "replace")


DOCKER_FUNCTIONS: dict[str, Function] = {
    "json": Function((ANY,), _json),
    "split": Function((STRING, STRING), _split),
    "join": Function((STRING_SLICE, STRING), _join),
    "title": Function((STRING,), _title),
    "lower": Function((STRING,), _lower),
    "upper": Function((STRING,), _upper),
    "pad": Function((STRING, INT, INT), _pad),
    "truncate": Function((STRING, INT), _truncate),
}


def _first(value: str, *_ignored: Any) -> str:
    return value


# docker/cli HeaderFunctions: a table's header row runs the row template over the header names,
# with these in place of the functions that would mangle a column title.
HEADER_FUNCTIONS: dict[str, Function] = {
    "json": Function((STRING,), _first),
    "split": Function((STRING, STRING), _first),
    "join": Function((STRING, STRING), _first),
    "title": Function((STRING,), _first),
    "lower": Function((STRING,), _first),
    "upper": Function((STRING,), _first),
    "truncate": Function((STRING, INT), _first),
}


# ---------------------------------------------------------------------------------------------
# Methods of struct-like data (a row context's `Label name` and the like)

_ANNOTATED_TYPES = {str: STRING, "str": STRING, int: INT, "int": INT, bool: BOOL, "bool": BOOL}


@functools.lru_cache(maxsize=256)
def _signature(function: Callable, bound: bool) -> tuple[tuple[GoType, ...], bool]:
    import inspect  # only rows with methods need it

    try:
        parameters = list(inspect.signature(function).parameters.values())[1 if bound else 0:]
    except (TypeError, ValueError):  # a builtin without a signature: take any arguments
        return (ANY,), True
    params = tuple(_ANNOTATED_TYPES.get(parameter.annotation, ANY) for parameter in parameters)
    variadic = any(parameter.kind == parameter.VAR_POSITIONAL for parameter in parameters)
    return params, variadic


def method_function(method: Callable) -> Function:
    """A method of struct-like data as a template function; annotated `str`/`int`/`bool`
    parameters are checked as Go checks a method's typed parameters."""
    underlying = getattr(method, "__func__", None)
    params, variadic = _signature(underlying or method, underlying is not None)
    return Function(params, method, variadic)
