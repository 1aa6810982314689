"""Shell patterns (`*`, `?`, `[...]`) for case, ${x#p}/${x%p}/${x/p/r} and pathname expansion.

A pattern arrives as segments of (text, quoted): quoted characters match themselves, so
`"*".txt` looks for a file named `*.txt`. Unquoted text can hold a backslash only when it came
from an expansion; ash lets it quote the next character in `case` and ${x#p} patterns (so
`x='\\*'; case "*" in $x)` matches) but not in pathname expansion, where it is a plain character.
Matching is on whole strings, in the C locale.
"""
from __future__ import annotations

import re
from functools import lru_cache

Segments = tuple[tuple[str, bool], ...]
CLASSES = {
    "alnum": "a-zA-Z0-9", "alpha": "a-zA-Z", "blank": " \\t", "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9", "graph": "!-~", "lower": "a-z", "print": " -~",
    "punct": "!-/:-@\\[-`{-~", "space": " \\t\\n\\r\\f\\v", "upper": "A-Z", "xdigit": "0-9A-Fa-f",
}


def has_magic(segments: Segments) -> bool:
    """True when some unquoted character could match more than itself."""
    return any(not quoted and could_match_more(text) for text, quoted in segments)


def could_match_more(text: str) -> bool:
    """Has `text` a `*`, a `?` or a `[` with a `]` after it? (A lone `[`, as in `[ -n x ]`, is
    just a character, and the shell need not read a directory to find that out.)"""
    if "*" in text or "?" in text:
        return True
    i = text.find("[")
    return i >= 0 and "]" in text[i + 2:]


@lru_cache(maxsize=512)
def compile_pattern(segments: Segments, backslash_escapes: bool = True) -> re.Pattern:
    return re.compile(_translate(_chars(segments, backslash_escapes)), re.S)


def matches(segments: Segments, text: str) -> bool:
    return compile_pattern(segments).fullmatch(text) is not None


def _chars(segments: Segments, backslash_escapes: bool) -> list[tuple[str, bool]]:
    """The pattern as (character, quoted) pairs, with unquoted backslash escapes resolved."""
    chars: list[tuple[str, bool]] = []
    for text, quoted in segments:
        if quoted:
            chars.extend((c, True) for c in text)
            continue
        i = 0
        while i < len(text):
            c = text[i]
            if c == "\\" and backslash_escapes and i + 1 < len(text):
                chars.append((text[i + 1], True))
                i += 2
                continue
            chars.append((c, False))
            i += 1
    return chars


def _translate(chars: list[tuple[str, bool]]) -> str:
    out: list[str] = []
    i = 0
    n = len(chars)
    while i < n:
        c, quoted = chars[i]
        i += 1
        if quoted:
            out.append(re.escape(c))
        elif c == "*":
            if not out or out[-1] != ".*":
                out.append(".*")
        elif c == "?":
            out.append(".")
        elif c == "[":
            bracket, i2 = _bracket(chars, i)
            if bracket is None:
                out.append(re.escape("["))
            else:
                out.append(bracket)
                i = i2
        else:
            out.append(re.escape(c))
    return "".join(out)


def _bracket(chars: list[tuple[str, bool]], i: int) -> tuple[str | None, int]:
    """A bracket expression starting after '['; (None, i) when it is not closed (a literal '[')."""
    n = len(chars)
    negate = False
    if i < n and not chars[i][1] and chars[i][0] in "!^":
        negate = True
        i += 1
    items: list[str] = []
    first = True
    while i < n:
        c, quoted = chars[i]
        if c == "]" and not quoted and not first:
            body = "".join(items)
            if not body:
                return None, i
            return ("[^" if negate else "[") + body + "]", i + 1
        first = False
        if c == "[" and not quoted and i + 1 < n and chars[i + 1] == (":", False):
            end = _class_end(chars, i + 2)
            if end is not None:
                name = "".join(ch for ch, _ in chars[i + 2:end])
                items.append(CLASSES.get(name, ""))
                i = end + 2
                continue
        if i + 2 < n and chars[i + 1] == ("-", False) and chars[i + 2] != ("]", False):
            lo, hi = c, chars[i + 2][0]
            if lo <= hi:
                items.append(_escape_in_class(lo) + "-" + _escape_in_class(hi))
            i += 3
            continue
        items.append(_escape_in_class(c))
        i += 1
    return None, i


def _class_end(chars, i):
    """Index of ':' in the ':]' ending a [:class:], or None."""
    n = len(chars)
    while i + 1 < n:
        if chars[i] == (":", False) and chars[i + 1] == ("]", False):
            return i
        if not chars[i][0].isalpha():
            return None
        i += 1
    return None


def _escape_in_class(c: str) -> str:
    return "\\" + c if c in "\\]^-[" else c


# ---------------------------------------------------------------- ${x#p} ${x%p} ${x/p/r}
def trim(value: str, segments: Segments, op: str) -> str:
    """Remove the shortest/longest prefix (# ##) or suffix (% %%) matching the pattern."""
    rx = compile_pattern(segments)
    n = len(value)
    if op == "#":
        order = range(0, n + 1)
    elif op == "##":
        order = range(n, -1, -1)
    elif op == "%":
        order = range(n, -1, -1)
    else:  # %%
        order = range(0, n + 1)
    if op in ("#", "##"):
        for i in order:
            if rx.fullmatch(value, 0, i):
                return value[i:]
    else:
        for i in order:
            if rx.fullmatch(value, i, n):
                return value[:i]
    return value


def replace(value: str, segments: Segments, repl: str, every: bool) -> str:
    """Replace the longest non-empty match at the leftmost position (every such match for `//`)."""
    rx = compile_pattern(segments)
    out: list[str] = []
    i = 0
    n = len(value)
    while i < n:
        end = next((e for e in range(n, i, -1) if rx.fullmatch(value, i, e)), None)
        if end is None:
            out.append(value[i])
            i += 1
            continue
        out.append(repl)
        i = end
        if not every:
            break
    out.append(value[i:])
    return "".join(out)
