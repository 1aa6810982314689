"""Image configs are Docker's JSON byte for byte: the image ID is the sha256 of these bytes."""
import hashlib

import pytest

from dockyard.engine.errors import InvalidParameter
from dockyard.engine.image.gojson import dumps, format_time, parse_time
from dockyard.engine.image.image import History, ImageConfig, InvalidImageConfig, RootFS, image_id, scratch
from dockyard.engine.image.runconfig import ContainerConfig, HealthConfig
from dockyard.engine.layer.store import EMPTY_LAYER_DIFF_ID, create_chain_id

# A config written by Docker 19.03.5's classic builder for `RUN echo "1" > /data` on alpine, and the
# digest its registry stored it under (published in GitLab container registry's test fixtures).
REAL_CONFIG = (
    r'{"architecture":"amd64","config":{"Hostname":"","Domainname":"","User":"","AttachStdin":false,'
    r'"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":false,"StdinOnce":false,'
    r'"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["/bin/sh"],'
    r'"ArgsEscaped":true,"Image":"sha256:e7d92cdc71feacf90708cb59182d0df1b911f8ae022d29e8e95d75ca6a99776a",'
    r'"Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":null},'
    r'"container":"7980908783eb05384926afb5ffad45856f65bc30029722a4be9f1eb3661e9c5e",'
    r'"container_config":{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,'
    r'"AttachStderr":false,"Tty":false,"OpenStdin":false,"StdinOnce":false,'
    r'"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],'
    r'"Cmd":["/bin/sh","-c","echo \"1\" \u003e /data"],'
    r'"Image":"sha256:e7d92cdc71feacf90708cb59182d0df1b911f8ae022d29e8e95d75ca6a99776a","Volumes":null,'
    r'"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":null},"created":"2020-03-02T12:21:53.8027967Z",'
    r'"docker_version":"19.03.5","history":[{"created":"2020-01-18T01:19:37.02673981Z",'
    r'"created_by":"/bin/sh -c #(nop) ADD file:e69d441d729412d24675dcd33e04580885df99981cec43de8c9b24015313ff8e'
    r' in / "},{"created":"2020-01-18T01:19:37.187497623Z","created_by":"/bin/sh -c #(nop)  CMD [\"/bin/sh\"]",'
    r'"empty_layer":true},{"created":"2020-03-02T12:21:53.8027967Z","created_by":"/bin/sh -c echo \"1\" \u003e'
    r' /data"}],"os":"linux","rootfs":{"type":"layers","diff_ids":['
    r'"sha256:5216338b40a7b96416b8b9858974bbe4acc3096ee60acbc4dfb1ee02aecceb10",'
    r'"sha256:99cb4c5d9f96432a00201f4b14c058c6235e563917ba7af8ed6c4775afa5780f"]}}'
).encode()
REAL_ID = "sha256:ea8a54fd13889d3649d0a4e45735116474b8a650815a2cda4940f652158579b9"


def test_a_real_config_round_trips_to_its_real_id():
    assert image_id(REAL_CONFIG) == REAL_ID
    config = ImageConfig.from_json(REAL_CONFIG)
    assert config.to_json() == REAL_CONFIG
    assert config.config.cmd == ["/bin/sh"] and config.config.args_escaped
    assert config.container_config.cmd == ["/bin/sh", "-c", 'echo "1" > /data']
    assert [h.empty_layer for h in config.history] == [False, True, False]
    assert config.layer_history_count() == 2
    assert config.chain_id() == create_chain_id(config.rootfs.diff_ids)


@pytest.mark.parametrize("value,encoded", [
    ("plain", '"plain"'),
    ('say "hi"\\', r'"say \"hi\"\\"'),
    ("a > b && c < d", r'"a \u003e b \u0026\u0026 c \u003c d"'),  # Go escapes HTML characters
    ("tab\tnewline\nreturn\r", r'"tab\tnewline\nreturn\r"'),
    ("\b\f\x01\x1f", r'"\u0008\u000c\u0001\u001f"'),  # Go 1.19: no \b or \f shorthand
    ("line\u2028para\u2029", r'"line\u2028para\u2029"'),
    ("한국어 é", '"한국어 é"'),  # other non-ASCII stays UTF-8
    (None, "null"), (True, "true"), (False, "false"), (0, "0"), (-12, "-12"),
    ([], "[]"), ({}, "{}"), ({"b": [1, "x"], "a": None}, '{"b":[1,"x"],"a":null}'),
])
def test_go_json_encoding(value, encoded):
    assert dumps(value) == encoded


def test_container_config_field_order_and_omitempty():
    empty = ContainerConfig().to_json_object()
    assert list(empty) == ["Hostname", "Domainname", "User", "AttachStdin", "AttachStdout", "AttachStderr", "Tty",
                           "OpenStdin", "StdinOnce", "Env", "Cmd", "Image", "Volumes", "WorkingDir", "Entrypoint",
                           "OnBuild", "Labels"]
    full = ContainerConfig(
        exposed_ports={"80/tcp": {}, "443/tcp": {}}, healthcheck=HealthConfig(test=["CMD", "true"], retries=3),
        args_escaped=True, network_disabled=True, mac_address="02:42:ac:11:00:02", stop_signal="SIGQUIT",
        stop_timeout=0, shell=["/bin/bash", "-c"], labels={"b": "2", "a": "1"}, volumes={"/data": {}},
    ).to_json_object()
    assert list(full) == ["Hostname", "Domainname", "User", "AttachStdin", "AttachStdout", "AttachStderr",
                          "ExposedPorts", "Tty", "OpenStdin", "StdinOnce", "Env", "Cmd", "Healthcheck",
                          "ArgsEscaped", "Image", "Volumes", "WorkingDir", "Entrypoint", "NetworkDisabled",
                          "MacAddress", "OnBuild", "Labels", "StopSignal", "StopTimeout", "Shell"]
    assert dumps(full["ExposedPorts"]) == '{"443/tcp":{},"80/tcp":{}}'  # maps are written with sorted keys
    assert dumps(full["Labels"]) == '{"a":"1","b":"2"}'
    assert full["Healthcheck"] == {"Test": ["CMD", "true"], "Retries": 3}
    assert full["StopTimeout"] == 0  # a pointer to 0 is not empty


@pytest.mark.parametrize("body,message", [
    ({"Env": "A=1"}, "json: cannot unmarshal string into Go struct field Config.Env of type []string"),
    ({"Cmd": 5}, "json: cannot unmarshal number into Go struct field Config.Cmd of type []string"),
    ({"Tty": "yes"}, "json: cannot unmarshal string into Go struct field Config.Tty of type bool"),
    ({"Labels": {"a": 1}}, "json: cannot unmarshal number into Go struct field Config.Labels of type string"),
    ({"StopTimeout": "10"}, "json: cannot unmarshal string into Go struct field Config.StopTimeout of type int"),
    ({"Healthcheck": []}, "json: cannot unmarshal array into Go struct field Config.Healthcheck of type "
                          "container.HealthConfig"),
    ({"Healthcheck": {"Retries": "3"}}, "json: cannot unmarshal string into Go struct field "
                                        "HealthConfig.Healthcheck.Retries of type int"),
])
def test_container_config_rejects_wrong_types_as_go_does(body, message):
    with pytest.raises(InvalidParameter) as caught:
        ContainerConfig.from_json_object(body)
    assert str(caught.value) == message


def test_container_config_decoding():
    config = ContainerConfig.from_json_object({
        "Cmd": "sh", "Entrypoint": None, "Env": [], "Volumes": {"/data": {"ignored": 1}}, "Unknown": 1,
        "Hostname": None, "StopTimeout": 0})
    assert config.cmd == ["sh"]  # a StrSlice accepts a single string
    assert config.entrypoint is None and config.env == []  # null and [] stay distinct
    assert config.volumes == {"/data": {}}
    assert config.hostname == "" and config.stop_timeout == 0


def test_config_needs_a_rootfs():
    with pytest.raises(InvalidImageConfig, match="^invalid image JSON, no RootFS key$"):
        ImageConfig.from_json(b'{"architecture":"amd64"}')
    with pytest.raises(InvalidImageConfig):
        ImageConfig.from_json(b"not json")


def test_top_level_keys_are_sorted_and_container_config_always_written():
    written = ImageConfig(os="linux", architecture="amd64", rootfs=RootFS(), created=format_time(0)).to_json()
    assert written.startswith(b'{"architecture":"amd64","container_config":{"Hostname":""')
    assert written.endswith(b'"created":"1970-01-01T00:00:00Z","os":"linux","rootfs":{"type":"layers"}}')


def test_new_child_is_a_build_step():
    base = ImageConfig.from_json(REAL_CONFIG)
    run = ContainerConfig(cmd=["/bin/sh", "-c", "echo hi > /x"])
    child = base.new_child(diff_id="sha256:" + "1" * 64, container_config=run, config=base.config,
                           docker_version="20.10.24", container_id="c" * 64, created="2024-05-01T10:00:00.5Z")
    assert child.rootfs.diff_ids == base.rootfs.diff_ids + ["sha256:" + "1" * 64]
    assert child.history[-1] == History(created="2024-05-01T10:00:00.5Z", created_by="/bin/sh -c echo hi > /x")
    assert (child.created, child.container, child.docker_version) == ("2024-05-01T10:00:00.5Z", "c" * 64, "20.10.24")
    assert child.architecture == "amd64" and child.os == "linux"

    meta = ContainerConfig(cmd=["/bin/sh", "-c", "#(nop) ", 'CMD ["sh"]'])
    for empty in (None, EMPTY_LAYER_DIFF_ID):
        step = base.new_child(diff_id=empty, container_config=meta, config=base.config, docker_version="20.10.24")
        assert step.rootfs.diff_ids == base.rootfs.diff_ids
        assert step.history[-1].empty_layer
        assert step.history[-1].created_by == '/bin/sh -c #(nop)  CMD ["sh"]'  # two spaces, as docker history shows


def test_scratch_has_no_layers():
    assert scratch().chain_id() is None
    assert scratch().rootfs.diff_ids == []


@pytest.mark.parametrize("unix_ns,text", [
    (0, "1970-01-01T00:00:00Z"),
    (1_583_151_713_802_796_700, "2020-03-02T12:21:53.8027967Z"),
    (1_704_067_200_000_000_001, "2024-01-01T00:00:00.000000001Z"),
    (1_704_067_200_500_000_000, "2024-01-01T00:00:00.5Z"),
])
def test_times_are_written_as_go_writes_them(unix_ns, text):
    assert format_time(unix_ns) == text
    assert parse_time(text) == unix_ns


def test_time_parsing_accepts_offsets_and_rejects_garbage():
    assert parse_time("2024-01-01T09:00:00+09:00") == parse_time("2024-01-01T00:00:00Z")
    assert parse_time("0001-01-01T00:00:00Z") < 0
    with pytest.raises(InvalidParameter):
        parse_time("yesterday")


def test_image_id_is_the_config_digest():
    data = scratch().to_json()
    assert image_id(data) == "sha256:" + hashlib.sha256(data).hexdigest()
