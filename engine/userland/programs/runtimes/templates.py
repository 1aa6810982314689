"""The part of Jinja that course templates use: `{{ expression|filter }}`, `{% if %}` / `{% elif %}` /
`{% else %}`, `{% for x in xs %}`, `{# comments #}`, with HTML autoescaping as Flask configures it.
Expressions are evaluated by the subset interpreter; other tags raise `TemplateUnsupported`.
"""
from __future__ import annotations

import ast
import html
import re

from .pyinterp import Frame, Interpreter, Scope, Thrown

TOKEN = re.compile(r"(\{\{.*?\}\}|\{%-?.*?-?%\}|\{#.*?#\})", re.S)
FILTERS = {"length": len, "count": len, "upper": lambda v: str(v).upper(), "lower": lambda v: str(v).lower(),
           "title": lambda v: str(v).title(), "capitalize": lambda v: str(v).capitalize(),
           "trim": lambda v: str(v).strip(), "string": str, "int": lambda v: int(v), "first": lambda v: v[0],
           "last": lambda v: v[-1], "join": lambda v: "".join(map(str, v)), "default": lambda v: v}


class TemplateUnsupported(Exception):
    pass


class Markup(str):
    """Text that is already HTML (`|safe`)."""


def render(source: str, context: dict, interp: Interpreter) -> str:
    nodes, _ = _parse(TOKEN.split(source), 0, ())
    return "".join(_render(nodes, Scope(dict(context)), interp))


def _parse(parts: list[str], i: int, stops: tuple[str, ...]):
    """Nested (kind, ...) nodes up to one of the `stops` tags; returns (nodes, index after)."""
    nodes: list = []
    while i < len(parts):
        part = parts[i]
        i += 1
        if part.startswith("{#"):
            continue
        if part.startswith("{{"):
            nodes.append(("expr", part[2:-2].strip()))
        elif part.startswith("{%"):
            tag = part[2:-2].strip("- \t\n")
            word = tag.split(None, 1)[0] if tag else ""
            if word in stops:
                return nodes, i - 1
            if word == "if":
                branches, i = _parse_if(parts, i, tag[2:].strip())
                nodes.append(("if", branches))
            elif word == "for":
                target, _, iterable = tag[3:].partition(" in ")
                body, i = _parse(parts, i, ("endfor", "else"))
                empty = []
                if _tag(parts[i]) == "else":
                    empty, i = _parse(parts, i + 1, ("endfor",))
                nodes.append(("for", target.strip(), iterable.strip(), body, empty))
                i += 1
            else:
                raise TemplateUnsupported(f"the {{% {word} %}} tag")
        elif part:
            nodes.append(("text", part))
    if stops:
        raise TemplateUnsupported(f"a template missing {{% {stops[0]} %}}")
    return nodes, i


def _parse_if(parts: list[str], i: int, condition: str):
    branches = []
    while True:
        body, i = _parse(parts, i, ("elif", "else", "endif"))
        branches.append((condition, body))
        tag = _tag(parts[i])
        i += 1
        if tag.startswith("elif"):
            condition = tag[4:].strip()
        elif tag == "else":
            condition = "True"
        else:
            return branches, i


def _tag(part: str) -> str:
    return part[2:-2].strip("- \t\n")


def _render(nodes: list, scope: Scope, interp: Interpreter):
    for node in nodes:
        kind = node[0]
        if kind == "text":
            yield node[1]
        elif kind == "expr":
            value = _evaluate(node[1], scope, interp)
            yield value if isinstance(value, Markup) else html.escape(str(value) if value is not None else "")
        elif kind == "if":
            for condition, body in node[1]:
                if _evaluate(condition, scope, interp):
                    yield from _render(body, scope, interp)
                    break
        elif kind == "for":
            items = list(_evaluate(node[2], scope, interp) or [])
            for item in items:
                inner = Scope({}, scope)
                interp.assign(ast.parse(node[1], mode="eval").body, item, inner)
                yield from _render(node[3], inner, interp)
            if not items:
                yield from _render(node[4], scope, interp)


def _evaluate(expression: str, scope: Scope, interp: Interpreter):
    """`user.name|upper` -> the value: Jinja's `.` also reads dict keys, and filters apply in order."""
    head, *filters = [p.strip() for p in expression.split("|")]
    try:
        tree = ast.parse(_keys_as_attributes(head), mode="eval")
    except SyntaxError:
        raise TemplateUnsupported(f"the expression {{{{ {expression} }}}}") from None
    interp.frames.append(Frame("<template>", "template"))
    try:
        value = interp.eval(tree.body, scope)
    except Thrown as thrown:
        if isinstance(thrown.exc, NameError):
            value = ""  # Jinja's Undefined renders as nothing
        else:
            raise
    finally:
        interp.frames.pop()
    for name in filters:
        call, _, arg = name.partition("(")
        if call == "safe":
            value = Markup(str(value))
        elif call in ("e", "escape"):
            value = Markup(html.escape(str(value)))
        elif call == "default":
            value = value if value not in (None, "") else ast.literal_eval(arg.rstrip(")")) if arg else ""
        elif call in FILTERS:
            value = FILTERS[call](value)
        else:
            raise TemplateUnsupported(f"the |{call} filter")
    return value


def _keys_as_attributes(expression: str) -> str:
    """Jinja's `user.name` on a dict means `user['name']`."""
    return re.sub(r"(?<=[\w\]\)])\.([A-Za-z_]\w*)(?!\s*\()", r"['\1']", expression)
