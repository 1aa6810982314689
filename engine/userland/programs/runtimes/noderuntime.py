"""What a simulated Node.js program has around it: the globals (console, process, timers, Error,
Date, Promise, ...), CommonJS `require` with Node's resolution (core modules, relative files,
node_modules walking up from the requiring file), and the core modules path, fs, os and util
rebuilt on the container. Core modules and packages beyond these are honest `Unsupported` errors;
a package that is not installed is Node's own `Cannot find module` error.
"""
from __future__ import annotations

import heapq
import itertools
import json
import math
import posixpath
import threading
import time

from ..busybox import machine
from .jsbuiltins import method_of, native, pure_globals
from .jsinspect import format_args, inspect
from .jsparse import Unsupported, parse
from .jsrun import Interpreter, Scope
from .jsvalues import (UNDEFINED, JSArray, JSError, JSFunction, JSObject, JSThrow, from_python, to_number,
                       to_string)

CORE_MODULES = set("""assert async_hooks buffer child_process cluster console constants crypto dgram dns domain
    events fs http http2 https inspector module net os path perf_hooks process punycode querystring readline repl
    stream string_decoder sys timers tls trace_events tty url util v8 vm wasi worker_threads zlib""".split())
ERROR_TYPES = ("Error", "TypeError", "RangeError", "ReferenceError", "SyntaxError", "EvalError", "URIError")
RESOLVE_FRAMES = ("    at Module._resolveFilename (node:internal/modules/cjs/loader:1207:15)",
                  "    at Module._load (node:internal/modules/cjs/loader:1038:27)",
                  "    at Module.require (node:internal/modules/cjs/loader:1289:19)",
                  "    at require (node:internal/modules/helpers:182:18)")
MAIN_NOT_FOUND_FRAMES = ("    at Module._resolveFilename (node:internal/modules/cjs/loader:1207:15)\n"
                         "    at Module._load (node:internal/modules/cjs/loader:1038:27)\n"
                         "    at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:164:12)\n"
                         "    at node:internal/main/run_main_module:28:49")
TIMER_FRAMES = ("    at listOnTimeout (node:internal/timers:581:17)\n"
                "    at process.processTimers (node:internal/timers:519:7)")
STACK_LIMIT = 10  # V8's Error.stackTraceLimit


class ProcessExit(Exception):
    def __init__(self, code: int):
        super().__init__(code)
        self.code = code


class JSDate(JSObject):
    class_name = "Date"

    def __init__(self, ms: float):
        super().__init__()
        self.ms = ms

    def _tm(self):
        return time.gmtime(self.ms / 1000)

    def iso(self) -> str:
        return time.strftime("%Y-%m-%dT%H:%M:%S", self._tm()) + f".{int(self.ms % 1000):03d}Z"

    def text(self) -> str:
        return time.strftime("%a %b %d %Y %H:%M:%S GMT+0000 (Coordinated Universal Time)", self._tm())

    def inspect_text(self) -> str:
        return self.iso()

    def primitive(self, hint: str):
        return self.ms if hint == "number" else self.text()

    def to_json(self):
        return self.iso()

    def get(self, key: str):
        tm = self._tm()
        methods = {"toISOString": self.iso, "toJSON": self.iso, "toString": self.text,
                   "getTime": lambda: self.ms, "valueOf": lambda: self.ms,
                   "getFullYear": lambda: float(tm.tm_year), "getMonth": lambda: float(tm.tm_mon - 1),
                   "getDate": lambda: float(tm.tm_mday), "getDay": lambda: float((tm.tm_wday + 1) % 7),
                   "getHours": lambda: float(tm.tm_hour), "getMinutes": lambda: float(tm.tm_min),
                   "getSeconds": lambda: float(tm.tm_sec), "getMilliseconds": lambda: float(int(self.ms % 1000)),
                   "toLocaleDateString": lambda: f"{tm.tm_mon}/{tm.tm_mday}/{tm.tm_year}",
                   "toLocaleTimeString": lambda: _clock12(tm),
                   "toLocaleString": lambda: f"{tm.tm_mon}/{tm.tm_mday}/{tm.tm_year}, {_clock12(tm)}",
                   "toUTCString": lambda: time.strftime("%a, %d %b %Y %H:%M:%S GMT", tm)}
        if key in methods:
            fn = methods[key]
            return native(key, lambda i, t, a: fn())
        return super().get(key)


def _clock12(tm) -> str:
    hour = tm.tm_hour % 12 or 12
    return f"{hour}:{tm.tm_min:02d}:{tm.tm_sec:02d} {'AM' if tm.tm_hour < 12 else 'PM'}"


class JSPromise(JSObject):
    """A settled promise: the simulated runtime resolves `async` work at once."""

    class_name = "Promise"

    def __init__(self, value=UNDEFINED, rejected: bool = False):
        super().__init__()
        self.value, self.rejected = value, rejected

    def inspect_text(self) -> str:
        return f"Promise {{ {'<rejected> ' if self.rejected else ''}{inspect(self.value)} }}"

    def get(self, key: str):
        if key == "then":
            def then(i, t, a):
                handler = a[0] if not self.rejected and a else (a[1] if self.rejected and len(a) > 1 else None)
                if isinstance(handler, JSFunction):
                    return _settled(i, handler, self.value)
                return self
            return native("then", then)
        if key == "catch":
            return native("catch", lambda i, t, a: _settled(i, a[0], self.value) if self.rejected and a else self)
        if key == "finally":
            def run_finally(interp, this, args):
                if args:
                    interp.call(args[0], UNDEFINED, [])
                return self
            return native("finally", run_finally)
        return super().get(key)


def _settled(interp, handler: JSFunction, value) -> JSPromise:
    try:
        result = interp.call(handler, UNDEFINED, [value])
    except JSThrow as thrown:
        return JSPromise(thrown.value, rejected=True)
    return result if isinstance(result, JSPromise) else JSPromise(result)


class Timer(JSObject):
    class_name = "Timeout"
    _ids = itertools.count(1)

    def __init__(self, due: float, fn: JSFunction, args: list, repeat: float | None):
        super().__init__()
        self.due, self.fn, self.args, self.repeat = due, fn, args, repeat
        self.id = next(self._ids)
        self.cancelled = False

    def __lt__(self, other: "Timer") -> bool:
        return (self.due, self.id) < (other.due, other.id)

    def inspect_text(self) -> str:
        return f"Timeout {{ _idleTimeout: {int((self.repeat or 0) * 1000) or 1} }}"

    def primitive(self, hint: str):
        return float(self.id)


class NodeRuntime:
    """One Node.js process's world; JavaScript runs under `lock`, one piece at a time, as on the event loop."""

    def __init__(self, proc, version: str, argv: list[str]):
        self.proc, self.version, self.argv = proc, version, argv
        self.lock = threading.RLock()
        self.interp = Interpreter(self)
        self.object_prototype = JSObject()
        self.timers: list[Timer] = []
        self.listeners: list = []  # servers keeping the process alive
        self.signal_handlers: dict[int, list[JSFunction]] = {}
        self.exit_code: int | None = None
        self.fatal = None  # the uncaught JSThrow or Unsupported that ended the process
        self.wake = threading.Event()
        self.started = time.monotonic()
        self.sources: dict[str, str] = {}
        self.modules: dict[str, object] = {}
        self.globals = Scope()
        self.env = JSObject(dict(proc.env))
        for name, value in self._globals().items():
            self.globals.declare(name, value)

    def crash(self, failure) -> None:
        """An exception nothing caught (in a timer or a request): the process reports it and exits 1."""
        if self.exit_code is None:
            self.fatal = failure
            self.exit_code = 1
            self.wake.set()

    # -- what the interpreter asks
    def check(self) -> None:
        self.proc.signals.check()

    def builtin_method(self, value, key: str):
        return method_of(value, key) or UNDEFINED

    def instance_of(self, value, constructor) -> bool:
        if not isinstance(constructor, JSFunction):
            raise self.interp.error("TypeError", "Right-hand side of 'instanceof' is not callable")
        name = constructor.name
        if name in ERROR_TYPES:
            return isinstance(value, JSError) and (name == "Error" or value.name == name)
        checks = {"Array": JSArray, "Object": JSObject, "Date": JSDate, "Promise": JSPromise, "Function": JSFunction}
        if name in checks:
            return isinstance(value, checks[name])
        proto = constructor.get("prototype")
        obj = value.proto if isinstance(value, JSObject) else None
        while obj is not None:
            if obj is proto:
                return True
            obj = obj.proto
        return False

    def settle(self, value):
        if isinstance(value, JSPromise):
            if value.rejected:
                raise JSThrow(value.value)
            return value.value
        return value

    def resolved(self, value):
        return value if isinstance(value, JSPromise) else JSPromise(value)

    # -- globals
    def _globals(self) -> dict:
        table = pure_globals()
        table.update({
            "console": self._console(), "process": self._process(), "globalThis": JSObject(),
            "setTimeout": native("setTimeout", lambda i, t, a: self.add_timer(a, repeat=False)),
            "setInterval": native("setInterval", lambda i, t, a: self.add_timer(a, repeat=True)),
            "setImmediate": native("setImmediate", lambda i, t, a: self.add_timer([a[0], 0.0] + list(a[1:]),
                                                                                  repeat=False, immediate=True)),
            "clearTimeout": native("clearTimeout", self._clear), "clearInterval": native("clearInterval", self._clear),
            "Date": self._date(), "Promise": self._promise(), "fetch": native("fetch", self._no_network),
        })
        for name in ERROR_TYPES:
            table[name] = self._error_type(name)
        return table

    def _console(self) -> JSObject:
        def writer(stream, render):
            def write(interp, this, args):
                stream.write((render(list(args)) + "\n").encode())
                return UNDEFINED
            return write
        out, err = writer(self.proc.stdout, format_args), writer(self.proc.stderr, format_args)
        shown = writer(self.proc.stdout, lambda args: inspect(args[0] if args else UNDEFINED))
        return JSObject({"log": native("log", out), "info": native("info", out), "debug": native("debug", out),
                         "error": native("error", err), "warn": native("warn", err), "trace": native("trace", err),
                         "dir": native("dir", shown)})

    def _process(self) -> JSObject:
        def exit_(i, t, a):
            code = int(to_number(a[0])) if a and a[0] is not UNDEFINED else 0
            raise ProcessExit(code)

        def on(i, t, a):
            event, handler = to_string(a[0]) if a else "", a[1] if len(a) > 1 else UNDEFINED
            from ...process import SIGNALS
            name = event[3:] if event.startswith("SIG") else None
            if name in SIGNALS and isinstance(handler, JSFunction):
                signum = SIGNALS[name]
                self.signal_handlers.setdefault(signum, []).append(handler)
                self.proc.signals.handled.add(signum)
            return t

        def write(interp, this, args):
            self.proc.stdout.write(to_string(args[0]).encode() if args else b"")
            return True

        stdout = JSObject({"write": native("write", write), "isTTY": self.proc.stdout.isatty() or UNDEFINED})
        return JSObject({
            "env": self.env, "argv": JSArray(self.argv), "exit": native("exit", exit_), "on": native("on", on),
            "once": native("once", on), "platform": "linux", "version": f"v{self.version}",
            "versions": JSObject({"node": self.version}), "pid": 1.0 if self.proc.signals.pid1 else 7.0,
            "cwd": native("cwd", lambda i, t, a: self.proc.cwd), "arch": "x64", "stdout": stdout,
            "uptime": native("uptime", lambda i, t, a: time.monotonic() - self.started),
            "nextTick": native("nextTick", lambda i, t, a: self.add_timer([a[0], 0.0] + list(a[1:]), repeat=False,
                                                                          immediate=True)),
            "memoryUsage": native("memoryUsage", lambda i, t, a: JSObject({"rss": 45088768.0, "heapTotal": 6733824.0,
                                                                           "heapUsed": 5610216.0}))})

    def _error_type(self, name: str) -> JSFunction:
        def make(interp, this, args):
            message = to_string(args[0]) if args and args[0] is not UNDEFINED else ""
            return interp.make_error(name, message)
        fn = JSFunction(name, native=make)
        fn.construct = lambda interp, args: make(interp, None, args)
        return fn

    def _date(self) -> JSFunction:
        def construct(interp, args):
            if not args:
                return JSDate(math.floor(time.time() * 1000))
            value = args[0]
            if isinstance(value, str):
                return JSDate(_parse_date(value))
            return JSDate(to_number(value))
        fn = JSFunction("Date", native=lambda i, t, a: JSDate(time.time() * 1000).text())
        fn.construct = construct
        fn.props["now"] = native("now", lambda i, t, a: float(math.floor(time.time() * 1000)))
        return fn

    def _promise(self) -> JSFunction:
        def construct(interp, args):
            outcome: list = []
            resolve = native("resolve", lambda i, t, a: outcome.append((a[0] if a else UNDEFINED, False)))
            reject = native("reject", lambda i, t, a: outcome.append((a[0] if a else UNDEFINED, True)))
            interp.call(args[0], UNDEFINED, [resolve, reject])
            if not outcome:
                raise Unsupported("a promise that settles later (after a timer or I/O)")
            return JSPromise(*outcome[0])
        def called(interp, this, args):
            raise interp.error("TypeError", "Promise constructor cannot be invoked without 'new'")
        fn = JSFunction("Promise", native=called)
        fn.construct = construct
        fn.props.update({"resolve": native("resolve", lambda i, t, a: JSPromise(a[0] if a else UNDEFINED)),
                         "reject": native("reject", lambda i, t, a: JSPromise(a[0] if a else UNDEFINED, True)),
                         "all": native("all", lambda i, t, a: JSPromise(JSArray([self.settle(v) for v in
                                                                                 i.iterate(a[0])])))})
        return fn

    def _no_network(self, interp, this, args):
        raise Unsupported("fetch (the simulated Node.js has no network client)")

    # -- timers
    def add_timer(self, args: list, repeat: bool, immediate: bool = False) -> Timer:
        """setTimeout/setInterval (at least 1 ms, as Node clamps them); `immediate` work (nextTick,
        setImmediate, a server's 'listening') runs as soon as the current code returns to the loop."""
        fn = args[0] if args else UNDEFINED
        if not isinstance(fn, JSFunction):
            raise self.interp.error("TypeError", f'The "callback" argument must be of type function. Received '
                                                 f"{inspect(fn)}")
        delay = max(to_number(args[1]) if len(args) > 1 else 1.0, 1.0) / 1000
        delay = 0.0 if immediate else (0.001 if delay != delay else delay)
        timer = Timer(time.monotonic() + delay, fn, list(args[2:]), delay if repeat else None)
        heapq.heappush(self.timers, timer)
        self.wake.set()
        return timer

    def _clear(self, interp, this, args):
        if args and isinstance(args[0], Timer):
            args[0].cancelled = True
        return UNDEFINED

    def next_due(self) -> Timer | None:
        while self.timers and self.timers[0].cancelled:
            heapq.heappop(self.timers)
        return self.timers[0] if self.timers else None

    def run_due_timers(self) -> None:
        now = time.monotonic()
        while True:
            timer = self.next_due()
            if timer is None or timer.due > now:
                return
            heapq.heappop(self.timers)
            if timer.repeat is not None:
                timer.due = now + timer.repeat
                heapq.heappush(self.timers, timer)
            self.interp.frames = []
            self.interp.call(timer.fn, UNDEFINED, timer.args, frame_name="Timeout._onTimeout", tail=TIMER_FRAMES)

    # -- modules
    def require(self, name: str, node=None):
        requester = self.interp.frames[-1].filename if self.interp.frames else "[eval]"
        base = posixpath.dirname(requester) if requester.startswith("/") else self.proc.cwd
        bare = name.removeprefix("node:")
        line = getattr(node, "line", 0) or (self.interp.frames[-1].line if self.interp.frames else 0)
        if bare in _CORE_BUILDERS:
            if bare not in self.modules:
                self.modules[bare] = _CORE_BUILDERS[bare](self)
            return self.modules[bare]
        if bare in CORE_MODULES:
            raise Unsupported(f"the {bare} module", line)
        if name.startswith(("./", "../", "/")) or name in (".", ".."):
            path = self.resolve_file(posixpath.normpath(posixpath.join(base, name)))
            if path is None:
                raise JSThrow(self.module_not_found(name, requester))
            return self.load_file(path)
        package = self.find_package(name, base)
        if package is None:
            raise JSThrow(self.module_not_found(name, requester))
        from .nodeweb import PACKAGES
        builder = PACKAGES.get(name.split("/")[0])
        if builder is None:
            raise Unsupported(f"the {name} package", line)
        if name not in self.modules:
            self.modules[name] = builder(self)
        return self.modules[name]

    def resolve_file(self, path: str) -> str | None:
        fs = self.proc.fs
        for candidate in (path, path + ".js", path + ".json", path + "/index.js"):
            if fs.is_file(candidate):
                return candidate
        return None

    def find_package(self, name: str, base: str) -> str | None:
        """node_modules/NAME in the requiring file's directory or any directory above it."""
        directory = base
        while True:
            candidate = posixpath.join(directory, "node_modules", name)
            if self.proc.fs.exists(candidate):
                return candidate
            if directory == "/":
                return None
            directory = posixpath.dirname(directory)

    def load_file(self, path: str):
        if path in self.modules:
            return self.modules[path].get("exports")
        source = self.proc.fs.read_bytes(path).decode("utf-8", "replace")
        if path.endswith(".json"):
            return from_python(json.loads(source))
        module = JSObject({"exports": JSObject(), "id": path, "filename": path})
        self.modules[path] = module
        self.run_module(source, path, module)
        return module.get("exports")

    def run_module(self, source: str, path: str, module: JSObject, frame_name: str = "Object.<anonymous>"):
        """Run a CommonJS module: its code sees module, exports, require, __filename and __dirname."""
        self.sources[path] = source
        body = parse(source)
        scope = Scope(self.globals, this=module.get("exports"))
        scope.declare("module", module)
        scope.declare("exports", module.get("exports"))
        scope.declare("require", native("require", lambda i, t, a: self.require(to_string(a[0]) if a else "")))
        scope.declare("__filename", path)
        scope.declare("__dirname", posixpath.dirname(path))
        return self.interp.run(body, scope, path, frame_name)

    def module_not_found(self, name: str, requester: str) -> JSError:
        chain = [f.filename for f in reversed(self.interp.frames) if f.filename]
        chain = list(dict.fromkeys(chain)) or [requester]
        user = self.interp.stack_trace().split("\n")
        frames = (list(RESOLVE_FRAMES) + [line for block in user for line in block.split("\n")])[:STACK_LIMIT]
        message = f"Cannot find module '{name}'\nRequire stack:\n" + "\n".join(f"- {c}" for c in chain)
        error = JSError("Error", message, f"Error: {message}\n" + "\n".join(frames))
        error.extra = {"code": "MODULE_NOT_FOUND", "requireStack": JSArray(chain)}
        error.report_header = "node:internal/modules/cjs/loader:1210\n  throw err;\n  ^\n"
        return error


def _parse_date(text: str) -> float:
    import datetime
    try:
        parsed = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return math.nan
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return parsed.timestamp() * 1000


# ---------------------------------------------------------------- core modules
def _path(runtime: NodeRuntime) -> JSObject:
    def resolve(i, t, a):
        path = runtime.proc.cwd
        for part in a:
            path = posixpath.join(path, to_string(part))
        return posixpath.normpath(path)

    def extname(i, t, a):
        return posixpath.splitext(to_string(a[0]))[1] if a else ""

    def basename(i, t, a):
        name = posixpath.basename(to_string(a[0]).rstrip("/")) if a else ""
        suffix = to_string(a[1]) if len(a) > 1 else ""
        return name[:-len(suffix)] if suffix and name.endswith(suffix) and name != suffix else name

    return JSObject({
        "join": native("join", lambda i, t, a: posixpath.normpath(posixpath.join(*[to_string(p) for p in a]))
                       if a else "."),
        "resolve": native("resolve", resolve), "basename": native("basename", basename),
        "dirname": native("dirname", lambda i, t, a: posixpath.dirname(to_string(a[0])) or "."),
        "extname": native("extname", extname), "sep": "/", "delimiter": ":",
        "normalize": native("normalize", lambda i, t, a: posixpath.normpath(to_string(a[0]))),
        "isAbsolute": native("isAbsolute", lambda i, t, a: to_string(a[0]).startswith("/")),
        "relative": native("relative", lambda i, t, a: posixpath.relpath(to_string(a[1]), to_string(a[0])))})


def _fs(runtime: NodeRuntime) -> JSObject:
    proc = runtime.proc

    def failing(syscall: str, fn):
        """fs errors as Node reports them: `ENOENT: no such file or directory, open '/x'`."""
        def call(i, t, a):
            try:
                return fn(i, t, a)
            except OSError as e:
                import errno as errnos
                code = errnos.errorcode.get(e.errno or 2, "EIO")
                path = to_string(a[0]) if a else ""
                err = i.make_error("Error", f"{code}: {(e.strerror or '').lower()}, {syscall} '{path}'")
                err.extra = {"errno": float(-(e.errno or 2)), "code": code, "syscall": syscall, "path": path}
                raise JSThrow(err) from None
        return native(syscall, call)

    def read(i, t, a):
        data = proc.fs.read_bytes(proc.abspath(to_string(a[0])))
        return data.decode("utf-8", "replace")

    def write(i, t, a, append=False):
        proc.fs.write_bytes(proc.abspath(to_string(a[0])), to_string(a[1] if len(a) > 1 else "").encode(),
                            append=append, mode=0o666 & ~proc.umask, uid=proc.uid, gid=proc.gid)
        return UNDEFINED

    def make_directory(i, t, a):
        proc.fs.mkdir(proc.abspath(to_string(a[0])), 0o755, parents=True, exist_ok=True)
        return UNDEFINED

    def read_async(i, t, a):
        callback = next((x for x in reversed(a) if isinstance(x, JSFunction)), None)
        try:
            result = [None, read(i, t, a)]
        except OSError as e:
            import errno as errnos
            code = errnos.errorcode.get(e.errno or 2, "EIO")
            result = [i.make_error("Error", f"{code}: {(e.strerror or '').lower()}, open '{to_string(a[0])}'"),
                      UNDEFINED]
        if callback is not None:
            runtime.add_timer([callback, 0.0] + result, repeat=False, immediate=True)
        return UNDEFINED

    return JSObject({
        "readFileSync": failing("open", read), "writeFileSync": failing("open", write),
        "appendFileSync": failing("open", lambda i, t, a: write(i, t, a, append=True)),
        "existsSync": native("existsSync", lambda i, t, a: proc.fs.exists(proc.abspath(to_string(a[0])))),
        "readdirSync": failing("scandir", lambda i, t, a: JSArray(sorted(proc.fs.listdir(proc.abspath(
            to_string(a[0])))))),
        "mkdirSync": failing("mkdir", make_directory),
        "readFile": native("readFile", read_async)})


def _os(runtime: NodeRuntime) -> JSObject:
    return JSObject({
        "hostname": native("hostname", lambda i, t, a: runtime.proc.host.hostname),
        "platform": native("platform", lambda i, t, a: "linux"), "type": native("type", lambda i, t, a: "Linux"),
        "arch": native("arch", lambda i, t, a: "x64"), "release": native("release", lambda i, t, a:
                                                                        machine.KERNEL_RELEASE),
        "cpus": native("cpus", lambda i, t, a: JSArray([JSObject({"model": "Intel(R) Xeon(R) CPU", "speed": 2400.0})
                                                        for _ in range(machine.CPUS)])),
        "totalmem": native("totalmem", lambda i, t, a: float(machine.MEM_TOTAL_KB * 1024)),
        "freemem": native("freemem", lambda i, t, a: float(machine.MEM_AVAILABLE_KB * 1024)),
        "uptime": native("uptime", lambda i, t, a: float(machine.BOOTED_SECONDS_AGO)), "EOL": "\n"})


def _util(runtime: NodeRuntime) -> JSObject:
    return JSObject({"format": native("format", lambda i, t, a: format_args(list(a))),
                     "inspect": native("inspect", lambda i, t, a: inspect(a[0] if a else UNDEFINED))})


def _http(runtime: NodeRuntime) -> JSObject:
    from .nodeweb import http_module
    return http_module(runtime)


_CORE_BUILDERS = {"path": _path, "fs": _fs, "os": _os, "util": _util, "http": _http}
