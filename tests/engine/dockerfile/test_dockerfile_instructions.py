"""Typed instructions: what each Dockerfile instruction means, and how Docker 20.10 refuses bad ones."""

import pytest

from dockyard.engine.dockerfile.instructions import (
    AddCommand,
    ArgCommand,
    ArgDefinition,
    CmdCommand,
    CopyCommand,
    EntrypointCommand,
    EnvCommand,
    ExposeCommand,
    HealthcheckCommand,
    KeyValue,
    LabelCommand,
    MaintainerCommand,
    Mount,
    OnbuildCommand,
    RunCommand,
    ShellCommand,
    StopSignalCommand,
    UserCommand,
    VolumeCommand,
    WorkdirCommand,
    parse_dockerfile,
    parse_instruction,
)
from dockyard.engine.dockerfile.parser import DockerfileSyntaxError, Heredoc, parse
from dockyard.engine.dockerfile.shlex import process_word

SECOND = 1_000_000_000


def first_command(instruction: str):
    stages, _ = parse_dockerfile(parse("FROM busybox\n" + instruction).ast)
    return stages[0].commands[0]


def at_line_2(command_class, original, end_line=2, **fields):
    return command_class(original=original, start_line=2, end_line=end_line, **fields)


# (instruction after `FROM busybox`, the command it becomes)
COMMANDS = [
    ("ENV a=1 b=2", at_line_2(EnvCommand, "ENV a=1 b=2", env=(KeyValue("a", "1"), KeyValue("b", "2")))),
    ("ENV PATH /usr/bin", at_line_2(EnvCommand, "ENV PATH /usr/bin", env=(KeyValue("PATH", "/usr/bin"),))),
    ('LABEL v="1.0"', at_line_2(LabelCommand, 'LABEL v="1.0"', labels=(KeyValue("v", '"1.0"'),))),
    ("MAINTAINER Jane <j@x>", at_line_2(MaintainerCommand, "MAINTAINER Jane <j@x>", maintainer="Jane <j@x>")),
    (
        "ADD --chown=1:1 a.tar /x",
        at_line_2(AddCommand, "ADD --chown=1:1 a.tar /x", sources=("a.tar",), dest="/x", chown="1:1"),
    ),
    (
        "COPY --from=build --chmod=755 a b /dst/",
        at_line_2(
            CopyCommand,
            "COPY --from=build --chmod=755 a b /dst/",
            sources=("a", "b"),
            dest="/dst/",
            from_stage="build",
            chmod="755",
        ),
    ),
    (
        'COPY ["a b", "/c d"]',
        at_line_2(CopyCommand, 'COPY ["a b", "/c d"]', sources=("a b",), dest="/c d"),
    ),
    (
        "COPY <<EOF /etc/motd\nhello\nEOF",
        at_line_2(
            CopyCommand, "COPY <<EOF /etc/motd", end_line=4, sources=(), dest="/etc/motd",
            source_contents=(Heredoc("EOF", "hello\n"),),
        ),
    ),
    (
        "COPY <<-EOF /etc/motd\n\thello\n\tEOF",
        at_line_2(
            CopyCommand, "COPY <<-EOF /etc/motd", end_line=4, sources=(), dest="/etc/motd",
            source_contents=(Heredoc("EOF", "hello\n", chomp=True),),
        ),
    ),
    ("ONBUILD RUN echo hi  ", at_line_2(OnbuildCommand, "ONBUILD RUN echo hi", expression="RUN echo hi  ")),
    ("onbuild copy . /app", at_line_2(OnbuildCommand, "onbuild copy . /app", expression="copy . /app")),
    ("WORKDIR /app", at_line_2(WorkdirCommand, "WORKDIR /app", path="/app")),
    ("RUN echo hi", at_line_2(RunCommand, "RUN echo hi", command=("echo hi",), prepend_shell=True)),
    ('RUN ["echo", "hi"]', at_line_2(RunCommand, 'RUN ["echo", "hi"]', command=("echo", "hi"), prepend_shell=False)),
    (
        "RUN --mount=type=cache,target=/root/.cache pip install x",
        at_line_2(
            RunCommand,
            "RUN --mount=type=cache,target=/root/.cache pip install x",
            command=("pip install x",),
            prepend_shell=True,
            flags_used=("mount",),
            mounts=(Mount(type="cache", target="/root/.cache", read_only=False),),
        ),
    ),
    (
        "RUN <<EOF\necho hi\nEOF",
        at_line_2(
            RunCommand, "RUN <<EOF", end_line=4, command=("<<EOF",), prepend_shell=True,
            heredocs=(Heredoc("EOF", "echo hi\n"),),
        ),
    ),
    ("CMD []", at_line_2(CmdCommand, "CMD []", command=(), prepend_shell=False)),
    ("CMD echo $HOME", at_line_2(CmdCommand, "CMD echo $HOME", command=("echo $HOME",), prepend_shell=True)),
    ("ENTRYPOINT []", at_line_2(EntrypointCommand, "ENTRYPOINT []", command=None, prepend_shell=False)),
    ("ENTRYPOINT", at_line_2(EntrypointCommand, "ENTRYPOINT", command=None, prepend_shell=True)),
    (
        'ENTRYPOINT ["nginx", "-g", "daemon off;"]',
        at_line_2(
            EntrypointCommand,
            'ENTRYPOINT ["nginx", "-g", "daemon off;"]',
            command=("nginx", "-g", "daemon off;"),
            prepend_shell=False,
        ),
    ),
    (
        "HEALTHCHECK --interval=30s --timeout=3s --start-period=1m30s --retries=3 CMD curl -f localhost || exit 1",
        at_line_2(
            HealthcheckCommand,
            "HEALTHCHECK --interval=30s --timeout=3s --start-period=1m30s --retries=3 CMD curl -f localhost || exit 1",
            test=("CMD-SHELL", "curl -f localhost || exit 1"),
            interval=30 * SECOND,
            timeout=3 * SECOND,
            start_period=90 * SECOND,
            retries=3,
        ),
    ),
    ('HEALTHCHECK CMD ["true"]', at_line_2(HealthcheckCommand, 'HEALTHCHECK CMD ["true"]', test=("CMD", "true"))),
    ("HEALTHCHECK --interval=1.5ms cmd true", at_line_2(
        HealthcheckCommand, "HEALTHCHECK --interval=1.5ms cmd true", test=("CMD-SHELL", "true"), interval=1_500_000)),
    ("HEALTHCHECK none", at_line_2(HealthcheckCommand, "HEALTHCHECK none", test=("NONE",))),
    ("HEALTHCHECK --bogus=1 NONE", at_line_2(HealthcheckCommand, "HEALTHCHECK --bogus=1 NONE", test=("NONE",))),
    ("EXPOSE 8080 80/udp 443", at_line_2(ExposeCommand, "EXPOSE 8080 80/udp 443", ports=("443", "80/udp", "8080"))),
    ("USER app:app", at_line_2(UserCommand, "USER app:app", user="app:app")),
    ("VOLUME /a /b", at_line_2(VolumeCommand, "VOLUME /a /b", volumes=("/a", "/b"))),
    ('VOLUME [" /data "]', at_line_2(VolumeCommand, 'VOLUME [" /data "]', volumes=("/data",))),
    ("STOPSIGNAL SIGTERM", at_line_2(StopSignalCommand, "STOPSIGNAL SIGTERM", signal="SIGTERM")),
    ("STOPSIGNAL --any=flag 9", at_line_2(StopSignalCommand, "STOPSIGNAL --any=flag 9", signal="9")),
    (
        "ARG a b=2 c=",
        at_line_2(ArgCommand, "ARG a b=2 c=", args=(ArgDefinition("a"), ArgDefinition("b", "2"), ArgDefinition("c", ""))),
    ),
    ('SHELL ["/bin/bash", "-c"]', at_line_2(ShellCommand, 'SHELL ["/bin/bash", "-c"]', shell=("/bin/bash", "-c"))),
]


@pytest.mark.parametrize("instruction, expected", COMMANDS, ids=[row[0].splitlines()[0] for row in COMMANDS])
def test_commands(instruction, expected):
    assert first_command(instruction) == expected


def test_stages_and_meta_args():
    dockerfile = "ARG VERSION=1\nFROM --platform=linux/amd64 busybox:$VERSION AS Build\nRUN make\nFROM alpine\nCOPY --from=build /out /\n"
    stages, meta_args = parse_dockerfile(parse(dockerfile).ast)
    assert meta_args == [ArgCommand(original="ARG VERSION=1", start_line=1, end_line=1, args=(ArgDefinition("VERSION", "1"),))]
    assert [(stage.name, stage.base_name, stage.platform, stage.original) for stage in stages] == [
        ("build", "busybox:$VERSION", "linux/amd64", "FROM --platform=linux/amd64 busybox:$VERSION AS Build"),
        ("", "alpine", "", "FROM alpine"),
    ]
    assert [[command.original for command in stage.commands] for stage in stages] == [
        ["RUN make"],
        ["COPY --from=build /out /"],
    ]
    assert (stages[0].start_line, stages[1].start_line) == (2, 4)


@pytest.mark.parametrize("name, accepted", [("Build-2_x.y", True), ("a:b", False), ("2nd", False), ("_x", False)])
def test_stage_names(name, accepted):
    node = parse(f"FROM busybox AS {name}").ast.children[0]
    if accepted:
        assert parse_instruction(node).name == name.lower()
    else:
        with pytest.raises(DockerfileSyntaxError, match="^invalid name for build stage"):
            parse_instruction(node)


def test_instruction_names_are_class_data():
    assert (RunCommand.name, CopyCommand.name, StopSignalCommand.name) == ("run", "copy", "stopsignal")


# (Dockerfile, line of the failing instruction, message after "dockerfile parse error line N: ");
# a line of None means the message stands alone.
ERRORS = [
    ("FRM busybox", 1, "unknown instruction: FRM"),
    ("FROM busybox\nfoo bar", 2, "unknown instruction: FOO"),
    ("RUN echo", None, "no build stage in current context"),
    ("ARG a\nRUN echo", None, "no build stage in current context"),
    ("FROM", 1, "FROM requires either one or three arguments"),
    ("FROM a b", 1, "FROM requires either one or three arguments"),
    ("FROM a AS b c", 1, "FROM requires either one or three arguments"),
    ("FROM a AS 1st", 1, 'invalid name for build stage: "1st", name can\'t start with a number or contain symbols'),
    ("FROM --foo=x a", 1, "Unknown flag: foo"),
    ("FROM --platform a", 1, "Missing a value on flag: platform"),
    ("FROM a\nCOPY --from=a --from=b x y", 2, "Duplicate flag specified: from"),
    ("FROM a\nCOPY x", 2, "COPY requires at least two arguments, but only one was provided. Destination could not be determined"),
    ("FROM a\nADD x", 2, "ADD requires at least two arguments, but only one was provided. Destination could not be determined"),
    ("FROM a\nADD --from=x a b", 2, "Unknown flag: from"),
    ("FROM a\nCOPY --link a b", 2, "Unknown flag: link"),
    ("FROM a\nRUN --network=none x", 2, "Unknown flag: network"),
    ("FROM a\nRUN --security=insecure x", 2, "Unknown flag: security"),
    ("FROM a\nRUN --mount=type=foo x", 2, 'unsupported mount type "foo"'),
    ("FROM a\nRUN --mount=type=bind,uid=1 x", 2, 'uid not allowed for "bind" type mounts'),
    ("FROM a\nRUN --mount=a x", 2, "invalid field 'a' must be a key=value pair"),
    ("FROM a\nRUN --mount=type=secret x", 2, "invalid secret mount. one of source, target required"),
    ('FROM a\nRUN --mount=target=a\\"b x', 2, 'failed to parse csv mounts: parse error on line 1, column 9: bare " in non-quoted field'),
    ("FROM a\nCMD --x y", 2, "Unknown flag: x"),
    ("FROM a\nENV", 2, "ENV requires at least one argument"),
    ("FROM a\nENV =x", 2, "ENV names can not be blank"),
    ("FROM a\nLABEL =x", 2, "LABEL names can not be blank"),
    ("FROM a\nMAINTAINER", 2, "MAINTAINER requires exactly one argument"),
    ("FROM a\nARG", 2, "ARG requires at least one argument"),
    ("FROM a\nARG =x", 2, "ARG names can not be blank"),
    ("FROM a\nEXPOSE", 2, "EXPOSE requires at least one argument"),
    ("FROM a\nUSER", 2, "USER requires exactly one argument"),
    ("FROM a\nWORKDIR", 2, "WORKDIR requires exactly one argument"),
    ("FROM a\nVOLUME", 2, "VOLUME requires at least one argument"),
    ('FROM a\nVOLUME [""]', 2, "VOLUME specified can not be an empty string"),
    ("FROM a\nSTOPSIGNAL", 2, "STOPSIGNAL requires exactly one argument"),
    ("FROM a\nSHELL []", 2, "SHELL requires at least one argument"),
    ("FROM a\nSHELL /bin/bash -c", 2, "SHELL requires the arguments to be in JSON form"),
    ("FROM a\nONBUILD", 2, "ONBUILD requires at least one argument"),
    ("FROM a\nONBUILD ONBUILD RUN x", 2, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"),
    ("FROM a\nONBUILD FROM x", 2, "FROM isn't allowed as an ONBUILD trigger"),
    ("FROM a\nONBUILD maintainer x", 2, "MAINTAINER isn't allowed as an ONBUILD trigger"),
    ("FROM a\nHEALTHCHECK", 2, "HEALTHCHECK requires at least one argument"),
    ("FROM a\nHEALTHCHECK NONE x", 2, "HEALTHCHECK NONE takes no arguments"),
    ("FROM a\nHEALTHCHECK CMD", 2, "Missing command after HEALTHCHECK CMD"),
    ("FROM a\nHEALTHCHECK CONNECT TCP 7000", 2, 'Unknown type "CONNECT" in HEALTHCHECK (try CMD)'),
    ("FROM a\nHEALTHCHECK --interval=5 CMD x", 2, 'time: missing unit in duration "5"'),
    ("FROM a\nHEALTHCHECK --timeout=abc CMD x", 2, 'time: invalid duration "abc"'),
    ("FROM a\nHEALTHCHECK --timeout=1d CMD x", 2, 'time: unknown unit "d" in duration "1d"'),
    ("FROM a\nHEALTHCHECK --interval=0s CMD x", 2, 'Interval "interval" cannot be less than 1ms'),
    ("FROM a\nHEALTHCHECK --start-period=999us CMD x", 2, 'Interval "start-period" cannot be less than 1ms'),
    ("FROM a\nHEALTHCHECK --retries=x CMD y", 2, 'strconv.ParseInt: parsing "x": invalid syntax'),
    ("FROM a\nHEALTHCHECK --retries=0 CMD y", 2, "--retries must be at least 1 (not 0)"),
    ("FROM a\nHEALTHCHECK --start-interval=1s CMD y", 2, "Unknown flag: start-interval"),
    ("FROM a\nCOPY <<EOF <<EOT\nx\nEOF\ny\nEOT", 2, "COPY cannot accept a heredoc as a destination"),
]


@pytest.mark.parametrize("dockerfile, line, message", ERRORS)
def test_errors(dockerfile, line, message):
    with pytest.raises(DockerfileSyntaxError) as failure:
        parse_dockerfile(parse(dockerfile).ast)
    expected = message if line is None else f"dockerfile parse error line {line}: {message}"
    assert failure.value.message == expected


def test_errors_point_at_the_instruction_lines():
    with pytest.raises(DockerfileSyntaxError) as failure:
        parse_dockerfile(parse("FROM a\nRUN --bad \\\n  x\n").ast)
    assert (failure.value.start_line, failure.value.end_line) == (2, 3)


def test_parse_instruction_gives_the_bare_message_as_for_onbuild_triggers():
    node = parse("COPY x").ast.children[0]
    with pytest.raises(DockerfileSyntaxError, match="^COPY requires at least two arguments"):
        parse_instruction(node)


# -- expansion, as the classic builder applies it -----------------------------------------------

ENV = {"APP": "/srv/app", "USER": "web", "PORTS": "80 443"}


def expand(word: str) -> str:
    return process_word(word, ENV)


EXPANSIONS = [
    ("ENV DIR=$APP/data NAME=${USER:-x}", EnvCommand, lambda c: c.env == (KeyValue("DIR", "/srv/app/data"), KeyValue("NAME", "web"))),
    ('LABEL "owner"="$USER"', LabelCommand, lambda c: c.labels == (KeyValue("owner", "web"),)),
    ("COPY --chown=$USER --from=$USER a $APP/", CopyCommand, lambda c: (c.chown, c.from_stage, c.dest) == ("web", "$USER", "/srv/app/")),
    ("ADD --chmod=$USER $APP/x /", AddCommand, lambda c: (c.chmod, c.sources) == ("$USER", ("/srv/app/x",))),
    ("WORKDIR $APP", WorkdirCommand, lambda c: c.path == "/srv/app"),
    ("USER ${USER}", UserCommand, lambda c: c.user == "web"),
    ("VOLUME $APP/data", VolumeCommand, lambda c: c.volumes == ("/srv/app/data",)),
    ("STOPSIGNAL ${SIG:-SIGQUIT}", StopSignalCommand, lambda c: c.signal == "SIGQUIT"),
    ("ARG DIR=$APP OTHER", ArgCommand, lambda c: c.args == (ArgDefinition("DIR", "/srv/app"), ArgDefinition("OTHER"))),
]


@pytest.mark.parametrize("instruction, command_class, check", EXPANSIONS, ids=[row[0] for row in EXPANSIONS])
def test_expand(instruction, command_class, check):
    command = first_command(instruction)
    assert isinstance(command, command_class)
    assert check(command.expand(expand))
    assert command.original == instruction  # the step line shows the text as written


@pytest.mark.parametrize("command_class", [RunCommand, CmdCommand, EntrypointCommand, ShellCommand, HealthcheckCommand,
                                           MaintainerCommand, OnbuildCommand, ExposeCommand])
def test_instructions_the_builder_does_not_expand_word_by_word(command_class):
    assert not hasattr(command_class, "expand")
