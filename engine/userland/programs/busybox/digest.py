"""Checksums and encodings: md5sum, sha1sum, sha256sum, sha512sum, sha3sum (with -c), base64."""
from __future__ import annotations

import base64 as b64
import binascii
import hashlib
import re

from ...process import Process
from .common import Fatal, error, read_operand, strerror
from .numbers import parse_int
from .options import UsageError, parse

ALGORITHMS = {"md5sum": "md5", "sha1sum": "sha1", "sha256sum": "sha256", "sha512sum": "sha512"}
ALPHABET = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
SHA3_BITS = {"224": "sha3_224", "256": "sha3_256", "384": "sha3_384", "512": "sha3_512"}


def _digest_of(proc: Process, name: str, algorithm: str, verb: str) -> str | None:
    try:
        data = read_operand(proc, name)
    except IsADirectoryError as e:
        error(proc, f"can't read '{name}': {strerror(e)}")
        return None
    except OSError as e:
        error(proc, f"can't {verb} '{name}': {strerror(e)}")
        return None
    return hashlib.new(algorithm, data).hexdigest()


def checksum(proc: Process) -> int:
    name = proc.prog
    if name == "sha3sum":
        opts, files = parse(proc.argv[1:], "bcswta:")
        bits = opts.value("a", "224")
        if bits not in SHA3_BITS:
            raise Fatal(f"bad -a{bits}")
        algorithm = SHA3_BITS[bits]
    else:
        opts, files = parse(proc.argv[1:], "bcswt")
        algorithm = ALGORITHMS[name]
    if "c" in opts:
        return _check(proc, opts, files or ["-"], algorithm)
    status = 0
    for f in files or ["-"]:
        digest = _digest_of(proc, f, algorithm, "open")
        if digest is None:
            status = 1
            continue
        proc.out(f"{digest}  {f}\n")
    return status


def _check(proc: Process, opts, lists: list[str], algorithm: str) -> int:
    quiet = "s" in opts
    failed = 0
    total = 0
    for list_name in lists:
        try:
            text = read_operand(proc, list_name).decode("utf-8", "surrogateescape")
        except OSError as e:
            error(proc, f"{list_name}: {strerror(e)}")
            return 1
        for line in text.splitlines():
            total += 1
            m = re.fullmatch(r"(\S+) [ *](.+)", line)
            if not m:
                failed += 1
                if "w" in opts:
                    error(proc, "invalid format")
                continue
            digest = _digest_of(proc, m.group(2), algorithm, "open")
            ok = digest is not None and digest == m.group(1).lower()
            if not ok:
                failed += 1
            if not quiet:
                proc.out(f"{m.group(2)}: {'OK' if ok else 'FAILED'}\n")
    if failed:
        if not quiet:
            error(proc, f"WARNING: {failed} of {total} computed checksums did NOT match")
        return 1
    return 0


def base64(proc: Process) -> int:
    opts, files = parse(proc.argv[1:], "dw:")
    if len(files) > 1:
        raise UsageError()
    try:
        data = read_operand(proc, files[0] if files else "-")
    except OSError as e:
        raise Fatal(f"{files[0]}: {strerror(e)}") from None
    if "d" in opts:
        return _decode(proc, data)
    width = parse_int(opts.value("w", "76"))
    text = b64.b64encode(data)
    if width:
        text = b"".join(text[i:i + width] + b"\n" for i in range(0, len(text), width))
    proc.out(text)  # -w 0: one line, and no newline after it
    return 0


def _decode(proc: Process, data: bytes) -> int:
    """Characters outside the alphabet (newlines included) are skipped; decoding stops after a
    padded group, and anything left over is `truncated input`."""
    text = bytes(c for c in data if c in ALPHABET)
    out = bytearray()
    i = 0
    while i + 4 <= len(text):
        group = text[i:i + 4]
        i += 4
        try:
            out += b64.b64decode(group)
        except binascii.Error:
            i -= 4
            break
        if b"=" in group:
            break
    proc.out(bytes(out))
    if i < len(text):
        raise Fatal("truncated input")
    return 0
