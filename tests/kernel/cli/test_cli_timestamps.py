"""--since and --until as the docker CLI turns them into the timestamps it sends (GetTimestamp)."""
import datetime

import pytest

from dockyard.kernel.cli.timestamps import get_timestamp, parse_duration

from cli_driver import docker

NOW = 1_700_000_000.25


@pytest.mark.parametrize("value, sent", [
    ("10m", "1699999400"), ("1h30m", "1699994600"), ("1.5s", "1699999998"), ("0", "0"),
    ("1700000000", "1700000000"), ("1700000000.5", "1700000000.5"),
    ("2024-01-02T03:04:05Z", "1704164645.000000000"), ("2024-01-02T03:04:05.5+01:00", "1704161045.500000000"),
])
def test_values_become_unix_timestamps(value, sent):
    assert get_timestamp(value, NOW) == sent


def test_a_date_without_a_zone_is_local_time():
    local = datetime.datetime(2024, 1, 2).astimezone()
    assert get_timestamp("2024-01-02", NOW) == f"{int(local.timestamp())}.000000000"


@pytest.mark.parametrize("value", ["yesterday", "2024-13-45"])
def test_what_is_neither_a_time_nor_a_duration_is_refused(value):
    with pytest.raises(ValueError):
        get_timestamp(value, NOW)


def test_go_durations():
    assert (parse_duration("2h45m"), parse_duration("300ms"), parse_duration("-1m"), parse_duration("1x")) == \
        (9900.0, 0.3, -60.0, None)


def test_logs_since_until_and_tail_on_a_finished_container(engine):
    docker("run", "--name", "lg", "busybox", "sh", "-c", "echo one; echo two; echo three")
    assert docker("logs", "--since", "1h", "lg")[1] == "one\ntwo\nthree\n"
    assert docker("logs", "--until", "2000-01-01", "lg") == (0, "", "")
    assert docker("logs", "--tail", "1", "lg")[1] == "three\n"
    assert docker("logs", "--tail", "-1", "lg")[1] == docker("logs", "--tail", "abc", "lg")[1] == "one\ntwo\nthree\n"
    assert docker("logs", "--since", "yesterday", "lg") == (
        1, "", 'invalid value for "since": failed to parse value as time or duration: "yesterday"\n')
