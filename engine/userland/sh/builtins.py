"""ash's builtins, with its messages and exit statuses.

Each builtin is `fn(shell, argv) -> status`. The *special* builtins (POSIX's list: `.`, `:`,
`break`, `eval`, `exec`, `export`, ...) differ from the others in two ways the interpreter
applies: assignments before them persist, and their errors end a non-interactive shell.

`echo`, `printf` and `test` (with `[` and `[[`) behave exactly like the busybox applets of the
same names; their logic takes a `Process`, so the applets in programs/busybox call the same
functions: `echo(proc)`, `printf(proc)`, `test(proc)`.
"""
from __future__ import annotations

import errno
import os
import signal as _signal
import stat as st
from typing import TYPE_CHECKING, Callable

from ..exec import lookup_path
from ..process import SIGNALS, Input, Process
from . import arith
from .errors import ExitShell, KeepRedirections, LoopControl, ReturnFromFunction, ShellError
from .escapes import process_escape
from .parser import KEYWORDS, NAME, SPECIAL_BUILTINS, parse_lines
from .printf import printf
from .testexpr import test

if TYPE_CHECKING:
    from .interp import Shell

__all__ = ["echo", "printf", "test", "BUILTINS", "SPECIAL_BUILTINS"]

KEYWORD_NAMES = KEYWORDS - {"function"} | {"[["}
SIGNAL_NUMBERS = dict(SIGNALS)
SIGNAL_NAMES: dict[int, str] = {}
for _name, _num in SIGNALS.items():
    SIGNAL_NAMES.setdefault(_num, _name)  # ABRT before IOT, CHLD before CLD
SIGNAL_NAMES[29] = "POLL"  # busybox's name for 29 (Python lists IO first)


# ---------------------------------------------------------------- helpers
def quote(text: str) -> str:
    """Single-quote text for the shell: it's -> 'it'"'"'s' (as `set` and `export -p` print)."""
    pieces = text.split("'")
    out = "'" + pieces[0] + "'"
    for piece in pieces[1:]:
        out += "\"'\"" + ("'" + piece + "'" if piece else "")
    return out if text else "''"


def quote_if_needed(text: str) -> str:
    """Quote only text that holds characters special to the shell (for `set -x` traces)."""
    for c in text:
        if c < "+" or ";" <= c <= "?" or c in "`[\\" or c > "z":
            return quote(text)
    return text


def signal_name(signum: int) -> str:
    return "EXIT" if signum == 0 else SIGNAL_NAMES.get(signum, str(signum))


def signal_number(spec: str) -> int | None:
    """`INT`, `SIGINT`, `int`, `2` or `EXIT`/`0` to a number; None if unknown."""
    if spec.isdecimal():
        n = int(spec)
        return n if n == 0 or n in SIGNAL_NAMES else None
    name = spec.upper()
    if name.startswith("SIG"):
        name = name[3:]
    if name == "EXIT":
        return 0
    return SIGNAL_NUMBERS.get(name)


def illegal_number(text: str) -> ShellError:
    return ShellError(f"Illegal number: {text}")


def number(text: str) -> int:
    """A non-negative decimal number, as ash's builtins take them."""
    if not text.isdecimal():
        raise illegal_number(text)
    return int(text)


def options(argv: list[str], letters: str) -> tuple[set[str], list[str]]:
    """Leading `-xyz` options from `letters` (ash's nextopt); `--` ends them."""
    found: set[str] = set()
    i = 1
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            i += 1
            break
        if not arg.startswith("-") or arg == "-":
            break
        for c in arg[1:]:
            if c not in letters:
                raise ShellError(f"illegal option -{c}")
            found.add(c)
        i += 1
    return found, argv[i:]


def applet_process(sh: "Shell", argv: list[str]) -> Process:
    """The process an applet-style builtin sees: messages are prefixed with the shell's name.
    (echo, printf and test read no environment, so none is built for them.)"""
    return sh.process_for([sh.proc.prog] + argv[1:], sh.fds, env={})


# ---------------------------------------------------------------- echo (shared with the applet)
def echo(proc: Process) -> int:
    """busybox echo: -n, -e, -E (combinable, like -ne); with -e, \\c ends all output."""
    args = proc.argv[1:]
    newline, escapes = True, False
    while args and args[0].startswith("-") and len(args[0]) > 1 and all(c in "neE" for c in args[0][1:]):
        for c in args[0][1:]:
            if c == "n":
                newline = False
            else:
                escapes = c == "e"
        args = args[1:]
    out: list[str] = []
    for i, arg in enumerate(args):
        if i:
            out.append(" ")
        if not escapes or "\\" not in arg:
            out.append(arg)
            continue
        j = 0
        while j < len(arg):
            c = arg[j]
            j += 1
            if c != "\\":
                out.append(c)
                continue
            if arg.startswith("c", j):
                return _write(proc, "".join(out))
            if arg.startswith("0", j) and j + 1 < len(arg) and arg[j + 1] in "01234567":
                j += 1
            ch, j = process_escape(arg, j)
            out.append(ch)
    if newline:
        out.append("\n")
    return _write(proc, "".join(out))


def _write(proc: Process, text: str) -> int:
    try:
        proc.stdout.write(text.encode("utf-8", "surrogateescape"))
    except OSError as e:
        if e.errno == errno.EPIPE:
            raise
        proc.err(f"{proc.prog}: write error: {e.strerror}\n")
        return 1
    return 0


def _echo(sh, argv):
    return echo(applet_process(sh, argv))


def _printf(sh, argv):
    return printf(applet_process(sh, argv))


def _test(sh, argv):
    return test(applet_process(sh, argv), name=argv[0])


# ---------------------------------------------------------------- trivial
def _true(sh, argv):
    return 0


def _false(sh, argv):
    return 1


# ---------------------------------------------------------------- directories
def _cd(sh, argv):
    flags, args = options(argv, "LP")
    physical = "P" in flags and "L" not in flags
    print_dir = False
    if not args:
        dest = sh.lookup("HOME") or "."
    else:
        dest = args[0]
    if dest == "-":
        dest = sh.lookup("OLDPWD") or "."
        print_dir = True
    candidates = [(dest, False)]
    cdpath = sh.lookup("CDPATH")
    if cdpath and not dest.startswith("/") and not _dot_relative(dest):
        candidates = [((d.rstrip("/") + "/" + dest) if d else dest, bool(d)) for d in cdpath.split(":")]
        candidates.append((dest, False))
    error = None
    for path, via_cdpath in candidates:
        target = _resolve_cd(sh, path, physical)
        try:
            s = sh.fs.stat(target)
        except OSError as e:
            error = error or e
            continue
        if not st.S_ISDIR(s.st_mode):
            error = error or OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
            continue
        old = sh.cwd
        sh.cwd = target
        sh.set_var("OLDPWD", old, export=True)
        sh.set_var("PWD", target, export=True)
        if print_dir or via_cdpath:
            sh.out(target + "\n")
        return 0
    raise ShellError(f"can't cd to {dest}: {os.strerror(error.errno or errno.ENOENT)}")


def _dot_relative(path: str) -> bool:
    return path in (".", "..") or path.startswith(("./", "../"))


def _resolve_cd(sh, path: str, physical: bool) -> str:
    """The new working directory: `..` is taken lexically (logical), unless -P."""
    full = sh.abspath(path)
    if physical:
        try:
            return sh.fs.realpath(full)
        except OSError:
            return full
    parts: list[str] = []
    for part in full.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
        else:
            parts.append(part)
    return "/" + "/".join(parts)


def _pwd(sh, argv):
    flags, _ = options(argv, "LP")
    path = sh.cwd
    if "P" in flags:
        try:
            path = sh.fs.realpath(path)
        except OSError:
            pass
    sh.out(path + "\n")
    return 0


# ---------------------------------------------------------------- variables
def _export(sh, argv):
    readonly = argv[0] == "readonly"
    flags, args = options(argv, "np")
    if not args:
        kind = "readonly" if readonly else "export"
        for name in sorted(sh.vars):
            var = sh.vars[name]
            if (var.readonly if readonly else var.exported):
                sh.out(f"{kind} {name}" + (f"={quote(var.value)}" if var.value is not None else "") + "\n")
        return 0
    for arg in args:
        name, eq, value = arg.partition("=")
        if not NAME.match(name):
            raise ShellError(f"{name}: bad variable name")
        if "n" in flags and not readonly:
            var = sh.vars.get(name)
            if var is not None:
                var.exported = False
            continue
        if eq:
            sh.set_var(name, value)
        var = sh.declare(name)
        if readonly:
            var.readonly = True
        else:
            var.exported = True
    return 0


def _unset(sh, argv):
    flags, args = options(argv, "vf")
    for name in args:
        if "f" in flags:
            sh.functions.pop(name, None)
            continue
        if not NAME.match(name):
            raise ShellError(f"{name}: bad variable name")
        sh.unset_var(name)
    return 0


def _local(sh, argv):
    if not sh.local_frames:
        raise ShellError("not in a function")
    for arg in argv[1:]:
        name, eq, value = arg.partition("=")
        if not NAME.match(name):
            raise ShellError(f"{name}: bad variable name")
        if sh.make_local(name) and not eq and name in sh.vars:
            sh.vars[name].value = None  # `local x` starts unset (exported stays exported)
        if eq:
            sh.set_var(name, value)
    return 0


def _shift(sh, argv):
    n = number(argv[1]) if len(argv) > 1 else 1
    if n > len(sh.params):
        return 1
    sh.params = sh.params[n:]
    return 0


# ---------------------------------------------------------------- set
LONG_OPTIONS = [("e", "errexit"), ("f", "noglob"), ("I", "ignoreeof"), ("m", "monitor"), ("n", "noexec"),
                ("x", "xtrace"), ("v", "verbose"), ("C", "noclobber"), ("a", "allexport"), ("b", "notify"),
                ("u", "nounset"), ("E", "errtrace"), ("vi", "vi"), ("pipefail", "pipefail")]
SET_LETTERS = "efImnxvCabuEisc"


def _set(sh, argv):
    args = argv[1:]
    if not args:
        listing = dict((name, var.value) for name, var in sh.vars.items() if var.value is not None)
        listing.setdefault("LINENO", "")  # ash's computed variables list as empty
        listing.setdefault("FUNCNAME", "")
        for name in sorted(listing):
            sh.out(f"{name}={quote(listing[name])}\n")
        return 0
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            sh.params = args[i + 1:]
            return 0
        if arg == "-":
            sh.options.discard("x")
            sh.options.discard("v")
            i += 1
            break
        if arg[:1] not in ("-", "+") or len(arg) < 2:
            break
        on = arg[0] == "-"
        for c in arg[1:]:
            if c == "o":
                i += 1
                if i >= len(args):
                    _list_options(sh, on)
                    return 0
                _set_long_option(sh, args[i], on, arg[0])
            elif c in SET_LETTERS:
                (sh.options.add if on else sh.options.discard)(c)
            else:
                raise ShellError(f"illegal option {arg[0]}{c}")
        i += 1
    if i < len(args):
        sh.params = args[i:]
    return 0


def _set_long_option(sh, name: str, on: bool, sign: str) -> None:
    for letter, long in LONG_OPTIONS:
        if long == name:
            (sh.options.add if on else sh.options.discard)(letter)
            return
    raise ShellError(f"illegal option {sign}o {name}", status=1)


def _list_options(sh, on: bool) -> None:
    for letter, long in LONG_OPTIONS:
        state = letter in sh.options
        if on:
            sh.out(f"{long:<16}{'on' if state else 'off'}\n")
        else:
            sh.out(f"set {'-' if state else '+'}o {long}\n")


# ---------------------------------------------------------------- control flow
def _exit(sh, argv):
    status = number(argv[1]) & 0xFF if len(argv) > 1 else sh.status
    raise ExitShell(status)


def _return(sh, argv):
    status = number(argv[1]) & 0xFF if len(argv) > 1 else sh.status
    raise ReturnFromFunction(status)


def _break(sh, argv):
    n = number(argv[1]) if len(argv) > 1 else 1
    if n == 0:
        raise illegal_number(argv[1])
    if not sh.loop_depth:
        return 0
    raise LoopControl(min(n, sh.loop_depth), is_break=argv[0] == "break")


def _eval(sh, argv):
    status = 0
    for node in parse_lines(" ".join(argv[1:]), sh.lineno, sh.aliases):
        status = sh.run(node)
    return status


def _exec(sh, argv):
    if len(argv) == 1:
        raise KeepRedirections()
    return sh.exec_replace(argv[1:], [])


def _dot(sh, argv):
    if len(argv) < 2:
        return 0
    name = argv[1]
    if "/" in name:
        path = sh.abspath(name)
    else:
        path = _search_path(sh, name, want_exec=False)
        if path is None:
            raise ShellError(f"{name}: not found")
    try:
        text = sh.decode(sh.fs.read_bytes(path))
    except OSError as e:
        raise ShellError(f"can't open '{name}': {os.strerror(e.errno or errno.ENOENT)}") from None
    saved_params, saved_name, saved_line = sh.params, sh.commandname, sh.lineno
    if len(argv) > 2:
        sh.params = argv[2:]
    sh.commandname = name  # errors inside say `./lib.sh: line 3: ...`
    try:
        status = 0
        for node in parse_lines(text, 1, sh.aliases):
            status = sh.run(node)
        return status
    except ReturnFromFunction as r:
        return r.status
    except ShellError as e:  # reported where it happened: in the dot script
        if e.command is None:
            e.command, e.line = name, sh.lineno if e.line is None else e.line
        raise
    finally:
        sh.commandname, sh.lineno = saved_name, saved_line
        if len(argv) > 2:
            sh.params = saved_params


def _search_path(sh, name: str, want_exec: bool = True) -> str | None:
    for d in (sh.lookup("PATH") or "").split(":"):
        cand = sh.abspath((d or ".").rstrip("/") + "/" + name)
        try:
            s = sh.fs.stat(cand)
        except OSError:
            continue
        if st.S_ISREG(s.st_mode) and (not want_exec or s.st_mode & 0o111):
            return cand
    return None


# ---------------------------------------------------------------- read
def _read(sh, argv):
    flags, values, names = _read_options(argv)
    for name in names:
        if not NAME.match(name):
            sh.err(f"{sh.proc.prog}: read: '{name}': bad variable name\n")
            return 1
    stream = sh.fds.get(int(values["u"]) if values.get("u", "").isdecimal() else 0)
    if not isinstance(stream, Input):
        return 1
    if "p" in values and stream.isatty():
        sh.err(values["p"])
    nchars = int(values["n"]) if values.get("n", "").isdecimal() else 0
    delim = values["d"][:1] or "\0" if "d" in values else "\n"
    ifs = sh.lookup("IFS")
    fields, status = _read_fields(sh, stream, names, " \t\n" if ifs is None else ifs, "r" in flags, nchars, delim)
    for name, value in zip(names or ["REPLY"], fields):
        sh.set_var(name, value)
    return status


def _read_options(argv: list[str]) -> tuple[set[str], dict[str, str], list[str]]:
    """read's flags (-r -s), options with a value (-p -n -t -u -d), and the variable names."""
    flags: set[str] = set()
    values: dict[str, str] = {}
    i = 1
    while i < len(argv) and argv[i].startswith("-") and argv[i] != "-":
        arg = argv[i]
        if arg == "--":
            i += 1
            break
        for j, c in enumerate(arg[1:], start=1):
            if c in "rs":
                flags.add(c)
                continue
            if c not in "pntud":
                raise ShellError(f"illegal option -{c}")
            if j + 1 < len(arg):
                values[c] = arg[j + 1:]
            elif i + 1 < len(argv):
                i += 1
                values[c] = argv[i]
            else:
                raise ShellError(f"no arg for -{c} option")
            break
        i += 1
    return flags, values, argv[i:]


def _read_fields(sh, stream, names, ifs, raw, nchars, delim) -> tuple[list[str], int]:
    """Read one line (or nchars) and split it into len(names) fields, as busybox's read does:
    the last variable takes the rest of the line."""
    chars, status = _read_chars(sh, stream, raw, nchars, delim)
    values: list[str] = []
    buf: list[str] = []
    start_word = 1
    nvars = len(names)
    for c, escaped in chars:
        if nvars and not escaped:
            is_ifs = c in ifs
            if start_word and is_ifs:
                if c.isspace():
                    continue
                start_word -= 1
                if start_word == 1:
                    continue
            start_word = 0
            if len(values) < nvars - 1 and is_ifs:
                values.append("".join(buf))
                buf = []
                start_word = 2 if c.isspace() else 1
                continue
        buf.append(c)
    last = "".join(buf)
    if nvars:
        last = _strip_trailing_ifs(last, ifs)
    values.append(last)
    while len(values) < max(nvars, 1):
        values.append("")
    return values, status


def _read_chars(sh, stream, raw, nchars, delim) -> tuple[list[tuple[str, bool]], int]:
    """The characters of one input line as (char, escaped-by-backslash), and the status (1 at end
    of input). A whole line is taken at once when that reads no further than read(1) would."""
    chars: list[tuple[str, bool]] = []
    pending_backslash = False
    by_line = delim == "\n" and not nchars
    count = 0
    while True:
        sh.check_signals()
        data = stream.readline() if by_line else stream.read(1)
        if not data:
            return chars, 1
        for c in sh.decode(data):
            count += 1
            if nchars and count > nchars:
                return chars, 0
            if not raw:
                if pending_backslash:
                    pending_backslash = False
                    if c != "\n":
                        chars.append((c, True))
                    continue
                if c == "\\":
                    pending_backslash = True
                    continue
            if c == delim:
                return chars, 0
            if c != "\0":
                chars.append((c, False))
            if nchars and count >= nchars:
                return chars, 0


def _strip_trailing_ifs(text: str, ifs: str) -> str:
    """Trailing IFS blanks go; one trailing non-blank delimiter goes too when the last
    variable got a single field (`X:Y:` read into x y gives y=Y)."""
    end = len(text)
    while end and text[end - 1].isspace() and text[end - 1] in ifs:
        end -= 1
    text = text[:end]
    if text and text[-1] in ifs:
        end = len(text) - 1
        while end and text[end - 1].isspace() and text[end - 1] in ifs:
            end -= 1
        if not any(c in ifs for c in text[:end]):
            text = text[:end]
    return text


# ---------------------------------------------------------------- command lookup
def _describe(sh, name: str, verbose: bool) -> tuple[str | None, int]:
    """What `name` is, as `type` (verbose) or `command -v` prints it."""
    if name in sh.aliases:
        value = sh.aliases[name]
        return (f"{name} is an alias for {value}" if verbose else f"alias {name}={quote(value)}"), 0
    if name in KEYWORD_NAMES and name != "[[":
        return (f"{name} is a shell keyword" if verbose else name), 0
    if name in sh.functions:
        return (f"{name} is a function" if verbose else name), 0
    if name in SPECIAL_BUILTINS:
        return (f"{name} is a special shell builtin" if verbose else name), 0
    if name in BUILTINS:
        return (f"{name} is a shell builtin" if verbose else name), 0
    if name in sh.applets:
        return (f"{name} is {name}" if verbose else name), 0
    path = lookup_path(sh.process_for([name], sh.fds), name) if "/" not in name else (
        sh.abspath(name) if sh.fs.exists(sh.abspath(name)) else None)
    if path is not None:
        return (f"{name} is {path}" if verbose else path), 0
    return (f"{name}: not found" if verbose else None), 127


def _type(sh, argv):
    status = 0
    for name in argv[1:]:
        text, code = _describe(sh, name, verbose=True)
        sh.out(text + "\n")
        status = status or code
    return status


def _command(sh, argv):
    args = argv[1:]
    mode = None
    while args and args[0].startswith("-") and len(args[0]) > 1:
        if args[0] == "--":
            args = args[1:]
            break
        for c in args[0][1:]:
            if c in "vV":
                mode = c
            elif c != "p":
                raise ShellError(f"illegal option -{c}")
        args = args[1:]
    if not args:
        return 0
    if mode is not None:
        text, code = _describe(sh, args[0], verbose=mode == "V")
        if text is not None:
            sh.out(text + "\n")
        return code
    return sh.run_command(args, [], sh.fds, use_functions=False)


def _hash(sh, argv):
    flags, names = options(argv, "r")
    if "r" in flags:
        sh.hashed.clear()
        return 0
    for name in names:
        path = _search_path(sh, name)
        if path is None:
            sh.err(f"{sh.proc.prog}: hash: {name}: not found\n")
            return 1
        sh.hashed[name] = path
    if not names:
        for path in sh.hashed.values():
            sh.out(path + "\n")
    return 0


# ---------------------------------------------------------------- aliases
def _alias_order(name: str) -> int:
    """ash lists aliases in the order of its 39-bucket hash table (then by age)."""
    data = name.encode("utf-8", "surrogateescape")
    return ((data[0] << 4) + sum(data)) % 39


def _alias(sh, argv):
    if len(argv) == 1:
        for name in sorted(sh.aliases, key=_alias_order):
            sh.out(f"{name}={quote(sh.aliases[name])}\n")
        return 0
    status = 0
    for arg in argv[1:]:
        name, eq, value = arg.partition("=")
        if eq:
            sh.aliases[name] = value
        elif name in sh.aliases:
            sh.out(f"{name}={quote(sh.aliases[name])}\n")
        else:
            sh.err(f"alias: {name} not found\n")
            status = 1
    return status


def _unalias(sh, argv):
    flags, names = options(argv, "a")
    if "a" in flags:
        sh.aliases.clear()
        return 0
    status = 0
    for name in names:
        if sh.aliases.pop(name, None) is None:
            sh.err(f"unalias: {name} not found\n")
            status = 1
    return status


# ---------------------------------------------------------------- traps, jobs, signals
def _trap(sh, argv):
    args = argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        for name in sorted(sh.traps, key=lambda n: signal_number(n) or 0):
            sh.out(f"trap -- {quote(sh.traps[name])} {name}\n")
        return 0
    if args[0].startswith("-") and args[0] != "-":
        raise ShellError(f"illegal option {args[0][:2]}")
    if args[0] == "-" or args[0].isdecimal():
        action, specs = None, (args[1:] if args[0] == "-" else args)
    else:
        action, specs = args[0], args[1:]
    status = 0
    for spec in specs:
        signum = signal_number(spec)
        if signum is None:
            sh.error(f"{spec}: invalid signal specification", command="trap")
            status = 1
            continue
        name = signal_name(signum)
        handled = sh.proc.signals.handled
        if action is None:
            sh.traps.pop(name, None)
            handled.discard(signum)
        else:
            sh.traps[name] = action
            if signum:
                handled.add(signum)
    return status


def _wait(sh, argv):
    if len(argv) == 1:
        for job in list(sh.jobs.values()):
            sh.wait_job(job)
        return 0
    status = 0
    for arg in argv[1:]:
        job = sh.jobs.get(int(arg)) if arg.isdecimal() else None
        status = sh.wait_job(job) if job is not None else 127
    return status


def _kill(sh, argv):
    prog = sh.proc.prog
    args = argv[1:]
    if args and args[0] == "-l":
        return _kill_list(sh, args[1:])
    signum = _signal.SIGTERM
    if args and args[0] == "-s" and len(args) > 1:
        spec, args = args[1], args[2:]
    elif args and args[0].startswith("-") and len(args[0]) > 1 and args[0] != "--":
        spec, args = args[0][1:], args[1:]
    else:
        spec = None
    if args and args[0] == "--":
        args = args[1:]
    if spec is not None:
        signum = signal_number(spec)
        if signum is None:
            sh.err(f"{prog}: bad signal name '{spec}'\n")
            return 1
    status = 0
    for arg in args:
        targets = _kill_targets(sh, arg)
        if targets is None:
            sh.err(f"{prog}: can't kill pid {arg}: No such process\n")
            status = 1
            continue
        for signals in targets:
            if signum:
                signals.deliver(signum)
    return status


def _kill_targets(sh, arg: str):
    """The Signals objects a pid names: the shell itself ($$, 0) or one of its jobs."""
    try:
        pid = int(arg)
    except ValueError:
        return None
    if pid in (0, sh.pid):
        return [sh.proc.signals] + [job.signals for job in sh.jobs.values()]
    job = sh.jobs.get(pid)
    return [job.signals] if job is not None and job.thread.is_alive() else None


def _kill_list(sh, args: list[str]) -> int:
    if not args:
        for num in range(1, 32):
            sh.out(f"{num:2d}) {signal_name(num)}\n")
        return 0
    for arg in args:
        if arg.isdecimal():
            sh.out(signal_name(int(arg) & 0x7F) + "\n")
        else:
            num = signal_number(arg)
            if num is None:
                sh.err(f"{sh.proc.prog}: bad signal name '{arg}'\n")
                return 1
            sh.out(f"{num}\n")
    return 0


# ---------------------------------------------------------------- umask, limits, times
def _umask(sh, argv):
    flags, args = options(argv, "S")
    if not args:
        if "S" in flags:
            allowed = ~sh.umask & 0o777
            parts = []
            for who, shift in (("u", 6), ("g", 3), ("o", 0)):
                bits = (allowed >> shift) & 7
                parts.append(who + "=" + "".join(c for c, b in (("r", 4), ("w", 2), ("x", 1)) if bits & b))
            sh.out(",".join(parts) + "\n")
        else:
            sh.out(f"{sh.umask:04o}\n")
        return 0
    mode = args[0]
    if mode and all(c in "01234567" for c in mode):
        sh.umask = int(mode, 8) & 0o777
        return 0
    allowed = _symbolic_mode(mode, ~sh.umask & 0o777)
    if allowed is None:
        raise ShellError(f"illegal mode: {mode}")
    sh.umask = ~allowed & 0o777
    return 0


def _symbolic_mode(spec: str, mode: int) -> int | None:
    """Apply a chmod-style `u+w,go=rx` to permission bits; None if it is not valid."""
    for clause in spec.split(","):
        i = 0
        who = 0
        while i < len(clause) and clause[i] in "ugoa":
            who |= {"u": 0o700, "g": 0o070, "o": 0o007, "a": 0o777}[clause[i]]
            i += 1
        if i >= len(clause):
            return None
        who = who or 0o777
        while i < len(clause):
            op = clause[i]
            if op not in "+-=":
                return None
            i += 1
            bits = 0
            while i < len(clause) and clause[i] in "rwx":
                bits |= {"r": 0o444, "w": 0o222, "x": 0o111}[clause[i]]
                i += 1
            bits &= who
            if op == "+":
                mode |= bits
            elif op == "-":
                mode &= ~bits
            else:
                mode = (mode & ~who) | bits
    return mode


ULIMITS = [  # (letter, description, default): what a Docker container typically reports
    ("c", "core file size (blocks)", "unlimited"), ("d", "data seg size (kb)", "unlimited"),
    ("e", "scheduling priority", "0"), ("f", "file size (blocks)", "unlimited"),
    ("i", "pending signals", "63448"), ("l", "max locked memory (kb)", "64"),
    ("m", "max memory size (kb)", "unlimited"), ("n", "open files", "1048576"),
    ("q", "POSIX message queues (bytes)", "819200"), ("r", "real-time priority", "0"),
    ("s", "stack size (kb)", "8192"), ("t", "cpu time (seconds)", "unlimited"),
    ("u", "max user processes", "unlimited"), ("v", "virtual memory (kb)", "unlimited"),
    ("x", "file locks", "unlimited"),
]


def _ulimit(sh, argv):
    limits = sh.limits
    letters = "".join(letter for letter, _, _ in ULIMITS)
    flags, args = options(argv, letters + "aSH")
    if "a" in flags:
        for letter, desc, default in ULIMITS:
            sh.out(f"{desc:<32}(-{letter}) {limits.get(letter, default)}\n")
        return 0
    which = [c for c in flags if c in letters] or ["f"]
    if args:
        value = args[0]
        if value != "unlimited" and not value.isdecimal():
            raise ShellError(f"invalid number '{value}'")
        for letter in which:
            limits[letter] = value
        return 0
    for letter in which:
        sh.out(limits.get(letter, dict((l, d) for l, _, d in ULIMITS)[letter]) + "\n")
    return 0


def _times(sh, argv):
    sh.out("0m0.000s 0m0.000s\n0m0.000s 0m0.000s\n")
    return 0


# ---------------------------------------------------------------- getopts, let
def _getopts(sh, argv):
    if len(argv) < 3:
        raise ShellError("usage: getopts optstring var [arg]")
    optstring, var = argv[1], argv[2]
    args = argv[3:] if len(argv) > 3 else sh.params
    ind, off = sh.optind_state
    if ind > len(args) + 1:
        ind, off = 1, -1
    silent = optstring.startswith(":") or sh.lookup("OPTERR") == "0"
    current = args[ind - 2] if ind >= 2 and ind - 2 < len(args) else None
    next_index = ind - 1  # index into args of the next unread word
    rest = current[off:] if current is not None and off >= 0 and off <= len(current) else ""
    done = 0
    opt = "?"
    if not rest:
        word = args[next_index] if next_index < len(args) else None
        if word is None or not word.startswith("-") or word == "-" or word == "--":
            if word == "--":
                next_index += 1
            sh.unset_var("OPTARG")
            return _getopts_out(sh, var, "?", next_index, None, done=1)
        next_index += 1
        current, rest = word, word[1:]
    c, rest = rest[0], rest[1:]
    spec = optstring[1:] if optstring.startswith(":") else optstring
    pos = spec.find(c) if c != ":" else -1
    if pos < 0:
        if silent:
            sh.set_var("OPTARG", c)
        else:
            sh.err(f"Illegal option -{c}\n")
            sh.unset_var("OPTARG")
        return _getopts_out(sh, var, "?", next_index, (current, rest), done)
    if spec[pos + 1:pos + 2] == ":":
        if rest:
            value = rest
        elif next_index < len(args):
            value = args[next_index]
            next_index += 1
        else:
            if silent:
                sh.set_var("OPTARG", c)
                opt = ":"
            else:
                sh.err(f"No arg for -{c} option\n")
                sh.unset_var("OPTARG")
            return _getopts_out(sh, var, opt, next_index, None, done)
        sh.set_var("OPTARG", value)
        return _getopts_out(sh, var, c, next_index, None, done)
    sh.set_var("OPTARG", "")
    return _getopts_out(sh, var, c, next_index, (current, rest), done)


def _getopts_out(sh, var: str, opt: str, next_index: int, inside, done: int) -> int:
    ind = next_index + 1
    sh.set_var("OPTIND", str(ind))
    sh.set_var(var, opt)
    if inside is not None and inside[1]:
        word, rest = inside
        sh.optind_state = (ind, len(word) - len(rest))
    else:
        sh.optind_state = (ind, -1)
    return done


def _let(sh, argv):
    if len(argv) < 2:
        raise ShellError("expression expected")
    value = 0
    for expr in argv[1:]:
        try:
            value = arith.evaluate(expr, sh.lookup, sh.set_var)
        except arith.ArithError as e:
            raise ShellError(str(e)) from None
    return 0 if value else 1


# ---------------------------------------------------------------- the tables
BUILTINS: dict[str, Callable] = {
    ".": _dot, ":": _true, "[": _test, "[[": _test, "alias": _alias, "break": _break, "cd": _cd, "chdir": _cd,
    "command": _command, "continue": _break, "echo": _echo, "eval": _eval, "exec": _exec, "exit": _exit,
    "export": _export, "false": _false, "getopts": _getopts, "hash": _hash, "kill": _kill, "let": _let,
    "local": _local, "printf": _printf, "pwd": _pwd, "read": _read, "readonly": _export, "return": _return,
    "set": _set, "shift": _shift, "source": _dot, "test": _test, "times": _times, "trap": _trap,
    "true": _true, "type": _type, "ulimit": _ulimit, "umask": _umask, "unalias": _unalias, "unset": _unset,
    "wait": _wait,
}
# Their NAME=value arguments are expanded like assignments: not split, not globbed.
ASSIGNMENT_BUILTINS = frozenset({"export", "local", "readonly", "alias"})
