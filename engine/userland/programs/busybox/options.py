"""Command-line options the way busybox's getopt32 reads them (GNU getopt_long underneath).

Options and operands may be mixed (`ls dir -l`) unless the applet asks to stop at the first
operand (`env`, `xargs`, `timeout` hand the rest to another program); `--` ends the options; an
option's argument may be attached (`-n5`) or follow (`-n 5`); long options may be abbreviated to
any unambiguous prefix (`--col` is `--color`). A bad option raises `UsageError` with getopt's
wording, and the dispatcher prints it followed by the applet's usage (status 1).
"""
from __future__ import annotations


class UsageError(Exception):
    """A command line the applet cannot accept: print `message` (if any), then the usage; exit 1."""

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message


class Options:
    """The options seen, in order. A flag's value is None; an option with an argument keeps each one."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str | None]] = []

    def __contains__(self, opt: str) -> bool:
        return any(o == opt for o, _ in self.seen)

    def count(self, opt: str) -> int:
        return sum(1 for o, _ in self.seen if o == opt)

    def value(self, opt: str, default: str | None = None) -> str | None:
        """The argument of the last `opt` given (later options win, as in busybox)."""
        for o, v in reversed(self.seen):
            if o == opt:
                return v
        return default

    def values(self, opt: str) -> list[str]:
        return [v for o, v in self.seen if o == opt and v is not None]

    def last_of(self, *opts: str) -> str | None:
        """Which of mutually overriding options came last (`ls -1 -C`: -C)."""
        for o, _ in reversed(self.seen):
            if o in opts:
                return o
        return None


def _short_table(spec: str) -> dict[str, bool | None]:
    """'ld:I::' -> {'l': False, 'd': True, 'I': None}: True takes an argument, None an optional one
    (only when attached: `-Iseconds`)."""
    table: dict[str, bool | None] = {}
    i = 0
    while i < len(spec):
        ch = spec[i]
        if spec[i + 1:i + 3] == "::":
            table[ch], i = None, i + 3
        elif spec[i + 1:i + 2] == ":":
            table[ch], i = True, i + 2
        else:
            table[ch], i = False, i + 1
    return table


def parse(args: list[str], spec: str, long: dict[str, str] | None = None,
          stop_at_operand: bool = False) -> tuple[Options, list[str]]:
    """Split `args` (argv without the program name) into options and operands.

    `spec` lists short options getopt-style ("d:" takes an argument, "I::" an attached optional one). `long` maps a long option
    name to the key it is recorded under (a short letter it is an alias of, or itself); a name
    ending in "=" takes an argument, in "=?" an optional one (`--color[=WHEN]`).
    """
    shorts = _short_table(spec)
    longs = _long_table(long or {})
    opts = Options()
    operands: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            operands.extend(args[i:])
            break
        if arg.startswith("--"):
            i = _take_long(arg, args, i, longs, opts)
        elif arg.startswith("-") and arg != "-":
            i = _take_shorts(arg, args, i, shorts, opts)
        elif stop_at_operand:
            operands.extend(args[i - 1:])
            break
        else:
            operands.append(arg)
    return opts, operands


def _long_table(long: dict[str, str]) -> dict[str, tuple[str, str]]:
    """name -> (key, arity) where arity is '' (none), '=' (required) or '=?' (optional)."""
    table = {}
    for name, key in long.items():
        arity = "=?" if name.endswith("=?") else "=" if name.endswith("=") else ""
        table[name[: len(name) - len(arity)]] = (key, arity)
    return table


def _take_long(arg: str, args: list[str], i: int, longs: dict, opts: Options) -> int:
    name, eq, value = arg[2:].partition("=")
    if name in longs:
        match = name
    else:
        candidates = [n for n in longs if n.startswith(name)]
        if len(candidates) != 1:
            if candidates:
                raise UsageError(f"option '--{name}' is ambiguous")
            raise UsageError(f"unrecognized option '{arg}'")
        match = candidates[0]
    key, arity = longs[match]
    if not arity:
        if eq:
            raise UsageError(f"option '--{match}' doesn't allow an argument")
        opts.seen.append((key, None))
    elif eq or arity == "=?":
        opts.seen.append((key, value if eq else None))
    elif i < len(args):
        opts.seen.append((key, args[i]))
        i += 1
    else:
        raise UsageError(f"option '--{match}' requires an argument")
    return i


def _take_shorts(arg: str, args: list[str], i: int, shorts: dict[str, bool | None], opts: Options) -> int:
    j = 1
    while j < len(arg):
        ch = arg[j]
        j += 1
        if ch not in shorts:
            raise UsageError(f"invalid option -- '{ch}'")
        if shorts[ch] is None:
            opts.seen.append((ch, arg[j:] or None))
            break
        if not shorts[ch]:
            opts.seen.append((ch, None))
            continue
        if j < len(arg):
            opts.seen.append((ch, arg[j:]))
        elif i < len(args):
            opts.seen.append((ch, args[i]))
            i += 1
        else:
            raise UsageError(f"option requires an argument -- '{ch}'")
        break
    return i
