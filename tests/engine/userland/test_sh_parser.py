"""The parser's output: a typed tree (ast.py) whose words keep their quoting part by part.

Most of the grammar is specified through behaviour in test_sh.py; these cases pin down the
tree shapes the interpreter relies on.
"""
from __future__ import annotations

import pytest

from dockyard.engine.userland.sh.ast import (AndOr, Arith, Assign, Background, BraceGroup, Case, CaseArm,
                                             CmdSubst, CommandList, DblQuoted, For, FuncDef, If, Lit, Not,
                                             Param, Pipeline, Quoted, Redir, SimpleCommand, Subshell, While, Word)
from dockyard.engine.userland.sh.errors import ParseError
from dockyard.engine.userland.sh.parser import Parser


def parse(src: str) -> list:
    return Parser(src, line=0).parse_program().commands


def cmd(*words: str, assigns=(), redirs=(), line=0) -> SimpleCommand:
    return SimpleCommand(list(assigns), [Word([Lit(w)]) for w in words], list(redirs), line)


def test_words_keep_their_quoting():
    [command] = parse("""echo a'b'"c $x" \\* $'\\t' ${y:-d}""")
    assert command.args == [
        Word([Lit("echo")]),
        Word([Lit("a"), Quoted("b"), DblQuoted([Lit("c "), Param("x")])]),
        Word([Quoted("*")]),
        Word([Quoted("\t")]),
        Word([Param("y", ":-", Word([Lit("d")]))]),
    ]


def test_substitutions_hold_programs_and_expressions():
    [command] = parse("echo $(a | b) `c` $((1 + $n))")
    assert command.args[1:] == [
        Word([CmdSubst(CommandList([Pipeline([cmd("a"), cmd("b")])]))]),
        Word([CmdSubst(CommandList([cmd("c")]))]),
        Word([Arith(Word([Lit("1 + "), Param("n")]))]),
    ]


@pytest.mark.parametrize("src, tree", [
    ("x=1 y=$z env", SimpleCommand([Assign("x", Word([Lit("1")])), Assign("y", Word([Param("z")]))],
                                   [Word([Lit("env")])], [])),
    ("a && b || ! c", AndOr("||", AndOr("&&", cmd("a"), cmd("b")), Not(cmd("c")))),
    ("a & b", [Background(cmd("a")), cmd("b")]),
    ("{ a; } > f", BraceGroup(CommandList([cmd("a")]), [Redir(1, ">", Word([Lit("f")]))])),
    ("(a) 2>&1", Subshell(CommandList([cmd("a")]), [Redir(2, ">&", Word([Lit("1")]))])),
    ("if a; then b; elif c; then d; else e; fi",
     If(CommandList([cmd("a")]), CommandList([cmd("b")]),
        If(CommandList([cmd("c")]), CommandList([cmd("d")]), CommandList([cmd("e")])))),
    ("until a; do b; done", While(CommandList([cmd("a")]), CommandList([cmd("b")]), until=True)),
    ("for i in x y; do b; done", For("i", [Word([Lit("x")]), Word([Lit("y")])], CommandList([cmd("b")]))),
    ("for i; do b; done", For("i", None, CommandList([cmd("b")]))),
    ("case $v in a|b) x;; *) ;; esac",
     Case(Word([Param("v")]), [CaseArm([Word([Lit("a")]), Word([Lit("b")])], CommandList([cmd("x")])),
                               CaseArm([Word([Lit("*")])], CommandList([]))])),
    ("f() { a; }", FuncDef("f", BraceGroup(CommandList([cmd("a")])))),
])
def test_command_shapes(src, tree):
    commands = parse(src)
    assert (commands if isinstance(tree, list) else commands[0]) == tree


def test_here_document_bodies_are_words():
    [command] = parse("cat <<EOF <<'RAW'\n$x\nEOF\n$y\nRAW\n")
    assert command.redirs == [
        Redir(0, "<<", Word([Quoted("EOF")]), Word([Param("x"), Lit("\n")])),
        Redir(0, "<<", Word([Quoted("RAW")]), Word([Quoted("$y\n")])),
    ]


def test_commands_remember_their_lines():
    first, second = parse("a\n\nb")
    assert (first.line, second.line) == (0, 2)


def test_a_script_parses_line_by_line():
    parser = Parser("echo ok\nfi\n")
    assert parser.next_line() == CommandList([cmd("echo", "ok", line=1)])
    with pytest.raises(ParseError) as error:
        parser.next_line()
    assert (error.value.message, error.value.line) == ('syntax error: unexpected "fi"', 2)
