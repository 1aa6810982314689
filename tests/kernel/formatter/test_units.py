"""go-units, strconv.Quote and docker/cli displayutils, as tables of their own test cases."""
import pytest

from dockyard.kernel.cli.formatter.units import (
    bytes_size, display_width, ellipsis, go_quote, human_duration, human_size,
    human_size_precision, truncate_id,
)

MINUTE, HOUR, DAY, WEEK = 60, 3600, 86400, 7 * 86400
YEAR = 365 * DAY


@pytest.mark.parametrize("seconds, expected", [
    # docker/go-units duration_test.go
    (0.45, "Less than a second"),
    (1, "1 second"),
    (47, "47 seconds"),
    (MINUTE, "About a minute"),
    (MINUTE + 59, "About a minute"),
    (35 * MINUTE + 40, "35 minutes"),
    (59 * MINUTE + 59, "59 minutes"),
    (HOUR, "About an hour"),
    (HOUR + 45 * MINUTE, "2 hours"),
    (3 * HOUR + 59 * MINUTE, "4 hours"),
    (36 * HOUR, "36 hours"),
    (2 * DAY, "2 days"),
    (13 * DAY + 5 * HOUR, "13 days"),
    (2 * WEEK, "2 weeks"),
    (30 * DAY, "4 weeks"),
    (44 * DAY, "6 weeks"),
    (60 * DAY, "2 months"),
    (24 * 30 * DAY, "24 months"),
    (3 * YEAR + 60 * DAY, "3 years"),
    (-5, "Less than a second"),
])
def test_human_duration(seconds, expected):
    assert human_duration(seconds) == expected


KB, MB, GB, TB, PB = 1e3, 1e6, 1e9, 1e12, 1e15
KIB, MIB, GIB = 1024, 1024**2, 1024**3


@pytest.mark.parametrize("size, expected", [
    # docker/go-units size_test.go (HumanSize, precision 4)
    (0, "0B"),
    (1000, "1kB"),
    (1024, "1.024kB"),
    (1000000, "1MB"),
    (1048576, "1.049MB"),
    (2 * MB, "2MB"),
    (3.42 * GB, "3.42GB"),
    (5.372 * TB, "5.372TB"),
    (2.22 * PB, "2.22PB"),
    (10000000000000 * PB, "1e+04YB"),
])
def test_human_size(size, expected):
    assert human_size(size) == expected


@pytest.mark.parametrize("size, expected", [
    # precision 3, as docker images / history / ps --size print
    (0, "0B"),
    (2, "2B"),
    (8192, "8.19kB"),
    (24600, "24.6kB"),
    (15_200_000, "15.2MB"),
    (345_000_000, "345MB"),
    (1_450_000_000, "1.45GB"),
    (4_261_552, "4.26MB"),
    (999_999, "1e+03kB"),  # rounding to 3 digits can reach the next unit's worth
])
def test_human_size_precision_3(size, expected):
    assert human_size_precision(size, 3) == expected


@pytest.mark.parametrize("size, expected", [
    (0, "0B"),
    (1024, "1KiB"),
    (MIB, "1MiB"),
    (2 * MIB, "2MiB"),
    (3.42 * GIB, "3.42GiB"),
    (1536, "1.5KiB"),
])
def test_bytes_size(size, expected):
    assert bytes_size(size) == expected


@pytest.mark.parametrize("text, expected", [
    ("top", '"top"'),
    ("echo hi", '"echo hi"'),
    ("docker-entrypoint.s…", '"docker-entrypoint.s…"'),  # printable Unicode stays as it is
    ('sh -c "x"', '"sh -c \\"x\\""'),
    ("a\\b", '"a\\\\b"'),
    ("tab\there\nnl", '"tab\\there\\nnl"'),
    ("\a\b\f\r\v", '"\\a\\b\\f\\r\\v"'),
    ("\x1b[0m", '"\\x1b[0m"'),
    ("\x7f", '"\\x7f"'),
    ("\u00a0", '"\\u00a0"'),  # no-break space is not printable in Go
    ("\u200b", '"\\u200b"'),
    ("한글", '"한글"'),
    ("", '""'),
])
def test_go_quote(text, expected):
    assert go_quote(text) == expected


@pytest.mark.parametrize("text, width, expected", [
    # docker/cli displayutils_test.go
    ("t🐳ststring", 0, ""),
    ("t🐳ststring", 1, "t"),
    ("t🐳ststring", 2, "t…"),
    ("t🐳ststring", 6, "t🐳st…"),
    ("t🐳ststring", 20, "t🐳ststring"),
    ("你好世界teststring", 0, ""),
    ("你好世界teststring", 1, "你"),
    ("你好世界teststring", 3, "你…"),
    ("你好世界teststring", 6, "你好…"),
    ("你好世界teststring", 20, "你好世界teststring"),
    # docker ps's COMMAND column (20) and docker history's CREATED BY (45)
    ("docker-entrypoint.sh mysqld", 20, "docker-entrypoint.s…"),
    ("python app.py", 20, "python app.py"),
    ("/bin/sh -c pip install --no-cache-dir -r requirements.txt", 45,
     "/bin/sh -c pip install --no-cache-dir -r req…"),
    ("12345678901234567890", 20, "12345678901234567890"),
    ("123456789012345678901", 20, "1234567890123456789…"),
])
def test_ellipsis(text, width, expected):
    assert ellipsis(text, width) == expected


@pytest.mark.parametrize("identifier, expected", [
    # docker/cli displayutils_test.go
    ("", ""),
    ("1234", "1234"),
    ("90435eec5c4e124e741ef731e118be2fc799a68aba0466ec17717f24ce2ae6a2", "90435eec5c4e"),
    ("sha256:90435eec5c4e124e741ef731e118be2fc799a68aba0466ec17717f24ce2ae6a2", "90435eec5c4e"),
])
def test_truncate_id(identifier, expected):
    assert truncate_id(identifier) == expected


@pytest.mark.parametrize("text, expected", [
    ("CONTAINER ID", 12),
    ("한글", 4),
    ("你好", 4),
    ("🐳", 2),
    ("é", 1),
    ("e\u0301", 1),  # a combining accent takes no column
    ("…", 1),
    ("", 0),
])
def test_display_width(text, expected):
    assert display_width(text) == expected
