"""Pathname expansion: a field with unquoted `*`, `?` or `[` becomes the sorted list of matching
paths in the container's filesystem (or stays as it is when nothing matches).

Directories are read through `RootFS.listdir`, never the host. As in ash, a name starting with
'.' is matched only by a pattern whose component starts with a literal '.', and then `.` and `..`
match too; a pattern ending in '/' matches directories only.
"""
from __future__ import annotations

from . import pattern

Segments = tuple[tuple[str, bool], ...]


def glob(fs, cwd: str, field: Segments) -> list[str]:
    components = _components(field)
    absolute = bool(components) and components[0] == ()
    if absolute:
        components = components[1:]
    trailing_slash = bool(components) and components[-1] == ()
    if trailing_slash:
        components = components[:-1]
    base = "/" if absolute else ""
    paths = [base]
    for i, comp in enumerate(components):
        last = i == len(components) - 1
        if not pattern.has_magic(comp):
            name = "".join(t for t, _ in comp)
            paths = [p + name + ("" if last else "/") for p in paths]
            continue
        rx = pattern.compile_pattern(comp, backslash_escapes=False)
        dot_ok = bool(comp) and comp[0][0].startswith(".")
        found = []
        for p in paths:
            directory = _absolute(cwd, p)
            try:
                names = fs.listdir(directory)
            except OSError:
                continue
            if dot_ok:
                names = [".", ".."] + names
            for name in names:
                if name.startswith(".") and not dot_ok:
                    continue
                if rx.fullmatch(name):
                    path = p + name
                    if not last:
                        if fs.is_dir(_absolute(cwd, path)):
                            found.append(path + "/")
                    else:
                        found.append(path)
        paths = found
        if not paths:
            return []
    results = []
    for p in paths:
        full = _absolute(cwd, p.rstrip("/") or p)
        if trailing_slash:
            if fs.is_dir(full):
                results.append(p + "/")
        elif fs.exists(full, follow=False):
            results.append(p)
    return sorted(results)


def _components(field: Segments) -> list[Segments]:
    """Split a field on '/' into path components (each a tuple of segments)."""
    comps: list[list[tuple[str, bool]]] = [[]]
    for text, quoted in field:
        pieces = text.split("/")
        for j, piece in enumerate(pieces):
            if j:
                comps.append([])
            if piece:
                comps[-1].append((piece, quoted))
    # collapse empty components in the middle (a//b), keep a leading and trailing one
    out: list[Segments] = []
    for k, comp in enumerate(comps):
        if not comp and 0 < k < len(comps) - 1:
            continue
        out.append(tuple(comp))
    return out


def _absolute(cwd: str, path: str) -> str:
    """The absolute container path of `path` (relative to cwd when it does not start with '/')."""
    if path.startswith("/"):
        return path
    if not path:
        return cwd
    return cwd.rstrip("/") + "/" + path
