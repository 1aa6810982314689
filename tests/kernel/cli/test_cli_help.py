"""`docker X --help`, compared with what docker CLI 28.2.2 printed (data/help/*.txt, captured with
HOME=/home/learner and no daemon; *.engine-1.41.txt with a Docker 20.10 engine answering)."""
from pathlib import Path

import pytest

from dockyard.kernel.cli.commandtree import ServerInfo, find_command
from dockyard.kernel.cli.help import flag_usages, help_output, render_help

GOLDENS = Path(__file__).parent / "data" / "help"
ENVIRON = {"HOME": "/home/learner"}
ENGINE_20_10 = ServerInfo(api_version="1.41", os_type="linux", experimental=False, swarm_state="inactive")


def golden(name: str) -> str:
    return (GOLDENS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("path, name", [
    ("", "docker.txt"), ("run", "run.txt"), ("build", "build.txt"), ("image", "image.txt"), ("ps", "ps.txt"),
    ("container", "container.txt"), ("volume create", "volume_create.txt"), ("cp", "cp.txt"),
    ("manifest", "manifest.txt"), ("context create", "context_create.txt"), ("stop", "stop.txt"), ("help", "help.txt"),
])
def test_help_without_a_daemon(path, name):
    assert render_help(find_command(path), ENVIRON) == golden(name)


@pytest.mark.parametrize("path, name", [("", "docker.engine-1.41.txt"), ("run", "run.engine-1.41.txt")])
def test_help_against_a_docker_20_10_engine(path, name):
    assert render_help(find_command(path), ENVIRON, ENGINE_20_10) == golden(name)


def test_the_environment_sets_the_global_defaults_shown():
    text = render_help(find_command(""), {"DOCKER_CONFIG": "/cfg", "DOCKER_CERT_PATH": "/certs"})
    assert '      --config string      Location of client config files (default "/cfg")\n' in text
    assert '      --tlscacert string   Trust certs signed only by this CA (default\n                           "/certs/ca.pem")\n' in text


def test_a_terminal_gets_the_closing_line_in_bold():
    text = render_help(find_command(""), ENVIRON, tty=True)
    assert text.endswith("\x1b[1mFor more help on how to use Docker, head to https://docs.docker.com/go/guides/\x1b[0m\n")


def test_flag_descriptions_wrap_to_the_terminal_width():
    flags = [flag for flag in find_command("stop").all_flags() if not flag.hidden]
    assert flag_usages(flags, 79) == ("  -s, --signal string   Signal to send to the container\n"
                                      "  -t, --timeout int     Seconds to wait before killing the container\n")
    assert flag_usages(flags, 59) == ("  -s, --signal string   Signal to send to the container\n"
                                      "  -t, --timeout int     Seconds to wait before\n"
                                      "                        killing the container\n")
    # too narrow for 24 columns beside the names: pflag starts the description below, at column 16
    assert flag_usages(flags, 45) == ("  -s, --signal string   \n                Signal to send to the\n                container\n"
                                      "  -t, --timeout int     \n                Seconds to wait before\n"
                                      "                killing the container\n")


def test_set_options_show_their_empty_default():
    # pflag judges docker's own option types by their current value (docker run -e A=1 --help)
    text = render_help(find_command("run"), ENVIRON, values={"env": ["A=1"]})
    assert "  -e, --env list                         Set environment variables (default )\n" in text


def test_an_unsupported_command_prints_why_instead():
    assert help_output(find_command("checkpoint ls"), ENVIRON, ENGINE_20_10) == (
        "docker checkpoint ls is only supported on a Docker daemon with experimental features enabled\n", "stdout")
    old = ServerInfo(api_version="1.24")
    assert help_output(find_command("stack ls"), ENVIRON, old) == (
        "docker stack ls requires API version 1.25, but the Docker daemon API version is 1.24\n", "stderr")
