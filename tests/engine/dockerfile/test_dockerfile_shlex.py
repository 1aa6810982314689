"""Word expansion in Dockerfile instructions: Docker 20.10's classic lexer, and today's BuildKit lexer."""

import pytest

from dockyard.engine.dockerfile.shlex import ExpansionError, Lex, process_word, process_words
from dockyard.engine.errors import InvalidParameter

ENV = {"PWD": "/home", "SHELL": "bash", "KOREAN": "한국어", "NULL": ""}


class Error(str):
    """An expected failure: the message after `failed to process "<word>": `."""


# (word, expansion with ENV) — Docker 20.10 / BuildKit v0.8 semantics
CLASSIC = [
    ("hello", "hello"),
    ("he'll'o", "hello"),
    ("he'llo", Error("unexpected end of statement while looking for matching single-quote")),
    ("he\\'llo", "he'llo"),
    ("abc\\tdef", "abctdef"),
    ('"abc\\tdef"', "abc\\tdef"),
    ('"abc\\\\tdef"', "abc\\tdef"),
    ("'abc\\tdef'", "abc\\tdef"),
    ("hello\\", "hello"),
    ("hello\\\\", "hello\\"),
    ('"hello', Error("unexpected end of statement while looking for matching double-quote")),
    ('"hello\\"', Error("unexpected end of statement while looking for matching double-quote")),
    ("'hello\\'", "hello\\"),
    ('"\'\'"', "''"),
    ("$.", "$."),
    ("$", "$"),
    ("he$1x", "hex"),
    ("he$PWD", "he/home"),
    ("he$pwd.", "he."),
    ("he\\$PWD", "he$PWD"),
    ("he\\\\$PWD", "he\\/home"),
    ('"he\\$PWD"', "he$PWD"),
    ("'he\\$PWD'", "he\\$PWD"),
    ("\\${}", "${}"),
    ("${}", Error("syntax error: bad substitution")),
    ("${:-x}", Error("syntax error: bad substitution")),
    ("${", Error("syntax error: missing '}'")),
    ("he${hi}xx", "hexx"),
    ("he${PWD}", "he/home"),
    ("he${.}", Error("missing ':' in substitution")),
    ("he${PWD", Error("missing ':' in substitution")),
    ("${aaa}}", "}"),
    ("he${XXX:-000}xx", "he000xx"),
    ("he${PWD:-000}xx", "he/homexx"),
    ("he${NULL:-000}xx", "he000xx"),
    ("he${XXX:-${PWD:-yyy}}xx", "he/homexx"),
    ("he${XXX:-${YYY:-yyy}}xx", "heyyyxx"),
    ('${XXX:-"a  b"}', "a  b"),
    ("he${XXX:+000}xx", "hexx"),
    ("he${PWD:+000}xx", "he000xx"),
    ("he${NULL:+000}xx", "hexx"),
    ("he${PWD:+${SHELL}}xx", "hebashxx"),
    ("he${XXX:-\\$PWD:}xx", "he$PWD:xx"),
    ("he${PWD?}", "he/home"),
    ("he${NULL?}", "he"),
    ("he${PWD:?}", "he/home"),
    ("he${XXX?}", Error("XXX: is not allowed to be unset")),
    ("he${XXX:?}", Error("XXX: is not allowed to be unset")),
    ("he${NULL:?}", Error("NULL: is not allowed to be empty")),
    ("${NULL:?set it $SHELL}", Error("NULL: set it bash")),
    ("${aaa:-bbb", Error("syntax error: missing '}'")),
    ("${aaa:-bbb ${foo}", Error("syntax error: missing '}'")),
    ("${aaa:-bbb {foo}", "bbb {foo"),
    # operators 20.10 does not know
    ("he${XXX:YYY}", Error("unsupported modifier (Y) in substitution")),
    ("he${PWD:=000}xx", Error("unsupported modifier (=) in substitution")),
    ("${PWD-x}", Error("missing ':' in substitution")),
    ("${PWD+x}", Error("missing ':' in substitution")),
    ("${PWD#/}", Error("missing ':' in substitution")),
    ("${PWD%e}", Error("missing ':' in substitution")),
    ("${PWD/h/H}", Error("missing ':' in substitution")),
    ("${PWD:#/}", Error("unsupported modifier (#) in substitution")),
    # special and positional parameters are never set
    ("$@@@", "@@"),
    ("${999:-bbb}aaa", "bbbaaa"),
    ("$001aaa", "aaa"),
    ("${#:-bbb}", "bbb"),
    ("$$", ""),
    # multibyte text
    ("안녕$KOREAN", "안녕한국어"),
    ("안'녕'하세요", "안녕하세요"),
    ("\ufeff$PWD", "/home"),
]


@pytest.mark.parametrize("word, expected", CLASSIC)
def test_classic_process_word(word, expected):
    if isinstance(expected, Error):
        with pytest.raises(ExpansionError) as failure:
            process_word(word, ENV)
        assert failure.value.message == f"failed to process {go_quote(word)}: {expected}"
    else:
        assert process_word(word, ENV) == expected


def go_quote(word: str) -> str:
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"').replace("\ufeff", "\\ufeff") + '"'


def test_expansion_errors_are_invalid_parameters():
    assert issubclass(ExpansionError, InvalidParameter)


def test_backtick_escape_token():
    assert process_word("a`$PWD `` \\n", ENV, escape_token="`") == "a$PWD ` \\n"
    assert process_word('"a`"b"', ENV, escape_token="`") == 'a"b'


# (word, env, words) — EXPOSE splits the expansion into words
WORDS = [
    ("hello", {}, ["hello"]),
    ("hello${hi}bye", {}, ["hellobye"]),
    ("hello${hi}bye", {"hi": "hi"}, ["hellohibye"]),
    ("hello${space}bye", {"space": "abc  def"}, ["helloabc", "defbye"]),
    ('hello"${space}"bye', {"space": "abc  def"}, ["helloabc  defbye"]),
    ('hello "${space}"bye', {"space": "abc  def"}, ["hello", "abc  defbye"]),
    ("hello${leading}def", {"leading": "  ab c"}, ["hello", "ab", "cdef"]),
    ("hello${trailing}d", {"trailing": "ab c   "}, ["helloab", "c", "d"]),
    ('hello" there  "', {}, ["hello there  "]),
    ("hello there     ", {}, ["hello", "there"]),
    ("hello\\ there", {}, ["hello there"]),
    ('hello\\" there', {}, ['hello"', "there"]),
    ("hello'$there'", {}, ["hello$there"]),
    ('a "" b', {}, ["a", "b"]),
    ('""', {}, []),
    ("$PORTS", {"PORTS": "80 443/udp"}, ["80", "443/udp"]),
    ("cat <<EOF", {}, ["cat", "<<EOF"]),
    ("cat << EOF", {}, ["cat", "<<", "EOF"]),
]


@pytest.mark.parametrize("word, env, expected", WORDS)
def test_classic_process_words(word, env, expected):
    assert process_words(word, env) == expected


def test_unterminated_quote_in_words():
    with pytest.raises(ExpansionError, match="matching double-quote"):
        process_words('hello" there', {})


# (word, env, expansion) — today's BuildKit, which the heredoc detection and a BuildKit mode use
BUILDKIT_ENV = {"P": "a/b/c", "NULL": "", "F": "file.tar.gz"}
BUILDKIT = [
    ("${X-d}", "d"),
    ("${NULL-d}", ""),
    ("${NULL:-d}", "d"),
    ("${NULL+a}", "a"),
    ("${X+a}", ""),
    ("${NULL:+a}", ""),
    ("${X?gone}", Error("X: gone")),
    ("${NULL?}", ""),
    ("${NULL:?}", Error("NULL: is not allowed to be empty")),
    ("${P#*/}", "b/c"),
    ("${P##*/}", "c"),
    ("${P%/*}", "a/b"),
    ("${P%%/*}", "a"),
    ("${F%.*}", "file.tar"),
    ("${F%%.*}", "file"),
    ("${F#?i}", "le.tar.gz"),
    ("${F#x}", "file.tar.gz"),
    ("${P/\\//_}", "a_b/c"),
    ("${P//\\//_}", "a_b_c"),
    ("${P//[/_}", "a/b/c"),
    ("${P/b}", Error("syntax error: missing '/' in ${}")),
    ("${P//b/\\$0\\$0}", "a/\\b\\b/c"),
    ("${P:#a}", Error("unsupported modifier (:#) in substitution")),
    ("${P:=a}", Error("unsupported modifier (:=) in substitution")),
    ("${P!}", Error("unsupported modifier (!) in substitution")),
    ("${P#\\x}", Error("invalid pattern (\\x) in substitution: invalid escape '\\x'")),
]


@pytest.mark.parametrize("word, expected", BUILDKIT)
def test_buildkit_process_word(word, expected):
    lex = Lex(buildkit=True)
    if isinstance(expected, Error):
        with pytest.raises(ExpansionError) as failure:
            lex.process_word(word, BUILDKIT_ENV)
        assert failure.value.message == f"failed to process {go_quote(word)}: {expected}"
    else:
        assert lex.process_word(word, BUILDKIT_ENV) == expected


def test_buildkit_keeps_heredoc_markers_in_one_word():
    assert Lex(buildkit=True).process_words("cat << EOF >x", {}) == ["cat", "<< EOF", ">x"]


def test_raw_modes_keep_the_text_as_written():
    lex = Lex(raw_quotes=True, raw_escapes=True, skip_unset_env=True)
    assert lex.process_word("'a' \"b\" \\c $X ${Y} ${Z:-d} ${W?m}", {}) == "'a' \"b\" \\c $X ${Y} ${Z:-d} ${W?m}"
    assert Lex(buildkit=True, skip_unset_env=True).process_word("${Z-d}${Z/a/b}", {}) == "${Z-d}${Z/a/b}"
