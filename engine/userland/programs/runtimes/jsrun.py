"""The simulated Node.js's evaluator: runs `jsparse` trees with JavaScript's semantics.

Everything a program can touch is a JavaScript value from `jsvalues`; the outside world is reached
only through the objects the runtime puts in scope (console, process, require'd modules). Errors
are JavaScript errors (TypeError, ReferenceError) whose `stack` reads like V8's.
"""
from __future__ import annotations

import math

from .jsparse import Node, Unsupported
from .jsvalues import (UNDEFINED, JSArray, JSError, JSFunction, JSObject, JSThrow, array_index, loose_equals,
                       number_to_string, strict_equals, to_int32, to_number, to_string, truthy, typeof)

STEPS_BETWEEN_CHECKS = 5000
MAX_CALL_DEPTH = 2000
NODE_FRAMES = ("    at Module._compile (node:internal/modules/cjs/loader:1521:14)\n"
               "    at Module._extensions..js (node:internal/modules/cjs/loader:1623:10)\n"
               "    at Module.load (node:internal/modules/cjs/loader:1266:32)\n"
               "    at Module._load (node:internal/modules/cjs/loader:1091:12)\n"
               "    at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:164:12)\n"
               "    at node:internal/main/run_main_module:28:49")


class _Return(Exception):
    def __init__(self, value):
        self.value = value


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class Scope:
    def __init__(self, parent: "Scope | None" = None, this=UNDEFINED):
        self.vars: dict = {}
        self.consts: set[str] = set()
        self.parent = parent
        self.this = this if parent is None or this is not UNDEFINED else parent.this

    def find(self, name: str) -> "Scope | None":
        scope = self
        while scope is not None:
            if name in scope.vars:
                return scope
            scope = scope.parent
        return None

    def declare(self, name: str, value, const: bool = False) -> None:
        self.vars[name] = value
        if const:
            self.consts.add(name)

    def root(self) -> "Scope":
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope


class Frame:
    def __init__(self, name: str, filename: str, line: int = 0, col: int = 0, tail: str = ""):
        self.name, self.filename, self.line, self.col = name, filename, line, col
        self.tail = tail  # node's own frames below this one in a stack trace (who called the program)


class Interpreter:
    def __init__(self, runtime):
        """`runtime` gives `globals` (a Scope), `check()` for signals, and `methods` of primitives."""
        self.runtime = runtime
        self.frames: list[Frame] = []
        self.steps = 0

    # -- entry points
    def run(self, body: list[Node], scope: Scope, filename: str, frame_name: str = "Object.<anonymous>",
            tail: str = NODE_FRAMES):
        self.frames.append(Frame(frame_name, filename, tail=tail))
        try:
            self.hoist(body, scope)
            result = UNDEFINED
            for stmt in body:
                result = self.exec(stmt, scope)
            return result
        finally:
            self.frames.pop()

    def hoist(self, body: list[Node], scope: Scope) -> None:
        """Function declarations exist before their block runs (a route may use a helper defined below)."""
        for stmt in body:
            if stmt.kind == "function_decl":
                scope.declare(stmt.name, self.make_function(stmt, scope))

    # -- errors
    def error(self, name: str, message: str, node: Node | None = None) -> JSThrow:
        """A new error of the built-in kind `name`, thrown at `node`."""
        if node is not None and self.frames:
            self.frames[-1].line, self.frames[-1].col = node.line, node.col
        err = self.make_error(name, message)
        return JSThrow(err, node.line if node else 0, node.col if node else 0,
                       self.frames[-1].filename if self.frames else "")

    def make_error(self, name: str, message: str) -> JSError:
        header = f"{name}: {message}" if message else name
        return JSError(name, message, header + "\n" + self.stack_trace())

    def stack_trace(self) -> str:
        lines = []
        for frame in reversed(self.frames):
            where = f"{frame.filename}:{frame.line}:{frame.col}"
            lines.append(f"    at {frame.name} ({where})" if frame.name else f"    at {where}")
        if self.frames and self.frames[0].tail:
            lines.append(self.frames[0].tail)
        return "\n".join(lines)

    def at(self, node: Node) -> None:
        if self.frames:
            self.frames[-1].line, self.frames[-1].col = node.line, node.col

    # -- statements
    def exec(self, node: Node, scope: Scope):
        self.steps += 1
        if self.steps >= STEPS_BETWEEN_CHECKS:
            self.steps = 0
            self.runtime.check()
        self.at(node)
        method = getattr(self, "_s_" + node.kind)
        return method(node, scope)

    def exec_block(self, body: list[Node], scope: Scope) -> None:
        self.hoist(body, scope)
        for stmt in body:
            self.exec(stmt, scope)

    def _s_expr(self, node, scope):
        return self.eval(node.expression, scope)

    def _s_empty(self, node, scope):
        return UNDEFINED

    def _s_function_decl(self, node, scope):
        return UNDEFINED  # hoisted

    def _s_block(self, node, scope):
        self.exec_block(node.body, Scope(scope))

    def _s_var(self, node, scope):
        for target, init in node.declarations:
            value = self.eval(init, scope) if init is not None else UNDEFINED
            if init is not None and init.kind == "function" and target.kind == "name" and not init.name:
                value.name = target.id
            self.bind(target, value, scope, declare=node.declaration_kind)
        return UNDEFINED

    def _s_if(self, node, scope):
        if truthy(self.eval(node.test, scope)):
            self.exec(node.then, scope)
        elif node.orelse is not None:
            self.exec(node.orelse, scope)

    def _loop_body(self, body: Node, scope: Scope) -> bool:
        """Run one iteration; False when `break` ended the loop."""
        try:
            self.exec(body, scope)
        except _Break:
            return False
        except _Continue:
            pass
        return True

    def _s_for(self, node, scope):
        outer = Scope(scope)
        if node.init is not None:
            self.exec(node.init, outer)
        while node.test is None or truthy(self.eval(node.test, outer)):
            inner = Scope(outer)
            inner.vars.update(outer.vars)  # each iteration sees its own copy of `let i`
            if not self._loop_body(node.body, inner):
                break
            outer.vars.update({k: v for k, v in inner.vars.items() if k in outer.vars})
            if node.update is not None:
                self.eval(node.update, outer)
            self.runtime.check()

    def _s_for_of(self, node, scope):
        for item in self.iterate(self.eval(node.iterable, scope), node.iterable):
            inner = Scope(scope)
            self.bind(node.target, item, inner, declare=node.declaration_kind)
            if not self._loop_body(node.body, inner):
                break

    def _s_for_in(self, node, scope):
        obj = self.eval(node.iterable, scope)
        keys = obj.keys() if isinstance(obj, JSObject) else ([str(i) for i in range(len(obj))]
                                                              if isinstance(obj, str) else [])
        for key in keys:
            inner = Scope(scope)
            self.bind(node.target, key, inner, declare=node.declaration_kind)
            if not self._loop_body(node.body, inner):
                break

    def _s_while(self, node, scope):
        while truthy(self.eval(node.test, scope)):
            if not self._loop_body(node.body, Scope(scope)):
                break
            self.runtime.check()

    def _s_do_while(self, node, scope):
        while True:
            if not self._loop_body(node.body, Scope(scope)):
                break
            if not truthy(self.eval(node.test, scope)):
                break

    def _s_break(self, node, scope):
        raise _Break()

    def _s_continue(self, node, scope):
        raise _Continue()

    def _s_return(self, node, scope):
        raise _Return(self.eval(node.value, scope) if node.value is not None else UNDEFINED)

    def _s_throw(self, node, scope):
        value = self.eval(node.value, scope)
        raise JSThrow(value, node.line, node.col, self.frames[-1].filename if self.frames else "")

    def _s_try(self, node, scope):
        try:
            self.exec(node.body, scope)
        except JSThrow as thrown:
            if node.handler is None:
                raise
            inner = Scope(scope)
            if node.param is not None:
                self.bind(node.param, thrown.value, inner, declare="let")
            self.exec_block(node.handler.body, inner)
        finally:
            if node.finalizer is not None:
                self.exec(node.finalizer, scope)

    def _s_switch(self, node, scope):
        value = self.eval(node.discriminant, scope)
        inner = Scope(scope)
        matched = False
        try:
            for test, body in node.cases:
                if not matched and test is not None and strict_equals(value, self.eval(test, inner)):
                    matched = True
                if matched:
                    self.exec_block(body, inner)
            if not matched:
                run = False
                for test, body in node.cases:
                    run = run or test is None
                    if run:
                        self.exec_block(body, inner)
        except _Break:
            pass

    def _s_import(self, node, scope):
        module = self.runtime.require(node.source, node)
        if node.default is not None:
            default = module.get("default") if isinstance(module, JSObject) and "default" in module.props else module
            scope.declare(node.default, default, const=True)
        if node.namespace is not None:
            scope.declare(node.namespace, module, const=True)
        for imported, local in node.names:
            scope.declare(local, self.get(module, imported, node), const=True)

    # -- binding (declarations, parameters, destructuring)
    def bind(self, target: Node, value, scope: Scope, declare: str | None) -> None:
        if target.kind == "name":
            if declare is not None:
                scope.declare(target.id, value, const=declare == "const")
            else:
                self.assign_name(target, value, scope)
        elif target.kind == "object_pattern":
            if value is UNDEFINED or value is None:
                raise self.error("TypeError", f"Cannot destructure '{to_string(value)}' as it is "
                                              f"{to_string(value)}.", target)
            used = []
            for key, sub, default in target.props:
                if key == "...":
                    rest = JSObject({k: v for k, v in value.props.items() if k not in used}) \
                        if isinstance(value, JSObject) else JSObject()
                    self.bind(sub, rest, scope, declare)
                    continue
                used.append(key)
                item = self.get(value, key, target)
                if item is UNDEFINED and default is not None:
                    item = self.eval(default, scope)
                self.bind(sub, item, scope, declare)
        elif target.kind == "array_pattern":
            items = list(self.iterate(value, target))
            for i, element in enumerate(target.elements):
                if element is None:
                    continue
                kind, sub, default = element
                if kind == "...":
                    self.bind(sub, JSArray(items[i:]), scope, declare)
                    break
                item = items[i] if i < len(items) else UNDEFINED
                if item is UNDEFINED and default is not None:
                    item = self.eval(default, scope)
                self.bind(sub, item, scope, declare)
        elif target.kind in ("member", "index"):
            self.assign_to(target, value, scope)
        else:
            raise Unsupported(f"assigning to {target.kind}", target.line, target.col)

    def assign_name(self, target: Node, value, scope: Scope) -> None:
        owner = scope.find(target.id)
        if owner is None:
            scope.root().declare(target.id, value)  # sloppy mode: an undeclared name becomes a global
            return
        if target.id in owner.consts:
            raise self.error("TypeError", "Assignment to constant variable.", target)
        owner.vars[target.id] = value

    def assign_to(self, target: Node, value, scope: Scope) -> None:
        obj = self.eval(target.object, scope)
        key = target.property if target.kind == "member" else self.property_key(self.eval(target.index, scope))
        self.set(obj, key, value, target)

    # -- expressions
    def eval(self, node: Node, scope: Scope):
        return getattr(self, "_e_" + node.kind)(node, scope)

    def _e_literal(self, node, scope):
        return node.value

    def _e_template(self, node, scope):
        return "".join(p if isinstance(p, str) else to_string(self.to_primitive(self.eval(p, scope)))
                       for p in node.parts)

    def _e_name(self, node, scope):
        owner = scope.find(node.id)
        if owner is not None:
            return owner.vars[node.id]
        if node.id == "undefined":
            return UNDEFINED
        raise self.error("ReferenceError", f"{node.id} is not defined", node)

    def _e_this(self, node, scope):
        return scope.this

    def _e_array(self, node, scope):
        items = []
        for element in node.elements:
            if element is None:
                items.append(UNDEFINED)
            elif element.kind == "spread":
                items.extend(self.iterate(self.eval(element.value, scope), element))
            else:
                items.append(self.eval(element, scope))
        return JSArray(items)

    def _e_object(self, node, scope):
        obj = JSObject(proto=self.runtime.object_prototype)
        for kind, key, value_node in node.props:
            if kind == "...":
                source = self.eval(value_node, scope)
                if isinstance(source, JSArray):
                    obj.props.update({str(i): v for i, v in enumerate(source.items)})
                elif isinstance(source, JSObject):
                    obj.props.update(source.props)
                continue
            if kind == "computed":
                key = self.property_key(self.eval(key, scope))
            value = self.eval(value_node, scope)
            if isinstance(value, JSFunction) and value_node.kind == "function" and not value.name:
                value.name = key
            obj.props[key] = value
        return obj

    def _e_function(self, node, scope):
        return self.make_function(node, scope)

    def make_function(self, node: Node, scope: Scope) -> JSFunction:
        arrow = getattr(node, "arrow", False)
        fn = JSFunction(node.name, node=node, scope=scope, this=scope.this if arrow else None, arrow=arrow)
        fn.filename = self.frames[-1].filename if self.frames else ""  # where its stack frames point
        return fn

    def _e_sequence(self, node, scope):
        value = UNDEFINED
        for item in node.items:
            value = self.eval(item, scope)
        return value

    def _e_spread(self, node, scope):
        raise Unsupported("spread here", node.line, node.col)

    def _e_conditional(self, node, scope):
        return self.eval(node.then if truthy(self.eval(node.test, scope)) else node.orelse, scope)

    def _e_logical(self, node, scope):
        left = self.eval(node.left, scope)
        if node.op == "&&":
            return self.eval(node.right, scope) if truthy(left) else left
        if node.op == "||":
            return left if truthy(left) else self.eval(node.right, scope)
        return self.eval(node.right, scope) if left is None or left is UNDEFINED else left

    def _e_unary(self, node, scope):
        op = node.op
        if op == "typeof":
            if node.operand.kind == "name" and scope.find(node.operand.id) is None:
                return "undefined"
            return typeof(self.eval(node.operand, scope))
        if op == "delete":
            target = node.operand
            if target.kind in ("member", "index"):
                obj = self.eval(target.object, scope)
                key = target.property if target.kind == "member" else self.property_key(self.eval(target.index, scope))
                if isinstance(obj, JSObject):
                    obj.props.pop(key, None)
            return True
        value = self.eval(node.operand, scope)
        if op == "!":
            return not truthy(value)
        if op == "-":
            return -to_number(self.to_primitive(value, "number"))
        if op == "+":
            return to_number(self.to_primitive(value, "number"))
        if op == "~":
            return float(~to_int32(value))
        return UNDEFINED  # void

    def _e_update(self, node, scope):
        old = to_number(self.eval(node.target, scope))
        new = old + (1 if node.op == "++" else -1)
        self.store(node.target, new, scope)
        return new if node.prefix else old

    def _e_binary(self, node, scope):
        return self.binary(node.op, self.eval(node.left, scope), self.eval(node.right, scope), node)

    def binary(self, op: str, a, b, node=None):
        if op == "+":
            a, b = self.to_primitive(a), self.to_primitive(b)
            if isinstance(a, str) or isinstance(b, str):
                return to_string(a) + to_string(b)
            return to_number(a) + to_number(b)
        if op == "===":
            return strict_equals(a, b)
        if op == "!==":
            return not strict_equals(a, b)
        if op == "==":
            return loose_equals(a, b)
        if op == "!=":
            return not loose_equals(a, b)
        if op in ("<", ">", "<=", ">="):
            a, b = self.to_primitive(a, "number"), self.to_primitive(b, "number")
            if isinstance(a, str) and isinstance(b, str):
                return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
            x, y = to_number(a), to_number(b)
            return {"<": x < y, ">": x > y, "<=": x <= y, ">=": x >= y}[op]
        if op == "instanceof":
            return self.runtime.instance_of(a, b)
        if op == "in":
            if not isinstance(b, JSObject):
                raise self.error("TypeError", f"Cannot use 'in' operator to search for '{to_string(a)}' in "
                                              f"{to_string(b)}", node)
            return b.get(self.property_key(a)) is not UNDEFINED or self.property_key(a) in b.props
        x, y = to_number(self.to_primitive(a, "number")), to_number(self.to_primitive(b, "number"))
        if op == "-":
            return x - y
        if op == "*":
            return x * y
        if op == "/":
            if y == 0:
                return math.nan if x == 0 or x != x else math.copysign(math.inf, x) * math.copysign(1, y)
            return x / y
        if op == "%":
            if y == 0 or x in (math.inf, -math.inf) or x != x or y != y:
                return math.nan
            return math.fmod(x, y)
        if op == "**":
            try:
                return float(x ** y)
            except (OverflowError, ZeroDivisionError):
                return math.inf
        if op in ("<<", ">>", ">>>", "&", "|", "^"):
            i, j = to_int32(x), to_int32(y)
            if op == "<<":
                return float(to_int32(i << (j & 31)))
            if op == ">>":
                return float(i >> (j & 31))
            if op == ">>>":
                return float((i & 0xFFFFFFFF) >> (j & 31))
            return float(to_int32({"&": i & j, "|": i | j, "^": i ^ j}[op]))
        raise Unsupported(f"the {op} operator")

    def _e_assign(self, node, scope):
        if node.op == "=":
            value = self.eval(node.value, scope)
            if node.target.kind in ("object_pattern", "array_pattern"):
                self.bind(node.target, value, scope, declare=None)
            else:
                if node.value.kind == "function" and not node.value.name and node.target.kind == "name":
                    value.name = node.target.id
                self.store(node.target, value, scope)
            return value
        current = self.eval(node.target, scope)
        if node.op in ("&&=", "||=", "??="):
            keep = {"&&=": not truthy(current), "||=": truthy(current),
                    "??=": current is not None and current is not UNDEFINED}[node.op]
            if keep:
                return current
            value = self.eval(node.value, scope)
        else:
            value = self.binary(node.op[:-1], current, self.eval(node.value, scope), node)
        self.store(node.target, value, scope)
        return value

    def store(self, target: Node, value, scope: Scope) -> None:
        if target.kind == "name":
            self.assign_name(target, value, scope)
        elif target.kind in ("member", "index"):
            self.assign_to(target, value, scope)
        else:
            raise self.error("SyntaxError", "Invalid left-hand side in assignment", target)

    def _e_member(self, node, scope):
        obj = self.eval(node.object, scope)
        if node.optional and (obj is None or obj is UNDEFINED):
            return UNDEFINED
        return self.get(obj, node.property, node)

    def _e_index(self, node, scope):
        obj = self.eval(node.object, scope)
        if node.optional and (obj is None or obj is UNDEFINED):
            return UNDEFINED
        return self.get(obj, self.property_key(self.eval(node.index, scope)), node)

    def _e_await(self, node, scope):
        return self.runtime.settle(self.eval(node.value, scope))

    def _e_call(self, node, scope):
        callee = node.callee
        this = UNDEFINED
        if callee.kind in ("member", "index"):
            this = self.eval(callee.object, scope)
            if callee.optional and (this is None or this is UNDEFINED):
                return UNDEFINED
            key = callee.property if callee.kind == "member" else self.property_key(self.eval(callee.index, scope))
            fn = self.get(this, key, callee)
        else:
            fn = self.eval(callee, scope)
        if node.optional and (fn is None or fn is UNDEFINED):
            return UNDEFINED
        args = self.arguments(node.args, scope)
        if not isinstance(fn, JSFunction):
            raise self.error("TypeError", f"{_source_text(callee)} is not a function", callee)
        self.at(callee)
        return self.call(fn, this, args)

    def arguments(self, nodes: list[Node], scope: Scope) -> list:
        args = []
        for a in nodes:
            if a.kind == "spread":
                args.extend(self.iterate(self.eval(a.value, scope), a))
            else:
                args.append(self.eval(a, scope))
        return args

    def _e_new(self, node, scope):
        constructor = self.eval(node.callee, scope)
        args = self.arguments(node.args, scope)
        if not isinstance(constructor, JSFunction):
            raise self.error("TypeError", f"{_source_text(node.callee)} is not a constructor", node.callee)
        self.at(node.callee)
        construct = getattr(constructor, "construct", None)
        if construct is not None:
            return construct(self, args)
        if constructor.native is not None or constructor.arrow:
            raise self.error("TypeError", f"{_source_text(node.callee)} is not a constructor", node.callee)
        obj = JSObject(proto=constructor.get("prototype") if isinstance(constructor.get("prototype"), JSObject)
                       else self.runtime.object_prototype)
        result = self.call(constructor, obj, args)
        return result if isinstance(result, JSObject) else obj

    # -- calls
    def call(self, fn: JSFunction, this, args: list, frame_name: str | None = None, tail: str = ""):
        """Call `fn`; `frame_name`/`tail` name the frame when the runtime (a timer, a request) calls it."""
        if fn.native is not None:
            return fn.native(self, this, args)
        if len(self.frames) > MAX_CALL_DEPTH:
            raise self.error("RangeError", "Maximum call stack size exceeded")
        node = fn.node
        local = Scope(fn.scope, this=fn.bound_this if fn.arrow else (this if this is not None else UNDEFINED))
        if fn.arrow:
            local.this = fn.bound_this
        for i, (kind, target, default) in enumerate(node.params):
            if kind == "...":
                self.bind(target, JSArray(args[i:]), local, declare="let")
                break
            value = args[i] if i < len(args) else UNDEFINED
            if value is UNDEFINED and default is not None:
                value = self.eval(default, local)
            self.bind(target, value, local, declare="let")
        if not fn.arrow:
            local.declare("arguments", JSArray(args))
        filename = getattr(fn, "filename", "") or (self.frames[-1].filename if self.frames else "")
        self.frames.append(Frame(frame_name or fn.name, filename, node.line, node.col, tail))  # V8 names no anonymous
        try:
            if node.body.kind != "block":
                result = self.eval(node.body, local)
            else:
                self.exec_block(node.body.body, local)
                result = UNDEFINED
        except _Return as r:
            result = r.value
        finally:
            self.frames.pop()
        return self.runtime.resolved(result) if node.is_async else result

    # -- properties
    def get(self, obj, key: str, node: Node | None = None):
        if obj is UNDEFINED or obj is None:
            raise self.error("TypeError", f"Cannot read properties of {to_string(obj)} (reading '{key}')", node)
        if isinstance(obj, JSObject):
            value = obj.get(key)
            if value is UNDEFINED and array_index(key) is None:
                return self.runtime.builtin_method(obj, key)  # Array.prototype.map, Function.prototype.call, ...
            return value
        if isinstance(obj, str):
            if key == "length":
                return float(len(obj))
            index = array_index(key)
            if index is not None:
                return obj[index] if index < len(obj) else UNDEFINED
        return self.runtime.builtin_method(obj, key)

    def set(self, obj, key: str, value, node: Node | None = None) -> None:
        if obj is UNDEFINED or obj is None:
            raise self.error("TypeError", f"Cannot set properties of {to_string(obj)} (setting '{key}')", node)
        if isinstance(obj, JSObject):
            setter = getattr(obj, "set_property", None)
            if setter is not None:
                setter(key, value)
            else:
                obj.set(key, value)

    def property_key(self, value) -> str:
        if isinstance(value, float):
            return number_to_string(value)
        return to_string(value)

    def iterate(self, value, node: Node | None = None):
        if isinstance(value, JSArray):
            return list(value.items)
        if isinstance(value, str):
            return list(value)
        iterator = getattr(value, "iterate", None)
        if iterator is not None:
            return iterator()
        raise self.error("TypeError", f"{_source_text(node) if node is not None else to_string(value)} is not "
                                      f"iterable", node)

    def to_primitive(self, value, hint: str = "default"):
        """ToPrimitive: an object's own toString(), a Date's string (or its time for `hint` number)."""
        if isinstance(value, JSObject) and not isinstance(value, JSFunction):
            primitive = getattr(value, "primitive", None)
            if primitive is not None:
                return primitive(hint)
            if isinstance(value, (JSArray, JSError)):
                return to_string(value)
            custom = value.get("toString")
            if isinstance(custom, JSFunction) and custom.native is None:
                return self.call(custom, value, [])
            return to_string(value)
        return value


def _source_text(node: Node) -> str:
    """The callee as V8 quotes it in `x.y is not a function`."""
    if node is None:
        return "value"
    if node.kind == "name":
        return node.id
    if node.kind == "member":
        return f"{_source_text(node.object)}.{node.property}"
    if node.kind == "index":
        return f"{_source_text(node.object)}[{_source_text(node.index)}]"
    if node.kind == "call":
        return f"{_source_text(node.callee)}(...)"
    if node.kind == "this":
        return "this"
    if node.kind == "literal":
        return to_string(node.value) if not isinstance(node.value, str) else f'"{node.value}"'
    return "(intermediate value)"
