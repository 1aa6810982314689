"""``docker X --help``, rendered from the command tree as docker CLI 28.2.2 renders it.

This is docker's usage template (``cli/cobra.go``) and pflag's ``FlagUsagesWrapped`` (flag columns
aligned, descriptions wrapped to the terminal width less one, 80 columns when output is not a
terminal). Given a :class:`~dockyard.kernel.cli.commandtree.ServerInfo`, commands and flags the
daemon does not support are left out, as docker does after its ``/_ping``; without one, help is what
docker prints when no daemon answers.
"""
from __future__ import annotations

import os
from dataclasses import replace
from typing import Any, Mapping

from .commandtree import Command, ServerInfo, hidden_by, root_flags_for, unsupported_command, unsupported_flags
from .flags import Flag

DEFAULT_WIDTH = 80
_EXPERIMENTAL = """\
EXPERIMENTAL:
  {path} is an experimental feature.
  Experimental features provide early access to product functionality. These
  features may change between releases without warning, or can be removed from a
  future release. Learn more about experimental features in our documentation:
  https://docs.docker.com/go/experimental/"""
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"  # aec's Bold, as docker styles its closing line on a terminal
# For docker's own value types pflag judges "is this the default?" by the *current* value, so once
# such a flag is set, help also prints its (empty) default. Their defaults as pflag prints them:
_EMPTY_DEFAULTS = {"list": "", "filter": "", "decimal": "", "mount": "", "gpu-request": "", "bytes": "0",
                   "swap-bytes": "0"}


def help_output(command: Command, environ: Mapping[str, str] | None = None, server: ServerInfo | None = None,
                width: int = DEFAULT_WIDTH, tty: bool = False, values: Mapping[str, Any] | None = None,
                ) -> tuple[str, str]:
    """What ``docker ... --help`` prints and where: ``(text, "stdout")``; or, when the daemon cannot
    run the command or take the flags set (``values``), the reason instead of the help (on stderr
    under ``docker stack``, whose help function checks first)."""
    reason = unsupported_command(command, server) or unsupported_flags(command, frozenset(values or ()), server)
    if reason:
        return reason + "\n", "stderr" if command.has_stack_help else "stdout"
    return render_help(command, environ, server, width, tty, values), "stdout"


def render_help(command: Command, environ: Mapping[str, str] | None = None, server: ServerInfo | None = None,
                width: int = DEFAULT_WIDTH, tty: bool = False, values: Mapping[str, Any] | None = None) -> str:
    """The help text of ``command``, final newline included. ``width`` is the terminal's width;
    ``tty`` whether the output is a terminal (docker then prints its closing line in bold);
    ``values`` the flags already set on the command line (``docker run -e A=1 --help``)."""
    environ = os.environ if environ is None else environ
    flags = visible_flags(command, environ, server)
    if values:
        flags = [_with_current_value(flag, values[flag.name]) if flag.name in values else flag for flag in flags]
    children = [child for child in command.children.values() if not child.hidden and not hidden_by(child.requires, server)]

    if command.is_group:
        usage = f"{command.command_path}{' [OPTIONS]' if flags else ''} COMMAND"
    else:
        usage = command.use_line
    sections = [f"Usage:  {usage}\n\n{(command.long or command.short).strip()}"]
    if command.experimental_cli:
        sections.append(_EXPERIMENTAL.format(path=command.command_path))
    if command.aliases_line:
        sections.append(f"Aliases:\n  {command.aliases_line}")
    if command.examples:
        sections.append(f"Examples:\n{command.examples}")
    if command.parent and flags:
        sections.append("Options:\n" + flag_usages(flags, width - 1).rstrip())
    if command.parent is None:
        top = sorted((child for child in children if child.top), key=lambda child: child.top)
        sections.append(_listing("Common Commands", top, decorated=True))
    groups = [child for child in children if child.is_group]
    sections.append(_listing("Management Commands", [child for child in groups if not child.swarm], decorated=True))
    sections.append(_listing("Swarm Commands", [child for child in groups if child.swarm], decorated=True))
    operations = [child for child in children if not child.is_group and not (command.parent is None and child.top)]
    sections.append(_listing("Commands", operations, decorated=False))
    if command.parent is None and flags:
        sections.append("Global Options:\n" + flag_usages(flags, width - 1).rstrip())
    if command.is_group:
        sections.append(f"Run '{command.command_path} COMMAND --help' for more information on a command.")
    if command.additional_help:
        sections.append(f"{_BOLD}{command.additional_help}{_RESET}" if tty else command.additional_help)
    return "\n\n".join(section for section in sections if section) + "\n"


def visible_flags(command: Command, environ: Mapping[str, str], server: ServerInfo | None = None) -> list[Flag]:
    """The flags help lists: not hidden (deprecated ones are), and supported by the daemon."""
    flags = command.all_flags()
    if command.parent is None:
        flags = sorted(root_flags_for(command, environ), key=lambda flag: flag.name)
    return [flag for flag in flags if not flag.hidden and not hidden_by(flag.requires, server)]


def _with_current_value(flag: Flag, value: Any) -> Flag:
    if flag.default_text or flag.kind not in _EMPTY_DEFAULTS or not value:
        return flag
    return replace(flag, default_text=f" (default {_EMPTY_DEFAULTS[flag.kind]})")


def _listing(title: str, commands: list[Command], decorated: bool) -> str:
    """A "Commands:" section. cobra pads names to the longest sibling name (at least 11); the
    management sections pad the name plus a space one column wider, which lines up the same."""
    if not commands:
        return ""
    lines = []
    for command in commands:
        padding = command.name_padding
        name = (command.name + " ").ljust(padding + 1) if decorated else command.name.ljust(padding) + " "
        lines.append(f"  {name}{command.short}")
    return f"{title}:\n" + "\n".join(lines)


# ---------------------------------------------------------------------------------------------------
# pflag's FlagUsagesWrapped
# ---------------------------------------------------------------------------------------------------

def flag_usages(flags: list[Flag], columns: int) -> str:
    """pflag's flag table: ``  -a, --all   Show all ...``, descriptions wrapped at ``columns``."""
    rows = []
    for flag in flags:
        left = f"  -{flag.shorthand}, --{flag.name}" if flag.shorthand and not flag.shorthand_deprecated \
            else f"      --{flag.name}"
        if flag.type_name:
            left += " " + flag.type_name
        right = flag.usage + (flag.default_text or "")
        if flag.deprecated:
            right += f" (DEPRECATED: {flag.deprecated})"
        rows.append((left, right))
    widest = max((len(left) for left, _ in rows), default=0) + 1  # pflag counts its \x00 marker
    return "".join(f"{left} {' ' * (widest - len(left))} {_wrap(widest + 2, columns, right)}\n"
                   for left, right in rows)


def _wrap(indent: int, width: int, text: str) -> str:
    """pflag's wrap: fit ``text`` between column ``indent`` and ``width``, continuation lines
    indented; a text too wide for 24 columns starts on its own line at column 16."""
    if width == 0:
        return text.replace("\n", "\n" + " " * indent)
    room, result = width - indent, ""
    if room < 24:
        indent, room = 16, width - 16
        result = "\n" + " " * indent
    if room < 24:
        return text.replace("\n", result)
    slop = 5
    room -= slop
    line, text = _wrap_once(room, slop, text)
    result += line.replace("\n", "\n" + " " * indent)
    while text:
        line, text = _wrap_once(room, slop, text)
        result += "\n" + " " * indent + line.replace("\n", "\n" + " " * indent)
    return result


def _wrap_once(limit: int, slop: int, text: str) -> tuple[str, str]:
    """pflag's wrapN: split at the last blank before ``limit`` (an earlier newline wins), unless
    the rest fits within ``limit + slop``."""
    if limit + slop > len(text):
        return text, ""
    head = text[:limit]
    blank = max(head.rfind(" "), head.rfind("\t"), head.rfind("\n"))
    if blank <= 0:
        return text, ""
    newline = head.rfind("\n")
    if 0 < newline < blank:
        return text[:newline], text[newline + 1:]
    return text[:blank], text[blank + 1:]
