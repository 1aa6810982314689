"""wget (busybox 1.35) and curl (7.88.1) inside containers, against servers in this or another container.

Expected texts were recorded from /bin/busybox wget and curl 7.88.1 against real servers.
"""
import re

import pytest

from dockyard.engine.network.http import Response
from dockyard.engine.userland.process import Host
from dockyard.engine.userland.programs.servers import curl, wget

from netkit import FakeDaemon, container, run

PAGE = b"<h1>hi</h1>\n"


@pytest.fixture
def site():
    """A container `c1` whose port 8080 serves PAGE at / and 404 elsewhere, with an HTTP/1.0 server's words."""
    host = Host(hostname="c1host", container_id="c1")
    fs = container()

    def answer(request):
        if request.path == "/":
            return Response(200, [("Content-type", "text/html"), ("Content-Length", str(len(PAGE)))], PAGE, "HTTP/1.0")
        if request.path == "/sub":
            return Response(301, [("Location", "/")], b"", "HTTP/1.0")
        return Response(404, [("Content-Length", "9")], b"not found", "HTTP/1.0", "File not found")
    from dockyard.engine.network.http import registry_for
    from dockyard.engine.userland.process import Process
    registry_for(Process(fs, ["x"], host=host)).register("c1", 8080, answer, "test")
    return fs, host


WGET_CASES = [
    (["wget", "-O", "-", "http://127.0.0.1:8080/"], 0, PAGE.decode(),
     "Connecting to 127.0.0.1:8080 (127.0.0.1:8080)\nwriting to stdout\n"
     "-                    100% |********************************|    12  0:00:00 ETA\nwritten to stdout\n"),
    (["wget", "-qO-", "localhost:8080/"], 0, PAGE.decode(), ""),
    (["wget", "-q", "-O", "-", "http://localhost:8080/sub"], 0, PAGE.decode(), ""),
    (["wget", "-O-", "http://127.0.0.1:8080/nope"], 1, "",
     "Connecting to 127.0.0.1:8080 (127.0.0.1:8080)\nwget: server returned error: HTTP/1.0 404 File not found\n"),
    (["wget", "http://127.0.0.1:8081/"], 1, "",
     "Connecting to 127.0.0.1:8081 (127.0.0.1:8081)\nwget: can't connect to remote host (127.0.0.1): "
     "Connection refused\n"),
    (["wget", "http://nosuchhost.invalid/"], 1, "", "wget: bad address 'nosuchhost.invalid'\n"),
    (["wget", "-O-", "gopher://x/"], 1, "", "wget: not an http or ftp url: gopher://x/\n"),
    (["wget", "--spider", "http://localhost:8080/"], 0, "",
     "Connecting to localhost:8080 (127.0.0.1:8080)\nremote file exists\n"),
]


@pytest.mark.parametrize("argv, status, stdout, stderr", WGET_CASES)
def test_wget_as_busybox_prints_it(site, argv, status, stdout, stderr):
    fs, host = site
    assert run(wget.main, fs, argv, host=host, cwd="/tmp") == (status, stdout, stderr)


def test_wget_saves_under_the_url_s_name_and_will_not_overwrite(site):
    fs, host = site
    first = run(wget.main, fs, ["wget", "http://localhost:8080/"], host=host, cwd="/tmp")
    assert first == (0, "", "Connecting to localhost:8080 (127.0.0.1:8080)\nsaving to 'index.html'\n"
                            "index.html           100% |********************************|    12  0:00:00 ETA\n"
                            "'index.html' saved\n")
    assert fs.read_bytes("/tmp/index.html") == PAGE
    assert run(wget.main, fs, ["wget", "http://localhost:8080/"], host=host, cwd="/tmp") == \
        (1, "", "Connecting to localhost:8080 (127.0.0.1:8080)\nwget: can't open 'index.html': File exists\n")


def test_wget_show_server_response(site):
    fs, host = site
    status, _, err = run(wget.main, fs, ["wget", "-S", "-O", "/dev/null", "http://localhost:8080/"], host=host)
    assert "  HTTP/1.0 200 OK\n  Content-type: text/html\n  Content-Length: 12\n  \nsaving to '/dev/null'\n" in err
    assert "null                 100% |" in err


@pytest.mark.parametrize("size, shown", [(615, "  615"), (12345, "12345"), (99999, "99999"), (100000, "97.6k"),
                                         (123456, " 120k"), (1234567, "1205k"), (20000000, "19.0M")])
def test_wget_progress_sizes(size, shown):
    assert wget.size5(size) == shown


def meter_free(text: str) -> str:
    """curl's meter shows measured speeds; keep its shape, drop the numbers that vary."""
    return re.sub(r"(\d+) +0 --:--:-- --:--:-- --:--:-- +(\d+)", "SPEEDS", text)


def test_curl_prints_the_body_and_the_meter_when_stdout_is_not_a_terminal(site):
    fs, host = site
    status, out, err = run(curl.main, fs, ["curl", "http://127.0.0.1:8080/"], host=host)
    assert (status, out) == (0, PAGE.decode())
    assert err.startswith(curl.METER_HEAD + "\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- "
                                            "--:--:--     0\r100    12  100    12    0     0 ")


@pytest.mark.parametrize("argv, status, stdout, stderr", [
    (["curl", "-s", "http://127.0.0.1:8081/"], 7, "", ""),
    (["curl", "-sS", "http://127.0.0.1:8081/"], 7, "",
     "curl: (7) Failed to connect to 127.0.0.1 port 8081 after 0 ms: Couldn't connect to server\n"),
    (["curl", "-sS", "localhost:8081"], 7, "",
     "curl: (7) Failed to connect to localhost port 8081 after 0 ms: Couldn't connect to server\n"),
    (["curl", "-sS", "http://nosuch.invalid/"], 6, "", "curl: (6) Could not resolve host: nosuch.invalid\n"),
    (["curl", "-sSf", "http://127.0.0.1:8080/nope"], 22, "", "curl: (22) The requested URL returned error: 404\n"),
    (["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}\\n", "http://127.0.0.1:8080/nope"], 0, "404\n", ""),
    (["curl", "-sI", "http://127.0.0.1:8080/"], 0,
     "HTTP/1.0 200 OK\r\nContent-type: text/html\r\nContent-Length: 12\r\n\r\n", ""),
    (["curl", "-sL", "http://127.0.0.1:8080/sub"], 0, PAGE.decode(), ""),
    (["curl", "-s", "http://127.0.0.1:8080/sub"], 0, "", ""),
    (["curl", "--foo"], 2, "", "curl: option --foo: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more "
                              "information\n"),
    (["curl"], 2, "", "curl: try 'curl --help' or 'curl --manual' for more information\n"),
    (["curl", "-sO", "http://127.0.0.1:8080/"], 23, "", "curl: Remote file name has no length!\n"),
])
def test_curl_as_7_88_prints_it(site, argv, status, stdout, stderr):
    fs, host = site
    assert run(curl.main, fs, argv, host=host) == (status, stdout, stderr)


def test_curl_meter_on_errors(site):
    fs, host = site
    zero = "  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0"
    assert run(curl.main, fs, ["curl", "http://127.0.0.1:8081/"], host=host)[2] == \
        curl.METER_HEAD + f"\r{zero}\r{zero}\ncurl: (7) Failed to connect to 127.0.0.1 port 8081 after 0 ms: " \
                          f"Couldn't connect to server\n"
    assert run(curl.main, fs, ["curl", "http://nosuch.invalid/"], host=host)[2] == \
        curl.METER_HEAD + f"\r{zero}curl: (6) Could not resolve host: nosuch.invalid\n"


@pytest.mark.parametrize("size, shown", [(12, "   12"), (99999, "99999"), (1234567, "1205k"), (20000000, "19.0M"),
                                         (300 * 1024 * 1024, " 300M")])
def test_curl_meter_sizes(size, shown):
    assert curl.max5(size) == shown


def test_wget_between_two_containers_by_name():
    """Two containers on a user-defined network: `wget -qO- http://app:3000/` from web."""
    daemon = FakeDaemon()
    web = daemon.add("w" * 64, "web", {"mynet": "172.18.0.2"})
    daemon.add("a" * 64, "app", {"mynet": "172.18.0.3"})
    daemon.servers.register("a" * 64, 3000, lambda r: Response(200, [], f"hello {r.client}\n".encode()), "node")
    assert run(wget.main, container(), ["wget", "-qO-", "http://app:3000/"], host=web) == (0, "hello 172.18.0.2\n", "")
    assert run(curl.main, container(), ["curl", "-s", "app:3000"], host=web) == (0, "hello 172.18.0.2\n", "")
    assert run(wget.main, container(), ["wget", "-qO-", "http://app:3001/"], host=web) == \
        (1, "", "wget: can't connect to remote host (172.18.0.3): Connection refused\n")
