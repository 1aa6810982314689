"""npm's version ranges, as much of node-semver as package.json files use.

`^1.2.3`, `~1.2.3`, `1.2.x`, `1.x`, `*`, `latest`, `>=1.0.0 <2`, `1.2.3 - 2.3.4`, and `||` between
alternatives. Prerelease versions are not in the bundled registry, so they are not handled.
"""
from __future__ import annotations

import re

Version = tuple[int, int, int]


def parse(version: str) -> Version | None:
    match = re.fullmatch(r"v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?", version.strip())
    return (int(match.group(1)), int(match.group(2)), int(match.group(3))) if match else None


def _partial(text: str) -> tuple[int | None, int | None, int | None]:
    parts = [None if p in ("x", "X", "*") else int(p) for p in text.lstrip("v=").split(".")[:3] if p != ""]
    while len(parts) < 3:
        parts.append(None)
    return parts[0], parts[1], parts[2]  # type: ignore[return-value]


def _comparators(text: str) -> list[tuple[str, Version]]:
    """One alternative (no `||`) as a list of (operator, version) that must all hold."""
    text = text.strip()
    if text in ("", "*", "latest", "x", "X"):
        return [(">=", (0, 0, 0))]
    hyphen = re.fullmatch(r"(\S+)\s+-\s+(\S+)", text)
    if hyphen:
        return _comparators(f">={hyphen.group(1)}") + _comparators(f"<={hyphen.group(2)}")
    out: list[tuple[str, Version]] = []
    for token in re.findall(r"(?:[<>]=?|=|\^|~)?\s*v?[\dxX*][\w.*]*", text):
        op = re.match(r"[<>]=?|=|\^|~", token)
        op_text = op.group(0) if op else ""
        major, minor, patch = _partial(token[len(op_text):].strip())
        if major is None:
            out.append((">=", (0, 0, 0)))
            continue
        lower = (major, minor or 0, patch or 0)
        if op_text == "^":
            if major > 0 or minor is None:
                upper = (major + 1, 0, 0)
            elif minor > 0 or patch is None:
                upper = (0, minor + 1, 0)
            else:
                upper = (0, 0, patch + 1)
            out += [(">=", lower), ("<", upper)]
        elif op_text == "~":
            upper = (major, minor + 1, 0) if minor is not None else (major + 1, 0, 0)
            out += [(">=", lower), ("<", upper)]
        elif op_text in ("", "=") and (minor is None or patch is None):
            upper = (major + 1, 0, 0) if minor is None else (major, minor + 1, 0)
            out += [(">=", lower), ("<", upper)]
        elif op_text in ("", "="):
            out.append(("=", lower))
        else:
            out.append((op_text, lower))
    return out


def satisfies(version: str, spec: str) -> bool:
    have = parse(version)
    if have is None:
        return False
    for alternative in spec.split("||"):
        checks = {"=": lambda a, b: a == b, ">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b,
                  ">": lambda a, b: a > b, "<": lambda a, b: a < b}
        if all(checks[op](have, want) for op, want in _comparators(alternative)):
            return True
    return False


def best(versions: list[str], spec: str) -> str | None:
    """The highest of `versions` in the range `spec`."""
    candidates = [v for v in versions if satisfies(v, spec)]
    return max(candidates, key=lambda v: parse(v) or (0, 0, 0)) if candidates else None
