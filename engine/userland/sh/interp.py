"""Evaluation: the shell's state (variables, functions, descriptors, options) and the tree walk.

A `Shell` runs parsed commands against a `Process`: programs start through `exec.execute` with
a child process carrying the exported variables, the working directory and the redirected
streams; builtins run in the shell itself. Subshells (`( )`, pipeline stages, `$( )`, `&`) are
copies of the state sharing the filesystem, which is what fork gives. Control flow (`exit`,
`return`, `break`) travels as exceptions from errors.py; a fatal error (ShellError) ends a
non-interactive shell with its status, after ash's message.

Signals arrive through `proc.signals`: the shell checks them between commands and in loops, so
`docker stop` ends `while true; do :; done`; a signal with a `trap` runs the trap instead.
"""
from __future__ import annotations

import random

import signal as _signal
import threading
import time
from dataclasses import dataclass

from ..exec import ExecError, execute, identify, lookup_path, program
from ..process import BrokenPipe, BufferOutput, BytesInput, Input, Killed, Output, Pipe, Process, Signals
from . import builtins, pattern, redirect
from .ast import (AndOr, Background, BraceGroup, Case, CommandList, For, FuncDef, If, Not, Pipeline, SimpleCommand,
                  Subshell, While, Word)
from .errors import ExitShell, KeepRedirections, LoopControl, ParseError, ReturnFromFunction, ShellError
from .expand import Expander
from .parser import assignment, parse_lines

SIGINT, SIGPIPE = 2, 13
MULTICALL_BINARY = "/bin/busybox"  # what a standalone shell runs its applets from
DEFAULT_PATH = "/sbin:/usr/sbin:/bin:/usr/bin"
# $- lists the set options in this order (ash's option table, reversed).
OPTION_LETTERS = "EubaCvxcsnmiIfe"
NAME_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
# ash's built-in variables: `unset` empties them but they keep their flags (`export PATH` stays).
FIXED_VARS = frozenset("IFS MAIL MAILPATH PATH PS1 PS2 PS4 OPTIND LINENO FUNCNAME HISTFILE HISTSIZE".split())
# ash puts them in its table first, each at the head of its bucket: the last of a bucket comes first
_BUILTIN_ORDER = {name: -i for i, name in enumerate(
    "IFS MAIL MAILPATH PATH PS1 PS2 PS4 OPTIND LINENO FUNCNAME HISTFILE HISTSIZE".split())}
ASH_TABLE_SIZE = 39  # ash's VTABSIZE


def _ash_bucket(name: str) -> int:
    """ash's hashvar(): the first byte times 16, plus every byte of the name."""
    data = name.encode("utf-8", "surrogateescape")
    return ((data[0] << 4) + sum(data)) % ASH_TABLE_SIZE if data else 0


@dataclass(slots=True)
class Var:
    value: str | None
    exported: bool = False
    readonly: bool = False

    def copy(self) -> "Var":
        return Var(self.value, self.exported, self.readonly)


class JobSignals(Signals):
    """A background job's signals: its own (`kill $!` reaches only the job), and whatever ends
    the shell that started it (`docker kill` ends the whole container)."""

    POLL = 0.05

    def __init__(self, parent: Signals):
        super().__init__(pid1=False)
        self.parent = parent

    @property
    def fatal(self) -> int | None:
        return self.received if self.received is not None else self.parent.fatal

    def check(self) -> None:
        signum = self.fatal
        if signum is not None:
            raise Killed(signum)

    def sleep(self, seconds: float | None) -> None:
        deadline = None if seconds is None else time.monotonic() + seconds
        while True:
            self.check()
            remaining = self.POLL if deadline is None else min(self.POLL, deadline - time.monotonic())
            if remaining <= 0:
                return
            super().sleep(remaining)


@dataclass(slots=True)
class Job:
    pid: int
    thread: threading.Thread
    signals: Signals
    status: int | None = None


class Shell:
    def __init__(self, proc: Process, arg0: str, params: list[str] | None = None, options: set[str] | None = None,
                 script_name: str | None = None, interactive: bool = False, applets: frozenset[str] = frozenset()):
        self.proc = proc
        # A busybox built "standalone" (as Debian's busybox-static, the busybox image) runs its
        # applets itself, before any $PATH search: `type ls` says "ls is ls".
        self.applets = applets
        self.fs = proc.fs
        self.cwd = proc.cwd
        self.umask = proc.umask
        self.arg0 = arg0
        self.params: list[str] = list(params or [])
        self.options: set[str] = set(options or ())
        self.interactive = interactive
        # ash's "commandname": the script (or builtin) named in messages, None for `sh -c`
        self.commandname: str | None = script_name
        self.lineno = 0
        self.status = 0
        self.subst_status: int | None = None
        self.fds: dict = {0: proc.stdin, 1: proc.stdout, 2: proc.stderr}
        self.vars: dict[str, Var] = {}
        self.functions: dict[str, object] = {}
        self.aliases: dict[str, str] = {}
        self.traps: dict[str, str] = {}
        self.local_frames: list[dict[str, Var | None]] = []
        self.loop_depth = 0
        self.tested = 0  # >0 while running a condition: `set -e` does not apply there
        self.pid = 1  # $$: a container's shell is its PID 1 as far as scripts can tell
        self.last_bg_pid: int | None = None
        self.jobs: dict[int, Job] = {}
        self._next_pid = self.pid + 1
        self.expander = Expander(self)
        self.optind_state = (1, -1)  # getopts: the next argument, and the offset inside it
        self.hashed: dict[str, str] = {}  # programs found on $PATH (`hash` lists them)
        self.limits: dict[str, str] = {}  # values set with `ulimit`
        self._init_vars(proc.env)

    def _init_vars(self, env: dict[str, str]) -> None:
        for name, value in env.items():
            self.vars[name] = Var(value, exported=True)
        defaults = {"IFS": " \t\n", "PS1": "\\w \\$ ", "PS2": "> ", "PS4": "+ ", "OPTIND": "1", "PPID": "0"}
        for name, value in defaults.items():
            if name not in self.vars:
                self.vars[name] = Var(value)
        if "PATH" not in self.vars:
            self.vars["PATH"] = Var(DEFAULT_PATH, exported=True)
        if "HOSTNAME" not in self.vars:
            self.vars["HOSTNAME"] = Var(self.proc.host.hostname)
        try:
            level = int(env.get("SHLVL", "0")) + 1
        except ValueError:
            level = 1
        self.vars["SHLVL"] = Var(str(level), exported=True)
        self.vars["PWD"] = Var(self.cwd, exported=True)

    # ------------------------------------------------------------ text and output
    @staticmethod
    def encode(text: str) -> bytes:
        return text.encode("utf-8", "surrogateescape")

    @staticmethod
    def decode(data: bytes) -> str:
        return data.decode("utf-8", "surrogateescape")

    def out(self, text: str) -> None:
        self._write(1, text)

    def err(self, text: str) -> None:
        self._write(2, text)

    def _write(self, fd: int, text: str) -> None:
        stream = self.fds.get(fd)
        if not isinstance(stream, Output):
            raise OSError(9, "Bad file descriptor")
        stream.write(self.encode(text))

    def error(self, message: str, command: str | None = None, line: int | None = None) -> None:
        """Print a message as ash does: `arg0: [command: ][line N: ]message`."""
        name = command if command is not None else self.commandname
        prefix = self.arg0 + ": "
        if name is not None:
            if name != self.arg0:
                prefix += name + ": "
            if not self.interactive:
                prefix += f"line {self.lineno if line is None else line}: "
        try:
            self.err(prefix + message + "\n")
        except OSError:
            pass

    def abspath(self, path: str) -> str:
        if path.startswith("/"):
            return path
        return (self.cwd.rstrip("/") + "/" + path) if path else self.cwd

    def sync(self) -> None:
        redirect.sync(self.fds)

    # ------------------------------------------------------------ variables
    def lookup(self, name: str) -> str | None:
        """A variable's or special parameter's value; None when unset."""
        if name[0] in NAME_START:
            var = self.vars.get(name)
            if var is not None:
                return var.value
            if name == "LINENO":
                return str(self.lineno)
            if name == "RANDOM":  # ash's dynamic variable: a new number 0..32767 on each read
                return str(random.randrange(32768))
            return None
        if name.isdecimal():
            n = int(name)
            if n == 0:
                return self.arg0
            return self.params[n - 1] if n <= len(self.params) else None
        if name == "?":
            return str(self.status)
        if name == "#":
            return str(len(self.params))
        if name == "$":
            return str(self.pid)
        if name == "!":
            return str(self.last_bg_pid) if self.last_bg_pid is not None else None
        if name == "-":
            return "".join(c for c in OPTION_LETTERS if c in self.options)
        if name in ("@", "*"):
            return " ".join(self.params)
        return None

    def set_var(self, name: str, value: str | None, export: bool = False) -> None:
        var = self.vars.get(name)
        if var is not None and var.readonly:
            raise ShellError(f"{name}: is read only")
        if var is None:
            var = self.vars[name] = Var(value)
        else:
            var.value = value
        if export or "a" in self.options:
            var.exported = True
        if name == "OPTIND":
            self.optind_state = (int(value) if value and value.isdecimal() else 1, -1)

    def unset_var(self, name: str) -> None:
        var = self.vars.get(name)
        if var is not None and var.readonly:
            raise ShellError(f"{name}: is read only")
        if var is not None and (name in FIXED_VARS or (self.local_frames and name in self.local_frames[-1])):
            var.value = None  # stays (local until the function returns; fixed with its flags)
            return
        self.vars.pop(name, None)

    def make_local(self, name: str) -> bool:
        """Make `name` local to the running function; False if it already is."""
        frame = self.local_frames[-1]
        if name in frame:
            return False
        var = self.vars.get(name)
        frame[name] = var.copy() if var is not None else None
        return True

    def declare(self, name: str) -> Var:
        """The variable `name`, created unset if it does not exist (for export/readonly)."""
        var = self.vars.get(name)
        if var is None:
            var = self.vars[name] = Var(None)
        return var

    def environment(self) -> dict[str, str]:
        """The exported variables in the order ash hands them to a child (`sh -c env` shows it):
        ash's hash table bucket by bucket; in a bucket its built-in variables first, then the
        others in the order they were set."""
        exported = [(i, name, var.value) for i, (name, var) in enumerate(self.vars.items())
                    if var.exported and var.value is not None]
        exported.sort(key=lambda item: (_ash_bucket(item[1]), _BUILTIN_ORDER.get(item[1], len(_BUILTIN_ORDER)),
                                        item[0]))
        return {name: value for _, name, value in exported}

    def home_of(self, user: str) -> str | None:
        """The directory `~user` (or `~`) names, or None to leave the tilde alone."""
        if not user:
            return self.lookup("HOME")
        try:
            passwd = self.decode(self.fs.read_bytes("/etc/passwd"))
        except OSError:
            return None
        for line in passwd.splitlines():
            fields = line.split(":")
            if len(fields) >= 6 and fields[0] == user:
                return fields[5]
        return None

    # ------------------------------------------------------------ subshells
    def subshell(self) -> "Shell":
        """A copy of this shell's state, as fork makes it (traps other than ignores are reset)."""
        sub = object.__new__(Shell)
        sub.__dict__.update(self.__dict__)
        sub.params = list(self.params)
        sub.options = set(self.options)
        sub.fds = dict(self.fds)
        sub.vars = {name: var.copy() for name, var in self.vars.items()}
        sub.functions = dict(self.functions)
        sub.aliases = dict(self.aliases)
        sub.traps = {sig: action for sig, action in self.traps.items() if action == ""}
        sub.local_frames = [dict(frame) for frame in self.local_frames]
        sub.jobs = {}
        sub.hashed = dict(self.hashed)
        sub.limits = dict(self.limits)
        sub.interactive = False
        sub.expander = Expander(sub)
        return sub

    def run_subshell(self, body) -> int:
        """Run `body` in this (already copied) shell until it ends; return its exit status."""
        try:
            try:
                status = self.run(body)
            except ExitShell as e:
                status = e.status
            except ShellError as e:
                self.report(e)
                status = e.status
            except (ReturnFromFunction, LoopControl) as e:
                status = getattr(e, "status", self.status)
            return self.run_exit_trap(status)
        finally:
            self.sync()

    def substitute(self, body: CommandList) -> str:
        """$(...): the output of `body` run in a subshell."""
        out = BufferOutput()
        sub = self.subshell()
        sub.fds[1] = out
        self.subst_status = sub.run_subshell(body)
        return self.decode(out.getvalue())

    # ------------------------------------------------------------ running scripts
    def run_script(self, text: str, first_line: int) -> int:
        """Run a whole script (a -c string, a file, a trap's action), line by line."""
        try:
            for node in parse_lines(text, first_line, self.aliases):
                self.run_toplevel(node)
        except ParseError as e:
            self.report(e)
            if self.interactive:
                return 2
            raise ExitShell(2) from None
        return self.status

    def run_toplevel(self, node) -> None:
        """One top-level line; a fatal error ends the shell unless it is interactive."""
        if "n" in self.options and not self.interactive:
            return  # set -n: read and check the script, run nothing
        try:
            self.run(node)
        except ShellError as e:
            self.report(e)
            self.status = e.status
            if not self.interactive:
                raise ExitShell(e.status) from None
        except ReturnFromFunction as e:  # `return` outside a function ends the script
            raise ExitShell(e.status) from None

    def report(self, e: ShellError) -> None:
        self.error(e.message, e.command, e.line)

    def run_exit_trap(self, status: int) -> int:
        """Run the EXIT trap (once); its own `exit` decides the final status."""
        action = self.traps.pop("EXIT", None)
        if not action:
            return status
        self.status = status
        try:
            self.run_script(action, self.lineno)
        except ExitShell as e:
            return e.status
        except ShellError as e:
            self.report(e)
        return status

    # ------------------------------------------------------------ the tree walk
    def run(self, node) -> int:
        status = DISPATCH[type(node)](self, node)
        self.status = status
        return status

    def run_tested(self, node) -> int:
        """Run a condition: `set -e` does not end the shell when it fails."""
        self.tested += 1
        try:
            return self.run(node)
        finally:
            self.tested -= 1

    def check_errexit(self, status: int) -> None:
        if status and "e" in self.options and not self.tested:
            raise ExitShell(status)

    def check_signals(self) -> None:
        signals = self.proc.signals
        signals.check()
        while (signum := signals.take()) is not None:
            action = self._trap_for(signum)
            if action:
                saved = self.status
                self.run_script(action, self.lineno)
                self.status = saved

    def _trap_for(self, signum: int) -> str | None:
        return self.traps.get(builtins.signal_name(signum))

    def _command_list(self, node: CommandList) -> int:
        status = 0
        for command in node.commands:
            status = self.run(command)
        return status

    def _and_or(self, node: AndOr) -> int:
        status = self.run_tested(node.left)
        if (node.op == "&&") == (status == 0):
            status = self.run(node.right)
        return status

    def _not(self, node: Not) -> int:
        return 0 if self.run_tested(node.command) else 1

    def _if(self, node: If) -> int:
        if self.run_tested(node.cond) == 0:
            return self.run(node.then)
        if node.else_ is not None:
            return self.run(node.else_)
        return 0

    def _loop_body(self, body) -> tuple[int, bool]:
        """Run a loop body; (status, stop) where stop means `break` ended the loop."""
        try:
            return self.run(body), False
        except LoopControl as lc:
            if lc.levels > 1:
                lc.levels -= 1
                raise
            return 0, lc.is_break

    def _while(self, node: While) -> int:
        status = 0
        self.loop_depth += 1
        try:
            while True:
                self.check_signals()
                if (self.run_tested(node.cond) == 0) == node.until:
                    break
                status, stop = self._loop_body(node.body)
                if stop:
                    break
        finally:
            self.loop_depth -= 1
        return status

    def _for(self, node: For) -> int:
        items = self.params[:] if node.items is None else self.expander.fields(node.items)
        status = 0
        self.loop_depth += 1
        try:
            for item in items:
                self.check_signals()
                self.set_var(node.var, item)
                status, stop = self._loop_body(node.body)
                if stop:
                    break
        finally:
            self.loop_depth -= 1
        return status

    def _case(self, node: Case) -> int:
        self.lineno = node.line
        word = self.expander.string(node.word)
        for arm in node.arms:
            for pat in arm.patterns:
                if pattern.matches(self.expander.pattern(pat), word):
                    return self.run(arm.body)
        return 0

    def _brace_group(self, node: BraceGroup) -> int:
        return self.run(node.body)

    def _subshell(self, node: Subshell) -> int:
        status = self.subshell().run_subshell(node.body)
        self.check_errexit(status)
        return status

    def _func_def(self, node: FuncDef) -> int:
        self.functions[node.name] = node.body
        return 0

    def _compound(self, node) -> int:
        """A compound command, run with its redirections (if any) applied around it."""
        run = COMPOUND_DISPATCH[type(node)]
        if not node.redirs:
            return run(self, node)
        self.lineno = node.line
        try:
            table, opened = redirect.apply(self, node.redirs, self.fds)
        except redirect.RedirectError as e:
            self.error(str(e))
            return 1
        saved = self.fds
        self.fds = table
        try:
            return run(self, node)
        finally:
            self.fds = saved
            redirect.close(opened)

    # ------------------------------------------------------------ pipelines and jobs
    def _pipeline(self, node: Pipeline) -> int:
        commands = node.commands
        n = len(commands)
        pipes = [Pipe(self.proc.signals) for _ in range(n - 1)]
        statuses: list[int] = [0] * n
        errors: list[BaseException] = []
        threads = []
        for i, command in enumerate(commands):
            stage = self.subshell()
            if i > 0:
                stage.fds[0] = pipes[i - 1].reader
            if i < n - 1:
                stage.fds[1] = pipes[i].writer
            reader = pipes[i - 1].reader if i > 0 else None
            writer = pipes[i].writer if i < n - 1 else None
            args = (stage, command, i, statuses, errors, reader, writer)
            if i < n - 1:
                t = threading.Thread(target=_run_stage, args=args, daemon=True)
                t.start()
                threads.append(t)
            else:
                _run_stage(*args)
        for t in threads:
            t.join()
        if errors:
            raise errors[0]
        status = statuses[-1]
        if "pipefail" in self.options:
            status = next((s for s in reversed(statuses) if s), 0)
        self.check_errexit(status)
        return status

    def _background(self, node: Background) -> int:
        sub = self.subshell()
        if not self.interactive:
            sub.fds[0] = BytesInput(b"")
        signals = JobSignals(self.proc.signals)
        sub.proc = self.proc.child(signals=signals)
        pid = self._next_pid
        self._next_pid += 1

        def run_job():
            try:
                job.status = sub.run_subshell(node.command)
            except Killed as e:
                job.status = e.status
            except BrokenPipe:
                job.status = 128 + SIGPIPE

        job = Job(pid, threading.Thread(target=run_job, daemon=True), signals)
        self.jobs[pid] = job
        self.last_bg_pid = pid
        job.thread.start()
        return 0

    def wait_job(self, job: Job) -> int:
        while job.thread.is_alive():
            self.check_signals()
            job.thread.join(0.05)
        return job.status if job.status is not None else 127

    # ------------------------------------------------------------ simple commands
    def _simple(self, cmd: SimpleCommand) -> int:
        self.lineno = cmd.line
        self.check_signals()
        self.subst_status = None
        argv = self.expander.fields(cmd.args[:1])
        if cmd.args[1:]:
            if argv and argv[0] in builtins.ASSIGNMENT_BUILTINS:
                argv += self._assignment_args(cmd.args[1:])
            else:
                argv += self.expander.fields(cmd.args[1:])
        assigns = [(a.name, self.expander.string(a.value, assignment=True)) for a in cmd.assigns]
        if "x" in self.options:
            self._trace(assigns, argv)
        if not argv:
            status = self._assignments_only(cmd, assigns)
        else:
            special = argv[0] in builtins.SPECIAL_BUILTINS
            try:
                table, opened = redirect.apply(self, cmd.redirs, self.fds) if cmd.redirs else (self.fds, [])
            except redirect.RedirectError as e:
                self.error(str(e))
                if special and not self.interactive:
                    raise ExitShell(1) from None
                status = 1
            else:
                try:
                    status = self.run_command(argv, assigns, table)
                finally:
                    if opened:
                        redirect.close(opened)
        self.check_errexit(status)
        return status

    def _assignment_args(self, words: list[Word]) -> list[str]:
        """Arguments of export/local/readonly: `name=value` words are not split or globbed."""
        out: list[str] = []
        for word in words:
            assign = assignment(word)
            if assign is not None:
                out.append(assign.name + "=" + self.expander.string(assign.value, assignment=True))
            else:
                out.extend(self.expander.fields([word]))
        return out

    def _assignments_only(self, cmd: SimpleCommand, assigns: list[tuple[str, str]]) -> int:
        for name, value in assigns:
            self.set_var(name, value)
        if cmd.redirs:
            try:
                _, opened = redirect.apply(self, cmd.redirs, self.fds)
            except redirect.RedirectError as e:
                self.error(str(e))
                return 1
            redirect.close(opened)
        return self.subst_status if self.subst_status is not None else 0

    def _trace(self, assigns: list[tuple[str, str]], argv: list[str]) -> None:
        # ash assigns before it traces, so `PS4='> ' cmd` is traced with the new PS4
        ps4 = next((value for name, value in reversed(assigns) if name == "PS4"), self.lookup("PS4")) or ""
        words = [name + "=" + builtins.quote_if_needed(value) for name, value in assigns]
        words += [builtins.quote(a) if a in builtins.KEYWORD_NAMES else builtins.quote_if_needed(a) for a in argv]
        try:
            self.err(self.expander.prompt_string(ps4) + " ".join(words) + "\n")
        except OSError:
            pass

    def run_command(self, argv: list[str], assigns: list[tuple[str, str]], fds: dict,
                    use_functions: bool = True) -> int:
        """Find and run argv[0]: special builtin, function, builtin, then a program on $PATH."""
        name = argv[0]
        if name in builtins.SPECIAL_BUILTINS:
            for var, value in assigns:
                self.set_var(var, value)
            return self.run_builtin(builtins.BUILTINS[name], argv, fds, special=True)
        body = self.functions.get(name) if use_functions else None
        if body is not None:
            return self.call_function(body, argv, assigns, fds)
        builtin = builtins.BUILTINS.get(name)
        if builtin is not None:
            return self._with_temporary_vars(assigns, lambda: self.run_builtin(builtin, argv, fds))
        return self.run_program(argv, assigns, fds)

    def _with_temporary_vars(self, assigns: list[tuple[str, str]], fn):
        if not assigns:
            return fn()
        saved = {name: (self.vars[name].copy() if name in self.vars else None) for name, _ in assigns}
        for name, value in assigns:
            self.set_var(name, value, export=True)
        try:
            return fn()
        finally:
            for name, var in saved.items():
                if var is None:
                    self.vars.pop(name, None)
                else:
                    self.vars[name] = var

    def run_builtin(self, fn, argv: list[str], fds: dict, special: bool = False) -> int:
        saved_fds, saved_name = self.fds, self.commandname
        self.fds = fds
        if argv[0] != "command":  # `command x` reports errors as x itself would
            self.commandname = argv[0]
        try:
            return fn(self, argv)
        except KeepRedirections:
            redirect.sync(saved_fds)  # streams the shell stops using get written out now
            saved_fds = fds
            return 0
        except ShellError as e:
            if e.command is None:
                e.command = self.commandname
                e.line = self.lineno
            if special and not self.interactive:
                raise
            self.report(e)
            return e.status
        except BrokenPipe:
            raise
        except OSError as e:  # a write to a closed or full descriptor
            try:
                self.err(f"{self.proc.prog}: write error: {e.strerror}\n")
            except OSError:
                pass
            return 1
        finally:
            self.fds = saved_fds
            self.commandname = saved_name

    def call_function(self, body, argv: list[str], assigns: list[tuple[str, str]], fds: dict) -> int:
        saved_params, saved_fds, saved_optind = self.params, self.fds, self.optind_state
        self.params = argv[1:]
        self.optind_state = (1, -1)
        self.fds = fds
        self.local_frames.append({})
        try:
            for name, value in assigns:
                self.make_local(name)
                self.set_var(name, value, export=True)
            try:
                return self.run(body)
            except ReturnFromFunction as r:
                return r.status
        finally:
            frame = self.local_frames.pop()
            for name, var in frame.items():
                if var is None:
                    self.vars.pop(name, None)
                else:
                    self.vars[name] = var
            self.params, self.fds, self.optind_state = saved_params, saved_fds, saved_optind

    def process_for(self, argv: list[str], fds: dict, env: dict[str, str] | None = None) -> Process:
        """The child process a program (or an applet-style builtin) runs as."""
        stdin = fds.get(0)
        stdout = fds.get(1)
        stderr = fds.get(2)
        return self.proc.child(
            argv, env=self.environment() if env is None else env, cwd=self.cwd, umask=self.umask,
            stdin=stdin if isinstance(stdin, Input) else redirect.CLOSED_INPUT,
            stdout=stdout if isinstance(stdout, Output) else redirect.CLOSED_OUTPUT,
            stderr=stderr if isinstance(stderr, Output) else redirect.CLOSED_OUTPUT)

    def run_program(self, argv: list[str], assigns: list[tuple[str, str]], fds: dict) -> int:
        env = self.environment()
        env.update(assigns)
        redirect.sync(self.fds)
        redirect.sync(fds)
        child = self.process_for(argv, fds, env)
        runner = self._applet(child) if argv[0] in self.applets else None
        if runner is None and "/" not in argv[0] and argv[0] not in self.hashed:
            path = lookup_path(child, argv[0])
            if path is not None:
                self.hashed[argv[0]] = path
        try:
            return runner() if runner is not None else execute(child)
        except ExecError as e:
            return self._exec_failed(e, child)
        except Killed as e:
            if self.proc.signals.fatal is not None:
                raise
            if e.signum not in (SIGINT, SIGPIPE):  # ash reports how the program died
                self._write_quietly(2, _signal.strsignal(e.signum) + "\n", fds)
            return e.status

    def _applet(self, child: Process):
        """How to run child.argv[0] as an applet of the multi-call binary (None if there is none)."""
        try:
            kind, name = identify(child, MULTICALL_BINARY)
        except OSError:
            return None
        fn = program(name) if kind == "program" else None  # type: ignore[arg-type]
        return (lambda: fn(child)) if fn is not None else None

    def _write_quietly(self, fd: int, text: str, fds: dict) -> None:
        stream = fds.get(fd)
        if isinstance(stream, Output):
            try:
                stream.write(self.encode(text))
            except OSError:
                pass

    def _exec_failed(self, e: ExecError, child: Process) -> int:
        name = child.argv[0]
        if e.errno == 8:  # ENOEXEC: no #! line, so the shell runs it as a script (POSIX)
            from . import main
            path = name if "/" in name else (lookup_path(child, name) or name)
            return main(child.child(["ash", path] + child.argv[1:]), applets=self.applets)
        saved_fds = self.fds
        self.fds = {0: child.stdin, 1: child.stdout, 2: child.stderr}
        try:
            if e.errno == 2:
                self.error(f"{name}: not found")
                return 127
            if e.errno in (13, 21):
                self.error(f"{name}: Permission denied")
                return 126
            self.error(f"{name}: {e.strerror}")
            return 126
        finally:
            self.fds = saved_fds

    def exec_replace(self, argv: list[str], assigns: list[tuple[str, str]]) -> int:
        """`exec cmd`: run cmd in place of the shell, which then ends with its status."""
        builtin = builtins.BUILTINS.get(argv[0])
        if builtin is not None:
            status = self.run_builtin(builtin, argv, self.fds)
        else:
            status = self.run_program(argv, assigns, self.fds)
        raise ExitShell(status)


def _run_stage(stage: Shell, command, i: int, statuses: list, errors: list, reader, writer) -> None:
    try:
        statuses[i] = stage.run_subshell(command)
    except BrokenPipe:
        statuses[i] = 128 + SIGPIPE
    except BaseException as e:  # Killed, or a bug: re-raised in the shell that waits
        errors.append(e)
    finally:
        if writer is not None:
            writer.close()
        if reader is not None:
            reader.close()


COMPOUND_DISPATCH = {
    BraceGroup: Shell._brace_group, Subshell: Shell._subshell, If: Shell._if, While: Shell._while,
    For: Shell._for, Case: Shell._case,
}
DISPATCH = {
    SimpleCommand: Shell._simple, CommandList: Shell._command_list, AndOr: Shell._and_or, Not: Shell._not,
    Pipeline: Shell._pipeline, Background: Shell._background, FuncDef: Shell._func_def,
    **{kind: Shell._compound for kind in COMPOUND_DISPATCH},
}
