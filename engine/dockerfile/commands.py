"""The typed Dockerfile instructions: one frozen dataclass per instruction, and `Stage`.

Commands whose words the classic builder expands offer `expand(expand_word)`, which returns a
copy with each word passed through `expand_word` (see `shlex` for which words, and the exceptions).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import ClassVar

from dockyard.engine.dockerfile.nodes import Heredoc
from dockyard.engine.dockerfile.runmount import Mount

ExpandWord = Callable[[str], str]


@dataclass(frozen=True)
class KeyValue:
    key: str
    value: str


@dataclass(frozen=True)
class ArgDefinition:
    """One `ARG name` (value None) or `ARG name=value`."""

    key: str
    value: str | None = None


@dataclass(frozen=True, kw_only=True)
class Command:
    """What every instruction keeps: its source text (as printed after `Step n/m :`) and lines."""

    name: ClassVar[str]
    original: str
    start_line: int
    end_line: int


@dataclass(frozen=True, kw_only=True)
class EnvCommand(Command):
    name: ClassVar[str] = "env"
    env: tuple[KeyValue, ...]

    def expand(self, expand_word: ExpandWord) -> EnvCommand:
        return replace(self, env=_expand_pairs(self.env, expand_word))


@dataclass(frozen=True, kw_only=True)
class MaintainerCommand(Command):
    name: ClassVar[str] = "maintainer"
    maintainer: str


@dataclass(frozen=True, kw_only=True)
class LabelCommand(Command):
    name: ClassVar[str] = "label"
    labels: tuple[KeyValue, ...]

    def expand(self, expand_word: ExpandWord) -> LabelCommand:
        return replace(self, labels=_expand_pairs(self.labels, expand_word))


@dataclass(frozen=True, kw_only=True)
class SourcesCommand(Command):
    """What ADD and COPY share: `sources` to copy to `dest`, `--chown`/`--chmod`, and heredoc sources
    (`COPY <<EOF /x`) in `source_contents`. Sources, destination and `--chown` get variables expanded."""

    sources: tuple[str, ...]
    dest: str
    chown: str = ""
    chmod: str = ""
    source_contents: tuple[Heredoc, ...] = ()

    def expand(self, expand_word: ExpandWord):
        return replace(
            self,
            chown=expand_word(self.chown),
            sources=tuple(map(expand_word, self.sources)),
            dest=expand_word(self.dest),
        )


@dataclass(frozen=True, kw_only=True)
class AddCommand(SourcesCommand):
    """ADD: sources may also be URLs, and local tar archives are unpacked."""

    name: ClassVar[str] = "add"


@dataclass(frozen=True, kw_only=True)
class CopyCommand(SourcesCommand):
    """COPY: plus `from_stage` (`--from`: a stage name or index, or an image; not expanded in 20.10)."""

    name: ClassVar[str] = "copy"
    from_stage: str = ""


@dataclass(frozen=True, kw_only=True)
class OnbuildCommand(Command):
    """ONBUILD: `expression` is the trigger's text, parsed again when a child image builds."""

    name: ClassVar[str] = "onbuild"
    expression: str


@dataclass(frozen=True, kw_only=True)
class WorkdirCommand(Command):
    name: ClassVar[str] = "workdir"
    path: str

    def expand(self, expand_word: ExpandWord) -> WorkdirCommand:
        return replace(self, path=expand_word(self.path))


@dataclass(frozen=True, kw_only=True)
class RunCommand(Command):
    """RUN: `command` is the exec-form argv, or in shell form one string for the SHELL to run.

    `flags_used` lists the --flags given (the classic builder refuses them all); `heredocs` are the
    bodies of `RUN <<EOF` documents (leading tabs already removed for `<<-`).
    """

    name: ClassVar[str] = "run"
    command: tuple[str, ...]
    prepend_shell: bool
    flags_used: tuple[str, ...] = ()
    mounts: tuple[Mount, ...] = ()
    heredocs: tuple[Heredoc, ...] = ()


@dataclass(frozen=True, kw_only=True)
class CmdCommand(Command):
    name: ClassVar[str] = "cmd"
    command: tuple[str, ...]
    prepend_shell: bool


@dataclass(frozen=True, kw_only=True)
class EntrypointCommand(Command):
    """ENTRYPOINT: `command` is None for `ENTRYPOINT []` or a bare ENTRYPOINT (the config gets null)."""

    name: ClassVar[str] = "entrypoint"
    command: tuple[str, ...] | None
    prepend_shell: bool


@dataclass(frozen=True, kw_only=True)
class HealthcheckCommand(Command):
    """HEALTHCHECK: `test` as in the image config (`["NONE"]`, `["CMD", ...]`, `["CMD-SHELL", "..."]`);
    durations in nanoseconds, 0 when not given."""

    name: ClassVar[str] = "healthcheck"
    test: tuple[str, ...]
    interval: int = 0
    timeout: int = 0
    start_period: int = 0
    retries: int = 0


@dataclass(frozen=True, kw_only=True)
class ExposeCommand(Command):
    """EXPOSE: the port words, sorted (the builder expands each into words with `process_words`)."""

    name: ClassVar[str] = "expose"
    ports: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class UserCommand(Command):
    name: ClassVar[str] = "user"
    user: str

    def expand(self, expand_word: ExpandWord) -> UserCommand:
        return replace(self, user=expand_word(self.user))


@dataclass(frozen=True, kw_only=True)
class VolumeCommand(Command):
    name: ClassVar[str] = "volume"
    volumes: tuple[str, ...]

    def expand(self, expand_word: ExpandWord) -> VolumeCommand:
        return replace(self, volumes=tuple(map(expand_word, self.volumes)))


@dataclass(frozen=True, kw_only=True)
class StopSignalCommand(Command):
    name: ClassVar[str] = "stopsignal"
    signal: str

    def expand(self, expand_word: ExpandWord) -> StopSignalCommand:
        return replace(self, signal=expand_word(self.signal))


@dataclass(frozen=True, kw_only=True)
class ArgCommand(Command):
    name: ClassVar[str] = "arg"
    args: tuple[ArgDefinition, ...]

    def expand(self, expand_word: ExpandWord) -> ArgCommand:
        return replace(
            self,
            args=tuple(
                ArgDefinition(expand_word(arg.key), None if arg.value is None else expand_word(arg.value))
                for arg in self.args
            ),
        )


@dataclass(frozen=True, kw_only=True)
class ShellCommand(Command):
    name: ClassVar[str] = "shell"
    shell: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Stage:
    """A build stage: its FROM line and the commands up to the next FROM.

    `name` is lowercased ("" when the stage has no `AS name`); `base_name` is the image (or earlier
    stage) as written, before ARG expansion.
    """

    name: str
    base_name: str
    platform: str
    commands: tuple[Command, ...] = ()
    original: str
    start_line: int
    end_line: int


def _expand_pairs(pairs: tuple[KeyValue, ...], expand_word: ExpandWord) -> tuple[KeyValue, ...]:
    return tuple(KeyValue(expand_word(pair.key), expand_word(pair.value)) for pair in pairs)
