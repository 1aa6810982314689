"""How docker CLI 28.2.2 reads its command line: which command runs with which options and arguments,
and what it prints instead when the command line is wrong or asks for help.

Every row here was checked against the real binary; test_cli_against_docker.py replays the tables
against it when it is installed.
"""
import shlex

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockyard.kernel.cli.commandline import (Invocation, Notice, ShowHelp, ShowVersion, UsageError,
                                             parse_command_line)
from dockyard.kernel.cli.commandtree import ServerInfo, find_command, load_tree
from dockyard.kernel.cli.help import render_help

ENVIRON = {"HOME": "/home/learner", "GREETING": "hello"}
ENGINE_20_10 = ServerInfo(api_version="1.41", os_type="linux", experimental=False, swarm_state="inactive")


def parse(command_line, environ=ENVIRON, server=None):
    return parse_command_line(shlex.split(command_line), environ, cwd="/work", server=server)


# command line → canonical command, docker's name for it, arguments, options the user set
INVOCATIONS = [
    ("run busybox echo hello world", ("container", "run"), "docker run", ["busybox", "echo", "hello", "world"], {}),
    ("run --rm -it -p80:80 --name=web nginx", ("container", "run"), "docker run", ["nginx"],
     {"rm": True, "interactive": True, "tty": True, "publish": ["80:80"], "name": "web"}),
    ("run -d -p 3000:80 -p 192.168.0.100:7777:80 nginx", ("container", "run"), "docker run", ["nginx"],
     {"detach": True, "publish": ["3000:80", "192.168.0.100:7777:80"]}),
    ("run busybox ls -la --rm", ("container", "run"), "docker run", ["busybox", "ls", "-la", "--rm"], {}),
    ("run -- busybox sh", ("container", "run"), "docker run", ["busybox", "sh"], {}),
    ("run busybox -- ls", ("container", "run"), "docker run", ["busybox", "--", "ls"], {}),
    ("run --rm=false -d=true busybox", ("container", "run"), "docker run", ["busybox"], {"rm": False, "detach": True}),
    ("run -e GREETING -e A=1 -e UNSET busybox", ("container", "run"), "docker run", ["busybox"],
     {"env": ["GREETING=hello", "A=1", "UNSET"]}),
    ("run -m 512m --cpus 1.5 --memory-swap -1 busybox", ("container", "run"), "docker run", ["busybox"],
     {"memory": 512 << 20, "cpus": 1_500_000_000, "memory-swap": -1}),
    ("run --add-host db=10.0.0.5 --restart always busybox", ("container", "run"), "docker run", ["busybox"],
     {"add-host": ["db:10.0.0.5"], "restart": "always"}),
    ("run --mount type=bind,src=./src,dst=/app busybox", ("container", "run"), "docker run", ["busybox"],
     {"mount": [{"Type": "bind", "Source": "/work/src", "Target": "/app"}]}),
    ("run --health-interval 1m30s -v data:/data busybox", ("container", "run"), "docker run", ["busybox"],
     {"health-interval": 90_000_000_000, "volume": ["data:/data"]}),
    ("container run --detach --publish 8088:80 web", ("container", "run"), "docker container run", ["web"],
     {"detach": True, "publish": ["8088:80"]}),
    ("create --name c busybox", ("container", "create"), "docker create", ["busybox"], {"name": "c"}),
    ("exec -it web sh -c 'ls -l'", ("container", "exec"), "docker exec", ["web", "sh", "-c", "ls -l"],
     {"interactive": True, "tty": True}),
    ("ps -a", ("container", "ls"), "docker ps", [], {"all": True}),
    ("ps --filter name=web --filter status=exited --format '{{.Names}}'", ("container", "ls"), "docker ps", [],
     {"filter": {"name": ["web"], "status": ["exited"]}, "format": "{{.Names}}"}),
    ("container ls -aq", ("container", "ls"), "docker container ls", [], {"all": True, "quiet": True}),
    ("container list", ("container", "ls"), "docker container ls", [], {}),
    ("container ps -n 2", ("container", "ls"), "docker container ls", [], {"last": 2}),
    ("images", ("image", "ls"), "docker images", [], {}),
    ("image list busybox", ("image", "ls"), "docker image ls", ["busybox"], {}),
    ("rmi -f a b", ("image", "rm"), "docker rmi", ["a", "b"], {"force": True}),
    ("image remove a", ("image", "rm"), "docker image rm", ["a"], {}),
    ("rm -f web", ("container", "rm"), "docker rm", ["web"], {"force": True}),
    ("container remove web", ("container", "rm"), "docker container rm", ["web"], {}),
    ("build -t web:1 -f Dockerfile.dev --build-arg V=1 app", ("image", "build"), "docker build", ["app"],
     {"tag": ["web:1"], "file": "Dockerfile.dev", "build-arg": ["V=1"]}),
    ("image build -t ch04-lab:optimized -f Dockerfile.optimized .", ("image", "build"), "docker image build", ["."],
     {"tag": ["ch04-lab:optimized"], "file": "Dockerfile.optimized"}),
    ("builder build .", ("image", "build"), "docker builder build", ["."], {}),
    ("stop -t 5 web", ("container", "stop"), "docker stop", ["web"], {"timeout": 5}),
    ("logs -f --tail 10 web", ("container", "logs"), "docker logs", ["web"], {"follow": True, "tail": "10"}),
    ("cp rn1:/random/number.txt number1.txt", ("container", "cp"), "docker cp", ["rn1:/random/number.txt", "number1.txt"], {}),
    ("top web -ef", ("container", "top"), "docker top", ["web", "-ef"], {}),
    ("tag app user/practice:10", ("image", "tag"), "docker tag", ["app", "user/practice:10"], {}),
    ("commit -c 'ENV a=b' ch03lab ch03-lab-soln", ("container", "commit"), "docker commit", ["ch03lab", "ch03-lab-soln"],
     {"change": ["ENV a=b"]}),
    ("image prune -a", ("image", "prune"), "docker image prune", [], {"all": True}),
    ("system prune -af --volumes", ("system", "prune"), "docker system prune", [], {"all": True, "force": True, "volumes": True}),
    ("volume create --label a=b data", ("volume", "create"), "docker volume create", ["data"], {"label": ["a=b"]}),
    ("network create -d bridge net1", ("network", "create"), "docker network create", ["net1"], {"driver": "bridge"}),
    ("events --since 1h", ("system", "events"), "docker events", [], {"since": "1h"}),
    ("info", ("system", "info"), "docker info", [], {}),
    ("inspect -f '{{.Id}}' web", ("inspect",), "docker inspect", ["web"], {"format": "{{.Id}}"}),
    ("version", ("version",), "docker version", [], {}),
    ("login -u me", ("login",), "docker login", [], {"username": "me"}),
]


@pytest.mark.parametrize("command_line, path, name, args, changed", INVOCATIONS, ids=[row[0] for row in INVOCATIONS])
def test_command_lines_that_run(command_line, path, name, args, changed):
    invocation = parse(command_line)
    assert (invocation.path, invocation.name_as_typed, invocation.args) == (path, name, args)
    assert {flag: invocation.opts[flag] for flag in invocation.changed} == changed


def test_options_not_given_take_dockers_defaults():
    opts = parse("run busybox").opts
    assert (opts["restart"], opts["pull"], opts["memory-swappiness"], opts["sig-proxy"]) == ("no", "missing", -1, True)
    assert (opts["publish"], opts["env"], opts["health-interval"], opts["memory"], opts["name"]) == ([], [], 0, 0, "")
    assert parse("ps").opts["last"] == -1
    assert parse("logs web").opts["tail"] == "all"


def test_a_flag_and_its_hidden_alias_share_one_value():
    invocation = parse("run --net host busybox")
    assert invocation.changed == {"net"}
    assert invocation.opts["network"] == invocation.opts["net"]
    assert invocation.opts["network"][0]["Target"] == "host"


def test_global_options():
    invocation = parse("-D -l warn -H unix:///tmp/d.sock --engine docker ps")
    assert invocation.path == ("container", "ls")
    options = invocation.global_opts
    assert (options["debug"], options["log-level"], options["host"], options["engine"]) == \
        (True, "warn", ["unix:///tmp/d.sock"], "docker")
    assert options["config"] == "/home/learner/.docker"
    assert parse("ps", environ={"DOCKER_CONFIG": "/etc/docker-cli"}).global_opts["tlscacert"] == "/etc/docker-cli/ca.pem"


# command line → exit code and what docker prints on stderr
ERRORS = [
    ("bogus", 1, "docker: unknown command: docker bogus\n\nRun 'docker --help' for more information"),
    ("imgaes", 1, "docker: unknown command: docker imgaes\n\nRun 'docker --help' for more information"),
    ("run --bogus busybox", 125,
     "unknown flag: --bogus\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
     "Run 'docker run --help' for more information"),
    ("run", 1,
     "docker: 'docker run' requires at least 1 argument\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
     "See 'docker run --help' for more information"),
    ("--help run", 1,  # run has its own --help: the global one does not reach it
     "docker: 'docker run' requires at least 1 argument\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
     "See 'docker run --help' for more information"),
    ("run -h", 125,  # -h is --hostname for run
     "flag needs an argument: 'h' in -h\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
     "Run 'docker run --help' for more information"),
    ("ps a", 1, "docker: 'docker ps' accepts no arguments\n\nUsage:  docker ps [OPTIONS]\n\n"
                "Run 'docker ps --help' for more information"),
    ("container list a", 1, "docker: 'docker container ls' accepts no arguments\n\nUsage:  docker container ls [OPTIONS]\n\n"
                            "Run 'docker container ls --help' for more information"),
    ("rename a", 1, "docker: 'docker rename' requires 2 arguments\n\nUsage:  docker rename CONTAINER NEW_NAME\n\n"
                    "Run 'docker rename --help' for more information"),
    ("images a b", 1, "docker: 'docker images' requires at most 1 argument\n\n"
                      "Usage:  docker images [OPTIONS] [REPOSITORY[:TAG]]\n\n"
                      "SRun 'docker images --help' for more information"),  # sic
    ("port", 1, "docker: 'docker port' requires at least 1 and at most 2 arguments\n\n"
                "Usage:  docker port CONTAINER [PRIVATE_PORT[/PROTO]]\n\nRun 'docker port --help' for more information"),
    ("cp a", 1, "docker: 'docker cp' requires 2 arguments\n\nUsage:  docker cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n"
                "\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH\n\nRun 'docker cp --help' for more information"),
    ("image bogus", 1, "docker: unknown command: docker image bogus\n\nUsage:  docker image\n\n"
                       "Run 'docker image --help' for more information"),
    ("volume bogus", 1, "docker: unknown command: docker volume bogus\n\nUsage:  docker volume COMMAND\n\n"
                        "Run 'docker volume --help' for more information"),
    ("image --bogus", 125, "unknown flag: --bogus\n\nUsage:  docker image\n\nRun 'docker image --help' for more information"),
    ("container -zz ls", 1, "unknown shorthand flag: 'z' in -zz"),  # a flag before the subcommand: bare message
    ("container --help=x ls", 1, 'invalid argument "x" for "--help" flag: strconv.ParseBool: parsing "x": invalid syntax'),
    ("context use", 1, "accepts 1 arg(s), received 0"),
    ("service scale a", 1, "invalid scale specifier 'a'.\nSee 'docker service scale --help'.\n\n"
                           "Usage:  docker service scale SERVICE=REPLICAS [SERVICE=REPLICAS...]\n\n"
                           "Scale one or multiple replicated services"),
    ("ps -z", 125, "unknown shorthand flag: 'z' in -z\n\nUsage:  docker ps [OPTIONS]\n\n"
                   "Run 'docker ps --help' for more information"),
    ("ps --format", 125, "flag needs an argument: --format\n\nUsage:  docker ps [OPTIONS]\n\n"
                         "Run 'docker ps --help' for more information"),
    ("ps -n x", 125, 'invalid argument "x" for "-n, --last" flag: strconv.ParseInt: parsing "x": invalid syntax\n\n'
                     "Usage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information"),
    ("stop -t x a", 125, 'invalid argument "x" for "-t, --timeout" flag: strconv.ParseInt: parsing "x": invalid syntax\n\n'
                         "Usage:  docker stop [OPTIONS] CONTAINER [CONTAINER...]\n\nRun 'docker stop --help' for more information"),
    ("---x", 125, "bad flag syntax: ---x\n\nUsage:  docker [OPTIONS] COMMAND [ARG...]\n\nRun 'docker --help' for more information"),
    ("--bogus ps", 125, "unknown flag: --bogus\n\nUsage:  docker [OPTIONS] COMMAND [ARG...]\n\n"
                        "Run 'docker --help' for more information"),
    ("-H", 125, "flag needs an argument: 'H' in -H\n\nUsage:  docker [OPTIONS] COMMAND [ARG...]\n\n"
                "Run 'docker --help' for more information"),
    ("-l bogus ps", 1, "Unable to parse logging level: bogus"),
    ("-H unix:///x -c default ps", 1, "conflicting options: cannot specify both --host and --context"),
    ("--engine podman ps", 125, 'invalid argument "podman" for "--engine" flag: must be "bundled" or "docker"\n\n'
                                "Usage:  docker [OPTIONS] COMMAND [ARG...]\n\nRun 'docker --help' for more information"),
    ("help bogus", 1, "unknown help topic: bogus"),
    ("help image ls extra", 1, "unknown help topic: extra"),
    ("help --bogus", 125, "unknown flag: --bogus\n\nUsage:  docker help [command]\n\n"
                          "Run 'docker help --help' for more information"),
    ("run --add-host bad busybox", 125, 'invalid argument "bad" for "--add-host" flag: bad format for add-host: "bad"\n\n'
                                        "Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
                                        "Run 'docker run --help' for more information"),
    ("run -m 10x busybox", 125, "invalid argument \"10x\" for \"-m, --memory\" flag: invalid suffix: 'x'\n\n"
                                "Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
                                "Run 'docker run --help' for more information"),
    ("run -é busybox", 125, "unknown shorthand flag: 'Ã' in -é\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
                            "Run 'docker run --help' for more information"),
    ("build -t Foo .", 125, 'invalid argument "Foo" for "-t, --tag" flag: invalid reference format: repository name '
                            "(library/Foo) must be lowercase\n\nUsage:  docker build [OPTIONS] PATH | URL | -\n\n"
                            "Run 'docker build --help' for more information"),
    ("bake", 1, "ERROR: docker bake requires the buildx component but it is missing or broken.\n"
                "       Install the buildx component to use bake:\n       https://docs.docker.com/go/buildx/"),
]


@pytest.mark.parametrize("command_line, exit_code, message", ERRORS, ids=[row[0] for row in ERRORS])
def test_command_lines_docker_rejects(command_line, exit_code, message):
    with pytest.raises(UsageError) as error:
        parse(command_line)
    assert (error.value.exit_code, error.value.message) == (exit_code, message)
    assert error.value.stderr == message + "\n"


# command line → whose help docker prints, and on which stream
HELP = [
    ("", "", "stderr"),  # `docker` alone
    ("--help", "", "stdout"),
    ("help", "", "stdout"),
    ("--help bogus", "", "stdout"),
    ("bogus --help", "", "stdout"),
    ("-v --help", "", "stdout"),
    ("run --help", "run", "stdout"),
    ("run --help busybox", "run", "stdout"),
    ("container run --help", "container run", "stdout"),
    ("help run", "run", "stdout"),
    ("help image ls", "image ls", "stdout"),
    ("help help", "help", "stdout"),
    ("--help ps", "ps", "stdout"),
    ("ps --help extra", "ps", "stdout"),
    ("ps --help=true", "ps", "stdout"),
    ("image", "image", "stderr"),
    ("container", "container", "stderr"),
    ("image --help", "image", "stdout"),
    ("image --help ls", "image ls", "stdout"),
    ("--help image ls", "image ls", "stdout"),
    ("trust key", "trust key", "stderr"),
]


@pytest.mark.parametrize("command_line, path, stream", HELP, ids=[row[0] or "(nothing)" for row in HELP])
def test_command_lines_that_show_help(command_line, path, stream):
    with pytest.raises(ShowHelp) as shown:
        parse(command_line)
    assert shown.value.text == render_help(find_command(path), ENVIRON)
    assert (shown.value.stream, shown.value.exit_code) == (stream, 0)


def test_version():
    for command_line in ("-v", "--version", "--version bogus"):
        with pytest.raises(ShowVersion) as shown:
            parse(command_line)
        assert (shown.value.text, shown.value.stream) == ("Docker version 28.2.2, build e6534b4\n", "stdout")
    assert parse("-v ps").path == ("container", "ls")  # --version belongs to docker itself, not to ps


DEPRECATED_TIME = Notice("stdout", "Flag --time has been deprecated, use --timeout instead\n")
DEPRECATED_H = "Flag shorthand -h has been deprecated, use --help\n"
LEGACY_BUILDER = Notice("stderr", "DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n"
                                  "            Install the buildx component to build images with BuildKit:\n"
                                  "            https://docs.docker.com/go/buildx/\n\n")
BUILDKIT_OFF = Notice("stderr", "DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n"
                                "            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0\n"
                                "            environment-variable.\n\n")


def notices_of(command_line, environ=ENVIRON):
    try:
        return parse(command_line, environ).notices
    except (ShowHelp, UsageError) as outcome:
        return outcome.notices


@pytest.mark.parametrize("command_line, environ, notices", [
    ("stop --time 3 web", ENVIRON, (DEPRECATED_TIME,)),
    ("-h", ENVIRON, (Notice("stderr", DEPRECATED_H),)),  # docker's own flags warn on stderr
    ("ps -h", ENVIRON, (Notice("stdout", DEPRECATED_H),)),  # a command's flags warn on stdout
    ("container -h ls", ENVIRON, (Notice("stdout", DEPRECATED_H), Notice("stdout", DEPRECATED_H * 2))),  # sic
    ("build .", ENVIRON, (LEGACY_BUILDER,)),
    ("image build --bogus", ENVIRON, (LEGACY_BUILDER,)),
    ("builder prune", ENVIRON, (LEGACY_BUILDER,)),
    ("build .", {**ENVIRON, "DOCKER_BUILDKIT": "0"}, (BUILDKIT_OFF,)),
    ("ps", ENVIRON, ()),
])
def test_what_docker_prints_first(command_line, environ, notices):
    assert notices_of(command_line, environ) == notices


@pytest.mark.parametrize("environ, command_line, message", [
    ({"DOCKER_BUILDKIT": "1"}, "build .", "ERROR: BuildKit is enabled but the buildx component is missing or broken.\n"
                                          "       Install the buildx component to build images with BuildKit:\n"
                                          "       https://docs.docker.com/go/buildx/"),
    ({"DOCKER_BUILDKIT": "x"}, "ps", "DOCKER_BUILDKIT environment variable expects boolean value: "
                                     'strconv.ParseBool: parsing "x": invalid syntax'),
])
def test_docker_buildkit_setting(environ, command_line, message):
    with pytest.raises(UsageError) as error:
        parse(command_line, {**ENVIRON, **environ})
    assert (error.value.exit_code, error.value.message) == (1, message)


@pytest.mark.parametrize("command_line, message", [
    ("run --annotation a=b busybox", '"--annotation" requires API version 1.43, but the Docker daemon API version is 1.41'),
    ("image ls --tree", '"--tree" requires API version 1.47, but the Docker daemon API version is 1.41'),
    ("start --checkpoint c1 web", '"--checkpoint" is only supported on a Docker daemon with experimental features enabled'),
    ("checkpoint ls web", "docker checkpoint ls is only supported on a Docker daemon with experimental features enabled"),
    ("checkpoint ls --bogus", "docker checkpoint ls is only supported on a Docker daemon with experimental features enabled"),
])
def test_what_an_engine_20_10_cannot_do(command_line, message):
    with pytest.raises(UsageError) as error:
        parse(command_line, server=ENGINE_20_10)
    assert (error.value.exit_code, error.value.message) == (1, message)


def test_without_a_daemon_docker_assumes_it_can_do_everything():
    assert parse("run --annotation a=b busybox").changed == {"annotation"}
    assert parse("checkpoint ls web").path == ("checkpoint", "ls")


def test_help_leaves_out_what_the_engine_cannot_do():
    with pytest.raises(ShowHelp) as shown:
        parse("run --help", server=ENGINE_20_10)
    assert "--annotation" not in shown.value.text and "--cgroupns" in shown.value.text
    with pytest.raises(ShowHelp) as shown:
        parse("image rm --platform x --help", server=ENGINE_20_10)
    assert shown.value.text == '"--platform" requires API version 1.50, but the Docker daemon API version is 1.41\n'


def test_every_command_in_docker_help_is_in_the_tree():
    root = load_tree()
    listed = {"run", "exec", "ps", "build", "pull", "push", "images", "login", "logout", "search", "version", "info",
              "builder", "checkpoint", "container", "context", "image", "manifest", "network", "plugin", "system",
              "trust", "volume", "config", "node", "secret", "service", "stack", "swarm", "attach", "commit", "cp",
              "create", "diff", "events", "export", "history", "import", "inspect", "kill", "load", "logs", "pause",
              "port", "rename", "restart", "rm", "rmi", "save", "start", "stats", "stop", "tag", "top", "unpause",
              "update", "wait"}
    assert listed <= set(root.children)
    for path in ("container run", "image ls", "volume prune", "network connect", "system df", "trust key generate"):
        assert find_command(path).path == tuple(path.split())


VOCABULARY = ["run", "ps", "image", "ls", "container", "help", "build", "images", "rm", "exec", "stop", "-t", "--time",
              "-", "--", "-h", "--help", "-v", "-D", "-l", "-H", "-c", "--engine", "busybox", "-it", "-p", "80:80",
              "--rm", "-e", "--name", "--mount", "type=bind,dst=/x", "--filter", "a=b", "-m", "1g", "--help=x",
              "system", "prune", "trust", "key", "stack", "-dit", "--format", "x", "é", "---", "--=", "-=", "=",
              "service", "scale", "context", "use", "bake", "--cpus", "1.5", "--ulimit", "nofile=1:2", "--add-host"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(VOCABULARY), st.text(st.characters(exclude_categories=()), max_size=6)),
                max_size=8),
       st.sampled_from([{}, {"DOCKER_BUILDKIT": "0"}, {"DOCKER_BUILDKIT": "bogus"}]),
       st.sampled_from([None, ENGINE_20_10]))
def test_any_command_line_gives_an_invocation_help_or_a_usage_error(argv, environ, server):
    try:
        invocation = parse_command_line(argv, {**ENVIRON, **environ}, cwd="/work", server=server)
    except ShowHelp as shown:
        assert shown.stream in ("stdout", "stderr") and shown.text.endswith("\n")
    except UsageError as error:
        assert error.exit_code in (1, 125) and error.message
    else:
        assert isinstance(invocation, Invocation)
        assert find_command(invocation.command.path) is invocation.command
        assert find_command(invocation.path).canonical == invocation.path
