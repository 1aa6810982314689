"""Running an awk program's tree: variables and arrays, fields and records, statements,
expressions, builtins, printf, getline, output redirections and pipes through the shell."""
from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass

from .... import exec as execmod
from ....process import BufferOutput, BytesInput, Process
from ..common import read_operand, strerror
from ..regex import RegexError, translate
from .lexer import MATH
from .parser import Program
from .values import UNINIT, AwkError, StrNum, Uninit, looks_numeric, to_num, to_str, truthy


class Next(Exception):
    pass


class NextFile(Exception):
    pass


class Exit(Exception):
    def __init__(self, status: int):
        self.status = status


class Break(Exception):
    pass


class Continue(Exception):
    pass


class Return(Exception):
    def __init__(self, value):
        self.value = value


@dataclass
class LazyArray:
    """An unset variable passed to a function: becomes an array in the caller if used as one."""
    scope: dict
    name: str


class Interpreter:
    def __init__(self, proc: Process, program: Program, source_name: str):
        self.proc = proc
        self.prog = program
        self.source_name = source_name
        self.line = 1
        self.globals: dict = {"FS": " ", "OFS": " ", "ORS": "\n", "RS": "\n", "NR": 0.0, "FNR": 0.0,
                              "SUBSEP": "\x1c", "OFMT": "%.6g", "CONVFMT": "%.6g", "FILENAME": "",
                              "RSTART": 0.0, "RLENGTH": -1.0}
        self.frames: list[dict] = []
        self.record = ""
        self.fields: list[str] | None = []
        self.nf = 0
        self.range_active: dict[int, bool] = {}
        self.outputs: dict[str, tuple[str, bytearray]] = {}  # name -> (kind, pending pipe input)
        self.readers: dict[str, list[str]] = {}
        self.regex_cache: dict[str, re.Pattern] = {}
        self.main_input = None  # awk()'s MainInput: the records of the operand files
        self.exit_status = 0
        self.rand_seed = 0.0
        self.random = random.Random(0)

    # -- errors
    def fail(self, message: str):
        raise AwkError(message)

    # -- records and fields
    def set_record(self, text: str) -> None:
        self.record = text
        self.fields = None

    def _split_record(self) -> None:
        if self.fields is None:
            self.fields = self.split(self.record, to_str(self.get_var("FS")))
            self.nf = len(self.fields)

    def split(self, text: str, fs: str) -> list[str]:
        if fs == " ":
            return text.split()
        if self.globals.get("RS") == "" and fs != "\n":
            return [f for part in text.split("\n") for f in self.split(part, fs)] if text else []
        if text == "":
            return []
        if len(fs) == 1 and fs != "\\":
            return text.split(fs)
        return self.regex(fs).split(text)

    def get_field(self, n: int) -> str:
        if n < 0:
            self.fail("Access to negative field")
        if n == 0:
            return StrNum(self.record)
        self._split_record()
        return StrNum(self.fields[n - 1]) if n <= self.nf else UNINIT

    def set_field(self, n: int, value: str) -> None:
        if n < 0:
            self.fail("Access to negative field")
        if n == 0:
            self.set_record(value)
            return
        self._split_record()
        while self.nf < n:
            self.fields.append("")
            self.nf += 1
        self.fields[n - 1] = value
        self._rebuild()

    def set_nf(self, n: int) -> None:
        self._split_record()
        self.fields = (self.fields + [""] * n)[:n]
        self.nf = n
        self._rebuild()

    def _rebuild(self) -> None:
        self.record = to_str(self.get_var("OFS")).join(self.fields)

    # -- variables
    def _scope_of(self, name: str) -> dict:
        if self.frames and name in self.frames[-1]:
            return self.frames[-1]
        return self.globals

    def get_var(self, name: str):
        if name == "NF":
            self._split_record()
            return float(self.nf)
        value = self._scope_of(name).get(name, UNINIT)
        if isinstance(value, (dict, LazyArray)):
            return UNINIT  # busybox lets an array be read as a scalar: it is empty
        return value

    def set_var(self, name: str, value) -> None:
        if name == "NF":
            self.set_nf(int(to_num(value)))
            return
        self._scope_of(name)[name] = value

    def array(self, name: str) -> dict:
        scope = self._scope_of(name)
        value = scope.get(name)
        if isinstance(value, dict):
            return value
        if isinstance(value, LazyArray):
            arr = value.scope.get(value.name)
            if not isinstance(arr, dict):
                arr = {}
                value.scope[value.name] = arr
            scope[name] = arr
            return arr
        arr = {}
        scope[name] = arr
        return arr

    def key(self, subscript: list) -> str:
        return to_str(self.globals["SUBSEP"]).join(self.str_of(self.eval(e)) for e in subscript)

    def str_of(self, v) -> str:
        return to_str(v, "%.6g")

    def regex(self, pattern: str) -> re.Pattern:
        rx = self.regex_cache.get(pattern)
        if rx is None:
            try:
                translated = translate(pattern.encode("latin-1", "replace"), extended=True).decode("latin-1")
                rx = re.compile(translated, re.DOTALL | re.ASCII)
            except (RegexError, re.error):
                self.fail(f"bad regex '{pattern}'")
            self.regex_cache[pattern] = rx
        return rx

    def _regex_of(self, node) -> re.Pattern:
        if node[0] == "regex":
            return self.regex(node[1])
        return self.regex(self.str_of(self.eval(node)))

    # -- statements
    def run_block(self, stmts: list) -> None:
        for stmt in stmts:
            self.execute(stmt)

    def execute(self, stmt) -> None:
        kind = stmt[0]
        if kind == "line":
            self.line = stmt[1]
            self.execute(stmt[2])
        elif kind == "expr":
            self.eval(stmt[1])
        elif kind in ("print", "printf"):
            self._print(stmt)
        elif kind == "block":
            self.run_block(stmt[1])
        elif kind == "if":
            if truthy(self.eval(stmt[1])):
                self.execute(stmt[2])
            elif stmt[3] is not None:
                self.execute(stmt[3])
        elif kind == "while":
            while truthy(self.eval(stmt[1])):
                self.proc.signals.check()
                try:
                    self.execute(stmt[2])
                except Break:
                    break
                except Continue:
                    continue
        elif kind == "do":
            while True:
                self.proc.signals.check()
                try:
                    self.execute(stmt[1])
                except Break:
                    break
                except Continue:
                    pass
                if not truthy(self.eval(stmt[2])):
                    break
        elif kind == "for":
            _, init, cond, step, body = stmt
            if init is not None:
                self.execute(init)
            while cond is None or truthy(self.eval(cond)):
                self.proc.signals.check()
                try:
                    self.execute(body)
                except Break:
                    break
                except Continue:
                    pass
                if step is not None:
                    self.execute(step)
        elif kind == "forin":
            _, var, name, body = stmt
            for k in list(self.array(name)):
                self.set_var(var, StrNum(k))
                try:
                    self.execute(body)
                except Break:
                    break
                except Continue:
                    continue
        elif kind == "break":
            raise Break()
        elif kind == "continue":
            raise Continue()
        elif kind == "next":
            raise Next()
        elif kind == "nextfile":
            raise NextFile()
        elif kind == "exit":
            raise Exit(int(to_num(self.eval(stmt[1]))) if stmt[1] is not None else self.exit_status)
        elif kind == "return":
            raise Return(self.eval(stmt[1]) if stmt[1] is not None else UNINIT)
        elif kind == "delete":
            arr = self.array(stmt[1])
            if stmt[2] is None:
                arr.clear()
            else:
                arr.pop(self.key(stmt[2]), None)

    def _print(self, stmt) -> None:
        kind, args, redirect = stmt
        if kind == "print":
            ofmt, ofs = to_str(self.globals["OFMT"]), to_str(self.globals["OFS"])
            pieces: list[str] = []
            try:
                for n, arg in enumerate(args or [("field", ("num", 0.0))]):
                    pieces.append((ofs if n else "") + to_str(self.eval(arg), ofmt))
            except AwkError:
                if redirect is None:  # busybox has printed the values before the failing one
                    self.write("".join(pieces) + (ofs if pieces else ""), None)
                raise
            text = "".join(pieces) + to_str(self.globals["ORS"])
        else:
            if not args:
                self.fail("Unexpected token")
            values = [self.eval(a) for a in args]
            text = self.sprintf(self.str_of(values[0]), values[1:])
        self.write(text, redirect)

    def write(self, text: str, redirect) -> None:
        data = text.encode("latin-1", "replace")
        if redirect is None:
            self.proc.out(data)
            return
        kind, target_node = redirect
        target = self.str_of(self.eval(target_node))
        if kind == "|":
            self.outputs.setdefault(target, ("|", bytearray()))[1].extend(data)
            return
        if target in ("/dev/stdout", "-"):
            self.proc.out(data)
        elif target == "/dev/stderr":
            self.proc.err(data)
        else:
            path = self.proc.abspath(target)
            first = target not in self.outputs
            if first:
                self.outputs[target] = (kind, bytearray())
            try:
                self.proc.fs.write_bytes(path, data, append=not first or kind == ">>", uid=self.proc.uid,
                                         gid=self.proc.gid)
            except OSError as e:
                self.fail(f"{target}: {strerror(e)}")

    def close(self, name: str) -> int:
        entry = self.outputs.pop(name, None)
        self.readers.pop(name, None)
        if entry and entry[0] == "|":
            return self.run_command(name, bytes(entry[1]), capture=False)[0]
        return 0 if entry else -1

    def close_all(self) -> None:
        for name in list(self.outputs):
            self.close(name)

    def run_command(self, command: str, stdin: bytes = b"", capture: bool = True) -> tuple[int, bytes]:
        out = BufferOutput() if capture else self.proc.stdout
        child = self.proc.child(["sh", "-c", command], stdin=BytesInput(stdin), stdout=out)
        try:
            status = execmod.execute(child)
        except execmod.ExecError:
            status = 127
        return status, out.getvalue() if capture else b""

    # -- expressions
    def eval(self, node):
        kind = node[0]
        if kind == "num":
            return node[1]
        if kind == "str":
            return node[1]
        if kind == "regex":
            return float(self.regex(node[1]).search(self.record) is not None)
        if kind == "paren":
            return self.eval(node[1])
        if kind == "var":
            return self.get_var(node[1])
        if kind == "field":
            return self.get_field(int(to_num(self.eval(node[1]))))
        if kind == "index":
            arr = self.array(node[1])
            k = self.key(node[2])
            if k not in arr:
                arr[k] = UNINIT
            return arr[k]
        if kind == "assign":
            return self._assign(node)
        if kind == "cond":
            return self.eval(node[2]) if truthy(self.eval(node[1])) else self.eval(node[3])
        if kind == "or":
            return float(truthy(self.eval(node[1])) or truthy(self.eval(node[2])))
        if kind == "and":
            return float(truthy(self.eval(node[1])) and truthy(self.eval(node[2])))
        if kind == "in":
            return float(self.key(node[1]) in self.array(node[2]))
        if kind == "match":
            text = self.str_of(self.eval(node[2]))
            found = self._regex_of(node[3]).search(text) is not None
            return float(found != node[1])
        if kind == "compare":
            return self._compare(node)
        if kind == "concat":
            return self.str_of(self.eval(node[1])) + self.str_of(self.eval(node[2]))
        if kind == "binop":
            return self._arith(node[1], to_num(self.eval(node[2])), to_num(self.eval(node[3])))
        if kind == "not":
            return float(not truthy(self.eval(node[1])))
        if kind == "neg":
            return -to_num(self.eval(node[1]))
        if kind == "plus":
            return to_num(self.eval(node[1]))
        if kind == "pow":
            self.fail("Math support is not compiled in")
        if kind == "preincr":
            value = to_num(self.eval(node[2])) + (1 if node[1] == "++" else -1)
            self.store(node[2], value)
            return value
        if kind == "postincr":
            old = to_num(self.eval(node[2]))
            self.store(node[2], old + (1 if node[1] == "++" else -1))
            return old
        if kind == "call":
            return self.call(node[1], node[2])
        if kind == "builtin":
            return self.builtin(node[1], node[2])
        if kind == "getline":
            return self.getline(node[1], node[2])
        if kind == "getline_cmd":
            return self.getline_command(self.str_of(self.eval(node[1])), node[2])
        if kind == "group":
            self.fail("Unexpected token")
        raise AwkError("Unexpected token")

    def store(self, target, value) -> None:
        kind = target[0]
        if kind == "var":
            self.set_var(target[1], value)
        elif kind == "index":
            self.array(target[1])[self.key(target[2])] = value
        elif kind == "field":
            self.set_field(int(to_num(self.eval(target[1]))), self.str_of(value))

    def _assign(self, node):
        _, op, target, value_node = node
        value = self.eval(value_node)
        if op == "=":
            if isinstance(value, Uninit):
                value = UNINIT
            self.store(target, value)
            return value
        current = to_num(self.eval(target))
        if op in ("^=", "**="):
            self.fail("Math support is not compiled in")
        result = self._arith(op[0], current, to_num(value))
        self.store(target, result)
        return result

    def _arith(self, op: str, a: float, b: float) -> float:
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if b == 0:
            self.fail("Division by zero")
        if op == "/":
            return a / b
        return a - b * int(a / b)  # fmod: the sign follows the dividend

    def _compare(self, node) -> float:
        _, op, left_node, right_node = node
        a, b = self.eval(left_node), self.eval(right_node)
        if looks_numeric(a) and looks_numeric(b):
            x, y = to_num(a), to_num(b)
        else:
            x, y = self.str_of(a), self.str_of(b)
        return float({"<": x < y, "<=": x <= y, "==": x == y, "!=": x != y, ">": x > y, ">=": x >= y}[op])

    # -- functions
    def call(self, name: str, args: list):
        fn = self.prog.functions.get(name)
        if fn is None:
            self.fail("Call to undefined function")
        frame: dict = {}
        for i, param in enumerate(fn.params):
            if i < len(args):
                arg = args[i]
                if arg[0] == "var":
                    scope = self._scope_of(arg[1])
                    current = scope.get(arg[1], UNINIT)
                    if isinstance(current, (dict, LazyArray)):
                        frame[param] = current
                        continue
                    if isinstance(current, Uninit):
                        frame[param] = LazyArray(scope, arg[1])
                        continue
                frame[param] = self.eval(arg)
            else:
                frame[param] = UNINIT
        if len(self.frames) > 1000:
            self.fail("Recursion too deep")
        self.frames.append(frame)
        try:
            self.run_block(fn.body)
        except Return as r:
            return r.value
        finally:
            self.frames.pop()
        return UNINIT

    # -- builtins
    def builtin(self, name: str, args: list):
        if name in MATH:
            self.fail("Math support is not compiled in")
        if name == "length":
            if not args:
                return float(len(self.record))
            if args[0][0] == "var" and isinstance(self._scope_of(args[0][1]).get(args[0][1]), dict):
                return float(len(self.array(args[0][1])))
            return float(len(self.str_of(self.eval(args[0]))))
        if name == "substr":
            text = self.str_of(self.eval(args[0]))
            start = max(int(to_num(self.eval(args[1]))), 1)  # busybox moves a start before 1 up to 1
            length = int(to_num(self.eval(args[2]))) if len(args) > 2 else len(text)
            return text[start - 1:start - 1 + max(length, 0)]
        if name == "index":
            text, needle = self.str_of(self.eval(args[0])), self.str_of(self.eval(args[1]))
            return float(text.find(needle) + 1) if needle else 0.0
        if name == "split":
            text = self.str_of(self.eval(args[0]))
            arr = self.array(args[1][1])
            arr.clear()
            if len(args) > 2:
                sep = args[2]
                parts = self._regex_of(sep).split(text) if sep[0] == "regex" and text else \
                    self.split(text, self.str_of(self.eval(sep)))
            else:
                parts = self.split(text, to_str(self.get_var("FS")))
            for i, part in enumerate(parts, 1):
                arr[str(i)] = StrNum(part)
            return float(len(parts))
        if name in ("sub", "gsub"):
            return self._substitute(name == "gsub", args)
        if name == "match":
            text = self.str_of(self.eval(args[0]))
            m = self._regex_of(args[1]).search(text)
            self.globals["RSTART"] = float(m.start() + 1) if m else 0.0
            self.globals["RLENGTH"] = float(m.end() - m.start()) if m else -1.0
            return self.globals["RSTART"]
        if name == "sprintf":
            values = [self.eval(a) for a in args]
            return self.sprintf(self.str_of(values[0]), values[1:]) if values else ""
        if name == "int":
            return float(int(to_num(self.eval(args[0]))))
        if name == "tolower":
            return self.str_of(self.eval(args[0])).lower()
        if name == "toupper":
            return self.str_of(self.eval(args[0])).upper()
        if name == "system":
            status, _ = self.run_command(self.str_of(self.eval(args[0])), capture=False)
            return float(status)
        if name == "close":
            return float(self.close(self.str_of(self.eval(args[0]))))
        if name == "srand":
            previous = self.rand_seed
            self.rand_seed = to_num(self.eval(args[0])) if args else float(int(time.time()))
            self.random.seed(self.rand_seed)
            return previous
        if name == "rand":
            return self.random.random()
        return 0.0  # fflush: output is never buffered here

    def _substitute(self, global_: bool, args: list) -> float:
        rx = self._regex_of(args[0])
        replacement = self.str_of(self.eval(args[1]))
        target = args[2] if len(args) > 2 else ("field", ("num", 0.0))
        text = self.str_of(self.eval(target))
        out = []
        done = pos = count = 0
        prev_end = -1
        while pos <= len(text):
            m = rx.search(text, pos)
            if m is None:
                break
            start, end = m.span()
            if start == end == prev_end:
                pos = start + 1
                continue
            out.append(text[done:start])
            out.append(_expand_ampersand(replacement, m.group(0)))
            done = end
            count += 1
            prev_end = end
            pos = end if end > start else end + 1
            if not global_:
                break
        if count:
            out.append(text[done:])
            self.store(target, "".join(out))
        return float(count)

    def sprintf(self, fmt: str, values: list) -> str:
        out = []
        args = iter(values)
        i = 0
        while i < len(fmt):
            c = fmt[i]
            if c != "%":
                out.append(c)
                i += 1
                continue
            m = re.compile(r"%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([a-zA-Z%])").match(fmt, i)
            if not m:
                out.append(fmt[i:])
                break
            i = m.end()
            flags, width, precision, conv = m.groups()
            if conv == "%":
                out.append("%")
                continue
            if width == "*":
                width = str(int(to_num(next(args, 0.0))))
            if precision == "*":
                precision = str(int(to_num(next(args, 0.0))))
            spec = "%" + flags + (width or "") + ("." + precision if precision is not None else "")
            value = next(args, UNINIT)
            out.append(_format_one(spec, conv, value))
        return "".join(out)

    # -- input
    def getline(self, target, source_node) -> float:
        if source_node is None:
            record = self.main_input.next_record() if self.main_input else None
            if record is None:
                return 0.0
            self.globals["NR"] = to_num(self.globals["NR"]) + 1
            self.globals["FNR"] = to_num(self.globals["FNR"]) + 1
        else:
            name = self.str_of(self.eval(source_node))
            lines = self.readers.get(name)
            if lines is None:
                try:
                    data = read_operand(self.proc, "-" if name in ("-", "/dev/stdin") else name)
                except OSError:
                    return -1.0
                lines = self.readers[name] = records(data.decode("latin-1"), to_str(self.globals["RS"]))
            if not lines:
                return 0.0
            record = lines.pop(0)
        self._set_target(target, record)
        return 1.0

    def getline_command(self, command: str, target) -> float:
        lines = self.readers.get(command)
        if lines is None:
            _, data = self.run_command(command)
            lines = self.readers[command] = records(data.decode("latin-1"), to_str(self.globals["RS"]))
        if not lines:
            return 0.0
        self.globals["NR"] = to_num(self.globals["NR"]) + 1
        self._set_target(target, lines.pop(0))
        return 1.0

    def _set_target(self, target, record: str) -> None:
        if target is None:
            self.set_record(record)
        else:
            self.store(target, StrNum(record))


def _expand_ampersand(replacement: str, matched: str) -> str:
    out = []
    i = 0
    while i < len(replacement):
        c = replacement[i]
        if c == "\\" and i + 1 < len(replacement) and replacement[i + 1] in "&\\":
            out.append(replacement[i + 1])
            i += 2
            continue
        out.append(matched if c == "&" else c)
        i += 1
    return "".join(out)


def _format_one(spec: str, conv: str, value) -> str:
    if conv == "c":
        if isinstance(value, float):
            return (spec + "s") % chr(int(value) & 0xFF)
        text = to_str(value)
        return (spec + "s") % (text[:1] or "\0")
    if conv in "di":
        return (spec + "d") % int(to_num(value))
    if conv in "oxXu":
        n = int(to_num(value))
        if n < 0:
            n &= 0xFFFFFFFF  # busybox prints these as C unsigned ints
        return (spec + ("d" if conv == "u" else conv)) % n
    if conv in "eEfFgG":
        return (spec + conv) % to_num(value)
    if conv == "s":
        return (spec + "s") % to_str(value)
    return spec + conv


def records(text: str, rs: str) -> list[str]:
    """The records of `text` split at RS: a character, or blank lines when RS is empty."""
    if rs == "":  # paragraph mode: blank lines separate records (a final newline stays in the last)
        return [p for p in re.split(r"\n\n+", text.lstrip("\n")) if p]
    sep = rs[:1] or "\n"
    parts = text.split(sep)
    if parts and parts[-1] == "":
        parts.pop()
    return parts
