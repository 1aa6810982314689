"""A container's Config and HostConfig as dockerd 20.10 keeps them, and the image's Config merged in.

dockerd decodes a create request into its structs and fills in its defaults; inspect then shows every
field in declaration order. What the client left out is a zero value, so a docker-py request and the
docker CLI's (which sends `"Dns": []`) inspect differently, as on a real engine.
"""
from dockyard.engine.container.config import merge, process_env
from dockyard.engine.container.shapes import MASKED_PATHS, config_json, host_config_json, with_daemon_defaults


def test_an_empty_request_gets_the_daemon_s_defaults():
    hc = with_daemon_defaults({})
    assert list(hc)[:5] == ["Binds", "ContainerIDFile", "LogConfig", "NetworkMode", "PortBindings"]
    assert hc["LogConfig"] == {"Type": "json-file", "Config": {}}
    assert (hc["NetworkMode"], hc["IpcMode"], hc["CgroupnsMode"], hc["ShmSize"], hc["Runtime"]) == \
        ("default", "private", "host", 67108864, "runc")
    assert hc["MaskedPaths"] == MASKED_PATHS and hc["ReadonlyPaths"][0] == "/proc/bus"
    assert (hc["Dns"], hc["Links"], hc["RestartPolicy"]) == (None, None, {"Name": "", "MaximumRetryCount": 0})
    assert "Init" not in hc and "Mounts" not in hc and "Tmpfs" not in hc  # omitempty


def test_the_docker_cli_s_unset_markers_become_null():
    hc = with_daemon_defaults({"MemorySwappiness": -1, "PidsLimit": 0, "Dns": [], "OomKillDisable": False})
    assert (hc["MemorySwappiness"], hc["PidsLimit"], hc["Dns"], hc["OomKillDisable"]) == (None, None, [], False)


def test_a_privileged_container_keeps_proc_unmasked():
    hc = with_daemon_defaults({"Privileged": True})
    assert hc["MaskedPaths"] is None and hc["ReadonlyPaths"] is None


def test_host_config_keeps_what_was_asked_in_go_s_field_order():
    hc = host_config_json({"Init": True, "AutoRemove": True, "Binds": ["/a:/b"]})
    assert hc["Init"] is True and list(hc)[-1] == "Init"
    assert list(hc).index("Binds") < list(hc).index("AutoRemove")


def test_config_lists_every_field_but_the_empty_omitempty_ones():
    cfg = config_json({"Cmd": ["sh"], "StopSignal": "", "ExposedPorts": None})
    assert list(cfg) == ["Hostname", "Domainname", "User", "AttachStdin", "AttachStdout", "AttachStderr", "Tty",
                         "OpenStdin", "StdinOnce", "Env", "Cmd", "Image", "Volumes", "WorkingDir", "Entrypoint",
                         "OnBuild", "Labels"]


def test_merge_takes_the_image_s_null_lists_when_the_user_gave_none():
    merged = merge({"Env": [], "Volumes": {}, "Labels": {}}, {"Cmd": ["sh"]})
    assert (merged["Env"], merged["Volumes"], merged["ExposedPorts"], merged["Labels"]) == (None, None, None, {})


def test_merge_adds_the_image_s_entries_to_the_user_s():
    merged = merge({"Env": ["A=1", "PATH=/x"], "ExposedPorts": {"80/tcp": {}}},
                   {"Env": ["PATH=/bin", "B=2"], "ExposedPorts": {"443/tcp": {}}, "OnBuild": ["RUN x"]})
    assert merged["Env"] == ["A=1", "PATH=/x", "B=2"]
    assert merged["ExposedPorts"] == {"443/tcp": {}, "80/tcp": {}}
    assert merged.get("OnBuild") is None  # ONBUILD triggers stay with the image


def test_a_name_without_a_value_unsets_it_in_the_process_environment():
    env = process_env({"Env": ["A=1", "PATH", "UNKNOWN"]}, "host1")
    assert "PATH" not in env and "UNKNOWN" not in env
    assert (env["A"], env["HOSTNAME"], env["HOME"]) == ("1", "host1", "/root")
