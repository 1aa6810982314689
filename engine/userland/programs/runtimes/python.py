"""`python`/`python3` of the official python image: version, `-c`, `-m`, scripts and the REPL.

Programs run in the safe subset interpreter (`pyinterp`); what Python prints goes through
CPython's buffering rules — stdout is block-buffered when it is not a terminal (the reason a
container's `print` output appears in `docker logs` only at exit unless PYTHONUNBUFFERED is set
or `-u` is given), and lost if SIGTERM or SIGKILL ends the process. Errors print CPython 3.12's
tracebacks; `python -m http.server` and Flask apps serve over the engine's network.
"""
from __future__ import annotations

import ast
import codeop
import os
import sys

from ...process import SIGINT, Killed, Process
from .pyinterp import Frame, Interpreter, Namespace, Scope, SystemExitRequest, Thrown, Unsupported
from . import pystdlib

DEFAULT_VERSION = "3.12.7"
BUILD = "(main, Oct 19 2024, 04:05:23) [GCC 12.2.0]"
BUFFER_SIZE = 8192
USAGE = ("usage: {prog} [option] ... [-c cmd | -m mod | file | -] [arg] ...\n"
         "Try `python -h' for more information.\n")
# Options that take no argument, and those that take one (CPython's command line).
FLAGS = set("bBdEhiIOPqsSuvVx")
WITH_ARGUMENT = set("WX")


def main(proc: Process) -> int:
    version = proc.env.get("PYTHON_VERSION") or DEFAULT_VERSION
    prog = proc.argv[0]
    args = proc.argv[1:]
    flags: set[str] = set()
    while args and args[0].startswith("-") and args[0] != "-":
        arg = args.pop(0)
        if arg == "--":
            break
        if arg == "--version":
            flags.add("V")
            continue
        if arg == "--help":
            flags.add("h")
            continue
        letters = arg[1:]
        for i, letter in enumerate(letters):
            if letter == "c":
                code = letters[i + 1:] or (args.pop(0) if args else None)
                if code is None:
                    proc.err(f"Argument expected for the -c option\n{USAGE.format(prog=prog)}")
                    return 2
                return PythonProcess(proc, version, ["-c"] + args, flags).run_source(code, "<string>")
            if letter == "m":
                module = letters[i + 1:] or (args.pop(0) if args else None)
                if module is None:
                    proc.err(f"Argument expected for the -m option\n{USAGE.format(prog=prog)}")
                    return 2
                return _run_module(proc, version, module, args, flags)
            if letter in WITH_ARGUMENT:
                if not letters[i + 1:] and args:
                    args.pop(0)
                break
            if letter not in FLAGS:
                proc.err(f"Unknown option: -{letter}\n{USAGE.format(prog=prog)}")
                return 2
            flags.add(letter)
    if "V" in flags:
        verbose = sum(a.count("V") for a in proc.argv[1:] if a.startswith("-") and not a.startswith("--")) > 1
        proc.out(f"Python {version} {BUILD}\n" if verbose else f"Python {version}\n")
        return 0
    if "h" in flags:
        proc.out(USAGE.format(prog=prog).splitlines()[0] + "\n")
        return 0
    python = PythonProcess(proc, version, args or [""], flags)
    if not args or args[0] == "-":
        if proc.stdin.isatty():
            return python.repl()
        return python.run_source(proc.stdin.read().decode("utf-8", "replace"), "<stdin>")
    path = proc.abspath(args[0])
    try:
        text = proc.fs.read_bytes(path).decode("utf-8", "replace")
    except OSError as e:
        proc.err(f"{prog}: can't open file '{path}': [Errno {e.errno}] {os.strerror(e.errno or 2)}\n")
        return 2
    python.script_dir = os.path.dirname(path)
    return python.run_source(text, path)


def _run_module(proc: Process, version: str, module: str, args: list[str], flags: set[str]) -> int:
    if module == "http.server":
        from .httpserver import main as serve
        return serve(proc, args, version)
    if module in ("pip", "pip3"):
        from ... import exec as executor
        program = executor.program("pip")
        if program is not None:
            return program(proc.child(["pip"] + args))
    python = PythonProcess(proc, version, [module] + args, flags)
    if module == "flask" and python.installed("flask"):
        from .flaskapp import flask_cli
        return flask_cli(python, args)
    found = python.find_module_file(module)
    if found is None:
        proc.err(f"{proc.argv[0] if proc.argv[0].startswith('/') else '/usr/local/bin/' + proc.prog}: "
                 f"No module named {module}\n")
        return 1
    return python.run_source(proc.fs.read_bytes(found).decode("utf-8", "replace"), found, name="__main__")


class Stream:
    """sys.stdout / sys.stderr: CPython's buffering over the process's byte stream."""

    def __init__(self, output, buffered: bool):
        self.output = output
        self.buffered = buffered
        self.pending: list[str] = []
        self.size = 0

    def write(self, text) -> int:
        text = str(text)
        if not self.buffered:
            self.output.write(text.encode("utf-8", "replace"))
            return len(text)
        self.pending.append(text)
        self.size += len(text)
        if self.size >= BUFFER_SIZE:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self.pending:
            data, self.pending, self.size = "".join(self.pending), [], 0
            self.output.write(data.encode("utf-8", "replace"))

    def isatty(self) -> bool:
        return self.output.isatty()

    def get_attribute(self, name: str):
        if name in ("write", "flush", "isatty"):
            return getattr(self, name)
        raise AttributeError(f"'_io.TextIOWrapper' object has no attribute '{name}'")


class StdinStream:
    def __init__(self, proc: Process):
        self.proc = proc

    def readline(self) -> str:
        return self.proc.stdin.readline().decode("utf-8", "replace")

    def read(self) -> str:
        return self.proc.stdin.read().decode("utf-8", "replace")

    def get_attribute(self, name: str):
        if name in ("read", "readline"):
            return getattr(self, name)
        raise AttributeError(f"'_io.TextIOWrapper' object has no attribute '{name}'")


class PythonProcess:
    """One interpreter process: its streams, builtins, modules and error reports."""

    def __init__(self, proc: Process, version: str, argv: list[str], flags: set[str]):
        self.proc, self.version, self.argv = proc, version, argv
        self.version_banner = f"{version} {BUILD}"
        self.environ = dict(proc.env)
        unbuffered = "u" in flags or bool(proc.env.get("PYTHONUNBUFFERED"))
        self.stdout = Stream(proc.stdout, buffered=not unbuffered and not proc.stdout.isatty())
        self.stderr = Stream(proc.stderr, buffered=False)
        self.stdin = StdinStream(proc)
        self.pid = 1 if proc.signals.pid1 else 7
        self.script_dir = proc.cwd
        self.sys_path = [self.script_dir] + [p for p in proc.env.get("PYTHONPATH", "").split(":") if p] + \
            self.site_dirs()
        self.modules: dict[str, Namespace] = {}
        self.sources: dict[str, str] = {}  # file name -> source, for tracebacks
        self.interp = Interpreter(self)
        from .pybuiltins import builtins_for
        self.builtins = builtins_for(self)
        proc.signals.handled.add(SIGINT)  # CPython turns SIGINT into KeyboardInterrupt

    # -- what the interpreter asks of its host
    def check(self) -> None:
        signals = self.proc.signals
        signals.check()
        if signals.take() == SIGINT:
            self.interp.throw(KeyboardInterrupt(), None)

    def sleep(self, seconds: float) -> None:
        self.stdout_flush_if_tty()
        self.proc.signals.sleep(seconds)
        self.check()

    def stdout_flush_if_tty(self) -> None:
        if not self.stdout.buffered:
            self.stdout.flush()

    def exit(self, code=None):
        raise SystemExitRequest(code)

    def site_dirs(self) -> list[str]:
        major_minor = ".".join(self.version.split(".")[:2])
        return [f"/usr/local/lib/python{major_minor}/site-packages", f"/usr/lib/python{major_minor}",
                "/usr/lib/python3/dist-packages"]

    def find_module_file(self, name: str) -> str | None:
        """Where `import name` finds source: NAME.py or NAME/__init__.py on sys.path."""
        rel = name.replace(".", "/")
        for folder in self.sys_path:
            for candidate in (f"{folder}/{rel}.py", f"{folder}/{rel}/__init__.py"):
                if self.proc.fs.is_file(candidate):
                    return candidate
        return None

    def installed(self, name: str) -> bool:
        """A third-party package is importable if pip put it in a site directory."""
        top = name.split(".")[0]
        return any(self.proc.fs.exists(f"{folder}/{top}") or self.proc.fs.exists(f"{folder}/{top}.py")
                   for folder in self.sys_path)

    def import_module(self, name: str, node) -> Namespace:
        if name in self.modules:
            return self.modules[name]
        try:
            module = pystdlib.make_module(name, self)
        except Unsupported as e:
            raise Unsupported(e.what, node) from None
        if module is None and name.split(".")[0] == "flask" and self.installed(name):
            from .flaskapp import flask_module
            module = flask_module(self)
        if module is None:
            path = self.find_module_file(name)
            if path is not None and not any(path.startswith(d) for d in self.site_dirs()):
                module = self._load_local(name, path)
            elif path is not None or self.installed(name):
                raise Unsupported(f"the {name.split('.')[0]} package", node)
        if module is None:
            self.interp.throw(ModuleNotFoundError(f"No module named '{name}'"), node)
        self.modules[name] = module
        return module

    def _load_local(self, name: str, path: str) -> Namespace:
        """A module of the program's own (`import utils` next to app.py), run by the same interpreter."""
        text = self.proc.fs.read_bytes(path).decode("utf-8", "replace")
        scope = Scope({"__name__": name, "__file__": path})
        module = Namespace(name, scope.values)
        self.modules[name] = module
        self.sources[path] = text
        self.interp.run_module(ast.parse(text, path), path, scope)
        return module

    # -- running
    def run_source(self, text: str, filename: str, name: str = "__main__") -> int:
        self.sources = {filename: text}
        try:
            tree = ast.parse(text, filename)
        except SyntaxError as e:
            self._syntax_error(e)
            return 1
        scope = Scope({"__name__": name, "__file__": filename})
        self.main_scope = scope
        return self.guarded(lambda: self.interp.run_module(tree, filename, scope))

    def guarded(self, run) -> int:
        """Run, and turn how it ended into an exit status as CPython does."""
        try:
            run()
            status = 0
        except SystemExitRequest as e:
            status = self._exit_status(e.code)
        except Thrown as thrown:
            self.stdout.flush()
            if isinstance(thrown.exc, KeyboardInterrupt):
                self.report(thrown)
                return 128 + SIGINT
            self.report(thrown)
            status = 1
        except Unsupported as e:
            self.stdout.flush()
            where = f", line {e.line}" if e.line else ""
            self.proc.err(f"dockyard: this simulated Python cannot run {e.what} ({self.interp_file()}{where})\n")
            status = 1
        except Killed:
            raise  # buffered output is lost, as when a signal kills CPython
        self.stdout.flush()
        return status

    def interp_file(self) -> str:
        return next(iter(self.sources), "<string>")

    def _exit_status(self, code) -> int:
        if code is None:
            return 0
        if isinstance(code, int):
            return code & 0xFF
        self.stdout.flush()
        self.proc.err(f"{code}\n")
        return 1

    # -- errors
    def report(self, thrown: Thrown, show_source: bool = True) -> None:
        lines = ["Traceback (most recent call last):\n"]
        for frame in thrown.frames:
            lines.append(self._frame_text(frame, show_source))
        lines.append(_exception_line(thrown.exc, self._names_in_scope()))
        self.proc.err("".join(lines))

    def _names_in_scope(self) -> list[str]:
        names = list(getattr(self, "main_scope", Scope({})).values) + list(self.builtins)
        return names

    def _frame_text(self, frame: Frame, show_source: bool) -> str:
        node = frame.node
        line_no = getattr(node, "lineno", 1)
        text = f'  File "{frame.filename}", line {line_no}, in {frame.name}\n'
        source = self.sources.get(frame.filename)
        if not show_source or source is None or frame.filename.startswith("<"):
            return text  # CPython has no source lines for -c and stdin programs
        lines = source.splitlines()
        if not 0 < line_no <= len(lines):
            return text
        line = lines[line_no - 1]
        stripped = line.strip()
        text += f"    {stripped}\n"
        carets = _carets(node, line)
        return text + (f"    {carets}\n" if carets else "")

    def _syntax_error(self, e: SyntaxError) -> None:
        self.stdout.flush()
        text = f'  File "{e.filename}", line {e.lineno}\n'
        if e.text:
            line = e.text.rstrip("\n")
            stripped = line.lstrip()
            text += f"    {stripped.rstrip()}\n"
            if e.offset:
                start = e.offset - 1 - (len(line) - len(stripped))
                end = (e.end_offset - 1 - (len(line) - len(stripped))) if e.end_offset and e.end_lineno == e.lineno \
                    else start + 1
                text += "    " + " " * max(start, 0) + "^" * max(end - start, 1) + "\n"
        self.proc.err(text + f"{type(e).__name__}: {e.msg}\n")

    # -- interactive
    def repl(self) -> int:
        """`python` on a terminal: the banner, `>>> ` and `... ` prompts, values echoed with repr."""
        self.proc.err(f"Python {self.version} {BUILD} on linux\n"
                      'Type "help", "copyright", "credits" or "license" for more information.\n')
        scope = Scope({"__name__": "__main__"})
        self.main_scope = scope
        self.sources = {"<stdin>": ""}
        buffer: list[str] = []
        while True:
            self.proc.out(">>> " if not buffer else "... ")
            try:
                raw = self.proc.stdin.readline()
            except Killed:
                raise
            if not raw:
                self.proc.out("\n")
                return 0
            buffer.append(raw.decode("utf-8", "replace").rstrip("\n"))
            source = "\n".join(buffer)
            try:
                complete = codeop.compile_command(source, "<stdin>", "single")
            except (SyntaxError, OverflowError, ValueError) as e:
                buffer = []
                if isinstance(e, SyntaxError):
                    self._syntax_error(e)
                continue
            if complete is None:
                continue
            buffer = []
            status = self._repl_run(source, scope)
            if status is not None:
                return status

    def _repl_run(self, source: str, scope: Scope) -> int | None:
        tree = ast.parse(source, "<stdin>")
        try:
            value = self.interp.eval_interactive(tree, "<stdin>", scope)
            if value is not None:
                self.stdout.write(repr(value) + "\n")
                scope.values["_"] = value
        except SystemExitRequest as e:
            return self._exit_status(e.code)
        except Thrown as thrown:
            self.stdout.flush()
            self.report(thrown, show_source=False)
        except Unsupported as e:
            self.proc.err(f"dockyard: this simulated Python cannot run {e.what}\n")
        self.stdout.flush()
        return None


def _exception_line(exc: BaseException, names: list[str]) -> str:
    name = type(exc).__name__
    message = str(exc)
    if isinstance(exc, NameError) and message.startswith("name '"):
        missing = message.split("'")[1]
        if missing in sys.stdlib_module_names:
            message += f". Did you forget to import '{missing}'?"
        else:
            suggestion = _suggest(missing, names)
            if suggestion:
                message += f". Did you mean: '{suggestion}'?"
    module = type(exc).__module__
    if module != "builtins":
        name = f"{module}.{name}"
    return f"{name}: {message}\n" if message else f"{name}\n"


def _suggest(name: str, candidates: list[str]) -> str | None:
    """CPython's "Did you mean" rule: the closest name within a small edit distance."""
    best, best_cost = None, None
    limit = (len(name) + 3) * 2 // 6
    for candidate in set(candidates):
        if candidate == name or candidate.startswith("_"):
            continue
        cost = _distance(name, candidate)
        if cost <= limit * 2 and (best_cost is None or cost < best_cost):
            best, best_cost = candidate, cost
    return best


def _distance(a: str, b: str) -> int:
    """Levenshtein distance where a substitution costs 2 and a case-only change 1 (CPython's weights)."""
    previous = list(range(0, 2 * len(b) + 1, 2))
    for i, ca in enumerate(a, 1):
        current = [2 * i]
        for j, cb in enumerate(b, 1):
            sub = 0 if ca == cb else (1 if ca.lower() == cb.lower() else 2)
            current.append(min(previous[j] + 2, current[j - 1] + 2, previous[j - 1] + sub))
        previous = current
    return previous[-1]


def _carets(node, line: str) -> str:
    """CPython 3.12's markers under the failing expression: `~^~` for a binary operation, `~^^^` for a
    subscript, `^^^` under any other part of a line (none when it is the whole line)."""
    if node is None or not hasattr(node, "end_col_offset") or node.end_lineno != node.lineno:
        return ""
    indent = len(line) - len(line.lstrip())
    start, end = node.col_offset, node.end_col_offset
    segment = line.encode()[start:end].decode("utf-8", "replace")
    if isinstance(node, ast.BinOp) and node.left.end_lineno == node.lineno:
        left_end, right_start = node.left.end_col_offset, node.right.col_offset
        between = line[left_end:right_start]
        op_start = left_end + (len(between) - len(between.lstrip()))
        op_len = len(between.strip().strip("()").strip()) or 1
        marks = ["~"] * (end - start)
        for i in range(op_start - start, op_start - start + op_len):
            marks[i] = "^"
        return " " * (start - indent) + "".join(marks)
    if isinstance(node, ast.Subscript):
        value_len = node.value.end_col_offset - start
        return " " * (start - indent) + "~" * value_len + "^" * (end - start - value_len)
    if isinstance(node, ast.stmt) or segment.strip() == line.strip():
        return ""
    return " " * (start - indent) + "^" * (end - start)
