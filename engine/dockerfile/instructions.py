"""AST → typed instructions (see `commands`), grouped into build stages.

Follows the `instructions` package Docker 20.10 vendored (BuildKit v0.8): the same checks in the
same order, so the same Dockerfile fails with the same message. Flags are those 20.10 knows:
`FROM --platform`, `COPY --from --chown --chmod`, `ADD --chown --chmod`, `RUN --mount` and
`HEALTHCHECK --interval --timeout --start-period --retries`; anything else is "Unknown flag: x"
(20.10 has no `RUN --network`/`--security`, `COPY --link` or `HEALTHCHECK --start-interval`).
The command classes are re-exported here, so callers need only this module.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from dockyard.engine.dockerfile.commands import (
    AddCommand,
    ArgCommand,
    ArgDefinition,
    CmdCommand,
    Command,
    CopyCommand,
    EntrypointCommand,
    EnvCommand,
    ExposeCommand,
    HealthcheckCommand,
    KeyValue,
    LabelCommand,
    MaintainerCommand,
    OnbuildCommand,
    RunCommand,
    ShellCommand,
    Stage,
    StopSignalCommand,
    UserCommand,
    VolumeCommand,
    WorkdirCommand,
)
from dockyard.engine.dockerfile.gocompat import (
    GoSyntaxError,
    parse_duration,
    parse_int32,
    quote,
    to_lower,
    to_upper,
    trim_space,
)
from dockyard.engine.dockerfile.nodes import DockerfileSyntaxError, Heredoc, Node
from dockyard.engine.dockerfile.parser import parse_heredoc
from dockyard.engine.dockerfile.runmount import Mount, MountSyntaxError, parse_mount
from dockyard.engine.dockerfile.shlex import ExpansionError

__all__ = [
    "AddCommand",
    "ArgCommand",
    "ArgDefinition",
    "CmdCommand",
    "Command",
    "CopyCommand",
    "EntrypointCommand",
    "EnvCommand",
    "ExposeCommand",
    "HealthcheckCommand",
    "KeyValue",
    "LabelCommand",
    "MaintainerCommand",
    "Mount",
    "OnbuildCommand",
    "RunCommand",
    "ShellCommand",
    "Stage",
    "StopSignalCommand",
    "UserCommand",
    "VolumeCommand",
    "WorkdirCommand",
    "parse_dockerfile",
    "parse_instruction",
]

MINIMUM_HEALTHCHECK_DURATION = 1_000_000  # ns; Docker's container.MinimumDuration (1ms)
_STAGE_NAME = re.compile(r"[a-z][a-z0-9-_\.]*\Z")
_ONBUILD_PREFIX = re.compile(r"^[\t\n\f\r ]*ONBUILD[\t\n\f\r ]*", re.IGNORECASE | re.ASCII)


# -- flags ---------------------------------------------------------------------------------------


class _Flags:
    """The --flags of one instruction, declared by its parser and checked by `parse()` (BuildKit's BFlags)."""

    def __init__(self, given: list[str]):
        self.given = given
        self.kinds: dict[str, str] = {}
        self.values: dict[str, str | list[str]] = {}
        self.used: list[str] = []

    def add_string(self, name: str) -> None:
        self.kinds[name] = "string"
        self.values[name] = ""

    def add_strings(self, name: str) -> None:
        self.kinds[name] = "strings"
        self.values[name] = []

    def parse(self) -> None:
        for flag in self.given:
            name, has_value, value = flag[2:].partition("=")
            kind = self.kinds.get(name)
            if kind is None:
                raise DockerfileSyntaxError(f"Unknown flag: {name}")
            if name in self.used and kind != "strings":
                raise DockerfileSyntaxError(f"Duplicate flag specified: {name}")
            if name not in self.used:
                self.used.append(name)
            if not has_value:
                raise DockerfileSyntaxError(f"Missing a value on flag: {name}")
            if kind == "strings":
                self.values[name].append(value)
            else:
                self.values[name] = value


# -- per-instruction parsers ---------------------------------------------------------------------


def _at_least_one(instruction: str) -> DockerfileSyntaxError:
    return DockerfileSyntaxError(f"{instruction} requires at least one argument")


def _exactly_one(instruction: str) -> DockerfileSyntaxError:
    return DockerfileSyntaxError(f"{instruction} requires exactly one argument")


def _no_destination(instruction: str) -> DockerfileSyntaxError:
    return DockerfileSyntaxError(
        f"{instruction} requires at least two arguments, but only one was provided."
        " Destination could not be determined"
    )


def _source(node: Node) -> dict:
    """The fields every command and stage takes from its node."""
    return {"original": trim_space(node.original), "start_line": node.start_line, "end_line": node.end_line}


def _key_values(args: list[str], instruction: str) -> tuple[KeyValue, ...]:
    """ENV/LABEL arguments come from the parser as (key, value, separator) triples."""
    if not args:
        raise _at_least_one(instruction)
    pairs = []
    for key, value in zip(args[0::3], args[1::3]):
        if not key:
            raise DockerfileSyntaxError(f"{instruction} names can not be blank")
        pairs.append(KeyValue(key, value))
    return tuple(pairs)


def _shell_dependent(node: Node, args: list[str]) -> tuple[str, ...]:
    """Exec form as given; shell form joined into the one string the shell will run."""
    if not args or node.json_form:
        return tuple(args)
    return (" ".join(args),)


def _parse_env(node: Node, args: list[str], flags: _Flags) -> EnvCommand:
    flags.parse()
    return EnvCommand(env=_key_values(args, "ENV"), **_source(node))


def _parse_label(node: Node, args: list[str], flags: _Flags) -> LabelCommand:
    flags.parse()
    return LabelCommand(labels=_key_values(args, "LABEL"), **_source(node))


def _parse_maintainer(node: Node, args: list[str], flags: _Flags) -> MaintainerCommand:
    if len(args) != 1:
        raise _exactly_one("MAINTAINER")
    flags.parse()
    return MaintainerCommand(maintainer=args[0], **_source(node))


def _sources(
    node: Node, sources: list[str], dest: str, instruction: str
) -> tuple[tuple[str, ...], tuple[Heredoc, ...]]:
    """Split sources into context paths and heredoc bodies (only when the parser read heredocs)."""
    if not node.heredocs:
        return tuple(sources), ()
    if _heredoc_word(dest) is not None:
        raise DockerfileSyntaxError(f"{instruction} cannot accept a heredoc as a destination")
    bodies = {heredoc.name: heredoc for heredoc in node.heredocs}
    paths, contents = [], []
    for source in sources:
        marker = _heredoc_word(source)
        if marker is None:
            paths.append(source)
            continue
        body = bodies.get(marker.name)
        contents.append(_chomped(replace(marker, content=body.content if body else "")))
    return tuple(paths), tuple(contents)


def _heredoc_word(word: str) -> Heredoc | None:
    try:
        return parse_heredoc(word)
    except ExpansionError:
        return None


def _chomped(heredoc: Heredoc) -> Heredoc:
    """`<<-EOF` removes the leading tabs of every line of the body."""
    if not heredoc.chomp:
        return heredoc
    return replace(heredoc, content=re.sub(r"(?m)^\t+", "", heredoc.content))


def _parse_add(node: Node, args: list[str], flags: _Flags) -> AddCommand:
    if len(args) < 2:
        raise _no_destination("ADD")
    flags.add_string("chown")
    flags.add_string("chmod")
    flags.parse()
    sources, contents = _sources(node, args[:-1], args[-1], "ADD")
    return AddCommand(
        sources=sources,
        dest=args[-1],
        chown=flags.values["chown"],
        chmod=flags.values["chmod"],
        source_contents=contents,
        **_source(node),
    )


def _parse_copy(node: Node, args: list[str], flags: _Flags) -> CopyCommand:
    if len(args) < 2:
        raise _no_destination("COPY")
    flags.add_string("chown")
    flags.add_string("from")
    flags.add_string("chmod")
    flags.parse()
    sources, contents = _sources(node, args[:-1], args[-1], "COPY")
    return CopyCommand(
        sources=sources,
        dest=args[-1],
        from_stage=flags.values["from"],
        chown=flags.values["chown"],
        chmod=flags.values["chmod"],
        source_contents=contents,
        **_source(node),
    )


def _parse_from(node: Node, args: list[str], flags: _Flags) -> Stage:
    stage_name = ""
    if len(args) == 3 and args[1].lower() == "as":
        stage_name = to_lower(args[2])
        if not _STAGE_NAME.match(stage_name):
            raise DockerfileSyntaxError(
                f"invalid name for build stage: {quote(args[2])},"
                " name can't start with a number or contain symbols"
            )
    elif len(args) != 1:
        raise DockerfileSyntaxError("FROM requires either one or three arguments")
    flags.add_string("platform")
    flags.parse()
    return Stage(name=stage_name, base_name=args[0], platform=flags.values["platform"], **_source(node))


def _parse_onbuild(node: Node, args: list[str], flags: _Flags) -> OnbuildCommand:
    if not args:
        raise _at_least_one("ONBUILD")
    flags.parse()
    trigger = to_upper(trim_space(args[0]))
    if trigger == "ONBUILD":
        raise DockerfileSyntaxError("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed")
    if trigger in ("MAINTAINER", "FROM"):
        raise DockerfileSyntaxError(f"{trigger} isn't allowed as an ONBUILD trigger")
    expression = _ONBUILD_PREFIX.sub("", node.original, count=1)
    for heredoc in node.heredocs:
        expression += "\n" + heredoc.content + heredoc.name
    return OnbuildCommand(expression=expression, **_source(node))


def _parse_workdir(node: Node, args: list[str], flags: _Flags) -> WorkdirCommand:
    if len(args) != 1:
        raise _exactly_one("WORKDIR")
    flags.parse()
    return WorkdirCommand(path=args[0], **_source(node))


def _parse_run(node: Node, args: list[str], flags: _Flags) -> RunCommand:
    flags.add_strings("mount")
    flags.parse()
    try:
        mounts = tuple(parse_mount(value) for value in flags.values["mount"])
    except MountSyntaxError as error:
        raise DockerfileSyntaxError(str(error)) from None
    return RunCommand(
        command=_shell_dependent(node, args),
        prepend_shell=not node.json_form,
        flags_used=tuple(flags.used),
        mounts=mounts,
        heredocs=tuple(_chomped(heredoc) for heredoc in node.heredocs),
        **_source(node),
    )


def _parse_cmd(node: Node, args: list[str], flags: _Flags) -> CmdCommand:
    flags.parse()
    return CmdCommand(command=_shell_dependent(node, args), prepend_shell=not node.json_form, **_source(node))


def _parse_entrypoint(node: Node, args: list[str], flags: _Flags) -> EntrypointCommand:
    flags.parse()
    command = _shell_dependent(node, args)
    return EntrypointCommand(command=command or None, prepend_shell=not node.json_form, **_source(node))


def _duration_flag(flags: _Flags, name: str) -> int:
    text = flags.values[name]
    if not text:
        return 0
    try:
        nanoseconds = parse_duration(text)
    except GoSyntaxError as error:
        raise DockerfileSyntaxError(str(error)) from None
    if nanoseconds < MINIMUM_HEALTHCHECK_DURATION:
        raise DockerfileSyntaxError(f"Interval {quote(name)} cannot be less than 1ms")
    return nanoseconds


def _parse_healthcheck(node: Node, args: list[str], flags: _Flags) -> HealthcheckCommand:
    if not args:
        raise _at_least_one("HEALTHCHECK")
    kind = to_upper(args[0])
    if kind == "NONE":
        if len(args) > 1:
            raise DockerfileSyntaxError("HEALTHCHECK NONE takes no arguments")
        return HealthcheckCommand(test=("NONE",), **_source(node))
    for name in ("interval", "timeout", "start-period", "retries"):
        flags.add_string(name)
    flags.parse()
    if kind != "CMD":
        raise DockerfileSyntaxError(f"Unknown type {quote(kind)} in HEALTHCHECK (try CMD)")
    command = _shell_dependent(node, args[1:])
    if not command:
        raise DockerfileSyntaxError("Missing command after HEALTHCHECK CMD")
    test = ("CMD" if node.json_form else "CMD-SHELL",) + command
    interval = _duration_flag(flags, "interval")
    timeout = _duration_flag(flags, "timeout")
    start_period = _duration_flag(flags, "start-period")
    retries = 0
    if flags.values["retries"]:
        try:
            retries = parse_int32(flags.values["retries"])
        except GoSyntaxError as error:
            raise DockerfileSyntaxError(str(error)) from None
        if retries < 1:
            raise DockerfileSyntaxError(f"--retries must be at least 1 (not {retries})")
    return HealthcheckCommand(
        test=test, interval=interval, timeout=timeout, start_period=start_period, retries=retries, **_source(node)
    )


def _parse_expose(node: Node, args: list[str], flags: _Flags) -> ExposeCommand:
    if not args:
        raise _at_least_one("EXPOSE")
    flags.parse()
    return ExposeCommand(ports=tuple(sorted(args)), **_source(node))


def _parse_user(node: Node, args: list[str], flags: _Flags) -> UserCommand:
    if len(args) != 1:
        raise _exactly_one("USER")
    flags.parse()
    return UserCommand(user=args[0], **_source(node))


def _parse_volume(node: Node, args: list[str], flags: _Flags) -> VolumeCommand:
    if not args:
        raise _at_least_one("VOLUME")
    flags.parse()
    volumes = tuple(trim_space(volume) for volume in args)
    if "" in volumes:
        raise DockerfileSyntaxError("VOLUME specified can not be an empty string")
    return VolumeCommand(volumes=volumes, **_source(node))


def _parse_stopsignal(node: Node, args: list[str], flags: _Flags) -> StopSignalCommand:
    if len(args) != 1:
        raise _exactly_one("STOPSIGNAL")
    return StopSignalCommand(signal=args[0], **_source(node))  # Docker never checks its flags


def _parse_arg(node: Node, args: list[str], flags: _Flags) -> ArgCommand:
    if not args:
        raise _at_least_one("ARG")
    definitions = []
    for arg in args:  # Docker never checks ARG's flags
        key, has_value, value = arg.partition("=")
        if has_value and not key:
            raise DockerfileSyntaxError("ARG names can not be blank")
        definitions.append(ArgDefinition(key, value if has_value else None))
    return ArgCommand(args=tuple(definitions), **_source(node))


def _parse_shell(node: Node, args: list[str], flags: _Flags) -> ShellCommand:
    flags.parse()
    if not args:
        raise _at_least_one("SHELL")
    if not node.json_form:
        raise DockerfileSyntaxError("SHELL requires the arguments to be in JSON form")
    return ShellCommand(shell=tuple(args), **_source(node))


_PARSERS: dict[str, Callable[[Node, list[str], _Flags], Command | Stage]] = {
    "env": _parse_env,
    "maintainer": _parse_maintainer,
    "label": _parse_label,
    "add": _parse_add,
    "copy": _parse_copy,
    "from": _parse_from,
    "onbuild": _parse_onbuild,
    "workdir": _parse_workdir,
    "run": _parse_run,
    "cmd": _parse_cmd,
    "healthcheck": _parse_healthcheck,
    "entrypoint": _parse_entrypoint,
    "expose": _parse_expose,
    "user": _parse_user,
    "volume": _parse_volume,
    "stopsignal": _parse_stopsignal,
    "arg": _parse_arg,
    "shell": _parse_shell,
}


def parse_instruction(node: Node) -> Command | Stage:
    """One instruction node → its command (a Stage for FROM); errors carry the bare message.

    This is what an ONBUILD trigger goes through when a child image builds.
    """
    parser = _PARSERS.get(node.value)
    try:
        if parser is None:
            raise DockerfileSyntaxError(f"unknown instruction: {to_upper(node.value)}")
        return parser(node, node.args(), _Flags(node.flags))
    except DockerfileSyntaxError as error:
        raise DockerfileSyntaxError(error.message, node.start_line, node.end_line) from None


def parse_dockerfile(ast: Node) -> tuple[list[Stage], list[ArgCommand]]:
    """The stages of a parsed Dockerfile, and the ARGs declared before the first FROM.

    Errors read as the daemon reports them: `dockerfile parse error line N: ...`.
    """
    stages: list[Stage] = []
    commands: list[list[Command]] = []
    meta_args: list[ArgCommand] = []
    for node in ast.children:
        try:
            instruction = parse_instruction(node)
        except DockerfileSyntaxError as error:
            raise DockerfileSyntaxError(
                f"dockerfile parse error line {node.start_line}: {error.message}", node.start_line, node.end_line
            ) from None
        if isinstance(instruction, Stage):
            stages.append(instruction)
            commands.append([])
        elif not stages and isinstance(instruction, ArgCommand):
            meta_args.append(instruction)
        elif not stages:
            raise DockerfileSyntaxError("no build stage in current context", node.start_line, node.end_line)
        else:
            commands[-1].append(instruction)
    return [replace(stage, commands=tuple(cmds)) for stage, cmds in zip(stages, commands)], meta_args
