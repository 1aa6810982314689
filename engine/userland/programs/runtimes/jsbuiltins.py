"""The methods of JavaScript's built-in values (String.prototype, Array.prototype, Number.prototype,
Function.prototype, Object.prototype) and the pure global objects (Math, JSON, Object, Array,
Number, String, parseInt, ...). Each native takes (interpreter, this, arguments).
"""
from __future__ import annotations

import functools
import json
import math
import random
import re

from .jsvalues import (UNDEFINED, JSArray, JSError, JSFunction, JSObject, from_python, number_to_string,
                       strict_equals, to_number, to_string, truthy)


def native(name: str, fn) -> JSFunction:
    return JSFunction(name, native=fn)


def _arg(args: list, i: int, default=UNDEFINED):
    return args[i] if i < len(args) else default


def _int_arg(args: list, i: int, default: int) -> int:
    value = _arg(args, i)
    if value is UNDEFINED:
        return default
    n = to_number(value)
    return 0 if n != n else int(max(min(n, 2 ** 53), -2 ** 53))


def _relative(index: int, length: int) -> int:
    return max(length + index, 0) if index < 0 else min(index, length)


# ---------------------------------------------------------------- String.prototype
def _split(interp, this, args):
    sep, limit = _arg(args, 0), _int_arg(args, 1, 2 ** 32)
    if sep is UNDEFINED:
        parts = [this]
    elif to_string(sep) == "":
        parts = list(this)
    else:
        parts = this.split(to_string(sep))
    return JSArray(parts[:limit])


def _replace(interp, this, args, every: bool = False):
    pattern, replacement = to_string(_arg(args, 0)), _arg(args, 1)
    if isinstance(replacement, JSFunction):
        count = 0
        out, start = [], 0
        while True:
            i = this.find(pattern, start)
            if i < 0 or (count and not every):
                break
            out.append(this[start:i] + to_string(interp.call(replacement, UNDEFINED, [pattern, float(i), this])))
            start, count = i + len(pattern), count + 1
            if not pattern:
                break
        return "".join(out) + this[start:]
    return this.replace(pattern, to_string(replacement), -1 if every else 1)


def _index_of(interp, this, args):
    return float(this.find(to_string(_arg(args, 0)), _int_arg(args, 1, 0)))


STRING = {
    "toUpperCase": lambda i, s, a: s.upper(), "toLowerCase": lambda i, s, a: s.lower(),
    "trim": lambda i, s, a: s.strip(), "trimStart": lambda i, s, a: s.lstrip(), "trimEnd": lambda i, s, a: s.rstrip(),
    "split": _split, "replace": _replace, "replaceAll": lambda i, s, a: _replace(i, s, a, every=True),
    "includes": lambda i, s, a: to_string(_arg(a, 0)) in s[_int_arg(a, 1, 0):],
    "startsWith": lambda i, s, a: s.startswith(to_string(_arg(a, 0)), _int_arg(a, 1, 0)),
    "endsWith": lambda i, s, a: s[:_int_arg(a, 1, len(s))].endswith(to_string(_arg(a, 0))),
    "indexOf": _index_of, "lastIndexOf": lambda i, s, a: float(s.rfind(to_string(_arg(a, 0)))),
    "slice": lambda i, s, a: s[_relative(_int_arg(a, 0, 0), len(s)):_relative(_int_arg(a, 1, len(s)), len(s))],
    "substring": lambda i, s, a: s[min(max(_int_arg(a, 0, 0), 0), len(s)):min(max(_int_arg(a, 1, len(s)), 0), len(s))],
    "repeat": lambda i, s, a: s * _int_arg(a, 0, 0),
    "padStart": lambda i, s, a: _pad(s, a, start=True), "padEnd": lambda i, s, a: _pad(s, a, start=False),
    "charAt": lambda i, s, a: s[_int_arg(a, 0, 0)] if 0 <= _int_arg(a, 0, 0) < len(s) else "",
    "charCodeAt": lambda i, s, a: float(ord(s[_int_arg(a, 0, 0)])) if 0 <= _int_arg(a, 0, 0) < len(s) else math.nan,
    "at": lambda i, s, a: s[_int_arg(a, 0, 0)] if -len(s) <= _int_arg(a, 0, 0) < len(s) else UNDEFINED,
    "concat": lambda i, s, a: s + "".join(to_string(x) for x in a), "toString": lambda i, s, a: s,
    "valueOf": lambda i, s, a: s, "localeCompare": lambda i, s, a: float((s > to_string(_arg(a, 0))) -
                                                                        (s < to_string(_arg(a, 0)))),
}


def _pad(s: str, args: list, start: bool) -> str:
    length = _int_arg(args, 0, 0)
    filler = to_string(_arg(args, 1, " ")) or " "
    if length <= len(s):
        return s
    pad = (filler * length)[:length - len(s)]
    return pad + s if start else s + pad


# ---------------------------------------------------------------- Array.prototype
def _callback(interp, args):
    fn = _arg(args, 0)
    if not isinstance(fn, JSFunction):
        raise interp.error("TypeError", f"{to_string(fn) if fn is not UNDEFINED else 'undefined'} is not a function")
    return fn


def _each(interp, this: JSArray, args):
    fn = _callback(interp, args)
    for i, item in enumerate(list(this.items)):
        yield item, interp.call(fn, UNDEFINED, [item, float(i), this])


def _reduce(interp, this: JSArray, args):
    fn = _callback(interp, args)
    items = list(this.items)
    if len(args) > 1:
        acc, start = args[1], 0
    elif items:
        acc, start = items[0], 1
    else:
        raise interp.error("TypeError", "Reduce of empty array with no initial value")
    for i in range(start, len(items)):
        acc = interp.call(fn, UNDEFINED, [acc, items[i], float(i), this])
    return acc


def _sort(interp, this: JSArray, args):
    """Array.prototype.sort: by a comparator's sign, or by the items' strings; undefined goes last."""
    compare = _arg(args, 0)

    def by_comparator(a, b) -> int:
        v = to_number(interp.call(compare, UNDEFINED, [a, b]))
        return 0 if v != v or v == 0 else (1 if v > 0 else -1)

    def by_string(a, b) -> int:
        x, y = to_string(a), to_string(b)
        return (x > y) - (x < y)
    order = by_comparator if isinstance(compare, JSFunction) else by_string
    defined = [x for x in this.items if x is not UNDEFINED]
    this.items[:] = sorted(defined, key=functools.cmp_to_key(order)) + [UNDEFINED] * (len(this.items) - len(defined))
    return this


def _splice(interp, this: JSArray, args):
    start = _relative(_int_arg(args, 0, 0), len(this.items))
    count = _int_arg(args, 1, len(this.items) - start)
    removed = this.items[start:start + count]
    this.items[start:start + count] = list(args[2:])
    return JSArray(removed)


def _flat(items: list, depth: int) -> list:
    out = []
    for item in items:
        if isinstance(item, JSArray) and depth > 0:
            out.extend(_flat(item.items, depth - 1))
        else:
            out.append(item)
    return out


def _index(items: list, value) -> float:
    for i, item in enumerate(items):
        if strict_equals(item, value):
            return float(i)
    return -1.0


def _push(interp, this: JSArray, args):
    this.items.extend(args)
    return float(len(this.items))


def _unshift(interp, this: JSArray, args):
    this.items[0:0] = args
    return float(len(this.items))


def _for_each(interp, this: JSArray, args):
    for _ in _each(interp, this, args):
        pass
    return UNDEFINED


def _reverse(interp, this: JSArray, args):
    this.items.reverse()
    return this


def _fill(interp, this: JSArray, args):
    this.items[:] = [_arg(args, 0)] * len(this.items)
    return this


ARRAY = {
    "push": _push,
    "pop": lambda i, a, args: a.items.pop() if a.items else UNDEFINED,
    "shift": lambda i, a, args: a.items.pop(0) if a.items else UNDEFINED,
    "unshift": _unshift,
    "map": lambda i, a, args: JSArray([r for _, r in _each(i, a, args)]),
    "filter": lambda i, a, args: JSArray([x for x, r in _each(i, a, args) if truthy(r)]),
    "forEach": _for_each,
    "reduce": _reduce,
    "find": lambda i, a, args: next((x for x, r in _each(i, a, args) if truthy(r)), UNDEFINED),
    "findIndex": lambda i, a, args: next((float(n) for n, (x, r) in enumerate(_each(i, a, args)) if truthy(r)), -1.0),
    "some": lambda i, a, args: any(truthy(r) for _, r in _each(i, a, args)),
    "every": lambda i, a, args: all(truthy(r) for _, r in _each(i, a, args)),
    "includes": lambda i, a, args: any(strict_equals(x, _arg(args, 0)) or (x != x and _arg(args, 0) != _arg(args, 0))
                                       for x in a.items),
    "indexOf": lambda i, a, args: _index(a.items, _arg(args, 0)),
    "join": lambda i, a, args: to_string(_arg(args, 0, ",")).join(
        "" if x is None or x is UNDEFINED else to_string(x) for x in a.items),
    "slice": lambda i, a, args: JSArray(a.items[_relative(_int_arg(args, 0, 0), len(a.items)):
                                                _relative(_int_arg(args, 1, len(a.items)), len(a.items))]),
    "concat": lambda i, a, args: JSArray(a.items + [y for x in args for y in (x.items if isinstance(x, JSArray)
                                                                               else [x])]),
    "reverse": _reverse,
    "sort": _sort, "splice": _splice, "flat": lambda i, a, args: JSArray(_flat(a.items, _int_arg(args, 0, 1))),
    "fill": _fill,
    "at": lambda i, a, args: a.items[_int_arg(args, 0, 0)] if -len(a.items) <= _int_arg(args, 0, 0) < len(a.items)
    else UNDEFINED,
    "toString": lambda i, a, args: to_string(a), "keys": lambda i, a, args: JSArray([float(n) for n in
                                                                                    range(len(a.items))]),
    "entries": lambda i, a, args: JSArray([JSArray([float(n), x]) for n, x in enumerate(a.items)]),
}


# ---------------------------------------------------------------- Number, Function, Object prototypes
def _to_fixed(interp, this, args):
    digits = _int_arg(args, 0, 0)
    if not 0 <= digits <= 100:
        raise interp.error("RangeError", "toFixed() digits argument must be between 0 and 100")
    if abs(this) >= 1e21 or this != this:
        return number_to_string(this)
    from decimal import ROUND_HALF_UP, Decimal
    return str(Decimal(this).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def _number_to_string(interp, this, args):
    radix = _int_arg(args, 0, 10)
    if radix == 10 or not float(this).is_integer():
        return number_to_string(this)
    digits, n, out = "0123456789abcdefghijklmnopqrstuvwxyz", abs(int(this)), ""
    while True:
        n, r = divmod(n, radix)
        out = digits[r] + out
        if not n:
            break
    return ("-" if this < 0 else "") + out


NUMBER = {"toFixed": _to_fixed, "toString": _number_to_string, "valueOf": lambda i, n, a: n,
          "toLocaleString": lambda i, n, a: f"{n:,.3f}".rstrip("0").rstrip(".") if n == n else "NaN"}

FUNCTION = {
    "call": lambda i, f, args: i.call(f, _arg(args, 0), list(args[1:])),
    "apply": lambda i, f, args: i.call(f, _arg(args, 0), list(_arg(args, 1).items) if isinstance(
        _arg(args, 1), JSArray) else []),
    "bind": lambda i, f, args: native(f"bound {f.name}", lambda i2, _t, more: i2.call(f, _arg(args, 0),
                                                                                       list(args[1:]) + list(more))),
}

OBJECT = {
    "hasOwnProperty": lambda i, o, args: isinstance(o, JSObject) and to_string(_arg(args, 0)) in o.props,
    "toString": lambda i, o, args: to_string(o),
    "valueOf": lambda i, o, args: o,
}


def method_of(value, key: str) -> JSFunction | None:
    """The built-in method `key` of a value (its prototype's), bound as JavaScript binds `this`."""
    table = None
    if isinstance(value, str):
        table = STRING
    elif isinstance(value, float):
        table = NUMBER
    elif isinstance(value, JSArray):
        table = ARRAY
    elif isinstance(value, JSFunction):
        table = FUNCTION
    fn = table.get(key) if table is not None else None
    if fn is None and isinstance(value, (JSObject,)):
        fn = OBJECT.get(key)
    if fn is None and isinstance(value, bool) and key == "toString":
        fn = lambda i, b, a: "true" if b else "false"  # noqa: E731
    return native(key, fn) if fn is not None else None


# ---------------------------------------------------------------- global objects
def _math() -> JSObject:
    def unary(fn):
        return native("", lambda i, t, a: _safe(fn, to_number(_arg(a, 0))))

    def js_round(i, t, a):
        x = to_number(_arg(a, 0))
        return x if x != x or x in (math.inf, -math.inf) else float(math.floor(x + 0.5))

    def extreme(pick, empty):
        return native("", lambda i, t, a: empty if not a else (math.nan if any(to_number(v) != to_number(v) for v in a)
                                                               else pick(to_number(v) for v in a)))

    names = {"floor": math.floor, "ceil": math.ceil, "abs": abs, "sqrt": math.sqrt, "trunc": math.trunc,
             "log": math.log, "log10": math.log10, "log2": math.log2, "exp": math.exp, "sin": math.sin,
             "cos": math.cos, "tan": math.tan, "cbrt": lambda x: math.copysign(abs(x) ** (1 / 3), x),
             "sign": lambda x: math.copysign(1, x) if x else x}
    props = {name: unary(fn) for name, fn in names.items()}
    props.update({"PI": math.pi, "E": math.e, "round": native("round", js_round),
                  "random": native("random", lambda i, t, a: random.random()),
                  "max": extreme(max, -math.inf), "min": extreme(min, math.inf),
                  "pow": native("pow", lambda i, t, a: i.binary("**", to_number(_arg(a, 0)), to_number(_arg(a, 1))))})
    return JSObject(props)


def _safe(fn, x: float) -> float:
    try:
        return float(fn(x))
    except (ValueError, OverflowError):
        return math.nan


def json_stringify(value, indent: str = "", _level: str = ""):
    """JSON.stringify: functions and undefined vanish from objects and become null in arrays."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return number_to_string(value) if value == value and value not in (math.inf, -math.inf) else "null"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if value is UNDEFINED or isinstance(value, JSFunction):
        return UNDEFINED
    inner = _level + indent
    if isinstance(value, JSArray):
        items = [json_stringify(v, indent, inner) for v in value.items]
        items = ["null" if v is UNDEFINED else v for v in items]
        if not items:
            return "[]"
        if indent:
            return "[\n" + ",\n".join(inner + v for v in items) + "\n" + _level + "]"
        return "[" + ",".join(items) + "]"
    if isinstance(value, JSError):
        return "{}"
    if isinstance(value, JSObject):
        to_json = getattr(value, "to_json", None)
        if to_json is not None:
            return json_stringify(to_json(), indent, _level)
        pairs = []
        for key in value.keys():
            encoded = json_stringify(value.get(key), indent, inner)
            if encoded is not UNDEFINED:
                pairs.append(json.dumps(key, ensure_ascii=False) + (": " if indent else ":") + encoded)
        if not pairs:
            return "{}"
        if indent:
            return "{\n" + ",\n".join(inner + p for p in pairs) + "\n" + _level + "}"
        return "{" + ",".join(pairs) + "}"
    return UNDEFINED


def _json() -> JSObject:
    def stringify(interp, this, args):
        space = _arg(args, 2)
        indent = " " * min(int(to_number(space)), 10) if isinstance(space, float) else \
            (space[:10] if isinstance(space, str) else "")
        return json_stringify(_arg(args, 0), indent)

    def parse(interp, this, args):
        text = to_string(_arg(args, 0))
        try:
            return from_python(json.loads(text))
        except ValueError as e:
            raise interp.error("SyntaxError", _json_error(text, e)) from None
    return JSObject({"stringify": native("stringify", stringify), "parse": native("parse", parse)})


def _json_error(text: str, e: ValueError) -> str:
    position = getattr(e, "pos", 0)
    if position >= len(text):
        return "Unexpected end of JSON input"
    return f"Unexpected token '{text[position]}', \"{text[:30]}\" is not valid JSON"


def _object_static() -> JSFunction:
    def keys(i, t, a):
        o = _arg(a, 0)
        return JSArray(o.keys() if isinstance(o, JSObject) else [])

    def values(i, t, a):
        o = _arg(a, 0)
        return JSArray([o.get(k) for k in o.keys()] if isinstance(o, JSObject) else [])

    def entries(i, t, a):
        o = _arg(a, 0)
        return JSArray([JSArray([k, o.get(k)]) for k in o.keys()] if isinstance(o, JSObject) else [])

    def assign(i, t, a):
        target = _arg(a, 0)
        for source in a[1:]:
            if isinstance(source, JSObject):
                for k in source.keys():
                    target.set(k, source.get(k))
        return target

    obj = JSFunction("Object", native=lambda i, t, a: _arg(a, 0) if isinstance(_arg(a, 0), JSObject) else JSObject())
    obj.props.update({"keys": native("keys", keys), "values": native("values", values),
                      "entries": native("entries", entries), "assign": native("assign", assign),
                      "freeze": native("freeze", lambda i, t, a: _arg(a, 0))})
    return obj


def _parse_int(interp, this, args):
    text = to_string(_arg(args, 0)).strip()
    radix = _int_arg(args, 1, 10) or 10
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("+-")
    if radix == 16 and text.lower().startswith("0x"):
        text = text[2:]
    digits = ""
    for c in text.lower():
        if c.isalnum() and int(c, 36) < radix:
            digits += c
        else:
            break
    return float(sign * int(digits, radix)) if digits else math.nan


def _parse_float(interp, this, args):
    match = re.match(r"\s*[+-]?(Infinity|\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)", to_string(_arg(args, 0)))
    return to_number(match.group(0)) if match else math.nan


def pure_globals() -> dict:
    array = JSFunction("Array", native=lambda i, t, a: JSArray(list(a)))
    array.props.update({"isArray": native("isArray", lambda i, t, a: isinstance(_arg(a, 0), JSArray)),
                        "from": native("from", lambda i, t, a: JSArray(i.iterate(_arg(a, 0))) if not isinstance(
                            _arg(a, 1), JSFunction) else JSArray([i.call(a[1], UNDEFINED, [x, float(n)])
                                                                   for n, x in enumerate(i.iterate(a[0]))])),
                        "of": native("of", lambda i, t, a: JSArray(list(a)))})
    number = JSFunction("Number", native=lambda i, t, a: to_number(i.to_primitive(_arg(a, 0, 0.0))))
    number.props.update({"isInteger": native("isInteger", lambda i, t, a: isinstance(_arg(a, 0), float) and
                                             _arg(a, 0).is_integer()),
                         "parseInt": native("parseInt", _parse_int), "parseFloat": native("parseFloat", _parse_float),
                         "isNaN": native("isNaN", lambda i, t, a: isinstance(_arg(a, 0), float)
                                         and _arg(a, 0) != _arg(a, 0)),
                         "MAX_SAFE_INTEGER": float(2 ** 53 - 1), "EPSILON": 2.0 ** -52})
    return {
        "Math": _math(), "JSON": _json(), "Object": _object_static(), "Array": array, "Number": number,
        "String": JSFunction("String", native=lambda i, t, a: to_string(i.to_primitive(_arg(a, 0, "")))),
        "Boolean": JSFunction("Boolean", native=lambda i, t, a: truthy(_arg(a, 0))),
        "parseInt": native("parseInt", _parse_int), "parseFloat": native("parseFloat", _parse_float),
        "isNaN": native("isNaN", lambda i, t, a: to_number(_arg(a, 0)) != to_number(_arg(a, 0))),
        "isFinite": native("isFinite", lambda i, t, a: math.isfinite(to_number(_arg(a, 0)))),
        "NaN": math.nan, "Infinity": math.inf,
    }

