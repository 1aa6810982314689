"""EXPOSE checks each port as go-connections' ParsePortSpec does (the version moby 20.10 vendors):
the build stops at the instruction with the parser's message; a valid spec exposes its container ports."""

import pytest

from cli_driver import docker


def build(root, line):
    (root / "Dockerfile").write_text(f"FROM busybox\n{line}\n")
    return docker("build", "-q", "-t", "exposed", ".")


@pytest.mark.parametrize("spec, message", [
    ("80/xyz", "Invalid proto: xyz"),
    ("web", "Invalid containerPort: web"),
    ("90-80", "Invalid containerPort: 90-80"),
    ("70000", "Invalid containerPort: 70000"),
    ("x:80", "Invalid hostPort: x"),
    ("1.2.3.999:80:80", "Invalid ip address: 1.2.3.999"),
    ("8000-8001:80-82", "Invalid ranges specified for container and host Ports: 80-82 and 8000-8001"),
])
def test_a_bad_port_stops_the_build_with_the_parser_s_message(engine, spec, message):
    code, _, err = build(engine, f"EXPOSE {spec}")
    assert (code, err.splitlines()[-1]) == (1, message)


def test_ranges_protocols_and_host_parts_expose_the_container_ports(engine):
    assert build(engine, "EXPOSE 80 53/UDP 7000-7001/sctp 8080:90")[0] == 0
    code, out, _ = docker("inspect", "--format", "{{json .Config.ExposedPorts}}", "exposed")
    assert out == '{"53/udp":{},"7000/sctp":{},"7001/sctp":{},"80/tcp":{},"90/tcp":{}}\n'
