"""Tab completion in a cell: docker's commands and flags (from the docker CLI's command tree), the
names the engine knows (images, containers, volumes, networks, asked over the Engine API),
Dockerfile instructions and their flags, and file paths where a command takes one."""
from __future__ import annotations

import os
from typing import Iterable

from ..cells import ENGINE_NAMES
from ..cellsyntax import DOCKERFILE_INSTRUCTIONS
from .cursor import CursorContext, cursor_context

CELL_MAGICS = ("%%dockerfile", "%%docker", "%%file", "%%writefile")
LINE_STARTS = ("docker", "%env", "%engine")

INSTRUCTION_FLAGS = {
    "FROM": ("--platform=",),
    "RUN": ("--mount=", "--network=", "--security="),
    "COPY": ("--from=", "--chown=", "--chmod=", "--link", "--parents", "--exclude="),
    "ADD": ("--chown=", "--chmod=", "--link", "--checksum=", "--keep-git-dir=", "--exclude="),
    "HEALTHCHECK": ("--interval=", "--timeout=", "--start-period=", "--start-interval=", "--retries="),
}

# What each positional argument of a command names; `...` repeats the kind before it.
ARGUMENTS = {
    ("container", "attach"): ("running",),
    ("container", "commit"): ("container", "image"),
    ("container", "cp"): ("cp", "cp"),
    ("container", "create"): ("image",),
    ("container", "diff"): ("container",),
    ("container", "exec"): ("running",),
    ("container", "export"): ("container",),
    ("container", "inspect"): ("container", ...),
    ("container", "kill"): ("running", ...),
    ("container", "logs"): ("container",),
    ("container", "pause"): ("running", ...),
    ("container", "port"): ("container",),
    ("container", "rename"): ("container",),
    ("container", "restart"): ("container", ...),
    ("container", "rm"): ("container", ...),
    ("container", "run"): ("image",),
    ("container", "start"): ("stopped", ...),
    ("container", "stats"): ("running", ...),
    ("container", "stop"): ("running", ...),
    ("container", "top"): ("running",),
    ("container", "unpause"): ("paused", ...),
    ("container", "update"): ("container", ...),
    ("container", "wait"): ("container", ...),
    ("image", "build"): ("directory",),
    ("image", "history"): ("image",),
    ("image", "import"): ("path",),
    ("image", "inspect"): ("image", ...),
    ("image", "pull"): ("image",),
    ("image", "push"): ("image",),
    ("image", "rm"): ("image", ...),
    ("image", "save"): ("image", ...),
    ("image", "tag"): ("image", "image"),
    ("volume", "inspect"): ("volume", ...),
    ("volume", "rm"): ("volume", ...),
    ("network", "connect"): ("network", "container"),
    ("network", "disconnect"): ("network", "container"),
    ("network", "inspect"): ("network", ...),
    ("network", "rm"): ("network", ...),
    ("inspect",): ("object", ...),
}

# What a flag's value names, by flag name.
FLAG_VALUES = {
    "volume": "volume-or-path", "volumes-from": "container", "link": "container", "network": "network",
    "net": "network", "file": "path", "env-file": "path", "label-file": "path", "cidfile": "path",
    "iidfile": "path", "output": "path", "input": "path",
}


def complete(code: str, cursor: int) -> tuple[list[str], int, int]:
    """(matches, start, end): the matches replace code[start:end]."""
    context = cursor_context(code, cursor)
    if context.kind == "magic":
        matches = _magic_line(context)
    elif context.kind == "dockerfile":
        matches = _dockerfile_line(context)
    else:
        matches = _command_line(context)
    return sorted(set(matches), key=_order), context.start, cursor


def _order(match: str) -> tuple:
    return (match.startswith("-"), match.lower(), match)


def _starting(prefix: str, candidates: Iterable[str]) -> list[str]:
    return [c for c in candidates if c.startswith(prefix)]


# ------------------------------------------------------------------------------- line kinds
def _magic_line(context: CursorContext) -> list[str]:
    if not context.words:
        return _starting(context.prefix, CELL_MAGICS)
    magic = context.words[0]
    if magic in ("%%file", "%%writefile"):
        return paths(context.prefix)
    if magic == "%%dockerfile":
        return _docker_words(("build", *context.words[1:]), context.prefix)
    return []


def _command_line(context: CursorContext) -> list[str]:
    words, prefix = context.words, context.prefix
    if not words:
        starts = list(LINE_STARTS)
        if context.first_line:
            starts += CELL_MAGICS
        if prefix.isupper():
            starts += DOCKERFILE_INSTRUCTIONS
        matches = _starting(prefix, starts)
        if context.docker_implied:
            matches += _docker_words((), prefix)
        return matches
    if words[0] == "%engine":
        return _starting(prefix, ENGINE_NAMES) if len(words) == 1 else []
    if words[0] == "%env":
        return _starting(prefix, sorted(os.environ)) if len(words) == 1 else []
    if words[0] == "docker":
        return _docker_words(words[1:], prefix)
    if context.docker_implied:
        return _docker_words(words, prefix)
    return []


def _dockerfile_line(context: CursorContext) -> list[str]:
    words, prefix = context.words, context.prefix
    if not words or (len(words) == 1 and words[0].upper() == "ONBUILD"):
        return [i for i in DOCKERFILE_INSTRUCTIONS if i.startswith(prefix.upper())]
    instruction, rest = words[0].upper(), words[1:]
    if instruction == "ONBUILD":
        instruction, rest = rest[0].upper(), rest[1:]
    if prefix.startswith("--from="):
        names = [*context.stages, *images()]
        return ["--from=" + name for name in _starting(prefix[len("--from="):], names)]
    if prefix.startswith("-"):
        return _starting(prefix, INSTRUCTION_FLAGS.get(instruction, ()))
    arguments = [w for w in rest if not w.startswith("--")]
    if instruction == "FROM":
        return _starting(prefix, images()) if not arguments else _starting(prefix, ["AS"])
    if instruction in ("COPY", "ADD"):
        return paths(prefix, base=_context_dir(context))
    if instruction == "HEALTHCHECK" and not arguments:
        return _starting(prefix, ["CMD", "NONE"])
    return []


def _context_dir(context: CursorContext) -> str:
    """The build context COPY sources are relative to: "." or %%dockerfile's CONTEXT."""
    if context.build_header:
        from ..cells import build_plan
        from ..cellsyntax import command_lines
        lines = command_lines(context.build_header)
        plan = build_plan([w.text for w in lines[0].words] if lines else [])
        if plan is not None:
            return plan.context
    return "."


# ------------------------------------------------------------------------------- docker commands
def _docker_words(words: Iterable[str], prefix: str) -> list[str]:
    """Completions after `docker` and `words`: subcommands, flags, or what the argument names."""
    from ..cli.commandtree import load_tree, value_kind

    command = load_tree()
    positionals: list[str] = []
    value_for = None  # the flag whose value the next word is
    flags_ended = False
    for word in words:
        if value_for is not None:
            value_for = None
            continue
        if word == "--":
            flags_ended = True
        elif word.startswith("-") and len(word) > 1 and not flags_ended:
            flag = _flag_named(command, word)
            if flag is not None and "=" not in word and not value_kind(flag).takes_no_value:
                value_for = flag
        elif not positionals and command.child(word) is not None:
            command = command.child(word)
        else:
            positionals.append(word)
            flags_ended = flags_ended or not command.interspersed
    if value_for is not None:
        return _values(FLAG_VALUES.get(value_for.name), prefix)
    if prefix.startswith("--") and "=" in prefix:
        name, _, value = prefix.partition("=")
        return [f"{name}={match}" for match in _values(FLAG_VALUES.get(name[2:]), value)]
    if prefix.startswith("-") and not flags_ended:
        return _flags(command, prefix)
    if command.is_group and not positionals:
        return _starting(prefix, [name for name, child in command.children.items() if not child.hidden])
    if flags_ended and not command.interspersed and positionals:
        return []  # after `docker run IMAGE`, the words are the container's command
    kinds = ARGUMENTS.get(command.canonical or command.path, ())
    index = len(positionals)
    if kinds and kinds[-1] is ...:
        kinds = kinds[:-1]
        kind = kinds[min(index, len(kinds) - 1)]
    else:
        kind = kinds[index] if index < len(kinds) else None
    return _values(kind, prefix)


def _flag_named(command, word: str):
    names = [word[2:].partition("=")[0]] if word.startswith("--") else list(word[1:])
    for flag in command.all_flags():
        if word.startswith("--") and flag.name == names[0]:
            return flag
        if not word.startswith("--") and flag.shorthand == names[-1]:
            return flag
    return None


def _flags(command, prefix: str) -> list[str]:
    flags = [f for f in command.all_flags() if not f.hidden and not f.deprecated and f.name != "help"]
    matches = _starting(prefix, [f"--{f.name}" for f in flags])
    if len(prefix) <= 2 and not prefix.startswith("--"):
        matches += _starting(prefix, [f"-{f.shorthand}" for f in flags if f.shorthand])
    return matches


def _values(kind: str | None, prefix: str) -> list[str]:
    if kind is None:
        return []
    if kind == "path":
        return paths(prefix)
    if kind == "directory":
        return paths(prefix, directories_only=True)
    if kind == "image":
        return _starting(prefix, images())
    if kind in ("container", "running", "stopped", "paused"):
        return _starting(prefix, containers(kind))
    if kind == "volume":
        return _starting(prefix, volumes())
    if kind == "volume-or-path":
        return _starting(prefix, volumes()) + (paths(prefix) if prefix[:1] in ("", ".", "/", "~") else [])
    if kind == "network":
        return _starting(prefix, networks())
    if kind == "cp":
        return _starting(prefix, [name + ":" for name in containers("container")]) + paths(prefix)
    if kind == "object":
        return _starting(prefix, images() + containers("container") + volumes() + networks())
    return []


# ------------------------------------------------------------------------------- names from the engine
def _api():
    """An Engine API client for the engine the cells use, with a short timeout: completion must not hang."""
    from ..client import connect
    client = connect()
    client.timeout = 2
    return client


def _ask_engine(question) -> list[str]:
    try:
        return question(_api())
    except Exception:  # no engine, or it does not answer: nothing to offer
        return []


def images() -> list[str]:
    def question(api):
        names = []
        for image in api.images():
            for tag in image.get("RepoTags") or []:
                if tag != "<none>:<none>":
                    names.append(tag)
                    if tag.endswith(":latest"):
                        names.append(tag[: -len(":latest")])
        return names
    return _ask_engine(question)


_STATES = {"running": ("running",), "stopped": ("created", "exited", "dead"), "paused": ("paused",)}


def containers(kind: str = "container") -> list[str]:
    def question(api):
        wanted = _STATES.get(kind)
        return [name.lstrip("/") for c in api.containers(all=True)
                if wanted is None or c.get("State") in wanted for name in c.get("Names") or []]
    return _ask_engine(question)


def volumes() -> list[str]:
    return _ask_engine(lambda api: [v["Name"] for v in (api.volumes() or {}).get("Volumes") or []])


def networks() -> list[str]:
    return _ask_engine(lambda api: [n["Name"] for n in api.networks()])


# ------------------------------------------------------------------------------- files
def paths(prefix: str, *, base: str = ".", directories_only: bool = False) -> list[str]:
    """Files and folders whose path starts with `prefix` (relative to `base`); folders end in "/"."""
    folder, _, start = prefix.rpartition("/")
    search = os.path.join(base, os.path.expanduser(folder) or ("/" if prefix.startswith("/") else "."))
    try:
        entries = sorted(os.scandir(search), key=lambda e: e.name)
    except OSError:
        return []
    matches = []
    for entry in entries:
        if not entry.name.startswith(start) or (entry.name.startswith(".") and not start.startswith(".")):
            continue
        is_dir = entry.is_dir()
        if directories_only and not is_dir:
            continue
        head = folder + "/" if folder or prefix.startswith("/") else ""
        matches.append(head + entry.name + ("/" if is_dir else ""))
    return matches
