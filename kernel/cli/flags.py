"""Command-line flags with spf13/pflag's semantics, as docker CLI 28 uses them (pflag v1.0.6).

pflag rules reproduced here:

* ``--name value``, ``--name=value``, ``-n value``, ``-nvalue``, ``-n=value``; combined shorthands ``-it``
  (each letter a flag; the first one that takes a value swallows the rest of the word, ``-p80:80``).
* Boolean flags take no value unless it is attached (``--rm=false``, ``-d=true``).
* ``--`` ends the flags; with interspersed parsing off (``docker run``), the first positional argument
  does too, so everything after the IMAGE belongs to the container.
* Error texts are pflag's, word for word: ``unknown flag: --bogus``, ``unknown shorthand flag: 'z' in -z``,
  ``flag needs an argument: --name``, ``flag needs an argument: 't' in -t``, ``bad flag syntax: ---x``,
  ``invalid argument "x" for "-t, --time" flag: strconv.ParseInt: parsing "x": invalid syntax``.

The value types of pflag itself (bool, ints, float, duration, string, stringSlice, stringToString,
ipNetSlice) live here; the docker CLI's own types (``list``, ``map``, ``filter``, ``bytes``, ...) live in
:mod:`dockyard.kernel.cli.dockeropts`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping


class FlagError(Exception):
    """A flag could not be parsed; ``str(error)`` is pflag's exact message. ``notices`` holds the
    deprecation warnings pflag had already written before it stopped."""

    def __init__(self, message: str):
        super().__init__(message)
        self.notices: list[str] = []


class InvalidValue(ValueError):
    """A flag value was rejected by its type; the message is what Go's ``Value.Set`` returned."""


# ---------------------------------------------------------------------------------------------------
# Go's formatting of strings and numbers, which the messages quote
# ---------------------------------------------------------------------------------------------------

_GO_ESCAPES = {"\a": r"\a", "\b": r"\b", "\f": r"\f", "\n": r"\n", "\r": r"\r", "\t": r"\t", "\v": r"\v"}


def _go_printable(char: str) -> bool:
    """Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space."""
    return char == " " or unicodedata.category(char)[0] in "LMNPS"


def _go_escape(char: str, quote: str) -> str:
    if char in (quote, "\\"):
        return "\\" + char
    if _go_printable(char):
        return char
    if char in _GO_ESCAPES:
        return _GO_ESCAPES[char]
    code = ord(char)
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (os.fsdecode's surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def go_quote(text: str) -> str:
    """Go's ``%q`` / ``strconv.Quote`` of a string."""
    return '"' + "".join(_go_escape(char, '"') for char in text) + '"'


def go_quote_byte(byte: int) -> str:
    """Go's ``%q`` of a single byte (pflag quotes the shorthand letter this way)."""
    return "'" + _go_escape(chr(byte), "'") + "'"


def go_bytes(text: str) -> bytes:
    """The bytes Go would see for a command-line word (Python keeps undecodable bytes of argv as
    lone surrogates; any other lone surrogate, from Python code, is kept as its UTF-8 form)."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def _num_error(function: str, text: str, reason: str) -> InvalidValue:
    return InvalidValue(f"strconv.{function}: parsing {go_quote(text)}: {reason}")


_BASE_PREFIXES = {"0x": 16, "0X": 16, "0b": 2, "0B": 2, "0o": 8, "0O": 8}


def _underscores_ok(text: str) -> bool:
    """Go's strconv.underscoreOK: an underscore must sit between digits (a base prefix counts)."""
    body = text[1:] if text[:1] in ("+", "-") else text
    seen, start, hexadecimal = "^", 0, False
    if len(body) >= 2 and body[0] == "0" and body[1].lower() in "box":
        seen, start, hexadecimal = "0", 2, body[1].lower() == "x"
    for char in body[start:]:
        if char.isascii() and (char.isdigit() or (hexadecimal and char.lower() in "abcdef")):
            seen = "0"
        elif char == "_":
            if seen != "0":
                return False
            seen = "_"
        elif seen == "_":
            return False
        else:
            seen = "!"
    return seen != "_"


def _parse_unsigned(text: str, bits: int, function: str, original: str) -> int:
    if not text:
        raise _num_error(function, original, "invalid syntax")
    base, digits = 10, text
    if text[:2] in _BASE_PREFIXES:
        base, digits = _BASE_PREFIXES[text[:2]], text[2:]
    elif text[0] == "0" and len(text) > 1:
        base, digits = 8, text[1:]
    if "_" in digits:
        if not _underscores_ok(text):
            raise _num_error(function, original, "invalid syntax")
        digits = digits.replace("_", "")
    alphabet = "0123456789abcdef"[:base]
    if not digits or any(char not in alphabet for char in digits.lower()):
        raise _num_error(function, original, "invalid syntax")
    value = int(digits, base)
    if value >= 1 << bits:
        raise _num_error(function, original, "value out of range")
    return value


def parse_go_uint(text: str, bits: int = 64) -> int:
    """``strconv.ParseUint(text, 0, bits)``: base from the prefix (0x, 0o, 0b, 0), Go's messages."""
    return _parse_unsigned(text, bits, "ParseUint", text)


def parse_go_int(text: str, bits: int = 64, base10: bool = False) -> int:
    """``strconv.ParseInt(text, 0, bits)`` (or base 10 with ``base10``), with Go's messages."""
    sign, body = 1, text
    if body[:1] in "+-" and body:
        sign, body = (-1 if body[0] == "-" else 1), body[1:]
    if base10:
        if not body or not body.isascii() or not body.isdigit():
            raise _num_error("ParseInt", text, "invalid syntax")
        magnitude = int(body)
    else:
        magnitude = _parse_unsigned(body, bits, "ParseInt", text) if body else -1
        if magnitude < 0:
            raise _num_error("ParseInt", text, "invalid syntax")
    limit = 1 << (bits - 1)
    if (sign > 0 and magnitude >= limit) or (sign < 0 and magnitude > limit):
        raise _num_error("ParseInt", text, "value out of range")
    return sign * magnitude


def parse_go_atoi(text: str) -> int:
    """``strconv.Atoi``: base 10, and Go names the function ``Atoi`` in its message."""
    try:
        return parse_go_int(text, base10=True)
    except InvalidValue as error:
        raise InvalidValue(str(error).replace("strconv.ParseInt", "strconv.Atoi", 1)) from None


# Patterns are kept as text: `re` compiles (and caches) them on first use, not at import.
_DECIMAL_FLOAT = r"(?a)[+-]?(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?"
_HEX_FLOAT = r"(?a)[+-]?0[xX](?:[\da-fA-F_]+\.?[\da-fA-F_]*|\.[\da-fA-F_]+)[pP][+-]?\d[\d_]*"
_SPECIAL_FLOAT = r"(?i)[+-]?(?:inf|infinity|nan)"


def parse_go_float(text: str, bits: int = 64) -> float:
    """``strconv.ParseFloat(text, bits)`` for the syntax Go accepts (decimal, hex, inf, nan)."""
    if re.fullmatch(_SPECIAL_FLOAT, text):
        return float(text)
    if re.fullmatch(_HEX_FLOAT, text) and ("_" not in text or _underscores_ok(text)):
        mantissa, _, exponent = text.replace("_", "").lower().partition("p")
        sign = -1.0 if mantissa.startswith("-") else 1.0
        mantissa = mantissa.lstrip("+-")[2:]
        whole, _, fraction = mantissa.partition(".")
        value = sign * int(whole + fraction or "0", 16) / (16 ** len(fraction)) * 2.0 ** int(exponent)
    elif re.fullmatch(_DECIMAL_FLOAT, text) and ("_" not in text or _underscores_ok(text)):
        value = float(text.replace("_", ""))
    else:
        raise _num_error("ParseFloat", text, "invalid syntax")
    limit = 3.4028234663852886e38 if bits == 32 else 1.7976931348623157e308
    if abs(value) > limit:
        raise _num_error("ParseFloat", text, "value out of range")
    return value


_TRUE = {"1", "t", "T", "TRUE", "true", "True"}
_FALSE = {"0", "f", "F", "FALSE", "false", "False"}


def parse_go_bool(text: str) -> bool:
    """``strconv.ParseBool``."""
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _num_error("ParseBool", text, "invalid syntax")


_DURATION_UNITS = {"ns": 1, "us": 1_000, "µs": 1_000, "μs": 1_000, "ms": 1_000_000,
                   "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000}
_DURATION_PART = r"(?a)(\d*)(?:\.(\d*))?([^\d.]*)"


def parse_go_duration(text: str) -> int:
    """``time.ParseDuration``, in nanoseconds (the Engine API's unit for durations)."""
    invalid = InvalidValue(f"time: invalid duration {go_quote(text)}")
    rest, sign = text, 1
    if rest[:1] in "+-" and rest:
        sign, rest = (-1 if rest[0] == "-" else 1), rest[1:]
    if rest == "0":
        return 0
    if not rest:
        raise invalid
    total = 0
    while rest:
        match = re.match(_DURATION_PART, rest)
        whole, fraction, unit = match.group(1), match.group(2), match.group(3)
        if not whole and not fraction:
            raise invalid
        if not unit:
            raise InvalidValue(f"time: missing unit in duration {go_quote(text)}")
        if unit not in _DURATION_UNITS:
            raise InvalidValue(f"time: unknown unit {go_quote(unit)} in duration {go_quote(text)}")
        scale = _DURATION_UNITS[unit]
        total += int(whole or "0") * scale
        if fraction:
            total += int(int(fraction) * scale / 10 ** len(fraction))
        rest = rest[match.end():]
        if total > (1 << 63) - 1:
            raise invalid
    return sign * total


def format_go_duration(nanoseconds: int) -> str:
    """``time.Duration.String``: ``1h2m3.5s``, ``150ms``, ``0s``."""
    if nanoseconds == 0:
        return "0s"
    sign, ns = ("-" if nanoseconds < 0 else ""), abs(nanoseconds)
    if ns < 1_000_000_000:
        for unit, scale in (("ms", 1_000_000), ("µs", 1_000), ("ns", 1)):
            if ns >= scale:
                return sign + _trim_fraction(ns, scale) + unit
    hours, ns = divmod(ns, 3_600_000_000_000)
    minutes, ns = divmod(ns, 60_000_000_000)
    text = _trim_fraction(ns, 1_000_000_000) + "s"
    if hours or minutes:
        text = f"{minutes}m" + text
    if hours:
        text = f"{hours}h" + text
    return sign + text


def _trim_fraction(value: int, scale: int) -> str:
    whole, fraction = divmod(value, scale)
    digits = str(fraction).rjust(len(str(scale)) - 1, "0").rstrip("0")
    return f"{whole}.{digits}" if digits else str(whole)


# ---------------------------------------------------------------------------------------------------
# Go's encoding/csv, for one record (pflag's slices and several docker options read values with it)
# ---------------------------------------------------------------------------------------------------

def read_csv_record(text: str) -> list[str]:
    """The first record of ``text``, as Go's ``csv.NewReader(strings.NewReader(text)).Read()``
    returns it (default settings), with its error messages and 1-based byte columns."""
    lines = _csv_lines(go_bytes(text))
    line_number, line = 0, b""
    for line_number, line in lines:  # empty lines before the record are skipped
        if line != b"\n":
            break
    else:
        raise InvalidValue("EOF")
    start_line, column, fields = line_number, 1, []
    while True:
        if not line.startswith(b'"'):
            comma = line.find(b",")
            field = line[:comma] if comma >= 0 else line.removesuffix(b"\n")
            if b'"' in field:
                raise _csv_error(start_line, line_number, column + field.index(b'"'), "bare \" in non-quoted-field")
            fields.append(field)
            if comma < 0:
                break
            line, column = line[comma + 1:], column + comma + 1
            continue
        line, column, field = line[1:], column + 1, b""
        while True:
            quote = line.find(b'"')
            if quote >= 0:
                field += line[:quote]
                line, column = line[quote + 1:], column + quote + 1
                if line.startswith(b'"'):
                    field, line, column = field + b'"', line[1:], column + 1
                elif line.startswith(b","):
                    line, column = line[1:], column + 1
                    fields.append(field)
                    break
                elif line in (b"", b"\n"):
                    fields.append(field)
                    return [value.decode("utf-8", "surrogateescape") for value in fields]
                else:
                    raise _csv_error(start_line, line_number, column - 1, "extraneous or missing \" in quoted-field")
            elif line:
                field, column = field + line, column + len(line)
                line_number, line = next(lines, (line_number, b""))
                if line:
                    column = 1
            else:
                raise _csv_error(start_line, line_number, column, "extraneous or missing \" in quoted-field")
    return [value.decode("utf-8", "surrogateescape") for value in fields]


def _csv_lines(data: bytes):
    """Go's csv readLine: split after each "\\n", "\\r\\n" becomes "\\n", a final "\\r" is dropped."""
    number, start = 0, 0
    while start < len(data):
        end = data.find(b"\n", start)
        piece = data[start:] if end < 0 else data[start:end + 1]
        start = len(data) if end < 0 else end + 1
        if end < 0:
            piece = piece.removesuffix(b"\r")
        elif piece.endswith(b"\r\n"):
            piece = piece[:-2] + b"\n"
        number += 1
        yield number, piece


def _csv_error(start_line: int, line: int, column: int, reason: str) -> InvalidValue:
    if start_line != line:
        return InvalidValue(f"record on line {start_line}; parse error on line {line}, column {column}: {reason}")
    return InvalidValue(f"parse error on line {line}, column {column}: {reason}")


# ---------------------------------------------------------------------------------------------------
# Flag value types
# ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SetContext:
    """What a value's ``Set`` may consult besides the text: docker's env validator reads the
    environment (``-e FOO`` takes FOO's value), ``--mount src=./dir`` resolves against the cwd."""

    environ: Mapping[str, str]
    cwd: str
    first: bool  # no flag has set this storage yet (slices replace their default on the first Set)


@dataclass(frozen=True)
class ValueKind:
    """One Go ``flag.Value`` type: its zero value and how text is ``Set`` onto the current value."""

    zero: Callable[[], Any]
    set: Callable[[Any, str, SetContext], Any]
    takes_no_value: bool = False  # pflag's NoOptDefVal "true": `--rm` alone means true


def _replace(convert: Callable[[str], Any]) -> Callable[[Any, str, SetContext], Any]:
    return lambda current, text, context: convert(text)


def _string_slice(current: list[str], text: str, context: SetContext) -> list[str]:
    values = read_csv_record(text) if text else []
    return values if context.first else [*current, *values]


def _string_to_string(current: dict[str, str], text: str, context: SetContext) -> dict[str, str]:
    count = text.count("=")
    if count == 0:
        raise InvalidValue(f"{text} must be formatted as key=value")
    pairs = [text.strip('"')] if count == 1 else read_csv_record(text)
    parsed = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise InvalidValue(f"{pair} must be formatted as key=value")
        parsed[key] = value
    return parsed if context.first else {**current, **parsed}


def _ip_net_slice(current: list[str], text: str, context: SetContext) -> list[str]:
    import ipaddress
    cleaned = re.sub("[\"'`]", "", text)
    networks = []
    for item in (read_csv_record(cleaned) if cleaned else []):
        try:
            networks.append(str(ipaddress.ip_network(item.strip(), strict=False)))
        except ValueError:
            raise InvalidValue(f"invalid string being converted to CIDR: {item}") from None
    return networks if context.first else [*current, *networks]


PFLAG_KINDS: dict[str, ValueKind] = {
    "bool": ValueKind(lambda: False, _replace(parse_go_bool), takes_no_value=True),
    "string": ValueKind(str, _replace(str)),
    "int": ValueKind(int, _replace(parse_go_int)),
    "uint": ValueKind(int, _replace(parse_go_uint)),
    "uint16": ValueKind(int, _replace(lambda text: parse_go_uint(text, 16))),
    "uint32": ValueKind(int, _replace(lambda text: parse_go_uint(text, 32))),
    "float": ValueKind(float, _replace(parse_go_float)),
    "duration": ValueKind(int, _replace(parse_go_duration)),
    "stringSlice": ValueKind(list, _string_slice),
    "stringToString": ValueKind(dict, _string_to_string),
    "ipNetSlice": ValueKind(list, _ip_net_slice),
}


# ---------------------------------------------------------------------------------------------------
# Flags and parsing
# ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Flag:
    """One flag of a docker command, with what pflag and the help template need to know about it."""

    name: str
    kind: str  # a key of the value-kind table: "bool", "string", "list", "bytes", ...
    shorthand: str | None = None
    usage: str = ""
    type_name: str = ""  # the type shown in help ("string", "list", "" for bools)
    default: Any = None  # the typed default; None means the kind's zero value
    default_text: str | None = None  # pflag's " (default X)" suffix, exactly as help prints it
    validator: str | None = None  # docker's validator for list/map values ("env", "label", ...)
    storage: str | None = None  # the flag whose value this one sets (--net sets --network)
    hidden: bool = False
    deprecated: str | None = None
    shorthand_deprecated: str | None = None
    persistent: bool = False  # inherited by subcommands (the root's --help)
    requires: Mapping[str, Any] = field(default_factory=dict)  # daemon features: api, ostype, ...

    @property
    def display_name(self) -> str:
        """How pflag names the flag in `invalid argument` messages: ``-t, --time`` or ``--time``."""
        if self.shorthand and not self.shorthand_deprecated:
            return f"-{self.shorthand}, --{self.name}"
        return f"--{self.name}"


class Cell:
    """The storage one or more flags write into (``--net`` and ``--network`` share one)."""

    __slots__ = ("value", "set_before")

    def __init__(self, value: Any):
        self.value = value
        self.set_before = False


class FlagState:
    """A flag bound to its storage, with pflag's ``Changed`` mark. Inherited persistent flags are
    the same object in every command's flag set, so ``docker --help ps`` asks ps for help."""

    __slots__ = ("flag", "cell", "changed")

    def __init__(self, flag: Flag, cell: Cell):
        self.flag, self.cell, self.changed = flag, cell, False


@dataclass
class ParseResult:
    args: list[str]
    notices: list[str]  # "Flag --time has been deprecated, ..." lines, in order


class FlagSet:
    """One command's flags (its own and those it inherits), parsed the way pflag parses them."""

    def __init__(self, states: Iterable[FlagState], kind_of: Callable[[Flag], ValueKind],
                 context: Callable[[bool], SetContext], interspersed: bool = True):
        self.states = list(states)
        self.by_name = {state.flag.name: state for state in self.states}
        self.by_shorthand = {state.flag.shorthand: state for state in self.states if state.flag.shorthand}
        self.kind_of = kind_of  # a flag's value type (docker's validators make per-flag types)
        self.context = context  # what Set may consult, given whether the storage is still unset
        self.interspersed = interspersed

    def lookup(self, name: str) -> FlagState | None:
        return self.by_name.get(name)

    def lookup_shorthand(self, letter: str) -> FlagState | None:
        return self.by_shorthand.get(letter)

    def takes_no_value(self, state: FlagState | None) -> bool:
        return state is not None and self.kind_of(state.flag).takes_no_value

    def parse(self, argv: list[str]) -> ParseResult:
        """Parse ``argv``; raise FlagError with pflag's message on the first bad flag."""
        args: list[str] = []
        notices: list[str] = []
        rest = list(argv)
        try:
            self._parse_words(rest, args, notices)
        except FlagError as error:
            error.notices = notices
            raise
        return ParseResult(args, notices)

    def _parse_words(self, rest: list[str], args: list[str], notices: list[str]) -> None:
        while rest:
            word = rest.pop(0)
            if len(word) < 2 or word[0] != "-":
                args.append(word)
                if not self.interspersed:
                    args.extend(rest)
                    return
                continue
            if word == "--":
                args.extend(rest)
                return
            if word[1] == "-":
                rest[:] = self._parse_long(word, rest, notices)
            else:
                rest[:] = self._parse_shorthands(word, rest, notices)

    def _parse_long(self, word: str, rest: list[str], notices: list[str]) -> list[str]:
        name = word[2:]
        if not name or name[0] in "-=":
            raise FlagError(f"bad flag syntax: {word}")
        name, has_value, value = name.partition("=")
        state = self.lookup(name)
        if state is None:
            raise FlagError(f"unknown flag: --{name}")
        if not has_value:
            if self.takes_no_value(state):
                value = "true"
            elif rest:
                value, rest = rest[0], rest[1:]
            else:
                raise FlagError(f"flag needs an argument: {word}")
        self.set(state, value, notices)
        return rest

    def _parse_shorthands(self, word: str, rest: list[str], notices: list[str]) -> list[str]:
        # pflag walks the word byte by byte, so a non-ASCII letter is reported as its first byte.
        letters = go_bytes(word[1:])
        while letters:
            if letters.startswith(b"test."):  # pflag lets `go test` flags through untouched
                return rest
            letter, remaining = letters[0], letters[1:]
            state = self.lookup_shorthand(chr(letter)) if letter < 0x80 else None
            shown = letters.decode("utf-8", "surrogateescape")
            if state is None:
                raise FlagError(f"unknown shorthand flag: {go_quote_byte(letter)} in -{shown}")
            if len(letters) > 2 and letters[1:2] == b"=":
                value, letters = remaining[1:].decode("utf-8", "surrogateescape"), b""
            elif self.takes_no_value(state):
                value, letters = "true", remaining
            elif remaining:
                value, letters = remaining.decode("utf-8", "surrogateescape"), b""
            elif rest:
                value, rest, letters = rest[0], rest[1:], b""
            else:
                raise FlagError(f"flag needs an argument: {go_quote_byte(letter)} in -{shown}")
            if state.flag.shorthand_deprecated:
                notices.append(f"Flag shorthand -{state.flag.shorthand} has been deprecated, "
                               f"{state.flag.shorthand_deprecated}")
            self.set(state, value, notices)
        return rest

    def set(self, state: FlagState, text: str, notices: list[str]) -> None:
        """pflag's FlagSet.Set: convert and store, mark Changed, note a deprecated flag's use."""
        flag, cell = state.flag, state.cell
        try:
            cell.value = self.kind_of(flag).set(cell.value, text, self.context(not cell.set_before))
        except InvalidValue as error:
            raise FlagError(f"invalid argument {go_quote(text)} for {go_quote(flag.display_name)} flag: "
                            f"{error}") from None
        cell.set_before = True
        state.changed = True
        if flag.deprecated:
            notices.append(f"Flag --{flag.name} has been deprecated, {flag.deprecated}")
