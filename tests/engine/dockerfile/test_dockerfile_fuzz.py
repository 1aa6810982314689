"""Whatever text a user types, the front end answers with a result or a DockerfileSyntaxError."""

from hypothesis import given, settings
from hypothesis import strategies as st

from dockyard.engine.dockerfile.dockerignore import DockerignoreError, Matcher, read_patterns
from dockyard.engine.dockerfile.instructions import parse_dockerfile
from dockyard.engine.dockerfile.parser import DockerfileSyntaxError, parse
from dockyard.engine.dockerfile.shlex import ExpansionError, Lex

INSTRUCTIONS = ["FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT",
                "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL", "NONE", "AS"]
PIECES = INSTRUCTIONS + ["--from=", "--mount=", "--interval=", "--chown=", "--platform=", "type=", "<<", "<<-", "EOF",
                         '"', "'", "[", "]", ",", "=", "\\", "`", "$", "${", "}", ":-", "#", "# escape=", "\n", "\r\n",
                         " ", "\t", "1", "a", "é", "\x00", "\ufeff", "\udcff"]

dockerfile_text = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(PIECES), max_size=60).map("".join),
)


@settings(max_examples=400, deadline=None)
@given(dockerfile_text, st.booleans())
def test_parse_and_instructions_only_fail_with_syntax_errors(text, heredocs):
    try:
        result = parse(text, heredocs=heredocs)
        result.ast.dump()
        result.warnings_text()
        parse_dockerfile(result.ast)
    except DockerfileSyntaxError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES + ["a", "b", "{", "}", "/", "#", "%", "?", "*", "+", "-", "!"]), max_size=30).map("".join),
       st.booleans(), st.sampled_from(["\\", "`"]))
def test_expansion_only_fails_with_expansion_errors(word, buildkit, escape_token):
    lex = Lex(escape_token, buildkit=buildkit)
    try:
        lex.process_word(word, {"a": "x/y.z", "b": ""})
        lex.process_words(word, {"a": "x y"})
    except ExpansionError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["*", "**", "?", "[", "]", "^", "-", "\\", "/", "!", ".", "..", "a", "b", "#", " ", "\n"]),
                max_size=20).map("".join),
       st.lists(st.sampled_from(["a", "b", "ab", ".", "..", "x.y"]), min_size=1, max_size=4).map("/".join))
def test_dockerignore_only_fails_with_dockerignore_errors(text, path):
    try:
        Matcher(read_patterns(text)).matches(path)
    except DockerignoreError:
        pass
