"""The Dockerfile parser: how Docker 20.10 reads Dockerfile text into instructions (no expansion)."""

import pytest

from dockyard.engine.dockerfile.parser import DockerfileSyntaxError, Heredoc, parse, read_and_parse


def dump(text: str, **options) -> str:
    return parse(text, **options).ast.dump()


# (Dockerfile, Node.dump() of the whole file)
DUMPS = [
    # line endings, byte-order mark, blank lines and comments
    ("FROM busybox\r\nRUN echo hi\r\n", '(from "busybox")\n(run "echo hi")'),
    ("\ufeffFROM busybox", '(from "busybox")'),
    (b"\xef\xbb\xbfFROM busybox\n", '(from "busybox")'),
    ("\n\n   # a comment\nFROM busybox\n\n", '(from "busybox")'),
    ("  FROM   busybox  \n", '(from "busybox")'),
    ("from busybox\nRuN echo\n", '(from "busybox")\n(run "echo")'),
    # continuation lines: the escape token goes, the next line is glued on as it is
    ("RUN echo a \\\n  b", '(run "echo a   b")'),
    ("RUN echo a\\\nb", '(run "echo ab")'),
    ("RUN echo a \\  \t\nb", '(run "echo a b")'),
    ("RUN echo a \\\n# dropped comment\n  b", '(run "echo a   b")'),
    ("RUN echo a \\\\\nFROM b", '(run "echo a \\\\\\\\")\n(from "b")'),
    ("RUN echo a \\", '(run "echo a")'),
    # parser directives: only before anything else, escape changes the continuation token
    ("# escape=`\nFROM a\nRUN echo `\n  hi", '(from "a")\n(run "echo   hi")'),
    ("#ESCAPE = `\nRUN echo \\\nFROM b", '(run "echo \\\\")\n(from "b")'),
    ("# syntax=docker/dockerfile:1\n# check=skip=all\n# escape=`\nRUN a `\nb", '(run "a b")'),
    ("FROM a\n# escape=`\nRUN echo \\\n hi", '(from "a")\n(run "echo  hi")'),
    ("\n# escape=`\nRUN echo \\\n hi", '(run "echo  hi")'),
    ("# comment\n# escape=`\nRUN echo \\\n hi", '(run "echo  hi")'),
    # exec form only for a JSON array of strings; what follows the array is ignored (as in 20.10)
    ('CMD ["a", "b"]', '(cmd "a" "b")'),
    ('CMD ["a"] and more', '(cmd "a")'),
    ('CMD ["a", "b"', '(cmd "[\\"a\\", \\"b\\"")'),
    ("CMD ['a']", "(cmd \"['a']\")"),
    ("CMD [NaN]", '(cmd "[NaN]")'),
    ('RUN ["echo", "\\u00e9\\t"]', '(run "echo" "é\\t")'),
    ("ENTRYPOINT []", "(entrypoint)"),
    ('VOLUME ["/a", "/b"]', '(volume "/a" "/b")'),
    ("VOLUME /a /b", '(volume "/a" "/b")'),
    ('COPY ["a b", "/c"]', '(copy "a b" "/c")'),
    # ENV and LABEL: key=value pairs (quotes kept for expansion), or the legacy `key value`
    ('ENV a=1 b="2 3"', '(env "a" "1" "=" "b" "\\"2 3\\"" "=")'),
    ("ENV PATH /usr/bin:$PATH", '(env "PATH" "/usr/bin:$PATH" "")'),
    ("ENV a=", '(env "a" "" "=")'),
    ('LABEL "a b"=c', '(label "\\"a b\\"" "c" "=")'),
    ("ENV a=x\\ y", '(env "a" "x\\\\ y" "=")'),
    ('ARG a="b c" d', '(arg "a=\\"b c\\"" "d")'),
    # flags: leading --words, quotes and backslashes work in them, `--` ends them
    ("COPY --from=build a b", '(copy ["--from=build"] "a" "b")'),
    ('COPY --chown="a b" x y', '(copy ["--chown=a b"] "x" "y")'),
    ("COPY --chown=a\\ b x y", '(copy ["--chown=a b"] "x" "y")'),
    ("COPY -- --x y", '(copy "--x" "y")'),
    ("COPY -x y", '(copy "-x" "y")'),
    # other argument shapes
    ("EXPOSE 80  443/udp", '(expose "80" "443/udp")'),
    ("HEALTHCHECK NONE", '(healthcheck "NONE")'),
    ('HEALTHCHECK --retries=2 CMD ["true"]', '(healthcheck ["--retries=2"] "CMD" "true")'),
    ("ONBUILD COPY --from=x a b", '(onbuild (copy ["--from=x"] "a" "b"))'),
    ("ONBUILD", "(onbuild)"),
    ("USER  app:app ", '(user "app:app")'),
    ("FRM busybox", '(frm "")'),
]


@pytest.mark.parametrize("text, expected", DUMPS)
def test_dump(text, expected):
    assert dump(text) == expected


def test_original_keeps_the_instruction_text_with_continuations_joined():
    child = parse("RUN apt-get update \\\n    && apt-get install -y git\n").ast.children[0]
    assert child.original == "RUN apt-get update     && apt-get install -y git"
    assert (child.start_line, child.end_line) == (1, 2)


def test_args_of_an_onbuild_trigger_are_its_name_then_its_arguments():
    node = parse("ONBUILD RUN echo hi\n").ast.children[0]
    assert node.args() == ["run", "echo hi"]


def test_escape_token_is_reported():
    assert parse("# escape=`\nFROM a").escape_token == "`"
    assert parse("FROM a").escape_token == "\\"


def test_empty_continuation_lines_warn_as_docker_20_10():
    result = parse("FROM a\nRUN echo a \\\n\n    b\n")
    assert result.ast.children[1].original == "RUN echo a     b"
    assert result.warnings_text() == (
        "[WARNING]: Empty continuation line found in:\n"
        "    RUN echo a     b\n"
        "[WARNING]: Empty continuation lines will become errors in a future release.\n"
    )


def test_warnings_go_through_printf_as_the_format():
    result = parse("RUN date +%s \\\n\n  && echo 100%%\n")
    assert "RUN date +%!s(MISSING)   && echo 100%\n" in result.warnings_text()


def test_no_warnings_no_text():
    assert parse("FROM a\n").warnings_text() == ""


# (Dockerfile, message, start line, end line)
ERRORS = [
    ("", "file with no instructions", 0, 0),
    ("# just a comment\n\n", "file with no instructions", 2, 2),
    ("FROM a\nENV x\n", "ENV must have two arguments", 2, 2),
    ("FROM a\nLABEL x\n", "LABEL must have two arguments", 2, 2),
    ("FROM a\nENV a=b c\n", 'Syntax error - can\'t find = in "c". Must be of the form: name=value', 2, 2),
    ("FROM a\nCMD [1, 2]\n", "when using JSON array syntax, arrays must be comprised of strings only", 2, 2),
    ('FROM a\nCOPY ["a", null]\n', "when using JSON array syntax, arrays must be comprised of strings only", 2, 2),
    ("FROM a\nRUN echo \\\n  [1]\nCMD \\\n [2]", "when using JSON array syntax, arrays must be comprised of strings only", 4, 5),
    ("# escape=x\nFROM a", "invalid escape token 'x' does not match ` or \\", 1, 1),
    ("# escape=`\n# escape=\\\nFROM a", "only one escape parser directive can be used", 2, 2),
    ("# syntax=a\n#syntax=b\nFROM a", "only one syntax parser directive can be used", 2, 2),
    ("FROM a\nRUN <<EOF\necho hi\n", "unterminated heredoc", 2, 3),
]


@pytest.mark.parametrize("text, message, start_line, end_line", ERRORS)
def test_errors(text, message, start_line, end_line):
    with pytest.raises(DockerfileSyntaxError) as failure:
        parse(text)
    assert (failure.value.message, failure.value.start_line, failure.value.end_line) == (
        message,
        start_line,
        end_line,
    )


def test_lines_longer_than_go_scanner_allows():
    with pytest.raises(DockerfileSyntaxError, match="^dockerfile line greater than max allowed size of 65535$"):
        parse("FROM a\nRUN " + "x" * 65532 + "\n")
    assert dump("FROM a\nRUN " + "x" * 65531 + "\n").endswith('x")')
    with pytest.raises(DockerfileSyntaxError, match="^file with no instructions$"):
        parse("RUN " + "x" * 70000)


def test_read_and_parse_words_errors_as_the_daemon():
    with pytest.raises(DockerfileSyntaxError, match=r"^the Dockerfile \(Dockerfile\) cannot be empty$"):
        read_and_parse("Dockerfile", b"")
    with pytest.raises(DockerfileSyntaxError, match="^failed to parse sub/Dockerfile.dev: file with no instructions$"):
        read_and_parse("sub/Dockerfile.dev", "# nothing\n")
    assert read_and_parse("Dockerfile", "FROM a").ast.dump() == '(from "a")'


# -- heredocs (today's BuildKit; off with heredocs=False, as in Docker 20.10) ----------------------


def heredocs_of(text: str) -> list[Heredoc]:
    return [heredoc for child in parse(text).ast.children for heredoc in child.heredocs]


HEREDOCS = [
    ("RUN <<EOF\necho hi\nEOF\n", [Heredoc("EOF", "echo hi\n")]),
    ("RUN << EOF\necho hi\nEOF", [Heredoc("EOF", "echo hi\n")]),
    ('RUN <<"EOF"\necho $HOME\nEOF\n', [Heredoc("EOF", "echo $HOME\n", expand=False)]),
    ("RUN <<'EOF'\nx\nEOF\n", [Heredoc("EOF", "x\n", expand=False)]),
    ("RUN <<-EOT\n\techo hi\n\t\tEOT\n", [Heredoc("EOT", "\techo hi\n", chomp=True)]),
    ("RUN cat <<A <<B\na\nA\nb\nB\n", [Heredoc("A", "a\n"), Heredoc("B", "b\n")]),
    ("RUN 3<<EOF\nx\nEOF\n", [Heredoc("EOF", "x\n", file_descriptor=3)]),
    ("COPY <<EOF /etc/motd\nhello\nEOF\n", [Heredoc("EOF", "hello\n")]),
    ("ONBUILD RUN <<EOF\nx\nEOF\n", [Heredoc("EOF", "x\n")]),
    ("RUN <<EOF\r\nx\r\nEOF\r\n", [Heredoc("EOF", "x\r\n")]),
    ("RUN <<EOF\nEOF\n", [Heredoc("EOF", "")]),
    # not heredocs: exec form, quoted markers, other instructions
    ('RUN ["cat", "<<EOF"]\n', []),
    ('RUN echo "<<EOF"\n', []),
    ("CMD <<EOF\n", []),
]


@pytest.mark.parametrize("text, expected", HEREDOCS)
def test_heredocs(text, expected):
    assert heredocs_of(text) == expected


def test_heredoc_body_lines_belong_to_the_instruction():
    result = parse("FROM a\nRUN <<EOF\nFROM b\nEOF\nCMD x\n")
    assert result.ast.dump() == '(from "a")\n(run "<<EOF")\n(cmd "x")'
    assert [(child.start_line, child.end_line) for child in result.ast.children] == [(1, 1), (2, 4), (5, 5)]


def test_without_heredocs_the_body_lines_are_instructions():
    assert dump("FROM a\nRUN <<EOF\necho hi\nEOF\n", heredocs=False) == (
        '(from "a")\n(run "<<EOF")\n(echo "")\n(eof "")'
    )
