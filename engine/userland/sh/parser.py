"""ash's grammar: tokens in, a typed tree out (ast.py), with ash's syntax error messages.

The shape follows ash's recursive descent (list → and-or → pipeline → command), so the errors
say what ash says: `unexpected "fi"`, `unexpected end of file (expecting "done")`. A script is
parsed one top-level line at a time (`next_line`) because ash runs each line before reading the
next: a syntax error on line 3 does not stop lines 1 and 2 from running.
"""
from __future__ import annotations

import re
from typing import Mapping

from .ast import (AndOr, Assign, Background, BraceGroup, Case, CaseArm, CommandList, For, FuncDef, If, Lit,
                  Not, Pipeline, Quoted, Redir, SimpleCommand, Subshell, While, Word)
from .errors import ParseError
from .lexer import Lexer, PendingHeredoc, Token

KEYWORDS = frozenset("! case do done elif else esac fi for function if in then until while { }".split())
# Tokens that end a compound list (ash's tokendlist).
LIST_END_KEYWORDS = frozenset("do done elif else esac fi then }".split())
LIST_END_OPS = frozenset(("eof", ")", ";;"))
ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
COMPOUND_PARSERS = {"if": "_if", "while": "_while", "until": "_while", "for": "_for", "case": "_case",
                    "{": "_brace_group"}
# POSIX's special builtins (plus ash's local and source): their errors end a non-interactive
# shell, assignments before them persist, and no function may take their names.
SPECIAL_BUILTINS = frozenset(". : break continue eval exec exit export local readonly return set shift "
                             "source times trap unset".split())
TOKEN_NAMES = {"eof": "end of file", "newline": "newline", "redir": "redirection", "word": "word"}


class Parser:
    def __init__(self, src: str, line: int = 1, aliases: Mapping[str, str] | None = None,
                 lexer: Lexer | None = None):
        self.lexer = lexer or Lexer(src, line, Parser)
        self.aliases = aliases if aliases is not None else {}
        self._peeked: Token | None = None
        self._expanded_aliases: set[tuple[str, int]] = set()

    # ------------------------------------------------------------ entry points
    def next_line(self) -> CommandList | None:
        """The commands of the next top-level line; None at end of input."""
        while True:
            tok = self._peek(command_word=True)
            if tok.kind == "eof":
                return None
            if tok.kind != "newline":
                break
            self._next()
        items = self._list_items(top=True)
        tok = self._next()
        if tok.kind not in ("newline", "eof"):
            self._unexpected(tok)
        return CommandList(items)

    def parse_program(self) -> CommandList:
        """A whole program (the body of a backquote substitution)."""
        commands = []
        while (line := self.next_line()) is not None:
            commands.extend(line.commands)
        return CommandList(commands)

    def substitution(self) -> CommandList:
        """The body of `$(...)`, from the lexer's position through the closing parenthesis."""
        body = self._compound_list(allow_empty=True)
        tok = self._next()
        if tok.kind != ")":
            self._unexpected(tok, '")"')
        return body

    # ------------------------------------------------------------ tokens
    def _peek(self, command_word: bool = False) -> Token:
        if self._peeked is None:
            self._peeked = self.lexer.token()
        tok = self._peeked
        if command_word and tok.kind == "word" and not tok.quoted and tok.text in self.aliases:
            if self._expand_alias(tok):
                return self._peek(command_word)
        return tok

    def _next(self, command_word: bool = False) -> Token:
        tok = self._peek(command_word)
        self._peeked = None
        return tok

    def _expand_alias(self, tok: Token) -> bool:
        """Replace an alias name in command position by its value, once per position."""
        lx = self.lexer
        start = lx.src.rfind(tok.text, 0, lx.pos)
        key = (tok.text, start)
        if start < 0 or key in self._expanded_aliases:
            return False
        self._expanded_aliases.add(key)
        lx.src = lx.src[:start] + self.aliases[tok.text] + lx.src[lx.pos:]
        lx.pos = start
        self._peeked = None
        return True

    def _skip_newlines(self) -> Token:
        while (tok := self._peek(command_word=True)).kind == "newline":
            self._next()
        return tok

    @staticmethod
    def _is_keyword(tok: Token, word: str) -> bool:
        return tok.kind == "word" and not tok.quoted and tok.text == word

    def _unexpected(self, tok: Token, expecting: str | None = None):
        what = TOKEN_NAMES.get(tok.kind)
        if what is None or (tok.kind == "word" and not tok.quoted and tok.text in KEYWORDS):
            what = f'"{tok.text or tok.kind}"'
        msg = "unexpected " + what
        if expecting:
            msg += f" (expecting {expecting})"
        raise ParseError(msg, tok.line)

    def _expect_keyword(self, word: str) -> Token:
        tok = self._next(command_word=True)
        if not self._is_keyword(tok, word):
            self._unexpected(tok, f'"{word}"')
        return tok

    # ------------------------------------------------------------ lists
    def _list_items(self, top: bool) -> list:
        """and-or lists separated by `;`, `&` and (inside compound commands) newlines. A newline
        ends a top-level line; inside, the list ends at a closing keyword or operator."""
        items: list = []
        while True:
            node = self._and_or()
            tok = self._peek()
            if tok.kind == "&":
                node = Background(node)
            items.append(node)
            if tok.kind in (";", "&"):
                self._next()
                tok = self._peek(command_word=True) if top else self._skip_newlines()
            elif tok.kind == "newline" and not top:
                tok = self._skip_newlines()
            else:
                return items
            if tok.kind == "newline" or self._ends_list(tok):
                return items

    def _ends_list(self, tok: Token) -> bool:
        if tok.kind in LIST_END_OPS:
            return True
        return tok.kind == "word" and not tok.quoted and tok.text in LIST_END_KEYWORDS

    def _compound_list(self, allow_empty: bool = False) -> CommandList:
        """The body of a compound command; an empty body is a syntax error, except in `case`."""
        tok = self._skip_newlines()
        if tok.kind == "eof" or (allow_empty and self._ends_list(tok)):
            return CommandList([])
        return CommandList(self._list_items(top=False))

    def _and_or(self):
        node = self._pipeline()
        while (tok := self._peek()).kind in ("&&", "||"):
            self._next()
            self._skip_newlines()
            node = AndOr(tok.kind, node, self._pipeline())
        return node

    def _pipeline(self):
        tok = self._peek(command_word=True)
        negated = self._is_keyword(tok, "!")
        if negated:
            self._next()
        line = tok.line
        commands = [self._command()]
        while self._peek().kind == "|":
            self._next()
            self._skip_newlines()
            commands.append(self._command())
        node = commands[0] if len(commands) == 1 else Pipeline(commands, line)
        return Not(node) if negated else node

    # ------------------------------------------------------------ commands
    def _command(self):
        tok = self._peek(command_word=True)
        line = tok.line
        if tok.kind == "word" and not tok.quoted:
            compound = COMPOUND_PARSERS.get(tok.text)
            if compound is not None:
                node = getattr(self, compound)()
                node.line = line
                node.redirs = self._redirections()
                return node
            if tok.text == "function":
                return self._function_keyword()
            if tok.text in KEYWORDS:
                self._unexpected(tok)
        if tok.kind == "(":
            self._next()
            body = self._compound_list()
            tok = self._next()
            if tok.kind != ")":
                self._unexpected(tok, '")"')
            return Subshell(body, self._redirections(), line)
        if tok.kind in ("word", "redir"):
            return self._simple_command()
        self._unexpected(tok)

    def _redirections(self) -> list[Redir]:
        redirs = []
        while self._peek().kind == "redir":
            redirs.append(self._redirection(self._next()))
        return redirs

    def _simple_command(self):
        line = self._peek().line
        assigns: list[Assign] = []
        args: list[Word] = []
        redirs: list[Redir] = []
        double_brackets = False
        while True:
            tok = self._peek(command_word=not args)
            if tok.kind == "redir":
                redirs.append(self._redirection(self._next()))
                continue
            if double_brackets and tok.kind in ("&&", "||"):
                self._next()  # inside [[ ]], && and || are arguments of the test
                args.append(Word([Lit(tok.kind)]))
                continue
            if tok.kind == "(" and len(args) == 1 and not assigns and not redirs:
                return self._function_definition(args[0], line)
            if tok.kind != "word":
                break
            self._next()
            if not args:
                assign = assignment(tok.word)
                if assign is not None:
                    assigns.append(assign)
                    continue
            args.append(tok.word)
            if tok.text == "[[" and not tok.quoted:
                double_brackets = True
            elif tok.text == "]]" and not tok.quoted:
                double_brackets = False
        return SimpleCommand(assigns, args, redirs, line)

    def _redirection(self, tok: Token) -> Redir:
        op = tok.text
        fd = tok.fd if tok.fd is not None else (0 if op[0] == "<" else 1)
        if op in ("<<", "<<-"):
            delim = self.lexer.read_heredoc_delimiter()
            if delim is None:
                self._unexpected(self._next())
            text, quoted = delim
            redir = Redir(fd, op, Word([Quoted(text)]))
            self.lexer.heredocs.append(PendingHeredoc(redir, op == "<<-", not quoted))
            return redir
        target = self._next()
        if target.kind != "word":
            self._unexpected(target)
        return Redir(fd, op, target.word)

    def _function_definition(self, name_word: Word, line: int) -> FuncDef:
        self._next()  # (
        tok = self._next()
        if tok.kind != ")":
            self._unexpected(tok, '")"')
        name = name_word.literal
        if name is None or not NAME.match(name) or name in SPECIAL_BUILTINS:
            raise ParseError("bad function name", line)
        self._skip_newlines()
        return FuncDef(name, self._command(), line)

    def _function_keyword(self) -> FuncDef:
        """bash's `function name [()] body`, which ash accepts."""
        line = self._next().line
        tok = self._next()
        if tok.kind != "word":
            self._unexpected(tok, "word")
        if self._peek().kind == "(":
            self._next()
            close = self._next()
            if close.kind != ")":
                self._unexpected(close, '")"')
        name = tok.word.literal
        if name is None or not NAME.match(name) or name in SPECIAL_BUILTINS:
            raise ParseError("bad function name", line)
        body_tok = self._skip_newlines()
        if not (body_tok.kind == "word" and not body_tok.quoted
                and body_tok.text in ("{", "if", "case", "until", "while", "for", "[[")) \
                and body_tok.kind != "(":
            self._unexpected(body_tok)
        return FuncDef(name, self._command(), line)

    # ------------------------------------------------------------ compound commands
    def _brace_group(self) -> BraceGroup:
        self._next()
        body = self._compound_list()
        self._expect_keyword("}")
        return BraceGroup(body)

    def _if(self) -> If:
        self._next()
        cond = self._compound_list()
        self._expect_keyword("then")
        node = If(cond, self._compound_list())
        tail = node
        while True:
            tok = self._next(command_word=True)
            if self._is_keyword(tok, "elif"):
                cond = self._compound_list()
                self._expect_keyword("then")
                tail.else_ = If(cond, self._compound_list(), line=tok.line)
                tail = tail.else_
                continue
            if self._is_keyword(tok, "else"):
                tail.else_ = self._compound_list()
                tok = self._next(command_word=True)
            if not self._is_keyword(tok, "fi"):
                self._unexpected(tok, '"fi"')
            return node

    def _while(self) -> While:
        until = self._next().text == "until"
        cond = self._compound_list()
        self._expect_keyword("do")
        body = self._compound_list()
        self._expect_keyword("done")
        return While(cond, body, until)

    def _for(self) -> For:
        self._next()
        tok = self._next()
        if tok.kind != "word" or tok.quoted or not NAME.match(tok.text):
            raise ParseError("bad for loop variable", tok.line)
        var = tok.text
        tok = self._skip_newlines()
        items = None
        if self._is_keyword(tok, "in"):
            self._next()
            items = []
            while (tok := self._next()).kind == "word":
                items.append(tok.word)
            if tok.kind not in ("newline", ";"):
                self._unexpected(tok)
        elif tok.kind == ";":
            self._next()
        self._skip_newlines()
        self._expect_keyword("do")
        body = self._compound_list()
        self._expect_keyword("done")
        return For(var, items, body)

    def _case(self) -> Case:
        self._next()
        tok = self._next()
        if tok.kind != "word":
            self._unexpected(tok, "word")
        word = tok.word
        self._skip_newlines()
        self._expect_keyword("in")
        arms: list[CaseArm] = []
        while True:
            tok = self._skip_newlines()
            if self._is_keyword(tok, "esac"):
                self._next()
                return Case(word, arms)
            if tok.kind == "(":
                self._next()
            patterns = []
            while True:
                tok = self._next()
                if tok.kind != "word":
                    self._unexpected(tok, "word")
                patterns.append(tok.word)
                tok = self._next()
                if tok.kind != "|":
                    break
            if tok.kind != ")":
                self._unexpected(tok, '")"')
            arms.append(CaseArm(patterns, self._compound_list(allow_empty=True)))
            tok = self._skip_newlines()
            if self._is_keyword(tok, "esac"):
                continue
            if tok.kind != ";;":
                self._unexpected(tok, '";;"')
            self._next()


def assignment(word: Word) -> Assign | None:
    """`NAME=value` when the word starts with an unquoted `NAME=`."""
    first = word.parts[0] if word.parts else None
    if type(first) is not Lit:
        return None
    m = ASSIGNMENT.match(first.text)
    if m is None:
        return None
    rest = first.text[m.end():]
    parts = ([Lit(rest)] if rest else []) + word.parts[1:]
    return Assign(m.group()[:-1], Word(parts))


_cache: dict[tuple[str, int], list] = {}
CACHE_LIMIT = 256


def parse_lines(src: str, line: int = 1, aliases: Mapping[str, str] | None = None):
    """Yield a script's top-level lines as they parse; a syntax error is raised when reached.

    Scripts without aliases parse the same every time, so their lines are cached by text: a
    container that runs `sh -c 'echo hi'` a thousand times parses it once."""
    cacheable = not aliases and "alias" not in src
    key = (src, line)
    cached = _cache.get(key) if cacheable else None
    if cached is not None:
        for item in cached:
            if isinstance(item, ParseError):
                raise item
            yield item
        return
    parser = Parser(src, line, aliases)
    parsed: list = []
    try:
        while (node := parser.next_line()) is not None:
            parsed.append(node)
            yield node
    except ParseError as e:
        parsed.append(e)
        raise
    finally:
        complete = parsed and isinstance(parsed[-1], ParseError) or parser.lexer.at_eof()
        if cacheable and complete:
            if len(_cache) >= CACHE_LIMIT:
                _cache.clear()
            _cache[key] = parsed
