"""JavaScript values for the simulated Node.js, and the conversions the language defines on them.

Numbers are Python floats, strings `str`, booleans `bool`, `null` is None and `undefined` the
`UNDEFINED` singleton; objects, arrays and functions are the classes below. The conversions
(ToString, ToNumber, truthiness, loose equality) follow the ECMAScript rules course code relies on.
"""
from __future__ import annotations

import math


class _Undefined:
    def __repr__(self) -> str:
        return "undefined"

    def __bool__(self) -> bool:
        return False


UNDEFINED = _Undefined()


class JSObject:
    """A plain object: ordered own properties, and a prototype to look further in."""

    class_name = "Object"

    def __init__(self, props: dict | None = None, proto: "JSObject | None" = None):
        self.props: dict = dict(props or {})
        self.proto = proto

    def get(self, key: str):
        obj = self
        while obj is not None:
            if key in obj.props:
                return obj.props[key]
            obj = obj.proto
        return UNDEFINED

    def set(self, key: str, value) -> None:
        self.props[key] = value

    def keys(self) -> list[str]:
        return list(self.props)


class JSArray(JSObject):
    class_name = "Array"

    def __init__(self, items: list | None = None):
        super().__init__()
        self.items: list = list(items or [])

    def get(self, key: str):
        if key == "length":
            return float(len(self.items))
        index = array_index(key)
        if index is not None:
            return self.items[index] if index < len(self.items) else UNDEFINED
        return super().get(key)

    def set(self, key: str, value) -> None:
        index = array_index(key)
        if index is not None:
            while len(self.items) <= index:
                self.items.append(UNDEFINED)
            self.items[index] = value
        elif key == "length":
            length = int(to_number(value))
            del self.items[length:]
            self.items.extend([UNDEFINED] * (length - len(self.items)))
        else:
            super().set(key, value)

    def keys(self) -> list[str]:
        return [str(i) for i in range(len(self.items))] + list(self.props)


class JSFunction(JSObject):
    """A function: written in the program (`node` set) or provided by the runtime (`native` set)."""

    class_name = "Function"

    def __init__(self, name: str = "", native=None, node=None, scope=None, this=None, arrow: bool = False):
        super().__init__()
        self.name, self.native, self.node, self.scope = name, native, node, scope
        self.bound_this, self.arrow = this, arrow

    def get(self, key: str):
        if key == "name":
            return self.name
        return super().get(key)


class JSError(JSObject):
    """An Error object: name, message and the stack V8 captured when it was made."""

    class_name = "Error"

    def __init__(self, name: str, message: str, stack: str = ""):
        super().__init__({"message": message, "stack": stack or f"{name}: {message}"})
        self.name = name
        self.extra: dict = {}  # own enumerable properties node prints after the stack (code, requireStack)
        self.report_header: str | None = None  # where node says it was thrown, when that is inside node itself

    def get(self, key: str):
        if key == "name":
            return self.name
        if key in self.extra:
            return self.extra[key]
        return super().get(key)


class JSThrow(Exception):
    """A JavaScript exception in flight, with where it was thrown (for node's report)."""

    def __init__(self, value, line: int = 0, col: int = 0, filename: str = ""):
        super().__init__(value)
        self.value, self.line, self.col, self.filename = value, line, col, filename


def array_index(key) -> int | None:
    if isinstance(key, str) and key.isdigit() and (key == "0" or not key.startswith("0")):
        return int(key)
    return None


def number_to_string(x: float) -> str:
    """Number.prototype.toString(): the shortest digits that read back, in JavaScript's layout."""
    if x != x:
        return "NaN"
    if x in (math.inf, -math.inf):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "0"
    if x.is_integer() and abs(x) < 2 ** 53:
        return str(int(x))
    sign = "-" if x < 0 else ""
    mantissa, _, exponent = repr(abs(x)).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = whole + fraction
    point = len(whole) + int(exponent or 0)  # the value is 0.DIGITS x 10**point
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    digits = stripped.rstrip("0") or "0"
    k, n = len(digits), point
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    e = n - 1
    rest = "." + digits[1:] if k > 1 else ""
    return f"{sign}{digits[0]}{rest}e{'+' if e >= 0 else '-'}{abs(e)}"


def to_string(value) -> str:
    if isinstance(value, str):
        return value
    if value is UNDEFINED:
        return "undefined"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return number_to_string(value)
    if isinstance(value, JSArray):
        return ",".join("" if v is None or v is UNDEFINED else to_string(v) for v in value.items)
    if isinstance(value, JSError):
        message = to_string(value.get("message"))
        return f"{value.name}: {message}" if message else value.name
    if isinstance(value, JSFunction):
        return f"function {value.name}() {{ [native code] }}"
    if isinstance(value, JSObject):
        custom = value.get("toString")
        if isinstance(custom, JSFunction) and custom.native is None and hasattr(value, "interp_call"):
            return to_string(value.interp_call(custom))
        return "[object Object]" if value.class_name == "Object" else f"[object {value.class_name}]"
    return str(value)


def to_number(value) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    if isinstance(value, int):
        return float(value)
    if value is None:
        return 0.0
    if value is UNDEFINED:
        return math.nan
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return 0.0
        try:
            if text.lower().startswith(("0x", "-0x", "+0x")):
                return float(int(text, 16))
            if text in ("Infinity", "+Infinity", "-Infinity"):
                return math.inf if not text.startswith("-") else -math.inf
            if any(c.isalpha() and c not in "eE" for c in text):
                return math.nan
            return float(text)
        except ValueError:
            return math.nan
    if isinstance(value, JSArray):
        if not value.items:
            return 0.0
        if len(value.items) == 1:
            return to_number(to_string(value.items[0]))
        return math.nan
    return math.nan


def truthy(value) -> bool:
    if value is UNDEFINED or value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return not (value == 0 or value != value)
    if isinstance(value, str):
        return value != ""
    return True


def typeof(value) -> str:
    if value is UNDEFINED:
        return "undefined"
    if value is None:
        return "object"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, JSFunction):
        return "function"
    return "object"


def strict_equals(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, float) and isinstance(b, float):
        return a == b
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    return a is b


def loose_equals(a, b) -> bool:
    if (a is None or a is UNDEFINED) and (b is None or b is UNDEFINED):
        return True
    if a is None or a is UNDEFINED or b is None or b is UNDEFINED:
        return False
    if type(a) is type(b) or (isinstance(a, JSObject) and isinstance(b, JSObject)):
        return strict_equals(a, b)
    if isinstance(a, bool):
        return loose_equals(to_number(a), b)
    if isinstance(b, bool):
        return loose_equals(a, to_number(b))
    if isinstance(a, (float, str)) and isinstance(b, (float, str)):
        return to_number(a) == to_number(b)
    if isinstance(a, JSObject):
        return loose_equals(to_string(a), b)
    if isinstance(b, JSObject):
        return loose_equals(a, to_string(b))
    return False


def to_int32(value) -> int:
    n = to_number(value)
    if n != n or n in (math.inf, -math.inf):
        return 0
    n = int(n) & 0xFFFFFFFF
    return n - (1 << 32) if n >= (1 << 31) else n


def from_python(value):
    """JSON data (from JSON.parse, a request body) as JavaScript values."""
    if isinstance(value, dict):
        return JSObject({str(k): from_python(v) for k, v in value.items()})
    if isinstance(value, list):
        return JSArray([from_python(v) for v in value])
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    return UNDEFINED
