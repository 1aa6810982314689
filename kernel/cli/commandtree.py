"""The command tree of docker CLI 28.2.2: every command, its usage, flags and argument rule.

The tree is data (``docker_cli.json`` beside this module), generated once from the real CLI: the help
text of every command (``docker X --help``), which flags and commands its help stops showing when the
daemon is older, not experimental, another OS or not a swarm manager (the ``requires`` entries), and
what each command answers to 0 and to 6 positional arguments (the ``args`` rules). A shortcut like
``docker run`` is stored as ``{"same_as": "container run", ...what differs}``.

Like cobra, a shortcut is a command of its own (``docker run`` and ``docker container run`` are two
commands built from one definition); :attr:`Command.canonical` names the management form.
"""
from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any, Mapping

from .dockeropts import DOCKER_KINDS, validated_kind
from .flags import PFLAG_KINDS, Flag, ValueKind, go_quote

DATA_FILE = "docker_cli.json"
MIN_NAME_PADDING = 11  # cobra's minNamePadding


@dataclass(frozen=True)
class ArgsRule:
    """A command's rule for positional arguments (docker's ``cli.RequiresMinArgs(1)`` and friends).

    ``kind`` is one of: any, none, min, max, exact, range (``low``..``high``), cobra-exact
    (``cobra.ExactArgs``, used by ``docker context use``), scale (``docker service scale``: at least
    ``low`` arguments, each SERVICE=REPLICAS)."""

    kind: str = "any"
    low: int = 0
    high: int = 0


@dataclass(eq=False)
class Command:
    """One docker command: what its help shows and how its command line is read."""

    name: str
    use: str  # cobra's Use: "run [OPTIONS] IMAGE [COMMAND] [ARG...]"
    short: str
    long: str = ""
    aliases: tuple[str, ...] = ()
    aliases_line: str | None = None  # the "Aliases:" line of the help
    examples: str | None = None
    experimental_cli: bool = False  # help shows the EXPERIMENTAL notice (docker manifest)
    args: ArgsRule = ArgsRule()
    interspersed: bool = True
    hidden: bool = False
    top: int | None = None  # position among the root help's "Common Commands"
    swarm: bool = False  # listed among the root help's "Swarm Commands"
    requires: Mapping[str, Any] = field(default_factory=dict)
    canonical: tuple[str, ...] = ()
    additional_help: str | None = None
    flag_data: tuple[Mapping[str, Any], ...] = field(default=(), repr=False)
    parent: Command | None = field(default=None, repr=False)
    children: dict[str, Command] = field(default_factory=dict, repr=False)

    @functools.cached_property
    def flags(self) -> tuple[Flag, ...]:
        """The flags defined on this command (persistent ones reach subcommands via all_flags).
        Built on first use: one invocation touches a handful of the ~190 commands."""
        by_name = {data["name"]: data for data in self.flag_data}
        return tuple(_flag(data, by_name) for data in self.flag_data)

    @property
    def path(self) -> tuple[str, ...]:
        """Names from the root: ``("container", "run")``; the root's is ``()``."""
        return (*self.parent.path, self.name) if self.parent else ()

    @property
    def command_path(self) -> str:
        """cobra's CommandPath, as messages show it: ``docker container ls``."""
        return f"{self.parent.command_path} {self.name}" if self.parent else self.name

    @property
    def use_line(self) -> str:
        """cobra's UseLine (docker disables the ``[flags]`` suffix)."""
        return f"{self.parent.command_path} {self.use}" if self.parent else self.use

    @property
    def is_group(self) -> bool:
        return bool(self.children)

    def child(self, word: str) -> Command | None:
        """The subcommand named or aliased ``word`` (cobra's findNext; no prefix matching)."""
        for command in self.children.values():
            if word == command.name or word in command.aliases:
                return command
        return None

    @property
    def has_stack_help(self) -> bool:
        """``docker stack`` and its subcommands bring their own help function: it checks that the
        daemon supports the command (reporting on stderr) and skips docker's plugin lookup."""
        return any(owner.path == ("stack",) for owner in self.lineage())

    def lineage(self) -> list[Command]:
        """This command and its ancestors, nearest first."""
        return [self, *self.parent.lineage()] if self.parent else [self]

    def all_flags(self) -> list[Flag]:
        """Own flags, then the persistent flags of ancestors that no nearer flag shadows."""
        flags, names = [], set()
        for command in self.lineage():
            for flag in command.flags:
                if (command is self or flag.persistent) and flag.name not in names:
                    flags.append(flag)
                    names.add(flag.name)
        return sorted(flags, key=lambda flag: flag.name)

    @property
    def name_padding(self) -> int:
        """cobra's NamePadding: the longest sibling name (hidden ones count), at least 11."""
        if self.parent is None:
            return MIN_NAME_PADDING
        return max(MIN_NAME_PADDING, *(len(name) for name in self.parent.children))


@dataclass(frozen=True)
class ServerInfo:
    """What the docker CLI learns from the daemon's ``/_ping``; it decides which commands and flags
    help shows and which ones may run. The defaults describe Docker Engine 20.10 (dockyard's bundled
    engine). Without a daemon (``None`` where a ServerInfo is taken) docker shows and allows
    everything; when it cannot even set up its client (an unknown ``--context``, missing TLS files)
    it acts as ``ServerInfo("1.50", os_type="", experimental=False, swarm_state=None)``."""

    api_version: str = "1.41"
    os_type: str = "linux"
    experimental: bool = False
    swarm_state: str | None = "inactive"  # None when the daemon sends no Swarm header
    swarm_manager: bool = False


def api_older(version: str, than: str) -> bool:
    """docker's versions.LessThan on dotted API versions."""
    def numbers(text: str) -> list[int]:
        return [int(part) if part.isdigit() else 0 for part in text.split(".")]
    left, right = numbers(version), numbers(than)
    width = max(len(left), len(right))
    return left + [0] * (width - len(left)) < right + [0] * (width - len(right))


def hidden_by(requires: Mapping[str, Any], server: ServerInfo | None) -> bool:
    """Whether docker's hideUnsupportedFeatures hides a flag or command with these requirements."""
    if server is None or not requires:
        return False
    if requires.get("experimental") and not server.experimental:
        return True
    if "ostype" in requires and server.os_type and requires["ostype"] != server.os_type:
        return True
    swarm = requires.get("swarm")
    if swarm and server.swarm_state is not None:
        if (swarm == "manager" and not server.swarm_manager) or (swarm == "active" and server.swarm_state == "inactive"):
            return True
    return "api" in requires and api_older(server.api_version, requires["api"])


def unsupported_command(command: Command, server: ServerInfo | None) -> str | None:
    """docker's areSubcommandsSupported: why this daemon cannot run the command, or None."""
    if server is None:
        return None
    for owner in command.lineage():
        requires = owner.requires
        if "api" in requires and api_older(server.api_version, requires["api"]):
            return (f"{command.command_path} requires API version {requires['api']}, "
                    f"but the Docker daemon API version is {server.api_version}")
        if "ostype" in requires and server.os_type and requires["ostype"] != server.os_type:
            return (f"{command.command_path} is only supported on a Docker daemon running on "
                    f"{requires['ostype']}, but the Docker daemon is running on {server.os_type}")
        if requires.get("experimental") and not server.experimental:
            return f"{command.command_path} is only supported on a Docker daemon with experimental features enabled"
    return None


def unsupported_flags(command: Command, changed: frozenset[str], server: ServerInfo | None) -> str | None:
    """docker's areFlagsSupported: why this daemon cannot take the flags the user set, or None."""
    if server is None:
        return None
    errors = []
    for flag in command.all_flags():
        requires = flag.requires
        if flag.name not in changed or not requires:
            continue
        if "api" in requires and api_older(server.api_version, requires["api"]):
            errors.append(f'"--{flag.name}" requires API version {requires["api"]}, '
                          f"but the Docker daemon API version is {server.api_version}")
        elif "ostype" in requires and server.os_type and requires["ostype"] != server.os_type:
            errors.append(f'"--{flag.name}" is only supported on a Docker daemon running on {requires["ostype"]}, '
                          f"but the Docker daemon is running on {server.os_type}")
        elif requires.get("experimental") and not server.experimental:
            errors.append(f'"--{flag.name}" is only supported on a Docker daemon with experimental features enabled')
    return "\n".join(errors) or None


def value_kind(flag: Flag) -> ValueKind:
    """The value type that parses this flag's text."""
    return _value_kind(flag.kind, flag.validator)


@functools.cache
def _value_kind(kind: str, validator: str | None) -> ValueKind:
    if validator and kind in ("list", "map", "throttle-device"):
        return validated_kind(kind, validator)
    return PFLAG_KINDS.get(kind) or DOCKER_KINDS[kind]


# ---------------------------------------------------------------------------------------------------
# Defaults that come from the environment (docker/cli cli/flags/options.go)
# ---------------------------------------------------------------------------------------------------

def config_dir(environ: Mapping[str, str]) -> str:
    """docker's config.Dir(): $DOCKER_CONFIG, else ~/.docker."""
    if environ.get("DOCKER_CONFIG"):
        return environ["DOCKER_CONFIG"]
    return os.path.join(environ.get("HOME") or os.path.expanduser("~"), ".docker")


def root_flags_for(root: Command, environ: Mapping[str, str]) -> tuple[Flag, ...]:
    """The root's flags with the defaults docker reads from the environment at start-up."""
    directory = config_dir(environ)
    cert_path = environ.get("DOCKER_CERT_PATH") or directory
    defaults = {
        "config": directory,
        "tlscacert": os.path.join(cert_path, "ca.pem"),
        "tlscert": os.path.join(cert_path, "cert.pem"),
        "tlskey": os.path.join(cert_path, "key.pem"),
        "tls": environ.get("DOCKER_TLS", "") != "",
        "tlsverify": environ.get("DOCKER_TLS_VERIFY", "") != "",
    }
    flags = []
    for flag in root.flags:
        if flag.name in defaults:
            value = defaults[flag.name]
            shown = go_quote(value) if isinstance(value, str) else ("true" if value else None)
            flag = replace(flag, default=value, default_text=f" (default {shown})" if shown else None)
        flags.append(flag)
    return tuple(flags)


# ---------------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------------

def _flag(data: Mapping[str, Any], siblings: Mapping[str, Mapping[str, Any]]) -> Flag:
    target = siblings[data["alias_of"]] if "alias_of" in data else {}
    merged = {**target, **data}
    return Flag(
        name=data["name"], kind=merged["kind"], shorthand=data.get("short"),
        usage=merged.get("usage", ""), type_name=merged.get("type", ""), default=merged.get("default"),
        default_text=merged.get("default_text"), validator=merged.get("validator"),
        storage=data.get("alias_of"), hidden=data.get("hidden", False), deprecated=data.get("deprecated"),
        shorthand_deprecated=data.get("short_deprecated"), persistent=data.get("persistent", False),
        requires=data.get("requires", {}),
    )


def _args_rule(data: list | None) -> ArgsRule:
    return ArgsRule(data[0], *data[1:]) if data else ArgsRule()


def _command(name: str, data: Mapping[str, Any], canonical: str) -> Command:
    return Command(
        name=name, use=data["use"], short=data["short"], long=data.get("long", ""),
        aliases=tuple(data.get("aliases", ())), aliases_line=data.get("aliases_line"),
        examples=data.get("examples"), experimental_cli=data.get("experimental_cli", False),
        args=_args_rule(data.get("args")), interspersed=data.get("interspersed", True), hidden=data.get("hidden", False),
        top=data.get("top"), swarm=data.get("swarm", False), requires=data.get("requires", {}),
        flag_data=tuple(data.get("flags", ())),
        canonical=tuple(canonical.split()) if canonical else (),
        additional_help=data.get("additional_help"),
    )


@functools.cache
def _data() -> dict[str, Any]:
    return json.loads(resources.files(__package__).joinpath(DATA_FILE).read_text(encoding="utf-8"))


def cli_version() -> str:
    """What ``docker --version`` prints for the CLI this tree was taken from."""
    return f"Docker version {_data()['cli_version']}, build {_data()['cli_commit']}"


@functools.cache
def load_tree() -> Command:
    """The root command (``docker``), with every command below it."""
    table = _data()["commands"]
    commands: dict[str, Command] = {}
    for path, data in table.items():
        canonical = data.get("same_as", path)
        merged = {**table[canonical], **data} if "same_as" in data else data
        name = path.rpartition(" ")[2] if path else "docker"
        commands[path] = _command(name, merged, canonical)
    for path in sorted(commands, key=lambda key: (key.count(" "), key)):
        if path:
            parent = commands[path.rpartition(" ")[0]]
            commands[path].parent = parent
            parent.children[commands[path].name] = commands[path]
    for command in commands.values():  # cobra lists subcommands sorted by name
        command.children = dict(sorted(command.children.items()))
    return commands[""]


def find_command(path: tuple[str, ...] | str) -> Command:
    """The command at a path of names: ``find_command(("container", "run"))``."""
    words = path.split() if isinstance(path, str) else path
    command = load_tree()
    for word in words:
        found = command.children.get(word)
        if found is None:
            raise KeyError(" ".join(words))
        command = found
    return command

