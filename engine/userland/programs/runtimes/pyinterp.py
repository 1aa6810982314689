"""A small, safe Python: the subset of the language course programs use, run over Python's own `ast`.

The simulated `python` image runs a script by walking its syntax tree here — never by `exec` —
so a program can only do what this evaluator lets it: compute with Python's values (numbers,
strings, lists, dicts, their public methods), define and call functions, and reach the world
only through the simulated modules (`os`, `time`, `flask`, ...) that go through the container's
filesystem and the process's streams. What falls outside the subset (classes, generators, ...)
stops the program with an honest `Unsupported` message rather than a wrong answer.

Errors inside the program are real Python exception objects (ZeroDivisionError from `1/0`,
NameError for an unknown name), carried with their frames so the traceback reads as CPython's.
"""
from __future__ import annotations

import ast
import operator
from dataclasses import dataclass, field

MAX_STEPS_BETWEEN_CHECKS = 2000  # statements between checks for a signal (docker stop, Ctrl-C)
SAFE_TYPES = (str, int, float, complex, bool, list, dict, tuple, set, frozenset, bytes, bytearray, range,
              type(None), slice)

BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
          ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow,
          ast.LShift: operator.lshift, ast.RShift: operator.rshift, ast.BitOr: operator.or_,
          ast.BitXor: operator.xor, ast.BitAnd: operator.and_, ast.MatMult: operator.matmul}
UNARY = {ast.UAdd: operator.pos, ast.USub: operator.neg, ast.Not: operator.not_, ast.Invert: operator.invert}
COMPARE = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
           ast.Gt: operator.gt, ast.GtE: operator.ge, ast.Is: operator.is_, ast.IsNot: operator.is_not,
           ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b}
VALUE_MODULES = ("datetime", "re", "collections", "time", "json.decoder")  # values of the pure modules
MAX_POWER = 10 ** 6  # keep `9**9**9` from freezing the engine; CPython would take minutes too


class Unsupported(Exception):
    """A construct the simulated Python does not run."""

    def __init__(self, what: str, node: ast.AST | None = None):
        super().__init__(what)
        self.what = what
        self.line = getattr(node, "lineno", 0)


@dataclass
class Frame:
    filename: str
    name: str  # "<module>" or the function's name
    node: ast.AST | None = None  # where it is now


class Thrown(Exception):
    """A Python exception raised in the program, with the frames it passed through."""

    def __init__(self, exc: BaseException, frames: list[Frame]):
        super().__init__(exc)
        self.exc = exc
        self.frames = frames


class SystemExitRequest(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


class _Return(Exception):
    def __init__(self, value):
        self.value = value


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


@dataclass
class Scope:
    values: dict
    parent: "Scope | None" = None
    globals_: set = field(default_factory=set)
    nonlocals: set = field(default_factory=set)

    def lookup(self, name: str):
        scope = self
        while scope is not None:
            if name in scope.values:
                return scope.values[name]
            scope = scope.parent
        raise KeyError(name)

    def module(self) -> "Scope":
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope

    def assign(self, name: str, value) -> None:
        if name in self.globals_:
            self.module().values[name] = value
            return
        if name in self.nonlocals:
            scope = self.parent
            while scope is not None and name not in scope.values:
                scope = scope.parent
            (scope or self).values[name] = value
            return
        self.values[name] = value


class Function:
    """A function defined by the program; callable from real builtins too (`sorted(key=...)`)."""

    def __init__(self, interp: "Interpreter", node, scope: Scope, filename: str, defaults: list, kw_defaults: list):
        self.interp, self.node, self.scope, self.filename = interp, node, scope, filename
        self.defaults, self.kw_defaults = defaults, kw_defaults
        self.__name__ = getattr(node, "name", "<lambda>")

    def __call__(self, *args, **kwargs):
        return self.interp.call_function(self, list(args), kwargs)

    def __repr__(self) -> str:
        return f"<function {self.__name__} at 0x7f3a1c2b4d60>"


class Namespace:
    """A simulated module or object: attributes from a dict, nothing else reachable."""

    def __init__(self, name: str, attrs: dict):
        self.__dict__["_name"] = name
        self.__dict__["_attrs"] = attrs

    def get(self, attr: str):
        if attr in self._attrs:
            return self._attrs[attr]
        raise AttributeError(f"module '{self._name}' has no attribute '{attr}'")

    def set(self, attr: str, value) -> None:
        self._attrs[attr] = value

    def __repr__(self) -> str:
        return f"<module '{self._name}'>"


class Interpreter:
    """Runs one program: a module's statements, and the functions it defines."""

    def __init__(self, host):
        """`host` provides what the program can reach: `host.builtins` (name -> value),
        `host.import_module(name, node)` -> Namespace, `host.check()` between statements."""
        self.host = host
        self.frames: list[Frame] = []
        self.steps = 0

    # -- entry points
    def run_module(self, tree: ast.Module, filename: str, scope: Scope) -> None:
        self.frames.append(Frame(filename, "<module>"))
        try:
            self.exec_block(tree.body, scope)
        finally:
            self.frames.pop()

    def eval_interactive(self, tree: ast.Module, filename: str, scope: Scope):
        """The REPL: run statements; return the value of a final expression statement (or None)."""
        self.frames.append(Frame(filename, "<module>"))
        try:
            result = None
            for stmt in tree.body:
                result = None
                if isinstance(stmt, ast.Expr):
                    self.frames[-1].node = stmt
                    result = self.eval(stmt.value, scope)
                else:
                    self.exec_stmt(stmt, scope)
            return result
        finally:
            self.frames.pop()

    # -- statements
    def exec_block(self, body: list, scope: Scope) -> None:
        for stmt in body:
            self.exec_stmt(stmt, scope)

    def exec_stmt(self, node: ast.stmt, scope: Scope) -> None:
        self.frames[-1].node = node
        self.steps += 1
        if self.steps >= MAX_STEPS_BETWEEN_CHECKS:
            self.steps = 0
            self.host.check()
        method = getattr(self, "_stmt_" + type(node).__name__, None)
        if method is None:
            raise Unsupported(_describe(node), node)
        method(node, scope)

    def _stmt_Expr(self, node, scope):
        self.eval(node.value, scope)

    def _stmt_Pass(self, node, scope):
        pass

    def _stmt_Assign(self, node, scope):
        value = self.eval(node.value, scope)
        for target in node.targets:
            self.assign(target, value, scope)

    def _stmt_AnnAssign(self, node, scope):
        if node.value is not None:
            self.assign(node.target, self.eval(node.value, scope), scope)

    def _stmt_AugAssign(self, node, scope):
        current = self.eval(_as_load(node.target), scope)
        value = self._apply(node, BINARY[type(node.op)], current, self.eval(node.value, scope))
        self.assign(node.target, value, scope)

    def _stmt_If(self, node, scope):
        self.exec_block(node.body if self.eval(node.test, scope) else node.orelse, scope)

    def _stmt_While(self, node, scope):
        while self.eval(node.test, scope):
            try:
                self.exec_block(node.body, scope)
            except _Break:
                return
            except _Continue:
                continue
            self.host.check()
        self.exec_block(node.orelse, scope)

    def _stmt_For(self, node, scope):
        iterable = self.eval(node.iter, scope)
        for item in self._guard(node.iter, lambda: iter(iterable)):
            self.assign(node.target, item, scope)
            try:
                self.exec_block(node.body, scope)
            except _Break:
                return
            except _Continue:
                continue
        self.exec_block(node.orelse, scope)

    def _stmt_Break(self, node, scope):
        raise _Break()

    def _stmt_Continue(self, node, scope):
        raise _Continue()

    def _stmt_Return(self, node, scope):
        raise _Return(self.eval(node.value, scope) if node.value is not None else None)

    def _stmt_FunctionDef(self, node, scope):
        defaults = [self.eval(d, scope) for d in node.args.defaults]
        kw_defaults = [self.eval(d, scope) if d is not None else _MISSING for d in node.args.kw_defaults]
        fn = Function(self, node, scope, self.frames[-1].filename, defaults, kw_defaults)
        for decorator in reversed(node.decorator_list):
            fn = self.call(decorator, self.eval(decorator, scope), [fn], {})
        scope.assign(node.name, fn)

    def _stmt_Global(self, node, scope):
        scope.globals_.update(node.names)

    def _stmt_Nonlocal(self, node, scope):
        scope.nonlocals.update(node.names)

    def _stmt_Delete(self, node, scope):
        for target in node.targets:
            if isinstance(target, ast.Name):
                scope.values.pop(target.id, None)
            elif isinstance(target, ast.Subscript):
                container = self.eval(target.value, scope)
                key = self.eval(target.slice, scope)
                self._guard(target, lambda: container.__delitem__(key))
            else:
                raise Unsupported("del of an attribute", node)

    def _stmt_Assert(self, node, scope):
        if not self.eval(node.test, scope):
            message = self.eval(node.msg, scope) if node.msg is not None else None
            self.throw(AssertionError(message) if message is not None else AssertionError(), node)

    def _stmt_Raise(self, node, scope):
        if node.exc is None:
            raise Unsupported("a bare raise", node)
        exc = self.eval(node.exc, scope)
        if isinstance(exc, type) and issubclass(exc, BaseException):
            exc = exc()
        if not isinstance(exc, BaseException):
            self.throw(TypeError("exceptions must derive from BaseException"), node)
        self.throw(exc, node)

    def _stmt_Try(self, node, scope):
        try:
            self.exec_block(node.body, scope)
        except Thrown as thrown:
            for handler in node.handlers:
                wanted = self.eval(handler.type, scope) if handler.type is not None else BaseException
                if isinstance(thrown.exc, wanted):
                    if handler.name:
                        scope.assign(handler.name, thrown.exc)
                    self.exec_block(handler.body, scope)
                    break
            else:
                raise
        else:
            self.exec_block(node.orelse, scope)
        finally:
            self.exec_block(node.finalbody, scope)

    def _stmt_With(self, node, scope):
        managers = []
        for item in node.items:
            manager = self.eval(item.context_expr, scope)
            if not hasattr(manager, "__enter__") or isinstance(manager, SAFE_TYPES):
                self.throw(TypeError(f"'{type(manager).__name__}' object does not support the context manager "
                                     f"protocol"), item.context_expr)
            value = manager.__enter__()
            managers.append(manager)
            if item.optional_vars is not None:
                self.assign(item.optional_vars, value, scope)
        try:
            self.exec_block(node.body, scope)
        finally:
            for manager in reversed(managers):
                manager.__exit__(None, None, None)

    def _stmt_Import(self, node, scope):
        for alias in node.names:
            module = self.host.import_module(alias.name, node)
            if alias.asname:
                scope.assign(alias.asname, module)
            else:
                scope.assign(alias.name.split(".")[0], self.host.import_module(alias.name.split(".")[0], node))

    def _stmt_ImportFrom(self, node, scope):
        if node.level:
            raise Unsupported("a relative import", node)
        module = self.host.import_module(node.module, node)
        for alias in node.names:
            if alias.name == "*":
                raise Unsupported("import *", node)
            try:
                value = module.get(alias.name)
            except AttributeError:
                try:
                    value = self.host.import_module(f"{node.module}.{alias.name}", node)
                except Thrown:
                    self.throw(ImportError(f"cannot import name '{alias.name}' from '{node.module}'"), node)
            scope.assign(alias.asname or alias.name, value)

    # -- assignment targets
    def assign(self, target, value, scope: Scope) -> None:
        if isinstance(target, ast.Name):
            scope.assign(target.id, value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            items = self._guard(target, lambda: list(value))
            starred = [i for i, t in enumerate(target.elts) if isinstance(t, ast.Starred)]
            if starred:
                i = starred[0]
                after = len(target.elts) - i - 1
                parts = items[:i] + [items[i:len(items) - after]] + items[len(items) - after:]
                targets = [t.value if isinstance(t, ast.Starred) else t for t in target.elts]
            else:
                if len(items) != len(target.elts):
                    few = len(items) < len(target.elts)
                    self.throw(ValueError(f"not enough values to unpack (expected {len(target.elts)}, got {len(items)})"
                                          if few else f"too many values to unpack (expected {len(target.elts)})"),
                               target)
                parts, targets = items, target.elts
            for t, v in zip(targets, parts):
                self.assign(t, v, scope)
        elif isinstance(target, ast.Subscript):
            container = self.eval(target.value, scope)
            key = self.eval(target.slice, scope)
            if not isinstance(container, (list, dict, bytearray)):
                self.throw(TypeError(f"'{type(container).__name__}' object does not support item assignment"),
                           target)
            self._guard(target, lambda: container.__setitem__(key, value))
        elif isinstance(target, ast.Attribute):
            obj = self.eval(target.value, scope)
            if isinstance(obj, Namespace) and not target.attr.startswith("_"):
                obj.set(target.attr, value)
            elif hasattr(obj, "set_attribute"):
                obj.set_attribute(target.attr, value)
            else:
                raise Unsupported("setting attributes on this object", target)
        else:
            raise Unsupported(_describe(target), target)

    # -- expressions
    def eval(self, node: ast.expr, scope: Scope):
        method = getattr(self, "_expr_" + type(node).__name__, None)
        if method is None:
            raise Unsupported(_describe(node), node)
        return method(node, scope)

    def _expr_Constant(self, node, scope):
        return node.value

    def _expr_Name(self, node, scope):
        try:
            return scope.lookup(node.id)
        except KeyError:
            pass
        if node.id in self.host.builtins:
            return self.host.builtins[node.id]
        self.throw(NameError(f"name '{node.id}' is not defined"), node)

    def _expr_BinOp(self, node, scope):
        left = self.eval(node.left, scope)
        right = self.eval(node.right, scope)
        if isinstance(node.op, ast.Pow) and isinstance(right, int) and abs(right) > MAX_POWER:
            raise Unsupported("a power this large", node)
        if isinstance(node.op, ast.Mult) and isinstance(left, (str, list, bytes)) and isinstance(right, int) \
                and len(left) * right > 50_000_000:
            self.throw(MemoryError(), node)
        if isinstance(node.op, ast.Mod) and isinstance(left, str):
            return self._guard(node, lambda: _percent_format(left, right))
        return self._apply(node, BINARY[type(node.op)], left, right)

    def _expr_UnaryOp(self, node, scope):
        return self._apply(node, UNARY[type(node.op)], self.eval(node.operand, scope))

    def _expr_BoolOp(self, node, scope):
        value = None
        for operand in node.values:
            value = self.eval(operand, scope)
            if isinstance(node.op, ast.And) and not value:
                return value
            if isinstance(node.op, ast.Or) and value:
                return value
        return value

    def _expr_Compare(self, node, scope):
        left = self.eval(node.left, scope)
        for op, comparator in zip(node.ops, node.comparators):
            right = self.eval(comparator, scope)
            if not self._apply(node, COMPARE[type(op)], left, right):
                return False
            left = right
        return True

    def _expr_IfExp(self, node, scope):
        return self.eval(node.body if self.eval(node.test, scope) else node.orelse, scope)

    def _expr_List(self, node, scope):
        return self._elements(node.elts, scope)

    def _expr_Tuple(self, node, scope):
        return tuple(self._elements(node.elts, scope))

    def _expr_Set(self, node, scope):
        return set(self._elements(node.elts, scope))

    def _elements(self, elts, scope) -> list:
        out = []
        for e in elts:
            if isinstance(e, ast.Starred):
                out.extend(self.eval(e.value, scope))
            else:
                out.append(self.eval(e, scope))
        return out

    def _expr_Dict(self, node, scope):
        out = {}
        for k, v in zip(node.keys, node.values):
            if k is None:
                out.update(self.eval(v, scope))
            else:
                key = self.eval(k, scope)
                out[self._guard(k, lambda: _hashable(key))] = self.eval(v, scope)
        return out

    def _expr_JoinedStr(self, node, scope):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(value.value)
                continue
            v = self.eval(value.value, scope)
            if value.conversion == ord("r"):
                v = repr(v)
            elif value.conversion == ord("s"):
                v = str(v)
            elif value.conversion == ord("a"):
                v = ascii(v)
            spec = self.eval(value.format_spec, scope) if value.format_spec is not None else ""
            parts.append(self._guard(value, lambda: format(_plain(v), spec)))
        return "".join(parts)

    def _expr_Subscript(self, node, scope):
        container = self.eval(node.value, scope)
        key = self.eval(node.slice, scope)
        if hasattr(container, "get_item"):
            return self._guard(node, lambda: container.get_item(key))
        if not isinstance(container, SAFE_TYPES):
            self.throw(TypeError(f"'{type(container).__name__}' object is not subscriptable"), node)
        return self._guard(node, lambda: container[key])

    def _expr_Slice(self, node, scope):
        part = lambda n: self.eval(n, scope) if n is not None else None  # noqa: E731
        return slice(part(node.lower), part(node.upper), part(node.step))

    def _expr_Attribute(self, node, scope):
        obj = self.eval(node.value, scope)
        return self._guard(node, lambda: get_attribute(obj, node.attr))

    def _expr_Call(self, node, scope):
        fn = self.eval(node.func, scope)
        args = []
        for a in node.args:
            if isinstance(a, ast.Starred):
                args.extend(self.eval(a.value, scope))
            else:
                args.append(self.eval(a, scope))
        kwargs = {}
        for kw in node.keywords:
            if kw.arg is None:
                kwargs.update(self.eval(kw.value, scope))
            else:
                kwargs[kw.arg] = self.eval(kw.value, scope)
        return self.call(node, fn, args, kwargs)

    def _expr_Lambda(self, node, scope):
        defaults = [self.eval(d, scope) for d in node.args.defaults]
        kw_defaults = [self.eval(d, scope) if d is not None else _MISSING for d in node.args.kw_defaults]
        return Function(self, node, scope, self.frames[-1].filename, defaults, kw_defaults)

    def _expr_ListComp(self, node, scope):
        out = []
        self._comprehend(node.generators, Scope({}, scope), lambda s: out.append(self.eval(node.elt, s)))
        return out

    def _expr_SetComp(self, node, scope):
        out = set()
        self._comprehend(node.generators, Scope({}, scope), lambda s: out.add(self.eval(node.elt, s)))
        return out

    def _expr_GeneratorExp(self, node, scope):
        return iter(self._expr_ListComp(node, scope))  # eager: fine for the sizes programs print

    def _expr_DictComp(self, node, scope):
        out = {}

        def add(s):
            out[self.eval(node.key, s)] = self.eval(node.value, s)
        self._comprehend(node.generators, Scope({}, scope), add)
        return out

    def _comprehend(self, generators, scope: Scope, emit) -> None:
        first, rest = generators[0], generators[1:]
        for item in self._guard(first.iter, lambda: iter(self.eval(first.iter, scope))):
            self.steps += 1
            if self.steps >= MAX_STEPS_BETWEEN_CHECKS:
                self.steps = 0
                self.host.check()
            self.assign(first.target, item, scope)
            if all(self.eval(cond, scope) for cond in first.ifs):
                if rest:
                    self._comprehend(rest, scope, emit)
                else:
                    emit(scope)

    def _expr_Starred(self, node, scope):
        raise Unsupported("a starred expression here", node)

    def _expr_NamedExpr(self, node, scope):
        value = self.eval(node.value, scope)
        scope.assign(node.target.id, value)
        return value

    def _expr_Await(self, node, scope):
        raise Unsupported("await", node)

    # -- calls
    def call(self, node, fn, args: list, kwargs: dict):
        if isinstance(fn, Function):
            self.frames[-1].node = node if isinstance(node, ast.expr) else self.frames[-1].node
            return self.call_function(fn, args, kwargs, node)
        if not callable(fn):
            self.throw(TypeError(f"'{type(fn).__name__}' object is not callable"), node)
        return self._guard(node, lambda: fn(*args, **kwargs))

    def call_function(self, fn: Function, args: list, kwargs: dict, node=None):
        local = Scope({}, fn.scope)
        self._bind(fn, args, kwargs, local, node)
        if len(self.frames) > 900:
            self.throw(RecursionError("maximum recursion depth exceeded"), node)
        self.frames.append(Frame(fn.filename, fn.__name__))
        try:
            if isinstance(fn.node, ast.Lambda):
                return self.eval(fn.node.body, local)
            self.exec_block(fn.node.body, local)
            return None
        except _Return as r:
            return r.value
        finally:
            self.frames.pop()

    def _bind(self, fn: Function, args: list, kwargs: dict, local: Scope, node) -> None:
        spec = fn.node.args
        names = [a.arg for a in spec.posonlyargs + spec.args]
        if len(args) > len(names) and spec.vararg is None:
            self.throw(TypeError(f"{fn.__name__}() takes {len(names)} positional argument"
                                 f"{'' if len(names) == 1 else 's'} but {len(args)} were given"), node)
        for name, value in zip(names, args):
            local.values[name] = value
        if spec.vararg is not None:
            local.values[spec.vararg.arg] = tuple(args[len(names):])
        extra = {}
        kwonly = [a.arg for a in spec.kwonlyargs]
        for key, value in kwargs.items():
            if key in names or key in kwonly:
                local.values[key] = value
            elif spec.kwarg is not None:
                extra[key] = value
            else:
                self.throw(TypeError(f"{fn.__name__}() got an unexpected keyword argument '{key}'"), node)
        if spec.kwarg is not None:
            local.values[spec.kwarg.arg] = extra
        defaults = dict(zip(names[len(names) - len(fn.defaults):], fn.defaults))
        defaults.update({k: v for k, v in zip(kwonly, fn.kw_defaults) if v is not _MISSING})
        missing = []
        for name in names + kwonly:
            if name not in local.values:
                if name in defaults:
                    local.values[name] = defaults[name]
                else:
                    missing.append(name)
        if missing:
            listed = " and ".join(f"'{m}'" for m in missing) if len(missing) <= 2 else \
                ", ".join(f"'{m}'" for m in missing[:-1]) + f", and '{missing[-1]}'"
            self.throw(TypeError(f"{fn.__name__}() missing {len(missing)} required positional argument"
                                 f"{'' if len(missing) == 1 else 's'}: {listed}"), node)

    # -- errors
    def throw(self, exc: BaseException, node) -> None:
        if node is not None and self.frames:
            self.frames[-1].node = node
        raise Thrown(exc, [Frame(f.filename, f.name, f.node) for f in self.frames])

    def _apply(self, node, fn, *args):
        return self._guard(node, lambda: fn(*args))

    def _guard(self, node, thunk):
        """Run real Python on program values; its exceptions become the program's."""
        try:
            return thunk()
        except (Thrown, Unsupported, SystemExitRequest, _Return, _Break, _Continue):
            raise
        except Exception as exc:  # noqa: BLE001 - they are the program's exceptions now
            if getattr(exc, "__module__", "builtins") != "builtins" and not isinstance(exc, _PROGRAM_ERRORS):
                raise
            self.throw(exc, node)


_PROGRAM_ERRORS = (ArithmeticError, LookupError, ValueError, TypeError, AttributeError, NameError, OSError,
                   AssertionError, RuntimeError, ImportError, UnicodeError, MemoryError, StopIteration)
_MISSING = object()


def get_attribute(obj, name: str):
    """Attribute access the program may do: public members of plain values and of simulated objects."""
    if name.startswith("_"):
        raise AttributeError(f"'{type(obj).__name__}' object has no attribute '{name}'")
    if isinstance(obj, Namespace):
        return obj.get(name)
    if hasattr(obj, "get_attribute"):
        return obj.get_attribute(name)
    if isinstance(obj, SAFE_TYPES) or type(obj).__module__ in VALUE_MODULES:
        if isinstance(obj, str) and name in ("format", "format_map"):
            return _safe_format(obj, name)
        return getattr(obj, name)
    raise AttributeError(f"'{type(obj).__name__}' object has no attribute '{name}'")


def _safe_format(text: str, method: str):
    """str.format without its field-attribute access (`{0.__class__}`), which could reach internals."""
    if "__" in text or ".{" in text:
        raise Unsupported("a format string that reads attributes")
    return getattr(text, method)


def _percent_format(text: str, values):
    return text % (tuple(_plain(v) for v in values) if isinstance(values, tuple) else _plain(values))


def _plain(value):
    """Simulated objects format as their text."""
    return str(value) if isinstance(value, (Namespace, Function)) else value


def _hashable(key):
    hash(key)
    return key


def _as_load(target):
    """An augmented assignment's target read as an expression."""
    node = ast.copy_location(type(target)(**{f: getattr(target, f) for f in target._fields}), target)
    node.ctx = ast.Load()
    return node


def _describe(node) -> str:
    names = {"ClassDef": "class definitions", "AsyncFunctionDef": "async functions", "Yield": "generators (yield)",
             "YieldFrom": "generators (yield from)", "Match": "match statements", "AsyncFor": "async for",
             "AsyncWith": "async with", "TryStar": "except*", "Await": "await"}
    kind = type(node).__name__
    return names.get(kind, f"this construct ({kind})")
