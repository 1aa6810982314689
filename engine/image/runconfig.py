"""A container's portable configuration (moby `api/types/container.Config`): an image's `config`.

The same struct is an image config's `config` (what a container of the image runs) and
`container_config` (the classic builder's record of the step that made it), the `Config` of
`docker inspect`, and the body of `POST /containers/create`. Field order and `omitempty` follow
Docker 20.10 exactly, because the image ID hashes this JSON.
"""
from __future__ import annotations

from dataclasses import dataclass

from .gojson import (BOOL, DURATION, INT, INT_POINTER, PORT_SET, SET, STRING, STRING_MAP, STRINGS, STRSLICE,
                     STRUCT, decode_struct, encode_struct, go_field)


@dataclass
class HealthConfig:
    """HEALTHCHECK: `test` is [], ["NONE"], ["CMD", args...] or ["CMD-SHELL", command]; durations in ns."""

    GO_TYPE = "container.HealthConfig"

    test: list[str] | None = go_field("Test", kind=STRINGS, omitempty=True)
    interval: int = go_field("Interval", 0, kind=DURATION, omitempty=True)
    timeout: int = go_field("Timeout", 0, kind=DURATION, omitempty=True)
    start_period: int = go_field("StartPeriod", 0, kind=DURATION, omitempty=True)
    retries: int = go_field("Retries", 0, kind=INT, omitempty=True)


@dataclass
class ContainerConfig:
    """`None` is Go's nil (written `null`); an empty list or dict is written `[]` / `{}` unless omitted."""

    GO_TYPE = "container.Config"

    hostname: str = go_field("Hostname", "")
    domainname: str = go_field("Domainname", "")
    user: str = go_field("User", "")
    attach_stdin: bool = go_field("AttachStdin", False, kind=BOOL)
    attach_stdout: bool = go_field("AttachStdout", False, kind=BOOL)
    attach_stderr: bool = go_field("AttachStderr", False, kind=BOOL)
    exposed_ports: dict[str, dict] | None = go_field("ExposedPorts", kind=PORT_SET, omitempty=True)
    tty: bool = go_field("Tty", False, kind=BOOL)
    open_stdin: bool = go_field("OpenStdin", False, kind=BOOL)
    stdin_once: bool = go_field("StdinOnce", False, kind=BOOL)
    env: list[str] | None = go_field("Env", kind=STRINGS)
    cmd: list[str] | None = go_field("Cmd", kind=STRSLICE)
    healthcheck: HealthConfig | None = go_field("Healthcheck", kind=STRUCT, omitempty=True, struct=HealthConfig)
    args_escaped: bool = go_field("ArgsEscaped", False, kind=BOOL, omitempty=True)
    image: str = go_field("Image", "")
    volumes: dict[str, dict] | None = go_field("Volumes", kind=SET)
    working_dir: str = go_field("WorkingDir", "")
    entrypoint: list[str] | None = go_field("Entrypoint", kind=STRSLICE)
    network_disabled: bool = go_field("NetworkDisabled", False, kind=BOOL, omitempty=True)
    mac_address: str = go_field("MacAddress", "", omitempty=True)
    on_build: list[str] | None = go_field("OnBuild", kind=STRINGS)
    labels: dict[str, str] | None = go_field("Labels", kind=STRING_MAP)
    stop_signal: str = go_field("StopSignal", "", kind=STRING, omitempty=True)
    stop_timeout: int | None = go_field("StopTimeout", kind=INT_POINTER, omitempty=True)
    shell: list[str] | None = go_field("Shell", kind=STRSLICE, omitempty=True)

    def to_json_object(self) -> dict:
        return encode_struct(self)

    @classmethod
    def from_json_object(cls, data: dict) -> ContainerConfig:
        """Decode as Go does (unknown keys ignored, wrong types rejected with Go's message)."""
        return decode_struct(cls, data)
