"""awk: pattern scanning and processing, as busybox 1.35 (built without math support) runs it.

    lexer.py   program text -> tokens
    parser.py  tokens -> a tree of tuples (`("binop", "+", a, b)`)
    interp.py  the tree walked over the input records (this module feeds it the operand files)
    values.py  numbers, strings, and input strings that compare as numbers

Data are bytes in the C locale: each byte is one character (they travel as latin-1 strings).
This busybox build has no math library: `^`, `sqrt`, `sin` and the like stop the program with
`Math support is not compiled in`.
"""
from __future__ import annotations

import re

from ....process import Process
from ..common import Fatal, read_operand, strerror
from ..options import UsageError, parse
from .interp import Exit, Interpreter, Next, NextFile, records
from .lexer import Lexer, unescape
from .parser import Parser, Program
from .values import AwkError, StrNum, to_num, to_str, truthy


class MainInput:
    """The records of the operand files in turn (or stdin), handling `var=value` operands."""

    def __init__(self, interp: Interpreter, operands: list[str]):
        self.interp = interp
        self.operands = list(operands)
        self.pending: list[str] = []
        self.used_file = False

    def next_record(self) -> str | None:
        while not self.pending:
            if not self._open_next():
                return None
        return self.pending.pop(0)

    def skip_file(self) -> None:
        self.pending = []

    def _open_next(self) -> bool:
        interp = self.interp
        while self.operands:
            operand = self.operands.pop(0)
            if re.match(r"[A-Za-z_][A-Za-z_0-9]*=", operand):
                name, _, value = operand.partition("=")
                interp.set_var(name, StrNum(unescape(value)))
                continue
            if operand == "":
                continue
            return self._load(operand)
        if not self.used_file:
            return self._load("-")
        return False

    def _load(self, name: str) -> bool:
        interp = self.interp
        self.used_file = True
        try:
            data = read_operand(interp.proc, name)
        except OSError as e:
            raise Fatal(f"{name}: {strerror(e)}") from None
        interp.globals["FILENAME"] = "" if name == "-" else name
        interp.globals["FNR"] = 0.0
        self.pending = records(data.decode("latin-1"), to_str(interp.globals["RS"]))
        return True


def awk(proc: Process) -> int:
    opts, operands = parse(proc.argv[1:], "F:v:f:e:", stop_at_operand=True)
    if "f" in opts:
        texts = []
        for name in opts.values("f"):
            try:
                texts.append(read_operand(proc, name).decode("latin-1"))
            except OSError as e:
                raise Fatal(f"can't open '{name}': {strerror(e)}") from None
        program_text, source = "\n".join(texts), opts.values("f")[0]
    elif "e" in opts:
        program_text, source = "\n".join(opts.values("e")), "cmd. line"
    elif operands:
        program_text, source = operands.pop(0).encode("utf-8", "surrogateescape").decode("latin-1"), "cmd. line"
    else:
        raise UsageError()
    lexer = Lexer(program_text)
    try:
        program = Parser(lexer.run()).program()
    except AwkError as e:
        raise Fatal(f"{source}:{lexer.line}: {e}") from None
    interp = Interpreter(proc, program, source)
    if "F" in opts:
        interp.globals["FS"] = unescape(opts.value("F") or "")
    for assignment in opts.values("v"):
        name, _, value = assignment.partition("=")
        interp.globals[name] = StrNum(unescape(value))
    interp.globals["ENVIRON"] = {k: StrNum(v) for k, v in proc.env.items()}
    interp.globals["ARGV"] = {str(i): StrNum(a) for i, a in enumerate(["awk"] + operands)}
    interp.globals["ARGC"] = float(len(operands) + 1)
    try:
        return _run(interp, program, operands)
    except AwkError as e:
        proc.err(f"awk: {source}:{interp.line}: {e}\n")
        return 1


def _run(interp: Interpreter, program: Program, operands: list[str]) -> int:
    status = 0
    try:
        interp.main_input = MainInput(interp, operands)
        try:
            interp.run_block(program.begin)
            if program.rules or program.end:
                _main_loop(interp, program)
        except Exit as e:
            status = e.status
            interp.exit_status = status
        try:
            interp.run_block(program.end)
        except Exit as e:
            status = e.status
    finally:
        interp.close_all()
    return status


def _main_loop(interp: Interpreter, program: Program) -> None:
    source = interp.main_input
    while True:
        interp.proc.signals.check()
        record = source.next_record()
        if record is None:
            return
        interp.globals["NR"] = to_num(interp.globals["NR"]) + 1
        interp.globals["FNR"] = to_num(interp.globals["FNR"]) + 1
        interp.set_record(record)
        try:
            for index, (pattern, pattern2, body) in enumerate(program.rules):
                if not _selected(interp, index, pattern, pattern2):
                    continue
                if body is None:
                    interp.write(interp.record + to_str(interp.globals["ORS"]), None)
                else:
                    interp.run_block(body)
        except Next:
            continue
        except NextFile:
            source.skip_file()


def _selected(interp: Interpreter, index: int, pattern, pattern2) -> bool:
    if pattern is None:
        return True
    if pattern2 is None:
        return truthy(interp.eval(pattern))
    if not interp.range_active.get(index):
        if not truthy(interp.eval(pattern)):
            return False
        interp.range_active[index] = True
    if truthy(interp.eval(pattern2)):
        interp.range_active[index] = False
    return True
