"""Apps in the language images serving over the engine's network: Express and Node's http, Flask,
`python -m http.server` — their answers, their logs, and how they stop."""
import re

from dockyard.engine.userland.process import SIGINT, SIGTERM
from dockyard.engine.userland.programs.runtimes import node, python

from netkit import Box, container

# The course's app (Maximilian Schwarzmüller's nodejs-app-starting-setup), as the notes build it.
GOALS_APP = """const express = require('express');
const bodyParser = require('body-parser');

const app = express();

let userGoal = 'Learn Docker!';

app.use(
  bodyParser.urlencoded({
    extended: false,
  })
);

app.use(express.static('public'));

app.get('/', (req, res) => {
  res.send(`
    <html>
      <body>
        <h2>My Course Goal</h2>
        <h3>${userGoal}</h3>
      </body>
    </html>
  `);
});

app.post('/store-goal', (req, res) => {
  const enteredGoal = req.body.goal;
  console.log(enteredGoal);
  userGoal = enteredGoal;
  res.redirect('/');
});

app.listen(80);
"""


def node_app(source: str, files: dict | None = None) -> Box:
    return Box(container({"/app/server.js": source, "/app/node_modules/express/package.json": "{}",
                          "/app/node_modules/body-parser/package.json": "{}", **(files or {})}))


def test_the_course_s_express_app_serves_and_remembers_the_goal():
    box = node_app(GOALS_APP, {"/app/public/styles.css": "h2 { color: teal }\n"})
    with box.serve(node.main, ["node", "server.js"], 80, cwd="/app") as server:
        assert "<h3>Learn Docker!</h3>" in box.fetch("http://localhost/")
        assert box.fetch("http://localhost/store-goal", "-d", "goal=Ship+it", "-i").startswith(
            "HTTP/1.1 302 Found\r\nX-Powered-By: Express\r\nLocation: /\r\nContent-Type: text/plain; charset=utf-8\r\n")
        assert "<h3>Ship it</h3>" in box.fetch("http://localhost/")
        assert box.fetch("http://localhost/styles.css") == "h2 { color: teal }\n"
        assert server.stdout == "Ship it\n"


def test_express_headers_and_its_404_page():
    box = node_app("const app = require('express')()\napp.get('/', (req, res) => res.send('hi'))\napp.listen(3000)\n")
    with box.serve(node.main, ["node", "server.js"], 3000, cwd="/app"):
        head = re.sub(r"Date: [^\r]+", "Date: D", box.fetch("http://localhost:3000/", "-i"))
        assert head == ('HTTP/1.1 200 OK\r\nX-Powered-By: Express\r\nContent-Type: text/html; charset=utf-8\r\n'
                        'Content-Length: 2\r\nETag: W/"2-witfkXg0JglCjW9RssWvTAveakI"\r\nDate: D\r\n'
                        'Connection: keep-alive\r\nKeep-Alive: timeout=5\r\n\r\nhi')
        assert box.fetch("http://localhost:3000/nope") == ('<!DOCTYPE html>\n<html lang="en">\n<head>\n'
                                                          '<meta charset="utf-8">\n<title>Error</title>\n</head>\n'
                                                          "<body>\n<pre>Cannot GET /nope</pre>\n</body>\n</html>\n")


def test_express_routes_params_json_and_errors():
    source = ("const express = require('express')\nconst app = express()\napp.use(express.json())\n"
              "app.get('/users/:id', (req, res) => res.json({ id: req.params.id, sort: req.query.sort }))\n"
              "app.post('/echo', (req, res) => res.status(201).json(req.body))\n"
              "app.get('/boom', (req, res) => { missing() })\n"
              "app.listen(8080, () => console.log('Listening on port 8080'))\n")
    box = node_app(source)
    with box.serve(node.main, ["node", "server.js"], 8080, cwd="/app") as server:
        assert box.fetch("http://localhost:8080/users/7?sort=asc") == '{"id":"7","sort":"asc"}'
        assert box.fetch("http://localhost:8080/echo", "-H", "Content-Type: application/json",
                         "-d", '{"a": [1, 2]}', "-w", " %{http_code}") == '{"a":[1,2]} 201'
        page = box.fetch("http://localhost:8080/boom", "-w", "%{http_code}")
        assert page.endswith("500") and "ReferenceError: missing is not defined<br> &nbsp; &nbsp;at " \
                                        "/app/server.js:6:34<br>" in page
    assert server.stdout == "Listening on port 8080\n"
    assert server.stderr.startswith("ReferenceError: missing is not defined\n    at /app/server.js:6:34\n"
                                    "    at Layer.handle [as handle_request] (/app/node_modules/express/lib/router/"
                                    "layer.js:95:5)\n")


def test_node_http_server_and_its_sigterm_handler():
    source = ("const http = require('http')\n"
              "const server = http.createServer((req, res) => {\n"
              "  res.writeHead(200, { 'Content-Type': 'text/plain' })\n  res.end(`you asked for ${req.url}\\n`)\n})\n"
              "server.listen(3000, () => console.log('up'))\n"
              "process.on('SIGTERM', () => { console.log('bye'); server.close() })\n")
    box = Box(container({"/app/server.js": source}))
    with box.serve(node.main, ["node", "server.js"], 3000, stop=SIGTERM, cwd="/app") as server:
        assert box.fetch("http://localhost:3000/x") == "you asked for /x\n"
        assert "Transfer-Encoding: chunked" in box.fetch("http://localhost:3000/", "-I")
        assert server.stop() == 0
    assert server.stdout == "up\nbye\n"


def test_node_as_pid_1_without_a_handler_ignores_docker_stop():
    box = Box(container({"/app/server.js": "require('http').createServer((q, s) => s.end('x')).listen(3000)\n"}))
    with box.serve(node.main, ["node", "server.js"], 3000, cwd="/app") as server:
        server.signals.deliver(SIGTERM, external=True)
        server.thread.join(0.3)
        assert server.thread.is_alive()
        assert server.stop() == 137  # the engine's SIGKILL after the timeout


FLASK_APP = """from flask import Flask, jsonify, request
import os

app = Flask(__name__)
print("starting")

@app.route("/")
def hello():
    return "Hello, Docker!"

@app.route("/api")
def api():
    return jsonify(status="ok", name=request.args.get("name", "anon"))

@app.route("/boom")
def boom():
    return 1 / 0

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", 5000)))
"""


def flask_box() -> Box:
    return Box(container({"/app/app.py": FLASK_APP,
                          "/usr/local/lib/python3.12/site-packages/flask/__init__.py": ""}))


def test_a_flask_app_serves_its_routes():
    box = flask_box()
    with box.serve(python.main, ["python", "app.py"], 5000, stop=SIGINT, cwd="/app") as server:
        assert box.fetch("http://localhost:5000/") == "Hello, Docker!"
        assert box.fetch("http://localhost:5000/api?name=kim") == '{"name":"kim","status":"ok"}\n'
        assert box.fetch("http://localhost:5000/nope", "-w", "%{http_code}").endswith("404")
        assert box.fetch("http://localhost:5000/boom", "-w", "%{http_code}").endswith("500")
        assert server.stop() == 0
    assert server.stdout == "starting\n * Serving Flask app 'app'\n * Debug mode: off\n"
    log = re.sub(r"\[\d\d/\w{3}/\d{4} \d\d:\d\d:\d\d\]", "[T]", server.stderr)
    assert log.startswith("WARNING: This is a development server. Do not use it in a production deployment. Use a "
                          "production WSGI server instead.\n * Running on all addresses (0.0.0.0)\n"
                          " * Running on http://127.0.0.1:5000\n * Running on http://172.17.0.2:5000\n"
                          "Press CTRL+C to quit\n127.0.0.1 - - [T] \"GET / HTTP/1.1\" 200 -\n")
    assert 'File "/app/app.py", line 17, in boom\n    return 1 / 0\n           ~~^~~\nZeroDivisionError: ' \
           "division by zero\n" in log


def test_flask_without_flask_installed_is_module_not_found():
    box = Box(container({"/app/app.py": FLASK_APP}))
    assert box.run(python.main, ["python", "app.py"], cwd="/app") == (1, "", (
        "Traceback (most recent call last):\n  File \"/app/app.py\", line 1, in <module>\n"
        "    from flask import Flask, jsonify, request\nModuleNotFoundError: No module named 'flask'\n"))


def test_flask_on_its_default_host_is_only_reachable_inside_the_container():
    source = FLASK_APP.replace('app.run(host="0.0.0.0", port=int(os.environ.get("PORT", 5000)))', "app.run()")
    box = Box(container({"/app/app.py": source, "/usr/local/lib/python3.12/site-packages/flask/__init__.py": ""}))
    with box.serve(python.main, ["python", "app.py"], 5000, stop=SIGINT, cwd="/app") as server:
        assert box.fetch("http://localhost:5000/") == "Hello, Docker!"
        assert box.fetch("http://172.17.0.2:5000/", "-w", "%{http_code}") == "000"  # refused on its own address
    assert " * Running on http://127.0.0.1:5000\n" in server.stderr


def test_python_http_server_serves_the_working_directory():
    box = Box(container({"/srv/index.html": "<p>static</p>\n", "/srv/docs/a.txt": "a\n"}))
    with box.serve(python.main, ["python", "-m", "http.server", "8000"], 8000, stop=SIGINT, cwd="/srv") as server:
        assert box.fetch("http://localhost:8000/") == "<p>static</p>\n"
        assert box.fetch("http://localhost:8000/docs/") == (
            '<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            "<title>Directory listing for /docs/</title>\n</head>\n<body>\n<h1>Directory listing for /docs/</h1>\n"
            '<hr>\n<ul>\n<li><a href="a.txt">a.txt</a></li>\n</ul>\n<hr>\n</body>\n</html>\n')
        assert box.fetch("http://localhost:8000/docs", "-I").startswith("HTTP/1.0 301 Moved Permanently\r\n"
                                                                        "Server: SimpleHTTP/0.6 Python/3.12.7\r\n")
        assert server.stdout == ""  # block-buffered: nothing reaches `docker logs` yet
        assert server.stop() == 0
    assert server.stdout == ("Serving HTTP on 0.0.0.0 port 8000 (http://0.0.0.0:8000/) ...\n\n"
                             "Keyboard interrupt received, exiting.\n")
    assert re.sub(r"\[[^\]]+\]", "[T]", server.stderr).splitlines()[:2] == [
        '127.0.0.1 - - [T] "GET / HTTP/1.1" 200 -', '127.0.0.1 - - [T] "GET /docs/ HTTP/1.1" 200 -']


def test_a_server_script_beyond_the_subset_still_holds_its_port_and_says_why():
    source = "const PORT = process.env.PORT || 3000\nclass Shop {}\nrequire('http').createServer().listen(PORT)\n"
    box = Box(container({"/app/server.js": source}))
    with box.serve(node.main, ["node", "server.js"], 4000, cwd="/app", env={"PORT": "4000"}) as server:
        page = box.fetch("http://localhost:4000/", "-w", "%{http_code}")
        assert page.endswith("503") and "cannot run classes (line 2)" in page
    assert server.stderr == "dockyard: this simulated Node.js cannot run classes (/app/server.js:2)\n"
