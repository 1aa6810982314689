"""The process and its machine: env, id, whoami, groups, hostname, uname, arch, nproc, uptime,
sleep, usleep, date, which, kill, tty, logname.

What the container is (its hostname, IP) comes from `proc.host`; what the machine is, from
`machine`. Settings a container may not change (the hostname, the clock) fail as they do under
Docker's default capabilities.
"""
from __future__ import annotations

import calendar
import re
import stat as st
import time

from ... import exec as execmod
from ...process import SIGNALS, Process
from . import accounts, machine
from .common import Fatal, error, strerror
from .dates import parse_date
from .fsinfo import utc
from .options import UsageError, parse


# ---------------------------------------------------------------- env
def env(proc: Process) -> int:
    opts, rest = parse(proc.argv[1:], "iu:0", {"ignore-environment": "i", "unset=": "u", "null": "0"},
                       stop_at_operand=True)
    if rest[:1] == ["-"]:  # `env -` is the old spelling of -i
        opts.seen.append(("i", None))
        rest = rest[1:]
    variables = {} if "i" in opts else dict(proc.env)
    for name in opts.values("u"):
        variables.pop(name, None)
    while rest and "=" in rest[0]:
        name, _, value = rest.pop(0).partition("=")
        variables[name] = value
    if not rest:
        end = "\0" if "0" in opts else "\n"
        proc.out("".join(f"{k}={v}{end}" for k, v in variables.items()))
        return 0
    try:
        return execmod.execute(proc.child(rest, env=variables))
    except execmod.ExecError as e:
        error(proc, f"can't execute '{rest[0]}': {strerror(e)}")
        return 127 if e.errno == 2 else 126


# ---------------------------------------------------------------- who am I
def _user_label(proc: Process, uid: int) -> str:
    user = accounts.user_by_uid(proc, uid)
    return f"{uid}({user.name})" if user else str(uid)


def _group_label(proc: Process, gid: int) -> str:
    group = accounts.group_by_gid(proc, gid)
    return f"{gid}({group.name})" if group else str(gid)


def id(proc: Process) -> int:  # noqa: A001 - the applet's name
    opts, names = parse(proc.argv[1:], "ugGnr")
    if len(names) > 1 or sum(o in opts for o in "ugG") > 1:
        raise UsageError()
    if names:
        user = accounts.user_by_name(proc, names[0])
        if user is None:
            raise Fatal(f"unknown user {names[0]}")
        uid, gid = user.uid, user.gid
        groups = [gid] + [g.gid for g in accounts.groups(proc) if user.name in g.members and g.gid != gid]
    else:
        uid, gid, groups = proc.uid, proc.gid, list(proc.groups)
    if "u" in opts or "g" in opts:
        number = uid if "u" in opts else gid
        if "n" in opts:
            entry = accounts.user_by_uid(proc, number) if "u" in opts else accounts.group_by_gid(proc, number)
            proc.out(f"{entry.name if entry else number}\n")
        else:
            proc.out(f"{number}\n")
        return 0
    if "G" in opts:
        if "n" in opts:
            names_of = [(accounts.group_by_gid(proc, g) or accounts.Group(str(g), g, ())).name for g in groups]
            proc.out(" ".join(names_of) + "\n")
        else:
            proc.out(" ".join(str(g) for g in groups) + "\n")
        return 0
    line = f"uid={_user_label(proc, uid)} gid={_group_label(proc, gid)}"
    if groups:
        line += " groups=" + ",".join(_group_label(proc, g) for g in groups)
    proc.out(line + "\n")
    return 0


def whoami(proc: Process) -> int:
    _, rest = parse(proc.argv[1:], "")
    if rest:
        raise UsageError()
    user = accounts.user_by_uid(proc, proc.uid)
    if user is None:
        raise Fatal(f"unknown uid {proc.uid}")
    proc.out(user.name + "\n")
    return 0


def groups(proc: Process) -> int:
    proc = proc.child(["id", "-Gn", *proc.argv[1:]])
    return id(proc)


def logname(proc: Process) -> int:
    parse(proc.argv[1:], "")
    raise Fatal("getlogin: No such device or address")  # a container's process has no login session


def tty(proc: Process) -> int:
    opts, _ = parse(proc.argv[1:], "s")
    if proc.stdin.isatty():
        if "s" not in opts:
            proc.out("/dev/pts/0\n")
        return 0
    if "s" not in opts:
        proc.out("not a tty\n")
    return 1


# ---------------------------------------------------------------- the machine
def hostname(proc: Process) -> int:
    opts, names = parse(proc.argv[1:], "sidfF:")
    if names or "F" in opts:
        raise Fatal("sethostname: Operation not permitted")
    name = proc.host.hostname
    if "i" in opts:
        proc.out((proc.host.ip or "127.0.0.1") + " \n")
    elif "d" in opts:
        domain = name.partition(".")[2]
        if domain:
            proc.out(domain + "\n")
    elif "s" in opts:
        proc.out(name.partition(".")[0] + "\n")
    else:
        proc.out(name + "\n")
    return 0


UNAME_FIELDS = [  # option, value; -a prints all but the unknown processor and platform
    ("s", lambda p: machine.SYSNAME), ("n", lambda p: p.host.hostname), ("r", lambda p: machine.KERNEL_RELEASE),
    ("v", lambda p: machine.KERNEL_VERSION), ("m", lambda p: machine.MACHINE), ("p", lambda p: "unknown"),
    ("i", lambda p: "unknown"), ("o", lambda p: machine.OS_NAME),
]


def uname(proc: Process) -> int:
    opts, rest = parse(proc.argv[1:], "asnrvmpio", {"all": "a", "kernel-name": "s", "nodename": "n",
                                                    "kernel-release": "r", "kernel-version": "v",
                                                    "machine": "m", "processor": "p",
                                                    "hardware-platform": "i", "operating-system": "o"})
    if rest:
        raise UsageError()
    if "a" in opts:
        chosen = [f for f, _ in UNAME_FIELDS if f not in "pi"] + [f for f in "pi" if f in opts]
    else:
        chosen = [f for f, _ in UNAME_FIELDS if f in opts] or ["s"]
    proc.out(" ".join(value(proc) for f, value in UNAME_FIELDS if f in chosen) + "\n")
    return 0


def arch(proc: Process) -> int:
    proc.out(machine.MACHINE + "\n")
    return 0


def nproc(proc: Process) -> int:
    opts, _ = parse(proc.argv[1:], "", {"all": "all", "ignore=": "ignore"})
    ignore = int(opts.value("ignore", "0") or 0)
    proc.out(f"{max(1, machine.CPUS - ignore)}\n")
    return 0


def uptime(proc: Process) -> int:
    now = time.gmtime()
    minutes = machine.BOOTED_SECONDS_AGO // 60
    up = f"{minutes // 60}:{minutes % 60:02d}" if minutes >= 60 else f"{minutes} min"
    load = ", ".join(f"{v:.2f}" for v in machine.LOAD_AVERAGE)
    proc.out(f" {now.tm_hour:02d}:{now.tm_min:02d}:{now.tm_sec:02d} up {up},  0 users,  load average: {load}\n")
    return 0


# ---------------------------------------------------------------- time
_SLEEP_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def sleep(proc: Process) -> int:
    _, args = parse(proc.argv[1:], "")
    if not args:
        raise UsageError()
    total = 0.0
    for arg in args:
        m = re.fullmatch(r"(\d+\.?\d*|\.\d+)([smhd]?)", arg)
        if not m:
            raise Fatal(f"invalid number '{arg}'")
        total += float(m.group(1)) * _SLEEP_UNITS.get(m.group(2) or "s", 1)
    proc.signals.sleep(total)
    return 0


def usleep(proc: Process) -> int:
    _, args = parse(proc.argv[1:], "")
    if len(args) != 1:
        raise UsageError()
    if not args[0].isdigit():
        raise Fatal(f"invalid number '{args[0]}'")
    proc.signals.sleep(int(args[0]) / 1e6)
    return 0


ISO_FORMATS = {"date": "%Y-%m-%d", "hours": "%Y-%m-%dT%H%z", "minutes": "%Y-%m-%dT%H:%M%z",
               "seconds": "%Y-%m-%dT%H:%M:%S%z"}


def date(proc: Process) -> int:
    opts, operands = parse(proc.argv[1:], "Rs:ud:r:D:I::", {"rfc-822": "R", "rfc-2822": "R", "set=": "s",
                                                        "utc": "u", "date=": "d", "reference=": "r",
                                                        "iso-8601=?": "iso"})
    fmt = None
    if operands and operands[0].startswith("+"):
        fmt = operands.pop(0)[1:]
    if len(operands) > 1:
        raise UsageError()
    now = time.time()
    when = now
    if "r" in opts:
        try:
            when = proc.fs.stat(proc.abspath(opts.value("r") or "")).st_mtime
        except OSError as e:
            raise Fatal(f"can't stat '{opts.value('r')}': {strerror(e)}") from None
    wanted = opts.value("d") if "d" in opts else opts.value("s") if "s" in opts else \
        (operands[0] if operands else None)
    if wanted is not None:
        try:
            when = _parse_with(opts.value("D"), wanted) if "D" in opts else parse_date(wanted, now, midnight=True)
        except ValueError:
            raise Fatal(f"invalid date '{wanted}'") from None
        if "s" in opts or ("d" not in opts and operands):
            raise Fatal("can't set date: Operation not permitted")  # no CAP_SYS_TIME in a container
    if fmt is None:
        if "R" in opts:
            fmt = "%a, %d %b %Y %H:%M:%S %z"
        elif "I" in opts or "iso" in opts:
            fmt = ISO_FORMATS.get(opts.value(opts.last_of("I", "iso")) or "date", "%Y-%m-%d")
            fmt = fmt.replace("%z", "+00:00")
        else:
            fmt = "%a %b %e %H:%M:%S %Z %Y"
    proc.out(strftime(fmt, when) + "\n")
    return 0


def _parse_with(fmt: str | None, text: str) -> float:
    """date -D FMT: the time read with strptime(3) (`%s` is seconds since the epoch)."""
    if fmt == "%s":
        return float(int(text))
    return float(calendar.timegm(time.strptime(text, fmt or "")))


def strftime(fmt: str, when: float) -> str:
    """C strftime in UTC, with %s (seconds since the epoch) worked out here, not by the host."""
    pieces = re.split(r"(%[-_0^#]*\d*[a-zA-Z%+])", fmt)
    stamp = utc(when)
    out = []
    for piece in pieces:
        if piece == "%s":
            out.append(str(int(when)))
        elif piece:
            out.append(time.strftime(piece, stamp) if piece.startswith("%") else piece)
    return "".join(out)


# ---------------------------------------------------------------- which, kill
def which(proc: Process) -> int:
    opts, names = parse(proc.argv[1:], "a")
    if not names:
        raise UsageError()
    status = 0
    path_dirs = (proc.env.get("PATH") or execmod.DEFAULT_PATH).split(":")
    for name in names:
        candidates = [name] if "/" in name else [f"{d.rstrip('/') or ''}/{name}" for d in path_dirs]
        found = False
        for cand in candidates:
            if _is_executable(proc, cand):
                proc.out(cand + "\n")
                found = True
                if "a" not in opts:
                    break
        if not found:
            status = 1
    return status


def _is_executable(proc: Process, path: str) -> bool:
    try:
        s = proc.fs.stat(proc.abspath(path))
    except OSError:
        return False
    return st.S_ISREG(s.st_mode) and bool(s.st_mode & 0o111)


SIGNAL_NAMES = {num: name for name, num in SIGNALS.items() if 1 <= num <= 31 and name not in ("IOT", "CLD", "POLL")}
SIGNAL_NAMES[29] = "POLL"  # busybox names signal 29 POLL, not IO


def kill(proc: Process) -> int:
    args = proc.argv[1:]
    if args[:1] == ["-l"]:
        return _list_signals(proc, args[1:])
    signum = 15
    if args and args[0] == "-s" and len(args) > 1:
        signum = _signal_number(args[1])
        args = args[2:]
    elif args and args[0].startswith("-") and args[0] != "--" and len(args[0]) > 1:
        signum = _signal_number(args[0][1:])
        args = args[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        raise Fatal("you need to specify whom to kill")
    failures = 0
    for pid_text in args:
        if not re.fullmatch(r"-?\d+", pid_text):
            raise Fatal(f"invalid number '{pid_text}'")
        if not _deliver(proc, int(pid_text), signum):
            error(proc, f"can't kill pid {pid_text}: No such process")
            failures += 1
    return failures


def _deliver(proc: Process, pid: int, signum: int) -> bool:
    """Hand the signal to the engine when it offers a process table (`services.kill`); a
    container without one has no other processes, so every pid is missing."""
    deliver = getattr(proc.host.services, "kill", None)
    return bool(deliver and deliver(pid, signum))


def _signal_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    name = text.upper().removeprefix("SIG")
    if name not in SIGNALS:
        raise Fatal(f"bad signal name '{text}'")
    return SIGNALS[name]


def _list_signals(proc: Process, names: list[str]) -> int:
    if not names:
        proc.out("".join(f"{n:2d}) {SIGNAL_NAMES[n]}\n" for n in sorted(SIGNAL_NAMES)))
        return 0
    for name in names:
        if name.isdigit():
            signame = SIGNAL_NAMES.get(int(name) & 0x7F)
            if signame is None:
                raise Fatal(f"bad signal name '{name}'")
            proc.out(signame + "\n")
        else:
            proc.out(f"{_signal_number(name)}\n")
    return 0
