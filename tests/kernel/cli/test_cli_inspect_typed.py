"""docker inspect --format runs on docker CLI's typed response first, on the raw JSON only if that fails.

What Docker 20.10 with docker CLI 28 printed for the same templates (tests/fidelity has them recorded):
null slices print `[]`, null maps `map[]`, null pointers `<nil>`; `.ID` is the Go field and `.Id` the
JSON key (both work, the second through the fallback); `{{.State}}` is a struct; `json` of a struct
keeps Go's field order. Without --format the engine's JSON is printed in the order it was sent.
"""
import json

import pytest

from cli_driver import docker


@pytest.fixture
def engine(engine):
    (engine / "Dockerfile").write_text('FROM busybox\nCMD ["echo", "hi"]\n')
    assert docker("build", "-q", "-t", "plain", ".")[0] == 0
    assert docker("create", "--name", "ctr", "plain")[0] == 0
    return engine


def fmt(template, *refs):
    return docker("inspect", "--format", template, *refs)


def test_null_fields_print_as_their_go_types_zero_values(engine):
    assert fmt("{{.Config.Entrypoint}}|{{.Config.Volumes}}|{{.Config.OnBuild}}|{{.Config.Healthcheck}}", "plain") \
        == (0, "[]|map[]|[]|<nil>\n", "")
    assert fmt("{{.HostConfig.Binds}}|{{.HostConfig.Links}}|{{.State.Health}}|{{.Mounts}}", "ctr") == \
        (0, "[]|[]|<nil>|[]\n", "")


def test_go_field_names_and_json_keys_both_work(engine):
    ident = docker("inspect", "--format", "{{json .Id}}", "ctr")[1]
    assert fmt("{{.ID}}", "ctr") == (0, json.loads(ident) + "\n", "")


def test_a_struct_prints_its_values_in_field_order(engine):
    code, out, _ = fmt("{{.State}}", "ctr")
    assert out.startswith("{created false false false false false 0 0  0001-01-01T00:00:00Z ")
    assert out.endswith(" <nil>}\n")


def test_json_of_a_struct_keeps_go_s_field_order(engine):
    state = fmt("{{json .State}}", "ctr")[1]
    assert list(json.loads(state)) == ["Status", "Running", "Paused", "Restarting", "OOMKilled", "Dead", "Pid",
                                       "ExitCode", "Error", "StartedAt", "FinishedAt"]
    assert fmt("{{json .Config}}", "ctr")[1].startswith('{"Hostname":"')
    # an image's Config is an OCI image config, whose empty fields are all left out
    assert fmt("{{json .Config}}", "plain")[1] == \
        '{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["echo","hi"]}\n'


def test_when_the_typed_run_fails_the_raw_json_s_error_is_reported(engine):
    assert fmt("{{.Config.Nosuch}}", "plain") == (
        1, "", 'template parsing error: template: :1:9: executing "" at <.Config.Nosuch>: '
               'map has no entry for key "Nosuch"\n')


def test_without_a_format_the_engine_s_key_order_is_kept(engine):
    data = json.loads(docker("inspect", "ctr")[1])[0]
    assert list(data)[:4] == ["Id", "Created", "Path", "Args"]
    assert list(data["HostConfig"])[:4] == ["Binds", "ContainerIDFile", "LogConfig", "NetworkMode"]


def test_the_docker_cli_s_create_request_shows_in_host_config(engine):
    host_config = json.loads(fmt("{{json .HostConfig}}", "ctr")[1])
    assert (host_config["Dns"], host_config["Links"], host_config["RestartPolicy"]) == \
        ([], None, {"Name": "no", "MaximumRetryCount": 0})
    assert (host_config["ShmSize"], host_config["Runtime"], host_config["LogConfig"]["Type"]) == \
        (67108864, "runc", "json-file")
