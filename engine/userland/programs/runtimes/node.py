"""`node` of the official node image: `--version`, `-e`/`-p`, scripts, stdin programs and the REPL.

A script runs in the simulated JavaScript interpreter, then its event loop keeps the process
alive while timers are pending or a server listens — so `node server.js` with an Express app is
a long-running container that serves its routes on the published port. Like the real one it has
no SIGTERM handler of its own: as PID 1 it ignores `docker stop` until the timeout (exit 137),
unless the program calls `process.on('SIGTERM', ...)`. Uncaught errors print Node's report
(source line, caret, stack, `Node.js v20...`) and exit 1.
"""
from __future__ import annotations

import html
import re
import time

from ....network import http
from ...process import Process
from ..servers.serving import Serving, wait_for_signal
from .jsbuiltins import native
from .jsinspect import format_args, inspect
from .jsparse import JSSyntaxError, Unsupported, parse
from .jsrun import Scope
from .jsvalues import UNDEFINED, JSArray, JSError, JSObject, JSThrow, to_string
from .noderuntime import MAIN_NOT_FOUND_FRAMES, NodeRuntime, ProcessExit

DEFAULT_VERSION = "20.20.2"
WAKE_INTERVAL = 0.05  # how often the idle event loop looks for signals
IGNORED_OPTIONS = ("--inspect", "--trace", "--enable-source-maps", "--max-old-space-size", "--experimental",
                   "--no-warnings", "--watch", "--unhandled-rejections", "--dns-result-order", "--stack-size")
EVAL_FRAMES = ("    at runScriptInThisContext (node:internal/vm:209:10)\n"
               "    at node:internal/process/execution:118:14\n"
               "    at {name}-wrapper:6:24\n"
               "    at runScript (node:internal/process/execution:101:62)\n"
               "    at evalScript (node:internal/process/execution:133:3)\n")
EVAL_TAILS = {"[eval]": "    at node:internal/main/eval_string:51:3",
              "[stdin]": "    at node:internal/main/eval_stdin:32:5\n"
                         "    at Socket.<anonymous> (node:internal/process/execution:234:5)\n"
                         "    at Socket.emit (node:events:536:35)\n"
                         "    at endReadableNT (node:internal/streams/readable:1698:12)"}
SYNTAX_FRAMES = ("    at wrapSafe (node:internal/modules/cjs/loader:1464:18)\n"
                 "    at Module._compile (node:internal/modules/cjs/loader:1495:20)\n"
                 "    at Module._extensions..js (node:internal/modules/cjs/loader:1623:10)\n"
                 "    at Module.load (node:internal/modules/cjs/loader:1266:32)\n"
                 "    at Module._load (node:internal/modules/cjs/loader:1091:12)\n"
                 "    at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:164:12)\n"
                 "    at node:internal/main/run_main_module:28:49")
REPL_HELP = """.break    Sometimes you get stuck, this gets you out
.clear    Alias for .break
.editor   Enter editor mode
.exit     Exit the REPL
.help     Print this help message
.load     Load JS from a file into the REPL session
.save     Save all evaluated commands in this REPL session to a file

Press Ctrl+C to abort current expression, Ctrl+D to exit the REPL
"""


def main(proc: Process) -> int:
    version = (proc.env.get("NODE_VERSION") or DEFAULT_VERSION).lstrip("v")
    args = proc.argv[1:]
    while args and args[0].startswith("-") and args[0] != "-":
        option = args.pop(0)
        name, _, value = option.partition("=")
        if name in ("-v", "--version"):
            proc.out(f"v{version}\n")
            return 0
        if name in ("-h", "--help"):
            proc.out("Usage: node [options] [ script.js ] [arguments]\n"
                     "       node inspect [options] [ script.js | host:port ] [arguments]\n")
            return 0
        if name in ("-e", "--eval", "-p", "--print"):
            code = value or (args.pop(0) if args else "")
            node = NodeProcess(proc, version, ["/usr/local/bin/node"] + args)
            return node.run_program(code, "[eval]", print_result=name in ("-p", "--print"))
        if name in ("-r", "--require"):
            if not value and args:
                args.pop(0)
            continue
        if name == "--":
            break
        if not name.startswith(IGNORED_OPTIONS):
            proc.err(f"node: bad option: {option}\n")
            return 9
    if not args or args[0] == "-":
        node = NodeProcess(proc, version, ["/usr/local/bin/node"] + args[1:])
        if proc.stdin.isatty():
            return node.repl()
        return node.run_program(proc.stdin.read().decode("utf-8", "replace"), "[stdin]")
    node = NodeProcess(proc, version, ["/usr/local/bin/node", proc.abspath(args[0])] + args[1:])
    return node.run_script(args[0])


class NodeProcess:
    def __init__(self, proc: Process, version: str, argv: list[str]):
        self.proc, self.version = proc, version
        self.runtime = NodeRuntime(proc, version, argv)

    # -- running
    def run_script(self, name: str) -> int:
        path = self.runtime.resolve_file(self.proc.abspath(name))
        if path is None:
            missing = self.proc.abspath(name)
            message = f"Cannot find module '{missing}'"
            error = JSError("Error", message, f"Error: {message}\n{MAIN_NOT_FOUND_FRAMES}")
            error.extra = {"code": "MODULE_NOT_FOUND", "requireStack": JSArray([])}
            error.report_header = "node:internal/modules/cjs/loader:1210\n  throw err;\n  ^\n"
            self.report(JSThrow(error))
            return 1
        source = self.proc.fs.read_bytes(path).decode("utf-8", "replace")
        module = JSObject({"exports": JSObject(), "id": ".", "filename": path})
        return self._run(lambda: self.runtime.run_module(source, path, module), path, source)

    def run_program(self, source: str, name: str, print_result: bool = False) -> int:
        """`-e`, `-p` and a program piped on stdin: run as `[eval]`/`[stdin]` in the current directory."""
        filename = name
        runtime = self.runtime

        def run():
            runtime.sources[filename] = source
            scope = Scope(runtime.globals)
            scope.declare("require", _require(runtime))
            scope.declare("module", JSObject({"exports": JSObject()}))
            scope.declare("__filename", filename)
            scope.declare("__dirname", ".")
            tail = EVAL_FRAMES.format(name=name) + EVAL_TAILS[name]
            result = runtime.interp.run(parse(source), scope, filename, frame_name="", tail=tail)
            if print_result:
                self.proc.out(format_args([result]) + "\n")
        return self._run(run, filename, source)

    def _run(self, run, filename: str, source: str) -> int:
        runtime = self.runtime
        try:
            with runtime.lock:
                run()
        except JSSyntaxError as e:
            self._syntax_error(e, filename, source)
            return 1
        except JSThrow as thrown:
            self.report(thrown)
            return 1
        except Unsupported as e:
            self.unsupported(e, filename)
            port = _declared_port(source, self.proc.env)
            return 1 if port is None else self.stand_in(port, e)
        except ProcessExit as e:
            return e.code
        return self.event_loop()

    def stand_in(self, port: int, e: Unsupported) -> int:
        """A server script the simulation cannot run still becomes a long-running process holding its
        port, answering a page that says what it could not run (instead of exiting as nothing real would)."""
        body = (f"<!DOCTYPE html>\n<html><head><title>Simulated Node.js</title></head><body>\n"
                f"<h1>This Node.js app is simulated</h1>\n<p>dockyard's simulated Node.js cannot run "
                f"{html.escape(e.what)} (line {e.line}), so it cannot say what this app would answer. The process "
                f"keeps port {port} open as the real server would.</p>\n</body></html>\n").encode()
        page = http.Response(503, [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body))),
                                   ("Connection", "keep-alive")], body)
        with Serving(self.proc, "node") as serving:
            serving.bind(port, lambda request: page, "::")
            wait_for_signal(self.proc, set())  # no handlers, like node: only a fatal signal ends it
        return 0

    def event_loop(self) -> int:
        """Timers fire, requests are answered (on their own threads) and signals handled, until nothing
        keeps the process alive or it exits."""
        runtime = self.runtime
        try:
            while runtime.exit_code is None:
                with runtime.lock:
                    try:
                        runtime.run_due_timers()
                    except ProcessExit as e:
                        runtime.exit_code = e.code
                        break
                    except (JSThrow, Unsupported) as failure:
                        runtime.crash(failure)
                        break
                timer = runtime.next_due()
                if timer is None and not runtime.listeners:
                    return 0
                wait = WAKE_INTERVAL if timer is None else max(0.0, min(timer.due - time.monotonic(), WAKE_INTERVAL))
                runtime.wake.wait(wait)
                runtime.wake.clear()
                self._handle_signals()
        finally:
            for server in list(runtime.listeners):
                server.get("close").native(runtime.interp, server, [])
        if runtime.fatal is not None:
            failure = runtime.fatal
            if isinstance(failure, Unsupported):
                self.unsupported(failure, "")
            else:
                self.report(failure)
        return runtime.exit_code or 0

    def _handle_signals(self) -> None:
        runtime = self.runtime
        signals = self.proc.signals
        signals.check()  # a fatal signal ends the process here (Killed)
        signum = signals.take()
        if signum is None or signum not in runtime.signal_handlers:
            return
        from ...process import SIGNALS
        name = next((f"SIG{n}" for n, v in SIGNALS.items() if v == signum), str(signum))
        with runtime.lock:
            try:
                for handler in runtime.signal_handlers[signum]:
                    runtime.interp.frames = []
                    runtime.interp.call(handler, UNDEFINED, [name], frame_name="process.<anonymous>",
                                        tail="    at process.emit (node:events:519:28)")
            except ProcessExit as e:
                runtime.exit_code = e.code
            except (JSThrow, Unsupported) as failure:
                runtime.crash(failure)

    # -- reports
    def report(self, thrown: JSThrow) -> None:
        value = thrown.value
        header = getattr(value, "report_header", None)
        source = self.runtime.sources.get(thrown.filename)
        if header is None and source is not None and thrown.line:
            lines = source.splitlines()
            line = lines[thrown.line - 1] if thrown.line <= len(lines) else ""
            header = f"{thrown.filename}:{thrown.line}\n{line}\n{' ' * (thrown.col - 1)}^\n"
        if isinstance(value, JSError):
            text = (f"{header}\n" if header else "") + inspect(value) + "\n"
        else:
            shown = value if isinstance(value, str) else inspect(value)
            text = (header or "") + f"{shown}\n(Use `node --trace-uncaught ...` to show where the exception " \
                                    f"was thrown)\n"
        self.proc.err(f"{text}\nNode.js v{self.version}\n")

    def _syntax_error(self, e: JSSyntaxError, filename: str, source: str) -> None:
        lines = source.splitlines()
        line = lines[e.line - 1] if 0 < e.line <= len(lines) else ""
        frames = SYNTAX_FRAMES if not filename.startswith("[") else \
            "    at makeContextifyScript (node:internal/vm:185:14)\n" + EVAL_FRAMES.format(name=filename).rstrip("\n")
        self.proc.err(f"{filename}:{e.line}\n{line}\n{' ' * (e.col - 1)}^\n\nSyntaxError: {e.message}\n{frames}\n\n"
                      f"Node.js v{self.version}\n")

    def unsupported(self, e: Unsupported, filename: str) -> None:
        where = f" ({filename}:{e.line})" if filename and e.line else ""
        self.proc.err(f"dockyard: this simulated Node.js cannot run {e.what}{where}\n")

    # -- interactive
    def repl(self) -> int:
        """`docker run -it node`: Node's REPL, evaluating what the simulated interpreter runs."""
        runtime = self.runtime
        self.proc.out(f"Welcome to Node.js v{self.version}.\nType \".help\" for more information.\n")
        scope = Scope(runtime.globals)
        scope.declare("require", _require(runtime))
        buffer = ""
        while True:
            self.proc.out("> " if not buffer else "... ")
            raw = self.proc.stdin.readline()
            if not raw:
                self.proc.out("\n")
                return 0
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if not buffer and line.strip() in (".exit",):
                return 0
            if not buffer and line.strip() == ".help":
                self.proc.out(REPL_HELP)
                continue
            if not buffer and line.strip() in (".break", ".clear"):
                continue
            source = buffer + line + "\n"
            try:
                body = parse(source)
            except JSSyntaxError as e:
                if e.message in ("Unexpected end of input", "Unterminated template literal"):
                    buffer = source
                    continue
                buffer = ""
                self.proc.out(f"Uncaught SyntaxError: {e.message}\n")
                continue
            except Unsupported as e:
                buffer = ""
                self.proc.out(f"dockyard: this simulated Node.js cannot run {e.what}\n")
                continue
            buffer = ""
            status = self._repl_run(body, scope)
            if status is not None:
                return status

    def _repl_run(self, body, scope: Scope) -> int | None:
        runtime = self.runtime
        try:
            with runtime.lock:
                runtime.interp.frames = []
                value = runtime.interp.run(body, scope, "REPL1", frame_name="")
                if body and body[-1].kind in ("var", "function_decl", "import"):
                    value = UNDEFINED
            self.proc.out(inspect(value) + "\n")
        except JSThrow as thrown:
            value = thrown.value
            shown = f"{value.name}: {to_string(value.get('message'))}" if isinstance(value, JSError) else inspect(value)
            self.proc.out(f"Uncaught {shown}\n")
        except Unsupported as e:
            self.proc.out(f"dockyard: this simulated Node.js cannot run {e.what}\n")
        except ProcessExit as e:
            return e.code
        return None


def _declared_port(source: str, env: dict) -> int | None:
    """The port a server script listens on, read off its text: `listen(3000)`, `listen(PORT)` with
    `const PORT = process.env.PORT || 3000`."""
    match = re.search(r"\.listen\(\s*([A-Za-z_$][\w$.]*|\d+)", source)
    if match is None:
        return None
    word = match.group(1)
    if word.isdigit():
        return int(word)
    if word.startswith("process.env.") and env.get(word[len("process.env."):], "").isdigit():
        return int(env[word[len("process.env."):]])
    declared = re.search(rf"(?:const|let|var)\s+{re.escape(word)}\s*=\s*(?:process\.env\.(\w+)\s*(?:\|\||\?\?)\s*)?"
                         r"(\d+)", source)
    if declared is None:
        return None
    variable, default = declared.groups()
    return int(env[variable]) if variable and env.get(variable, "").isdigit() else int(default)


def _require(runtime: NodeRuntime):
    return native("require", lambda i, t, a: runtime.require(to_string(a[0]) if a else ""))

