"""nginx, Apache httpd and busybox httpd as the official images run them: answers, logs, signals."""
import re
import time

import pytest

from dockyard.engine.userland.process import SIGQUIT, SIGTERM
from dockyard.engine.userland.programs.servers import bbhttpd, httpd, nginx, wget

from netkit import HTTPD_CONF, Box, FakeDaemon, container, nginx_container

SIGWINCH = 28
def stamps(text: str) -> str:
    """Log lines without their clocks and Date headers."""
    text = re.sub(r"\d{4}/\d\d/\d\d \d\d:\d\d:\d\d", "TIME", text)
    text = re.sub(r"\[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d \+0000\]", "[TIME]", text)
    text = re.sub(r"\[\w{3} \w{3} \d\d \d\d:\d\d:\d\d\.\d{6} \d{4}\]", "[TIME]", text)
    return re.sub(r"Date: [^\r\n]+", "Date: D", text)


# ---------------------------------------------------------------- nginx
NGINX_STARTUP = ('TIME [notice] 1#1: using the "epoll" event method\n'
                 "TIME [notice] 1#1: nginx/1.27.2\n"
                 "TIME [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) \n"
                 "TIME [notice] 1#1: OS: Linux 5.15.0-91-generic\n"
                 "TIME [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576\n"
                 "TIME [notice] 1#1: start worker processes\n" +
                 "".join(f"TIME [notice] 1#1: start worker process {pid}\n" for pid in (29, 30, 31, 32)))


def test_nginx_serves_its_default_page_logs_and_quits_gracefully():
    box = Box(nginx_container())
    with box.serve(nginx.main, ["nginx", "-g", "daemon off;"], 80, stop=SIGQUIT) as server:
        assert stamps(box.fetch("http://localhost/", "-i")) == (
            "HTTP/1.1 200 OK\r\nServer: nginx/1.27.2\r\nDate: D\r\nContent-Type: text/html\r\nContent-Length: 27\r\n"
            f"Last-Modified: {fetch_header(box, 'Last-Modified')}\r\nConnection: keep-alive\r\n"
            f"ETag: {fetch_header(box, 'ETag')}\r\nAccept-Ranges: bytes\r\n\r\n<h1>Welcome to nginx!</h1>\n")
        assert server.stop() == 0
    assert stamps(server.stdout).splitlines()[0] == \
        '127.0.0.1 - - [TIME] "GET / HTTP/1.1" 200 27 "-" "curl/7.88.1" "-"'
    assert stamps(server.stderr) == NGINX_STARTUP + (
        "TIME [notice] 1#1: signal 3 (SIGQUIT) received, shutting down\n" +
        "".join(f"TIME [notice] {p}#{p}: gracefully shutting down\nTIME [notice] {p}#{p}: exiting\n"
                f"TIME [notice] {p}#{p}: exit\n" for p in (29, 30, 31, 32)) +
        "".join(f"TIME [notice] 1#1: signal 17 (SIGCHLD) received from {p}\n"
                f"TIME [notice] 1#1: worker process {p} exited with code 0\n" for p in (29, 30, 31, 32)) +
        "TIME [notice] 1#1: exit\n")


def wait_until(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def fetch_header(box, name: str) -> str:
    head = box.fetch("http://localhost/", "-I")
    return re.search(rf"{name}: ([^\r]+)", head).group(1)


NGINX_404 = ("<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>"
             "\r\n<hr><center>nginx/1.27.2</center>\r\n</body>\r\n</html>\r\n")


@pytest.mark.parametrize("path, options, expected", [
    ("/nope", ["-i"], "HTTP/1.1 404 Not Found\r\nServer: nginx/1.27.2\r\nDate: D\r\nContent-Type: text/html\r\n"
                      "Content-Length: 153\r\nConnection: keep-alive\r\n\r\n" + NGINX_404),
    ("/docs", ["-I"], "HTTP/1.1 301 Moved Permanently\r\nServer: nginx/1.27.2\r\nDate: D\r\nContent-Type: text/html\r\n"
                      "Content-Length: 169\r\nLocation: http://localhost/docs/\r\nConnection: keep-alive\r\n\r\n"),
    ("/docs/", ["-o", "/dev/null", "-w", "%{http_code}"], "403"),
    ("/", ["-X", "POST", "-o", "/dev/null", "-w", "%{http_code}"], "405"),
    ("/app.js", ["-w", " %{content_type}"], "1; application/javascript"),
])
def test_nginx_answers_as_nginx(path, options, expected):
    box = Box(nginx_container({"/usr/share/nginx/html/docs/.keep": "", "/usr/share/nginx/html/app.js": "1;"}))
    with box.serve(nginx.main, ["nginx", "-g", "daemon off;"], 80):
        assert stamps(box.fetch(f"http://localhost{path}", *options)) == expected


def test_nginx_logs_a_missing_file_as_an_error():
    box = Box(nginx_container())
    with box.serve(nginx.main, ["nginx", "-g", "daemon off;"], 80) as server:
        box.fetch("http://localhost/nope")
    assert 'open() "/usr/share/nginx/html/nope" failed (2: No such file or directory), client: 127.0.0.1, ' \
           'server: localhost, request: "GET /nope HTTP/1.1", host: "localhost"' in server.stderr


def test_nginx_reads_a_custom_site_and_reloads_it():
    site = "server {\n    listen 8080;\n    location / {\n        return 200 'v1';\n    }\n}\n"
    box = Box(nginx_container({"/etc/nginx/conf.d/default.conf": site}))
    with box.serve(nginx.main, ["nginx", "-g", "daemon off;"], 8080) as server:
        assert box.fetch("http://localhost:8080/") == "v1"
        box.fs.write_bytes("/etc/nginx/conf.d/default.conf", site.replace("v1", "v2").encode())
        assert box.fetch("http://localhost:8080/") == "v1"  # nginx reads its configuration at start and on reload
        assert box.run(nginx.main, ["nginx", "-s", "reload"]) == (0, "", "")
        wait_until(lambda: "reconfiguring" in server.stderr)
        assert box.fetch("http://localhost:8080/") == "v2"
    assert "signal 1 (SIGHUP) received, reconfiguring" in server.stderr


def test_nginx_proxies_to_another_container():
    daemon = FakeDaemon()
    proxy = daemon.add("p" * 64, "proxy", {"shop": "172.20.0.2"})
    app = daemon.add("a" * 64, "app", {"shop": "172.20.0.3"})
    site = "server {\n    listen 80;\n    location /api/ {\n        proxy_pass http://app:3000/;\n    }\n}\n"
    box = Box(nginx_container({"/etc/nginx/conf.d/default.conf": site}), proxy)
    app_box = Box(container({"/srv/index.html": "from app\n"}), app)
    with box.serve(nginx.main, ["nginx", "-g", "daemon off;"], 80) as server:
        with app_box.serve(bbhttpd.main, ["httpd", "-f", "-p", "3000", "-h", "/srv"], 3000):
            assert box.fetch("http://localhost/api/") == "from app\n"
        assert "<title>502 Bad Gateway</title>" in box.fetch("http://localhost/api/")
    assert "connect() failed (111: Connection refused) while connecting to upstream, client: 127.0.0.1, " \
           'server: , request: "GET /api/ HTTP/1.1", upstream: "http://172.20.0.3:3000/", host: "localhost"' \
           in server.stderr


def test_nginx_refuses_an_upstream_it_cannot_resolve():
    site = "server {\n    listen 80;\n    location / {\n        proxy_pass http://app:3000;\n    }\n}\n"
    box = Box(nginx_container({"/etc/nginx/conf.d/default.conf": site}))
    status, _, err = box.run(nginx.main, ["nginx", "-g", "daemon off;"])
    assert status == 1
    assert err.endswith('nginx: [emerg] host not found in upstream "app:3000" in /etc/nginx/conf.d/default.conf:4\n')


@pytest.mark.parametrize("site, message", [
    ("server {\n    listen 80;\n    rot /x;\n}\n", 'unknown directive "rot" in /etc/nginx/conf.d/default.conf:3'),
    ("server {\n    listen 80;\n}\n}\n", 'unexpected "}" in /etc/nginx/conf.d/default.conf:4'),
    ("server {\n    listen 80;\n", 'unexpected end of file, expecting "}" in /etc/nginx/conf.d/default.conf:3'),
    ("server {\n    listen 80\n}\n", 'unexpected "}" in /etc/nginx/conf.d/default.conf:3'),
])
def test_nginx_t_reports_configuration_errors(site, message):
    box = Box(nginx_container({"/etc/nginx/conf.d/default.conf": site}))
    assert box.run(nginx.main, ["nginx", "-t"]) == \
        (1, "", f"nginx: [emerg] {message}\nnginx: configuration file /etc/nginx/nginx.conf test failed\n")


def test_nginx_command_line():
    box = Box(nginx_container())
    assert box.run(nginx.main, ["nginx", "-v"]) == (0, "", "nginx version: nginx/1.27.2\n")
    assert box.run(nginx.main, ["nginx", "-t"]) == (0, "", "nginx: the configuration file /etc/nginx/nginx.conf "
                                                           "syntax is ok\nnginx: configuration file "
                                                           "/etc/nginx/nginx.conf test is successful\n")
    assert box.run(nginx.main, ["nginx", "-x"]) == (1, "", 'nginx: invalid option: "x"\n')
    assert box.run(nginx.main, ["nginx", "-s", "reload"]) == \
        (1, "", 'nginx: [error] open() "/var/run/nginx.pid" failed (2: No such file or directory)\n')
    assert Box(container()).run(nginx.main, ["nginx"]) == \
        (1, "", 'nginx: [emerg] open() "/etc/nginx/nginx.conf" failed (2: No such file or directory)\n')


def test_nginx_without_daemon_off_goes_to_the_background():
    """`CMD ["nginx"]`: the master daemonizes, the command returns 0 and the container would exit."""
    box = Box(nginx_container())
    status, _, _ = box.run(nginx.main, ["nginx"])
    assert status == 0
    assert box.fetch("http://localhost/") == "<h1>Welcome to nginx!</h1>\n"  # until the container stops


# ---------------------------------------------------------------- Apache httpd
def httpd_container():
    return container({"/usr/local/apache2/conf/httpd.conf": HTTPD_CONF,
                      "/usr/local/apache2/htdocs/index.html": "<html><body><h1>It works!</h1></body></html>\n",
                      "/usr/local/apache2/htdocs/sub/a.txt": "a\n"})


def test_httpd_foreground_prints_the_image_s_startup_lines_and_stops_on_sigwinch():
    box = Box(httpd_container())
    with box.serve(httpd.foreground, ["httpd-foreground"], 80, stop=SIGWINCH) as server:
        assert box.fetch("http://localhost/") == "<html><body><h1>It works!</h1></body></html>\n"
        assert server.stop() == 0
    warning = ("AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using "
               "172.17.0.2. Set the 'ServerName' directive globally to suppress this message\n")
    assert stamps(server.stderr) == (
        warning + warning +
        "[TIME] [mpm_event:notice] [pid 1:tid 140237158401920] AH00489: Apache/2.4.62 (Unix) configured -- resuming "
        "normal operations\n"
        "[TIME] [core:notice] [pid 1:tid 140237158401920] AH00094: Command line: 'httpd -D FOREGROUND'\n"
        "[TIME] [mpm_event:notice] [pid 1:tid 140237158401920] AH00492: caught SIGWINCH, shutting down gracefully\n")
    assert stamps(server.stdout) == '127.0.0.1 - - [TIME] "GET / HTTP/1.1" 200 45\n'


@pytest.mark.parametrize("path, expected", [
    ("/nope", '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n'
              "</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n"
              "</body></html>\n"),
    ("/sub/", '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<html>\n <head>\n  <title>Index of /sub'
              "</title>\n </head>\n <body>\n<h1>Index of /sub</h1>\n<ul><li><a href=\"/\"> Parent Directory</a></li>\n"
              '<li><a href="a.txt"> a.txt</a></li>\n</ul>\n</body></html>\n'),
])
def test_httpd_pages(path, expected):
    box = Box(httpd_container())
    with box.serve(httpd.foreground, ["httpd-foreground"], 80, stop=SIGTERM):
        assert box.fetch(f"http://localhost{path}") == expected


def test_httpd_version_and_missing_configuration():
    assert Box(container()).run(httpd.main, ["httpd", "-v"]) == \
        (0, "Server version: Apache/2.4.62 (Unix)\nServer built:   Jul 24 2024 18:03:46\n", "")
    assert Box(container()).run(httpd.main, ["httpd"]) == \
        (1, "", "httpd: Could not open configuration file /usr/local/apache2/conf/httpd.conf: No such file or "
                "directory\n")


# ---------------------------------------------------------------- busybox httpd
BB_404 = ("<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>\n<BODY><H1>404 Not Found</H1>\n"
          "The requested URL was not found\n</BODY></HTML>\n")


@pytest.mark.parametrize("path, options, expected", [
    ("/", ["-i"], "HTTP/1.1 200 OK\r\nDate: D\r\nConnection: close\r\nContent-type: text/html\r\n"
                  "Accept-Ranges: bytes\r\nLast-Modified: D\r\nETag: E\r\nContent-Length: 12\r\n\r\n<h1>hi</h1>\n"),
    ("/nope", ["-i"], "HTTP/1.1 404 Not Found\r\nDate: D\r\nConnection: close\r\nContent-type: text/html\r\n"
                      "\r\n" + BB_404),
    ("/sub", ["-i"], "HTTP/1.1 302 Found\r\nDate: D\r\nConnection: close\r\nContent-type: text/html\r\n"
                     "Location: /sub/\r\n\r\n"),
    ("/sub/", ["-o", "/dev/null", "-w", "%{http_code}"], "404"),
    ("/", ["-X", "POST", "-o", "/dev/null", "-w", "%{http_code}"], "501"),
])
def test_busybox_httpd_answers_as_busybox(path, options, expected):
    box = Box(container({"/www/index.html": "<h1>hi</h1>\n", "/www/sub/a.txt": "x\n"}))
    with box.serve(bbhttpd.main, ["httpd", "-f", "-v", "-p", "8080", "-h", "/www"], 8080) as s:
        answer = box.fetch(f"http://localhost:8080{path}", *options)
        answer = re.sub(r'Last-Modified: [^\r]+', "Last-Modified: D", re.sub(r'ETag: "[^"]+"', "ETag: E", answer))
        assert stamps(answer) == expected
    assert re.fullmatch(r"127\.0\.0\.1:\d+: response:\d{3}\n", s.stderr)


def test_busybox_httpd_as_pid_1_ignores_sigterm():
    box = Box(container({"/www/index.html": "x"}))
    with box.serve(bbhttpd.main, ["httpd", "-f", "-p", "80", "-h", "/www"], 80) as server:
        server.signals.deliver(SIGTERM, external=True)
        server.thread.join(0.1)
        assert server.thread.is_alive()  # `docker stop` waits out its timeout, then SIGKILL: 137
        assert server.stop() == 137


@pytest.mark.parametrize("argv, expected", [
    (["httpd", "-e", "a<b c"], (0, "a&#60;b&#32;c", "")),
    (["httpd", "-d", "a%20b+c%41"], (0, "a b cA", "")),
    (["httpd", "-h", "/nonexist", "-p", "8081"],
     (1, "", "httpd: can't change directory to '/nonexist': No such file or directory\n")),
])
def test_busybox_httpd_command_line(argv, expected):
    assert Box(container()).run(bbhttpd.main, argv) == expected


def test_busybox_httpd_without_f_daemonizes_and_keeps_serving():
    box = Box(container({"/www/index.html": "bg\n"}))
    assert box.run(bbhttpd.main, ["httpd", "-p", "8000", "-h", "/www"]) == (0, "", "")
    assert box.run(wget.main, ["wget", "-qO-", "localhost:8000"]) == (0, "bg\n", "")
