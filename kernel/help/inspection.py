"""Shift+Tab in a cell: what the instruction, docker command or flag under the cursor does, with an
example, in English and in Korean (Korean first where the locale is Korean).

Commands are explained from `docs_en`/`docs_ko`; a command without an entry of its own is explained
by its group's entry, under docker's own one-line description and usage (from the command tree).
With detail_level 1 (Shift+Tab twice in some frontends), docker's full `--help` text follows.
"""
from __future__ import annotations

import os

from . import docs_en, docs_ko
from .cursor import cursor_context

MAGICS = {
    "%%file": "%%file [-a] PATH: writes the rest of the cell to PATH (-a appends); %%writefile is the same.\n"
              "%%file [-a] PATH: 셀의 나머지를 PATH 파일에 씁니다(-a는 덧붙이기). %%writefile도 같습니다.",
    "%%dockerfile": "%%dockerfile [-t NAME[:TAG]] [-f PATH] [build options] [CONTEXT]: writes the rest of the cell "
                    "as the Dockerfile (CONTEXT/Dockerfile, or -f PATH) and builds it with docker build.\n"
                    "%%dockerfile ...: 셀의 나머지를 Dockerfile로 저장하고(CONTEXT/Dockerfile 또는 -f PATH) "
                    "docker build로 빌드합니다.",
    "%%docker": "%%docker: each line of the cell is a docker command; the word `docker` may be left out.\n"
                "%%docker: 셀의 각 줄이 docker 명령입니다. 앞의 `docker`는 생략할 수 있습니다.",
    "%env": "%env NAME=value: sets an environment variable for the following commands (e.g. DOCKER_BUILDKIT=0); "
            "%env NAME shows it.\n"
            "%env NAME=value: 이후 명령에 쓸 환경 변수를 설정합니다(예: DOCKER_BUILDKIT=0). %env NAME은 값을 보여 줍니다.",
    "%engine": "%engine [bundled | docker | in-process | URL]: shows or switches the engine the docker commands use.\n"
               "%engine [...]: docker 명령이 사용할 엔진을 보여 주거나 바꿉니다(bundled는 dockyard 내장 엔진).",
}
MAGICS["%%writefile"] = MAGICS["%%file"]


def inspect(code: str, cursor: int, detail_level: int = 0) -> str | None:
    """The help text for what the cursor is on, or None."""
    context = cursor_context(code, cursor)
    words = [*context.words, context.word or context.prefix]
    if not words or not words[0]:
        return None
    if context.kind == "magic":
        if words[0] == "%%dockerfile" and len(words) > 1:
            return command_help(("build", *words[1:]), detail_level)
        return MAGICS.get(words[0])
    if context.kind == "dockerfile":
        return instruction_help(words)
    if words[0] in MAGICS:
        return MAGICS[words[0]]
    if words[0] == "docker":
        return command_help(words[1:], detail_level)
    if context.docker_implied:
        return command_help(words, detail_level)
    return None


def instruction_help(words: list[str]) -> str | None:
    instruction = words[0].upper()
    if instruction == "ONBUILD" and len(words) > 1 and words[1].upper() in docs_en.INSTRUCTIONS:
        instruction = words[1].upper()
    if instruction not in docs_en.INSTRUCTIONS:
        return None
    explanation, example = docs_en.INSTRUCTIONS[instruction]
    return _compose(f"{instruction} (Dockerfile)", explanation, docs_ko.INSTRUCTIONS[instruction], example)


def command_help(words: list[str], detail_level: int = 0) -> str:
    """Help for `docker WORDS`: the deepest command the words name, or the flag the last word is."""
    from ..cli.commandtree import load_tree

    command = load_tree()
    for word in words:
        child = None if word.startswith("-") else command.child(word)
        if child is None:
            break
        command = child
    key = " ".join(command.canonical or command.path)
    heading = f"{command.command_path}: {command.short}"
    if command.canonical and command.canonical != command.path:
        heading += f"\n({command.command_path} is short for docker {key})"
    heading += f"\nUsage:  {command.use_line}"
    last = words[-1] if words else ""
    flag_line = _flag_line(command, last) if last.startswith("-") else ""
    entry_key = _documented(key)
    if entry_key is None:
        text = heading
    else:
        explanation, example = docs_en.COMMANDS[entry_key]
        text = _compose(heading, explanation, docs_ko.COMMANDS[entry_key], example)
    if flag_line:
        text = flag_line + "\n\n" + text
    if detail_level:
        from ..cli.help import render_help
        text += "\n\n" + render_help(command, os.environ)
    return text


def _documented(key: str) -> str | None:
    """The entry that explains a command: its own, else its group's."""
    while key:
        if key in docs_en.COMMANDS:
            return key
        key = key.rpartition(" ")[0]
    return None


def _flag_line(command, word: str) -> str:
    name = word[2:].partition("=")[0] if word.startswith("--") else word[1:2]
    for flag in command.all_flags():
        if (word.startswith("--") and flag.name == name) or (not word.startswith("--") and flag.shorthand == name):
            value = f" {flag.type_name}" if flag.type_name else ""
            return f"{flag.display_name}{value}: {flag.usage}{flag.default_text or ''}"
    return ""


def _compose(heading: str, english: str, korean: str, example: str) -> str:
    explanations = [korean, english] if _korean_first() else [english, korean]
    indented = "\n".join("  " + line for line in example.splitlines())
    example_heading = f"{docs_en.EXAMPLE_HEADING} / {docs_ko.EXAMPLE_HEADING}:"
    return "\n\n".join([heading, *explanations, f"{example_heading}\n{indented}"])


def _korean_first() -> bool:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return value.lower().startswith("ko")
    return False

