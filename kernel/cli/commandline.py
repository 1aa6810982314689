"""``docker ARGS`` → the command to run, its options and arguments, exactly as docker CLI 28 reads them.

The steps follow ``cmd/docker/docker.go`` and cobra 1.9:

1. Global options (``-H``, ``--context``, ``-D``, ``-l``, ``--tls*``, ``--config``, ``-v``, ``--help``,
   and dockyard's ``--engine``) are parsed up to the first word that is not a flag.
2. Start-up checks: the log level must parse, ``--host`` and ``--context`` exclude each other,
   ``DOCKER_BUILDKIT`` must be a boolean; build commands print the legacy-builder notice.
3. cobra walks the words down the command tree (flags met on the way belong to the command they
   follow), parses the command's flags, then answers ``--help``/``--version``, checks the number of
   positional arguments, and runs the command.

Outcomes: an :class:`Invocation` for a command to run; :class:`ShowHelp` when docker would print help
(or its version) and stop; :class:`UsageError` when docker would print an error and exit. Their texts
are what docker writes, byte for byte; "docker" is the program name in them (a caller may substitute).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Mapping

from .commandtree import (Command, ServerInfo, cli_version, load_tree, root_flags_for, unsupported_command,
                          unsupported_flags, value_kind)
from .flags import Cell, Flag, FlagError, FlagSet, FlagState, InvalidValue, SetContext, go_bytes, parse_go_bool
from .help import DEFAULT_WIDTH, help_output

FLAG_ERROR_EXIT = 125  # docker's FlagErrorFunc: StatusError{StatusCode: 125}
ERROR_EXIT = 1  # any other error


@dataclass(frozen=True)
class Notice:
    """A line docker prints before acting: a deprecated flag's warning, the legacy-builder notice."""

    stream: str  # "stdout" or "stderr"
    text: str  # as written, newline included


@dataclass(frozen=True)
class Invocation:
    """A docker command ready to run."""

    path: tuple[str, ...]  # canonical command: ("container", "run") for `docker run`
    name_as_typed: str  # docker's name for the command reached, used in its messages: "docker run"
    opts: dict[str, Any]  # every flag of the command, long name → value (defaults filled in)
    args: list[str]  # positional arguments
    global_opts: dict[str, Any]  # the root's flags: host, context, debug, log-level, engine, ...
    changed: frozenset[str] = frozenset()  # flags the user set (pflag's Changed)
    global_changed: frozenset[str] = frozenset()  # root flags the user set (--config, --host, ...)
    notices: tuple[Notice, ...] = ()  # to print first, in order
    command: Command | None = field(default=None, repr=False, compare=False)


class CommandLineOutcome(Exception):
    """docker stops before running a command: it prints something and exits."""

    def __init__(self, notices: tuple[Notice, ...] = ()):
        super().__init__()
        self.notices = notices


class UsageError(CommandLineOutcome):
    """docker prints ``message`` (and a newline) on stderr and exits with ``exit_code``."""

    def __init__(self, message: str, exit_code: int = ERROR_EXIT, notices: tuple[Notice, ...] = ()):
        super().__init__(notices)
        self.message, self.exit_code = message, exit_code
        self.args = (message, exit_code)

    @property
    def stderr(self) -> str:
        return self.message + "\n"

    def __str__(self) -> str:
        return self.message


class ShowHelp(CommandLineOutcome):
    """docker prints ``text`` on ``stream`` and exits with ``exit_code`` (0): ``--help``,
    ``docker help X``, ``docker`` alone and ``docker image`` (those two on stderr)."""

    def __init__(self, text: str, exit_code: int = 0, stream: str = "stdout", notices: tuple[Notice, ...] = ()):
        super().__init__(notices)
        self.text, self.exit_code, self.stream = text, exit_code, stream
        self.args = (text, exit_code)

    def __str__(self) -> str:
        return self.text


class ShowVersion(ShowHelp):
    """``docker --version``: the version line on stdout."""


# ---------------------------------------------------------------------------------------------------
# The legacy builder (cmd/docker/builder.go), without the buildx plugin, which dockyard does not ship
# ---------------------------------------------------------------------------------------------------

_BUILDX_MISSING_WARNING = """\
DEPRECATED: The legacy builder is deprecated and will be removed in a future release.
            Install the buildx component to build images with BuildKit:
            https://docs.docker.com/go/buildx/"""
_BUILDKIT_DISABLED_WARNING = """\
DEPRECATED: The legacy builder is deprecated and will be removed in a future release.
            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0
            environment-variable."""
_BUILDX_MISSING_ERROR = """\
ERROR: BuildKit is enabled but the buildx component is missing or broken.
       Install the buildx component to build images with BuildKit:
       https://docs.docker.com/go/buildx/"""
_BAKE_MISSING_ERROR = """\
ERROR: docker bake requires the buildx component but it is missing or broken.
       Install the buildx component to use bake:
       https://docs.docker.com/go/buildx/"""
_BUILDER_COMMANDS = (("bake",), ("builder",), ("build",), ("image", "build"))


def _builder_notice(args: list[str], environ: Mapping[str, str]) -> Notice | None:
    """What docker says before a build when buildx is missing; raises for ``docker bake`` or
    ``DOCKER_BUILDKIT=1`` (and for a DOCKER_BUILDKIT that is no boolean, whatever the command)."""
    setting = environ.get("DOCKER_BUILDKIT", "")
    disabled = enabled = False
    if setting:
        try:
            enabled = parse_go_bool(setting)
        except InvalidValue as error:
            raise UsageError(f"DOCKER_BUILDKIT environment variable expects boolean value: {error}") from None
        disabled = not enabled
    if not any(tuple(args[:len(words)]) == words for words in _BUILDER_COMMANDS):
        return None
    if args[0] == "bake":
        raise UsageError(_BAKE_MISSING_ERROR)
    if disabled:
        return Notice("stderr", _BUILDKIT_DISABLED_WARNING + "\n\n")
    if enabled:
        raise UsageError(_BUILDX_MISSING_ERROR)
    return Notice("stderr", _BUILDX_MISSING_WARNING + "\n\n")


# ---------------------------------------------------------------------------------------------------
# Start-up checks on the global options (cli/command/cli.go Initialize, cli/flags SetLogLevel)
# ---------------------------------------------------------------------------------------------------

_LOG_LEVELS = {"panic", "fatal", "error", "warn", "warning", "info", "debug", "trace"}  # logrus


def _check_global_options(values: Mapping[str, Any], notices: list[Notice]) -> None:
    level = values["log-level"]
    if level and level.lower() not in _LOG_LEVELS:
        raise UsageError(f"Unable to parse logging level: {level}", ERROR_EXIT, tuple(notices))
    if values["context"] and values["host"]:
        raise UsageError("conflicting options: cannot specify both --host and --context", ERROR_EXIT, tuple(notices))


# ---------------------------------------------------------------------------------------------------
# One run of the command line: cobra's per-command flag sets and warning buffers
# ---------------------------------------------------------------------------------------------------

def _is_flag_word(word: str) -> bool:
    """cobra's isFlagArg."""
    return (len(word) >= 3 and word.startswith("--")) or (len(word) >= 2 and word[0] == "-" and word[1] != "-")


def _byte_length(word: str) -> int:
    return len(go_bytes(word))


class _Run:
    """What cobra keeps while it executes one command line: each command's flag set (built once,
    sharing inherited persistent flags) and each command's buffer of flag warnings."""

    def __init__(self, root: Command, environ: Mapping[str, str], cwd: str, server: ServerInfo | None,
                 width: int, tty: bool):
        self.root, self.environ, self.cwd, self.server = root, environ, cwd, server
        self.width, self.tty = width, tty
        self.root_flags = root_flags_for(root, environ)
        self.states: dict[tuple[int, str], FlagState] = {}  # (owner, flag name) → state
        self.cells: dict[tuple[int, str], Cell] = {}  # (owner, storage name) → cell
        self.flagsets: dict[int, FlagSet] = {}
        self.buffers: dict[int, list[str]] = {}  # cobra's flagErrorBuf, per command
        self.notices: list[Notice] = []

    def _context(self, first: bool) -> SetContext:
        return SetContext(self.environ, self.cwd, first)

    def _state(self, owner: Command, flag: Flag) -> FlagState:
        key = (id(owner), flag.name)
        if key not in self.states:
            storage = (id(owner), flag.storage or flag.name)
            if storage not in self.cells:
                self.cells[storage] = Cell(flag.default if flag.default is not None else value_kind(flag).zero())
            self.states[key] = FlagState(flag, self.cells[storage])
        return self.states[key]

    def flagset(self, command: Command) -> FlagSet:
        """The command's own flags plus its ancestors' persistent ones (cobra's merged Flags())."""
        if id(command) not in self.flagsets:
            states, seen = [], set()
            for owner in command.lineage():
                for flag in (self.root_flags if owner is self.root else owner.flags):
                    if (owner is command or flag.persistent) and flag.name not in seen:
                        seen.add(flag.name)
                        states.append(self._state(owner, flag))
            self.flagsets[id(command)] = FlagSet(states, value_kind, self._context, command.interspersed)
            self.buffers[id(command)] = []
        return self.flagsets[id(command)]

    def parse_flags(self, command: Command, words: list[str]) -> list[str]:
        """cobra's ParseFlags: parse; when no error, print the command's whole warning buffer if it
        grew (so a warning can be printed twice, as docker does for ``docker container -h ls``)."""
        flagset, buffer = self.flagset(command), self.buffers[id(command)]
        before = len(buffer)
        try:
            result = flagset.parse(words)
        except FlagError as error:
            buffer.extend(error.notices)
            raise
        buffer.extend(result.notices)
        if len(buffer) > before:
            self.notices.append(Notice("stdout", "".join(line + "\n" for line in buffer)))
        return result.args

    def traverse(self, command: Command, words: list[str]) -> tuple[Command, list[str]]:
        """cobra's Traverse: descend while words name subcommands; the flags met on the way are
        parsed by the command they follow (a failure there is reported bare, exit 1)."""
        flags: list[str] = []
        expecting_value = False
        flagset = self.flagset(command)
        for index, word in enumerate(words):
            if word.startswith("--") and "=" not in word:
                expecting_value = not flagset.takes_no_value(flagset.lookup(word[2:]))
            elif word.startswith("-") and "=" not in word and _byte_length(word) == 2:
                expecting_value = not flagset.takes_no_value(flagset.lookup_shorthand(word[1:]))
            elif expecting_value or _is_flag_word(word):
                expecting_value = False
            else:
                child = command.child(word)
                if child is None:
                    return command, words
                self.parse_flags(command, flags)
                return self.traverse(child, words[index + 1:])
            flags.append(word)
        return command, words

    def global_flagset(self) -> FlagSet:
        """The root's flags as docker parses them before looking for a command: shared with the
        root command's own flag set, and stopping at the first word that is no flag."""
        return FlagSet(self.flagset(self.root).states, value_kind, self._context, interspersed=False)

    def values(self, command: Command) -> dict[str, Any]:
        return {state.flag.name: state.cell.value for state in self.flagset(command).states}

    def changed(self, command: Command) -> frozenset[str]:
        return frozenset(state.flag.name for state in self.flagset(command).states if state.changed)

    def flag_value(self, command: Command, name: str) -> Any:
        state = self.flagset(command).lookup(name)
        return state.cell.value if state else None

    def unsupported(self, command: Command) -> str | None:
        """docker's isSupported: the command, then the flags set, against the daemon."""
        return unsupported_command(command, self.server) or \
            unsupported_flags(command, self.changed(command), self.server)

    def help(self, command: Command, stream: str | None = None, notices: tuple[Notice, ...] = ()) -> ShowHelp:
        values = {name: value for name, value in self.values(command).items() if name in self.changed(command)}
        text, where = help_output(command, self.environ, self.server, self.width, self.tty, values)
        return ShowHelp(text, stream=stream if stream and where == "stdout" else where, notices=notices)


# ---------------------------------------------------------------------------------------------------
# Messages
# ---------------------------------------------------------------------------------------------------

def _flag_error(command: Command, error: Exception, notices: list[Notice]) -> UsageError:
    """docker's FlagErrorFunc."""
    return UsageError(f"{error}\n\nUsage:  {command.use_line}\n\nRun '{command.command_path} --help' "
                      "for more information", FLAG_ERROR_EXIT, tuple(notices))


def _plural(count: int) -> str:
    return "argument" if count == 1 else "arguments"


def _check_args(command: Command, args: list[str]) -> str | None:
    """docker's cli.NoArgs / RequiresMinArgs / ... (cli/required.go): the message, or None."""
    rule, count, path = command.args, len(args), command.command_path
    usage = f"Usage:  {command.use_line}"
    if rule.kind == "none" and count:
        if command.is_group:
            return f"docker: unknown command: {path} {args[0]}\n\n{usage}\n\nRun '{path} --help' for more information"
        return f"docker: '{path}' accepts no arguments\n\n{usage}\n\nRun '{path} --help' for more information"
    if rule.kind in ("min", "scale") and count < rule.low:
        return (f"docker: '{path}' requires at least {rule.low} {_plural(rule.low)}\n\n{usage}\n\n"
                f"See '{path} --help' for more information")
    if rule.kind == "max" and count > rule.low:
        return (f"docker: '{path}' requires at most {rule.low} {_plural(rule.low)}\n\n{usage}\n\n"
                f"SRun '{path} --help' for more information")  # sic: docker's typo
    if rule.kind == "range" and not rule.low <= count <= rule.high:
        return (f"docker: '{path}' requires at least {rule.low} and at most {rule.high} {_plural(rule.high)}"
                f"\n\n{usage}\n\nRun '{path} --help' for more information")
    if rule.kind == "exact" and count != rule.low:
        return f"docker: '{path}' requires {rule.low} {_plural(rule.low)}\n\n{usage}\n\nRun '{path} --help' for more information"
    if rule.kind == "cobra-exact" and count != rule.low:
        return f"accepts {rule.low} arg(s), received {count}"
    if rule.kind == "scale":  # docker service scale: each argument is SERVICE=REPLICAS
        for arg in args:
            name, sep, replicas = arg.partition("=")
            if not (sep and name and replicas):
                return f"invalid scale specifier '{arg}'.\nSee '{path} --help'.\n\n{usage}\n\n{command.short}"
    return None


# ---------------------------------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------------------------------

def parse_command_line(argv: list[str], environ: Mapping[str, str] | None = None, cwd: str | None = None,
                       server: ServerInfo | None = None, *, terminal_width: int | None = None,
                       stdout_is_tty: bool = False) -> Invocation:
    """Read ``docker ARGV`` (the words after ``docker``) as docker CLI 28.2.2 does.

    ``environ`` (default ``os.environ``) supplies what docker reads from its environment: the
    defaults of ``--config`` and ``--tls*``, ``DOCKER_BUILDKIT``, and ``-e NAME`` values.
    ``cwd`` (default the process's) resolves ``--mount source=./dir``.
    ``server``, what the daemon answered to ``/_ping``, makes help leave out what it cannot do and
    rejects such commands and flags with docker's messages; without it, as with no daemon, all pass.
    Help is wrapped for ``terminal_width`` (docker reads it from stdin's terminal; 80 otherwise) and
    ends in bold when ``stdout_is_tty``.
    Raises :class:`ShowHelp` or :class:`UsageError` when docker would stop instead of running.
    """
    environ = os.environ if environ is None else environ
    run = _Run(load_tree(), environ, cwd or _current_directory(), server, terminal_width or DEFAULT_WIDTH,
               stdout_is_tty)
    root = run.root
    notices: list[Notice] = []

    # 1. Global options, up to the first word that is not one (cli/cobra.go HandleGlobalFlags).
    try:
        parsed = run.global_flagset().parse(list(argv))
    except FlagError as error:
        notices += [Notice("stderr", line + "\n") for line in error.notices]
        _check_global_options(run.values(root), notices)
        raise _flag_error(root, error, notices) from None
    notices += [Notice("stderr", line + "\n") for line in parsed.notices]
    args = parsed.args

    # 2. Start-up (DockerCli.Initialize, then the builder's alias processing).
    _check_global_options(run.values(root), notices)
    try:
        builder_notice = _builder_notice(args, environ)
    except UsageError as error:
        raise UsageError(error.message, error.exit_code, tuple(notices)) from None
    if builder_notice:
        notices.append(builder_notice)

    # 3. cobra: find the command, parse its flags, answer help and version, check the arguments.
    return _execute(run, args, notices)


def _current_directory() -> str:
    try:
        return os.getcwd()
    except OSError:  # the directory was removed under us
        return "/"


def _execute(run: _Run, args: list[str], notices: list[Notice]) -> Invocation:
    root = run.root

    def all_notices() -> tuple[Notice, ...]:
        return (*notices, *run.notices)

    try:
        command, words = run.traverse(root, args)
    except FlagError as error:
        raise UsageError(str(error), ERROR_EXIT, all_notices()) from None
    try:
        positional = run.parse_flags(command, words)
    except FlagError as error:
        reason = run.unsupported(command)  # docker's FlagErrorFunc asks first
        raise (UsageError(reason, ERROR_EXIT, all_notices()) if reason else
               _flag_error(command, error, list(all_notices()))) from None

    if run.flag_value(command, "help"):
        _show_help(run, command, args, notices)
    if command is root and run.flag_value(root, "version"):
        raise ShowVersion(cli_version() + "\n", notices=all_notices())
    reason = run.unsupported(command)  # before the arguments are checked, as docker wraps Args
    if reason:
        raise UsageError(reason, ERROR_EXIT, all_notices())
    message = _check_args(command, positional)
    if message:
        raise UsageError(message, ERROR_EXIT, all_notices())
    if command is root:
        if not positional:
            raise run.help(root, "stderr", all_notices())
        raise UsageError(f"docker: unknown command: docker {positional[0]}\n\n"
                         "Run 'docker --help' for more information", ERROR_EXIT, all_notices())
    if command.is_group:  # a management command alone: docker image
        raise run.help(command, "stderr", all_notices())
    if command.parent is root and command.name == "help":
        _help_command(run, positional, notices)
    return Invocation(path=command.canonical, name_as_typed=command.command_path,
                      opts=run.values(command), args=positional, global_opts=run.values(root),
                      changed=run.changed(command), global_changed=run.changed(root), notices=all_notices(),
                      command=command)


def _show_help(run: _Run, command: Command, args: list[str], notices: list[Notice]) -> None:
    """cobra's help path. docker's help function first looks for a CLI plugin of that name by
    walking the words again, which parses (and warns about) the flags on the way once more."""
    if args and not command.has_stack_help:
        try:
            run.traverse(run.root, args)
        except FlagError as error:  # docker prints the error where the help would have gone
            raise ShowHelp(f"{error}\n", notices=(*notices, *run.notices)) from None
    raise run.help(command, notices=(*notices, *run.notices))


def _help_command(run: _Run, words: list[str], notices: list[Notice]) -> None:
    """``docker help [COMMAND...]``: help for the command the words name (cobra's Find)."""
    target, rest = _find(run, run.root, words)
    if rest:  # words that name no command (cobra also rejects them through legacyArgs)
        raise UsageError(f"unknown help topic: {' '.join(rest)}", ERROR_EXIT, (*notices, *run.notices))
    raise run.help(target, notices=(*notices, *run.notices))


def _find(run: _Run, command: Command, words: list[str]) -> tuple[Command, list[str]]:
    """cobra's Find: follow the non-flag words down the tree."""
    names = _strip_flags(run, command, words)
    child = command.child(names[0]) if names else None
    if child is None:
        return command, words
    return _find(run, child, _without_first(run, command, words, names[0]))


def _takes_value(run: _Run, command: Command, word: str) -> bool:
    """Whether a flag word is followed by its value (cobra's `--flag arg` / `-f arg` cases)."""
    flagset = run.flagset(command)
    if word.startswith("--") and "=" not in word:
        return not flagset.takes_no_value(flagset.lookup(word[2:]))
    return word.startswith("-") and "=" not in word and _byte_length(word) == 2 and \
        not flagset.takes_no_value(flagset.lookup_shorthand(word[1:]))


def _strip_flags(run: _Run, command: Command, words: list[str]) -> list[str]:
    """cobra's stripFlags: the words that are neither flags nor flag values."""
    names, rest = [], list(words)
    while rest:
        word = rest.pop(0)
        if word == "--":
            break
        if _takes_value(run, command, word):
            if len(rest) <= 1:
                break
            rest.pop(0)
        elif word and not word.startswith("-"):
            names.append(word)
    return names


def _without_first(run: _Run, command: Command, words: list[str], name: str) -> list[str]:
    """cobra's argsMinusFirstX: the words without the first occurrence of ``name``."""
    position = 0
    while position < len(words):
        word = words[position]
        if word == "--":
            break
        if _takes_value(run, command, word):
            position += 2
            continue
        if not word.startswith("-") and word == name:
            return words[:position] + words[position + 1:]
        position += 1
    return words
