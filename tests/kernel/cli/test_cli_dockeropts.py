"""The docker CLI's own option types: what each accepts, the value it hands on, and its messages."""
import pytest

from dockyard.kernel.cli.dockeropts import (DOCKER_KINDS, parse_gpu_request, parse_mount, parse_network,
                                            parse_ulimit, ram_in_bytes, throttle_bps_device, validate_attach,
                                            validate_dns_search, validate_env, validate_extra_host,
                                            validate_ip_address, validate_label, validate_link,
                                            validate_reference, validate_sysctl, validated_kind, weight_device)
from dockyard.kernel.cli.flags import InvalidValue, SetContext

CONTEXT = SetContext({"GREETING": "hello"}, "/work", True)


def rejects(function, text, message):
    with pytest.raises(InvalidValue) as error:
        function(text)
    assert str(error.value) == message


@pytest.mark.parametrize("text, size", [
    ("512m", 512 << 20), ("1g", 1 << 30), ("1.5g", 3 << 29), ("10", 10), ("100b", 100), ("10k", 10240),
    ("10KiB", 10240), ("10mb", 10 << 20), ("2 GB", 2 << 30), ("0", 0),
])
def test_sizes_are_binary(text, size):
    assert ram_in_bytes(text) == size


@pytest.mark.parametrize("text, message", [
    ("x", "invalid size: 'x'"), ("10x", "invalid suffix: 'x'"), ("10kbb", "invalid suffix: 'kbb'"),
    ("-1", "invalid size: '-1'"), ("1.2.3m", 'strconv.ParseFloat: parsing "1.2.3": invalid syntax'),
])
def test_size_errors(text, message):
    rejects(ram_in_bytes, text, message)


def test_memory_swap_takes_minus_one():
    assert DOCKER_KINDS["swap-bytes"].set(0, "-1", CONTEXT) == -1


@pytest.mark.parametrize("text, nano", [("1.5", 1_500_000_000), ("3/2", 1_500_000_000), ("0.000000001", 1)])
def test_cpus_are_nano_cpus(text, nano):
    assert DOCKER_KINDS["decimal"].set(0, text, CONTEXT) == nano


def test_cpu_errors():
    rejects(lambda text: DOCKER_KINDS["decimal"].set(0, text, CONTEXT), "x", "failed to parse x as a rational number")
    rejects(lambda text: DOCKER_KINDS["decimal"].set(0, text, CONTEXT), "0.0000000001", "value is too precise")


@pytest.mark.parametrize("validate, text, value", [
    (validate_env, "A=1", "A=1"),
    (validate_env, "GREETING", "GREETING=hello"),  # taken from the caller's environment
    (validate_env, "UNSET", "UNSET"),
    (validate_label, "a=b", "a=b"),
    (validate_label, " key", " key"),
    (validate_extra_host, "db:10.0.0.5", "db:10.0.0.5"),
    (validate_extra_host, "db=10.0.0.5", "db:10.0.0.5"),
    (validate_extra_host, "db=[::1]", "db:::1"),
    (validate_extra_host, "gw:host-gateway", "gw:host-gateway"),
    (validate_ip_address, " 8.8.8.8 ", "8.8.8.8"),
    (validate_ip_address, "::ffff:1.2.3.4", "1.2.3.4"),
    (validate_dns_search, "example.com.", "example.com"),
    (validate_dns_search, ".", "."),
    (validate_link, "db:alias", "db:alias"),
    (validate_attach, "STDIN", "stdin"),
    (validate_sysctl, "net.ipv4.ip_forward=1", "net.ipv4.ip_forward=1"),
    (validate_reference, "localhost:5000/web:1.0", "localhost:5000/web:1.0"),
])
def test_validators_accept(validate, text, value):
    assert validate(text, CONTEXT) == value


@pytest.mark.parametrize("validate, text, message", [
    (validate_env, "=x", "invalid environment variable: =x"),
    (validate_label, "", "invalid label '': empty name"),
    (validate_label, "a b=c", "label 'a b' contains whitespaces"),
    (validate_extra_host, "bad", 'bad format for add-host: "bad"'),
    (validate_extra_host, "a:bad", 'invalid IP address in add-host: "bad"'),
    (validate_ip_address, "bad", "IP address is not correctly formatted: bad"),
    (validate_dns_search, "b@d", "b@d is not a valid domain"),
    (validate_link, "a:b:c", "bad format for links: a:b:c"),
    (validate_link, "", "empty string specified for links"),
    (validate_attach, "bogus", "valid streams are STDIN, STDOUT and STDERR"),
    (validate_sysctl, "kernel.foo=1", "sysctl 'kernel.foo=1' is not allowed"),
    (validate_reference, "Foo", "invalid reference format: repository name (library/Foo) must be lowercase"),
    (validate_reference, ":x", "invalid reference format"),
    (validate_reference, "0123456789abcdef" * 4,
     "invalid repository name (0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef), "
     "cannot specify 64-byte hexadecimal strings"),
    (validate_reference, "foo@sha256:abc", "invalid reference format"),
])
def test_validators_reject(validate, text, message):
    rejects(lambda value: validate(value, CONTEXT), text, message)


def test_filters_collect_values_per_name():
    kind = DOCKER_KINDS["filter"]
    value = kind.set({}, "name=web", CONTEXT)
    value = kind.set(value, "Status = exited", CONTEXT)
    value = kind.set(value, "name=web", CONTEXT)
    assert value == {"name": ["web"], "status": ["exited"]}
    rejects(lambda text: kind.set({}, text, CONTEXT), "bad", "bad format of filter (expected name=value)")


def test_maps_and_sysctl_maps():
    assert DOCKER_KINDS["map"].set({"a": "1"}, "b=2=3", CONTEXT) == {"a": "1", "b": "2=3"}
    sysctls = validated_kind("map", "sysctl")
    assert sysctls.set({}, "net.core.somaxconn=1024", CONTEXT) == {"net.core.somaxconn": "1024"}


@pytest.mark.parametrize("text, limit", [
    ("nofile=1024:2048", {"Name": "nofile", "Soft": 1024, "Hard": 2048}),
    ("nproc=64", {"Name": "nproc", "Soft": 64, "Hard": 64}),
    ("core=-1", {"Name": "core", "Soft": -1, "Hard": -1}),
])
def test_ulimits(text, limit):
    assert parse_ulimit(text) == limit


@pytest.mark.parametrize("text, message", [
    ("nofile", "invalid ulimit argument: nofile"),
    ("bogus=1", "invalid ulimit type: bogus"),
    ("nofile=2:1", "ulimit soft limit must be less than or equal to hard limit: 2 > 1"),
    ("nofile=-1:5", "ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: 5"),
    ("nofile=1:2:3", "too many limit value arguments - 1:2:3, can only have up to two, `soft[:hard]`"),
    ("nofile=a", 'strconv.ParseInt: parsing "a": invalid syntax'),
])
def test_ulimit_errors(text, message):
    rejects(parse_ulimit, text, message)


def test_a_later_ulimit_of_the_same_name_wins():
    kind = DOCKER_KINDS["ulimit"]
    limits = kind.set(kind.set([], "nofile=1:2", CONTEXT), "nofile=3:4", CONTEXT)
    assert limits == [{"Name": "nofile", "Soft": 3, "Hard": 4}]


@pytest.mark.parametrize("text, mount", [
    ("type=bind,src=/tmp,dst=/x", {"Type": "bind", "Source": "/tmp", "Target": "/x"}),
    ("type=bind,source=./src,target=/app,readonly", {"Type": "bind", "Source": "/work/src", "Target": "/app",
                                                      "ReadOnly": True}),
    ("target=/data,volume-label=a=b,volume-nocopy",
     {"Type": "volume", "Target": "/data", "VolumeOptions": {"Labels": {"a": "b"}, "DriverConfig": {}, "NoCopy": True}}),
    ("type=tmpfs,dst=/run,tmpfs-size=64m,tmpfs-mode=1770",
     {"Type": "tmpfs", "Target": "/run", "TmpfsOptions": {"SizeBytes": 64 << 20, "Mode": 0o1770}}),
])
def test_mounts(text, mount):
    assert parse_mount(text, "/work") == mount


@pytest.mark.parametrize("text, message", [
    ("bogus", "invalid field 'bogus' must be a key=value pair"),
    ("type=bind,src=/tmp", "target is required"),
    ("target=/x,foo=bar", "unexpected key 'foo' in 'foo=bar'"),
    ("type=volume,target=/x,bind-propagation=rprivate", "cannot mix 'bind-*' options with mount type 'volume'"),
    ("type=tmpfs,target=/x,tmpfs-mode=9", "invalid value for tmpfs-mode: 9"),
    ("type=bind,target=/x,readonly=maybe", "invalid value for readonly: maybe"),
    ('"bad', 'parse error on line 1, column 5: extraneous or missing " in quoted-field'),
])
def test_mount_errors(text, message):
    rejects(lambda value: parse_mount(value, "/work"), text, message)


def test_networks():
    assert parse_network("web")["Target"] == "web"
    long_form = parse_network("name=web,alias=db,alias=cache,ip=172.20.0.5")
    assert (long_form["Target"], long_form["Aliases"], long_form["IPv4Address"]) == ("web", ["db", "cache"], "172.20.0.5")
    rejects(parse_network, "name=web,bogus=1", "invalid field key bogus")
    rejects(parse_network, "alias=x", "network name/id is not specified")
    rejects(parse_network, "name=n,gw-priority=x", "invalid gw-priority (x): invalid syntax")


def test_gpu_requests():
    assert parse_gpu_request("all") == {"Driver": "", "Count": -1, "DeviceIDs": None,
                                        "Capabilities": [["gpu"]], "Options": {}}
    assert parse_gpu_request("device=0")["Count"] == 0
    rejects(parse_gpu_request, "count=x", 'invalid count (x): value must be either "all" or an integer: invalid syntax')
    rejects(parse_gpu_request, "count=1,count=2", "gpu request key 'count' can be specified only once")


def test_block_io_devices():
    assert weight_device("/dev/sda:500") == {"Path": "/dev/sda", "Weight": 500}
    assert throttle_bps_device("/dev/sda:1mb") == {"Path": "/dev/sda", "Rate": 1 << 20}
    rejects(weight_device, "/dev/sda:5", "invalid weight for device: /dev/sda:5")
    rejects(weight_device, "sda:500", "bad format for device path: sda:500")
    rejects(weight_device, "/dev/sda", "bad format: /dev/sda")


def test_quoted_strings_lose_one_pair_of_quotes():
    kind = DOCKER_KINDS["quoted-string"]
    assert [kind.set("", text, CONTEXT) for text in ('"a"', "'b'", '"c', "d")] == ["a", "b", '"c', "d"]
