"""xargs: build command lines from stdin and run them inside the container.

Words are split at blanks and newlines, with '...', "..." and backslash quoting (or at NULs with
-0). Exit status: 123 if a command failed, 124 if one exited 255 (xargs stops there), 126/127
if one could not be run.
"""
from __future__ import annotations

from ... import exec as execmod
from ...process import Process
from .common import Fatal, error, read_operand, strerror
from .numbers import parse_int
from .options import parse

# The most a command line may hold by default (busybox's -s default, from ARG_MAX).
DEFAULT_SIZE = 128 * 1024


def _words(data: bytes, eof: str | None) -> list[str]:
    """Split xargs input into words, honouring quotes and backslashes; stop at the -E word."""
    words: list[str] = []
    word = bytearray()
    in_word = False
    quote = None
    i = 0
    while i < len(data):
        c = data[i:i + 1]
        i += 1
        if quote:
            if c == quote:
                quote = None
            elif c == b"\n":
                raise _unmatched(quote)
            else:
                word += c
            continue
        if c in (b'"', b"'"):
            quote, in_word = c, True
        elif c == b"\\" and i < len(data):
            word += data[i:i + 1]
            in_word = True
            i += 1
        elif c in (b" ", b"\t", b"\n"):
            if in_word:
                text = word.decode("utf-8", "surrogateescape")
                if eof is not None and text == eof:
                    return words
                words.append(text)
                word.clear()
                in_word = False
        else:
            word += c
            in_word = True
    if quote:
        raise _unmatched(quote)
    if in_word:
        text = word.decode("utf-8", "surrogateescape")
        if eof is None or text != eof:
            words.append(text)
    return words


def _unmatched(quote: bytes) -> Fatal:
    return Fatal("unmatched double quote" if quote == b'"' else "unmatched single quote")


def xargs(proc: Process) -> int:
    opts, command = parse(proc.argv[1:], "0a:rtpE:e::I:n:s:P:x", stop_at_operand=True)
    command = command or ["echo"]
    if "p" in opts:
        raise Fatal("can't open '/dev/tty': No such device or address")
    source = opts.value("a", "-")
    try:
        data = read_operand(proc, source)
    except OSError as e:
        raise Fatal(f"can't open '{source}': {strerror(e)}") from None
    eof = opts.value("E") if "E" in opts else (opts.value("e") if "e" in opts else None)
    if "I" in opts:
        lines = [ln.lstrip(b" \t").decode("utf-8", "surrogateescape") for ln in data.split(b"\n") if ln.strip()]
        marker = opts.value("I") or "{}"
        batches = [[a.replace(marker, line) for a in command] for line in lines]
    else:
        if "0" in opts:
            items = [w.decode("utf-8", "surrogateescape") for w in data.split(b"\0") if w]
        else:
            items = _words(data, eof)
        per_command = parse_int(opts.value("n")) if "n" in opts else None
        size = parse_int(opts.value("s")) if "s" in opts else DEFAULT_SIZE
        batches = _batches(command, items, per_command, size)
        if not items and "r" not in opts:
            batches = [list(command)]
    status = 0
    for argv in batches:
        if "t" in opts:
            proc.err(" ".join(argv) + "\n")
        code = _run(proc, argv)
        if code == 255:
            error(proc, f"{argv[0]}: exited with status 255; aborting")
            return 124
        if code >= 126:
            return code
        if code:
            status = 123
    return status


def _batches(command: list[str], items: list[str], per_command: int | None, size: int) -> list[list[str]]:
    """Split the words into command lines of at most -n words and -s bytes (each word counts
    with its terminating NUL, as in the argv the kernel receives)."""
    base = sum(len(a) + 1 for a in command)
    batches: list[list[str]] = []
    current: list[str] = []
    length = base
    for item in items:
        cost = len(item.encode("utf-8", "surrogateescape")) + 1
        if current and ((per_command and len(current) >= per_command) or length + cost > size):
            batches.append(command + current)
            current, length = [], base
        current.append(item)
        length += cost
    if current:
        batches.append(command + current)
    return batches


def _run(proc: Process, argv: list[str]) -> int:
    try:
        return execmod.execute(proc.child(argv))
    except execmod.ExecError as e:
        error(proc, f"{argv[0]}: {strerror(e)}")
        return 127 if e.errno == 2 else 126
