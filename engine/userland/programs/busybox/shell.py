"""Applets the shell also has as builtins: one implementation, the shell's, serves both.

`sh`/`ash` is the shell itself. `echo`, `printf` and `test`/`[`/`[[` are written once in the
shell's builtins module; running `/bin/echo` (from `find -exec`, `xargs`, an exec-form CMD) reaches
the same code. The shell package is imported when first needed.
"""
from __future__ import annotations

from ...process import Process


def sh(proc: Process) -> int:
    from ...sh import main as sh_main

    return sh_main(proc)


def echo(proc: Process) -> int:
    from ...sh.builtins import echo as builtin

    return builtin(proc)


def printf(proc: Process) -> int:
    from ...sh.builtins import printf as builtin

    return builtin(proc)


def test(proc: Process) -> int:
    from ...sh.builtins import test as builtin

    return builtin(proc)


def true(proc: Process) -> int:
    return 0


def false(proc: Process) -> int:
    return 1
