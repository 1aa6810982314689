""".dockerignore: reading patterns, and which build-context paths they exclude."""

import pytest

from dockyard.engine.dockerfile.dockerignore import DockerignoreError, Matcher, read_patterns
from dockyard.engine.errors import InvalidParameter

READ = [
    ("", []),
    ("# comment\nnode_modules\n\n  *.log  \n", ["node_modules", "*.log"]),
    ("  # not a comment: only a leading # is\n", ["# not a comment: only a leading # is"]),
    ("\ufeff# comment\nbuild\r\n", ["build"]),
    ("/abs/path\n./rel/../x/\n//two\n", ["abs/path", "x", "two"]),
    ("! /secret\n!keep/./me\n", ["!secret", "!keep/me"]),
    ("!\n", ["!"]),
    ("/\n", ["/"]),
    ("a//b/\n", ["a/b"]),
]


@pytest.mark.parametrize("text, patterns", READ)
def test_read_patterns(text, patterns):
    assert read_patterns(text) == patterns


# (patterns, path, excluded)
MATCHES = [
    (["*.md"], "README.md", True),
    (["*.md"], "docs/guide.md", False),
    (["*/*.md"], "docs/guide.md", True),
    (["**/*.md"], "docs/a/guide.md", True),
    (["**/*.md"], "guide.md", True),
    (["docs"], "docs/a/guide.md", True),
    (["docs/"], "docs/a", True),
    (["doc?"], "docs", True),
    (["doc?"], "doc/s", False),
    (["tmp/**"], "tmp/a/b", True),
    (["tmp/**"], "tmp", False),
    (["**"], "anything/at/all", True),
    (["**/node_modules"], "node_modules", True),
    (["**/node_modules"], "a/b/node_modules/x", True),
    (["a/**/b"], "a/b", True),
    (["a/**/b"], "a/x/y/b", True),
    (["a.b"], "axb", False),
    (["[ab].txt"], "b.txt", True),
    (["[^ab].txt"], "c.txt", True),
    (["\\*.txt"], "*.txt", True),
    (["\\*.txt"], "a.txt", False),
    (["*", "!README.md"], "README.md", False),
    (["*", "!README.md"], "main.go", True),
    (["*.md", "!README*.md", "README-secret.md"], "README-secret.md", True),
    (["*.md", "!README*.md", "README-secret.md"], "README.md", False),
    (["dir", "!dir/keep"], "dir/keep", False),
    (["dir", "!dir/keep"], "dir/keep/deep", False),
    (["dir", "!dir/keep"], "dir/other", True),
    # judged level by level as the CLI walks: a/b is excluded before `!a` could see its parent
    (["a/b", "!a"], "a/b", True),
    (["a/b", "!a"], "a/c", False),
    ([], "x", False),
    (["*"], ".", False),
    (["*"], "./x", True),
]


@pytest.mark.parametrize("patterns, path, excluded", MATCHES)
def test_matches(patterns, path, excluded):
    assert Matcher(patterns).matches(path) is excluded


def test_directories_with_exceptions_inside_must_still_be_walked():
    matcher = Matcher(["dir", "!dir/keep", "other"])
    assert matcher.has_exceptions
    assert matcher.may_reinclude_under("dir")
    assert not matcher.may_reinclude_under("other")
    assert not Matcher(["dir"]).may_reinclude_under("dir")


@pytest.mark.parametrize(
    "pattern, message",
    [("!", 'illegal exclusion pattern: "!"'), ("[a", "syntax error in pattern"), ("a\\", "syntax error in pattern"),
     ("[]a]", "syntax error in pattern"), ("[a-]", "syntax error in pattern")],
)
def test_bad_patterns(pattern, message):
    with pytest.raises(DockerignoreError) as failure:
        Matcher([pattern])
    assert failure.value.message == message
    assert isinstance(failure.value, InvalidParameter)
