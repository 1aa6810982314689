"""How Node prints values: util.inspect (console.log of objects, the REPL) and util.format (`%s`, `%d`).

The layout rules are Node's: `{ a: 1, b: 'x' }` on one line while it fits in 80 columns and nests
less than three levels, otherwise one entry per line; arrays of more than six short items grouped
into aligned columns; strings quoted with single quotes unless they contain one; nested objects
beyond depth 2 shown as `[Object]`.
"""
from __future__ import annotations

import math
import re

from .jsvalues import UNDEFINED, JSArray, JSError, JSFunction, JSObject, number_to_string, to_number, to_string

BREAK_LENGTH = 80
COMPACT = 3
MAX_DEPTH = 2
IDENTIFIER = re.compile(r"^[A-Za-z_$][\w$]*$")


class _Context:
    def __init__(self):
        self.indentation = 0
        self.current_depth = 0
        self.seen: list = []


def inspect(value) -> str:
    return _format(_Context(), value, 0, top=True)


def quote(text: str) -> str:
    """Node's choice of quotes: single, unless the string has one (then double, then backtick)."""
    if "'" not in text:
        q = "'"
    elif '"' not in text:
        q = '"'
    elif "`" not in text and "${" not in text:
        q = "`"
    else:
        q = "'"
    escaped = text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
    if q == "'":
        escaped = escaped.replace("'", "\\'")
    return f"{q}{escaped}{q}"


def _format(ctx: _Context, value, depth: int, top: bool = False) -> str:
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "-0" if value == 0 and math.copysign(1, value) < 0 else number_to_string(value)
    if value is UNDEFINED:
        return "undefined"
    if value is None:
        return "null"
    if isinstance(value, JSFunction):
        base = f"[Function: {value.name}]" if value.name else "[Function (anonymous)]"
        if not value.props:
            return base
        return _object(ctx, value, depth, base)
    if isinstance(value, JSError):
        stack = to_string(value.get("stack"))
        if value.extra:
            return _object(ctx, value, depth, stack, entries_only=list(value.extra.items()))
        return stack
    if isinstance(value, JSObject):
        if value in ctx.seen:
            return "[Circular *1]"
        if hasattr(value, "inspect_text"):
            return value.inspect_text()
        return _object(ctx, value, depth, "")
    return str(value)


def _object(ctx: _Context, value: JSObject, depth: int, base: str, entries_only=None) -> str:
    is_array = isinstance(value, JSArray)
    if depth > MAX_DEPTH:
        return "[Array]" if is_array else f"[{value.class_name}]"
    ctx.seen.append(value)
    ctx.current_depth = depth
    ctx.indentation += 2
    output = []
    if is_array:
        output += [_format(ctx, item, depth + 1) for item in value.items]
        keys = list(value.props)
    else:
        keys = [k for k, _ in entries_only] if entries_only is not None else value.keys()
    for key in keys:
        item = dict(entries_only)[key] if entries_only is not None else value.props[key]
        shown_key = key if IDENTIFIER.match(key) else quote(key)
        output.append(f"{shown_key}: {_format(ctx, item, depth + 1)}")
    ctx.indentation -= 2
    ctx.seen.pop()
    braces = ("[", "]") if is_array else ("{", "}")
    if not output:
        return f"{base} {braces[0]}{braces[1]}".strip() if base else f"{braces[0]}{braces[1]}"
    entries = len(output)
    if is_array and entries > 6:
        output = _group(ctx, output, value.items)
    if ctx.current_depth - depth < COMPACT and entries == len(output) and "\n" not in base:
        start = len(output) + ctx.indentation + len(braces[0]) + len(base) + 10
        if _fits(output, start):
            joined = ", ".join(output)
            if "\n" not in joined:
                return (f"{base} " if base else "") + f"{braces[0]} {joined} {braces[1]}"
    indent = "\n" + " " * ctx.indentation
    return (f"{base} " if base else "") + f"{braces[0]}{indent}  " + f",{indent}  ".join(output) + \
        f"{indent}{braces[1]}"


def _fits(output: list[str], start: int) -> bool:
    total = len(output) + start
    if total + len(output) > BREAK_LENGTH:
        return False
    for entry in output:
        total += len(entry)
        if total > BREAK_LENGTH:
            return False
    return True


def _group(ctx: _Context, output: list[str], items: list) -> list[str]:
    """Long arrays of short entries as rows of aligned columns (numbers right-aligned)."""
    separator = 2
    lengths = [len(o) for o in output]
    total = sum(lengths) + separator * len(output)
    longest = max(lengths)
    actual_max = longest + separator
    if not (actual_max * 3 + ctx.indentation < BREAK_LENGTH and (total / actual_max > 5 or longest <= 6)):
        return output
    bias = math.sqrt(actual_max - total / len(output))
    biased_max = max(actual_max - 3 - bias, 1)
    columns = min(round(math.sqrt(2.5 * biased_max * len(output)) / biased_max),
                  (BREAK_LENGTH - ctx.indentation) // actual_max, COMPACT * 4, 15)
    if columns <= 1:
        return output
    widths = [max(lengths[j] for j in range(i, len(output), columns)) + separator for i in range(columns)]
    numbers = all(isinstance(v, float) for v in items)
    rows = []
    for i in range(0, len(output), columns):
        end = min(i + columns, len(output))
        row = ""
        for j in range(i, end - 1):
            cell = f"{output[j]}, "
            row += cell.rjust(widths[j - i]) if numbers else cell.ljust(widths[j - i])
        last = output[end - 1]
        row += last.rjust(widths[end - 1 - i] - separator) if numbers else last
        rows.append(row)
    return rows


def format_args(args: list) -> str:
    """util.format: console.log's arguments, with printf-style placeholders in a first string."""
    if not args:
        return ""
    first, rest = args[0], list(args[1:])
    if isinstance(first, str) and "%" in first and rest:
        out, i = [], 0
        while i < len(first):
            c = first[i]
            if c == "%" and i + 1 < len(first):
                spec = first[i + 1]
                if spec == "%":
                    out.append("%")
                    i += 2
                    continue
                if spec in "sdifjoOc" and rest:
                    value = rest.pop(0)
                    out.append(_placeholder(spec, value))
                    i += 2
                    continue
            out.append(c)
            i += 1
        text = "".join(out)
    else:
        text, rest = (first if isinstance(first, str) else inspect(first)), rest
    return " ".join([text] + [v if isinstance(v, str) else inspect(v) for v in rest])


def _placeholder(spec: str, value) -> str:
    if spec == "s":
        return value if isinstance(value, str) else (inspect(value) if isinstance(value, JSObject) else
                                                     to_string(value))
    if spec in "di":
        n = to_number(value)
        return "NaN" if n != n else number_to_string(float(math.trunc(n)) if spec == "i" or n.is_integer() else n)
    if spec == "f":
        return number_to_string(to_number(value))
    if spec == "j":
        from .jsglobals import json_stringify
        return to_string(json_stringify(value))
    if spec == "c":
        return ""
    return inspect(value)
