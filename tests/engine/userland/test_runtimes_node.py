"""The node image's runtime: its command line, the JavaScript it runs, and Node's reports and formatting.

Expected texts were recorded with node v20.20.2.
"""
import pytest

from dockyard.engine.catalog import busybox
from dockyard.engine.container.rootfs import RootFS
from dockyard.engine.userland.process import BufferOutput, BytesInput, Process
from dockyard.engine.userland.programs.runtimes import node

FRAMES = ("    at Module._compile (node:internal/modules/cjs/loader:1521:14)\n"
          "    at Module._extensions..js (node:internal/modules/cjs/loader:1623:10)\n"
          "    at Module.load (node:internal/modules/cjs/loader:1266:32)\n"
          "    at Module._load (node:internal/modules/cjs/loader:1091:12)\n"
          "    at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:164:12)\n"
          "    at node:internal/main/run_main_module:28:49\n")


class Terminal(BytesInput):
    def isatty(self) -> bool:
        return True


def run(argv, stdin=b"", files=None, tty=False, env=None):
    fs = RootFS(busybox.tree())
    fs.mkdir("/app")
    for path, text in (files or {}).items():
        fs.mkdir(path.rsplit("/", 1)[0], parents=True, exist_ok=True)
        fs.write_bytes(path, text.encode())
    out, err = BufferOutput(), BufferOutput()
    status = node.main(Process(fs, argv, env=dict(env or {}), cwd="/app", stdout=out, stderr=err,
                               stdin=Terminal(stdin) if tty else BytesInput(stdin)))
    return status, out.getvalue().decode(), err.getvalue().decode()


PRINTED = [
    ('console.log(1+1, "a", [1,"b"], {a:1})', "2 a [ 1, 'b' ] { a: 1 }\n"),
    ('console.log("%s is %d", "x", 42, "extra")', "x is 42 extra\n"),
    ("console.log(0.1+0.2, 1e21, 1/3, 2**53+2, 1e-7, 0.000001, -5/2)",
     "0.30000000000000004 1e+21 0.3333333333333333 9007199254740994 1e-7 0.000001 -2.5\n"),
    ("console.log([\"it's\"], 'x'.repeat(3), `t${1+1}`)", "[ \"it's\" ] xxx t2\n"),
    ("console.log([1,2,3,4,5,6,7,8,9,10])", "[\n  1, 2, 3, 4,  5,\n  6, 7, 8, 9, 10\n]\n"),
    ("console.log({a:1,b:'s',c:[1,{d:2}],e:undefined,f:null,g(){}})",
     "{\n  a: 1,\n  b: 's',\n  c: [ 1, { d: 2 } ],\n  e: undefined,\n  f: null,\n  g: [Function: g]\n}\n"),
    ("const {a, b: [c, ...d]} = {a: 1, b: [2, 3, 4]}; console.log(a, c, d)", "1 2 [ 3, 4 ]\n"),
    ("console.log([3,1,2].sort(), [1,2,3].map(x => x * 2).filter(x => x > 2).reduce((s, x) => s + x, 0))",
     "[ 1, 2, 3 ] 10\n"),
    ("console.log(JSON.stringify({a: [1, 'x', null], b: undefined}), JSON.parse('{\"k\": 2}').k)",
     '{"a":[1,"x",null]} 2\n'),
    ("console.log('5' + 3, '5' - 3, [] + {}, null == undefined, null === undefined, typeof null)",
     "53 2 [object Object] true false object\n"),
    ("let s = 0; for (let i = 0; i < 5; i++) { if (i === 3) continue; s += i } console.log(s)", "7\n"),
    ("function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2) } console.log(fib(15))", "610\n"),
    ("console.log((12.345).toFixed(1), parseInt('42px'), Number('x'), Math.max(1, 5, 3))", "12.3 42 NaN 5\n"),
    ("try { null.x } catch (e) { console.log(e.message, e instanceof TypeError) }",
     "Cannot read properties of null (reading 'x') true\n"),
]


@pytest.mark.parametrize("code, expected", PRINTED)
def test_eval_prints_as_node(code, expected):
    assert run(["node", "-e", code]) == (0, expected, "")


@pytest.mark.parametrize("code, expected", [
    ('"x".repeat(3)', "xxx\n"),
    ("[1,2,3].map(x=>x*2)", "[ 2, 4, 6 ]\n"),
    ("({a: 'b'})", "{ a: 'b' }\n"),
])
def test_print_shows_the_value(code, expected):
    assert run(["node", "-p", code]) == (0, expected, "")


@pytest.mark.parametrize("argv, expected", [
    (["node", "--version"], (0, "v20.20.2\n", "")),
    (["node", "-v"], (0, "v20.20.2\n", "")),
    (["node", "--bogus"], (9, "", "node: bad option: --bogus\n")),
])
def test_command_line(argv, expected):
    assert run(argv) == expected


def test_the_version_follows_the_image():
    assert run(["node", "-v"], env={"NODE_VERSION": "18.20.4"}) == (0, "v18.20.4\n", "")


def test_a_missing_script_is_node_s_module_not_found():
    assert run(["node", "sever.js"]) == (1, "", (
        "node:internal/modules/cjs/loader:1210\n  throw err;\n  ^\n\n"
        "Error: Cannot find module '/app/sever.js'\n"
        "    at Module._resolveFilename (node:internal/modules/cjs/loader:1207:15)\n"
        "    at Module._load (node:internal/modules/cjs/loader:1038:27)\n"
        "    at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:164:12)\n"
        "    at node:internal/main/run_main_module:28:49 {\n"
        "  code: 'MODULE_NOT_FOUND',\n  requireStack: []\n}\n\nNode.js v20.20.2\n"))


def test_a_package_not_installed_is_module_not_found_with_the_require_stack():
    """`npm install` forgotten: express is not in node_modules."""
    status, _, err = run(["node", "server.js"], files={"/app/server.js": "const express = require('express')\n"})
    assert status == 1
    assert err == ("node:internal/modules/cjs/loader:1210\n  throw err;\n  ^\n\n"
                   "Error: Cannot find module 'express'\nRequire stack:\n- /app/server.js\n"
                   "    at Module._resolveFilename (node:internal/modules/cjs/loader:1207:15)\n"
                   "    at Module._load (node:internal/modules/cjs/loader:1038:27)\n"
                   "    at Module.require (node:internal/modules/cjs/loader:1289:19)\n"
                   "    at require (node:internal/modules/helpers:182:18)\n"
                   "    at Object.<anonymous> (/app/server.js:1:17)\n" + FRAMES.rsplit("    at node:", 1)[0]
                   .rstrip("\n") + " {\n  code: 'MODULE_NOT_FOUND',\n  requireStack: [ '/app/server.js' ]\n}\n\n"
                                   "Node.js v20.20.2\n")


@pytest.mark.parametrize("script, report", [
    ('const app = {}\nconsole.log("x")\napp.lisen(3000);\n',
     "/app/s.js:3\napp.lisen(3000);\n    ^\n\nTypeError: app.lisen is not a function\n"
     "    at Object.<anonymous> (/app/s.js:3:5)\n" + FRAMES),
    ("function f(){ null.x }\nf()\n",
     "/app/s.js:1\nfunction f(){ null.x }\n                   ^\n\n"
     "TypeError: Cannot read properties of null (reading 'x')\n    at f (/app/s.js:1:20)\n"
     "    at Object.<anonymous> (/app/s.js:2:1)\n" + FRAMES),
    ("const x = ;\n",
     "/app/s.js:1\nconst x = ;\n          ^\n\nSyntaxError: Unexpected token ';'\n"
     "    at wrapSafe (node:internal/modules/cjs/loader:1464:18)\n"
     "    at Module._compile (node:internal/modules/cjs/loader:1495:20)\n" + FRAMES.split("\n", 1)[1]),
    ('throw "boom"\n',
     "/app/s.js:1\nthrow \"boom\"\n^\nboom\n"
     "(Use `node --trace-uncaught ...` to show where the exception was thrown)\n"),
])
def test_uncaught_errors_are_reported_as_node_reports_them(script, report):
    status, out, err = run(["node", "s.js"], files={"/app/s.js": script})
    assert status == 1
    assert err == report + "\nNode.js v20.20.2\n"


def test_timers_keep_the_process_alive_until_they_are_done():
    script = ("let n = 0\n"
              "const t = setInterval(() => { n++; console.log('tick', n); if (n === 3) clearInterval(t) }, 5)\n"
              "setTimeout(() => console.log('later'), 1)\nconsole.log('start')\n")
    assert run(["node", "t.js"], files={"/app/t.js": script}) == (0, "start\nlater\ntick 1\ntick 2\ntick 3\n", "")


def test_process_exit_and_argv():
    script = "console.log(process.argv.slice(2).join(','), process.env.MODE)\nprocess.exit(4)\nconsole.log('no')\n"
    assert run(["node", "a.js", "x", "y"], files={"/app/a.js": script}, env={"MODE": "dev"}) == (4, "x,y dev\n", "")


def test_local_modules_and_json():
    files = {"/app/lib/math.js": "module.exports = { double: n => n * 2 }\n", "/app/data.json": '{"n": 21}',
             "/app/main.js": "const { double } = require('./lib/math')\n"
                             "console.log(double(require('./data.json').n))\n"}
    assert run(["node", "main.js"], files=files) == (0, "42\n", "")


def test_fs_and_path_read_the_container():
    files = {"/app/notes.txt": "hello\n",
             "/app/r.js": "const fs = require('fs'); const path = require('path')\n"
                          "console.log(fs.readFileSync(path.join(__dirname, 'notes.txt'), 'utf8').trim())\n"
                          "fs.readFileSync('/nope')\n"}
    status, out, err = run(["node", "r.js"], files=files)
    assert (status, out) == (1, "hello\n")
    assert "Error: ENOENT: no such file or directory, open '/nope'" in err


@pytest.mark.parametrize("code, what", [
    ("class A {}", "classes ([eval]:1)"),
    ("require('child_process')", "the child_process module ([eval]:1)"),
    ("'a'.match(/a/)", "regular expression literals ([eval]:1)"),
])
def test_what_the_subset_does_not_run_is_said_honestly(code, what):
    assert run(["node", "-e", code]) == (1, "", f"dockyard: this simulated Node.js cannot run {what}\n")


def test_a_program_on_stdin():
    assert run(["node"], stdin=b"console.log('stdin prog')\n") == (0, "stdin prog\n", "")


def test_the_repl():
    status, out, _ = run(["node"], stdin=b"1 + 1\nlet x = 'a'\nx.repeat(2)\nconsole.log('hi')\nfoo\n.exit\n",
                         tty=True)
    assert status == 0
    assert out == ("Welcome to Node.js v20.20.2.\nType \".help\" for more information.\n"
                   "> 2\n> undefined\n> 'aa'\n> hi\nundefined\n> Uncaught ReferenceError: foo is not defined\n> ")
