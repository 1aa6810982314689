"""BuildKit's Dockerfile parser corpus (shared/reference/dockerfile-parser-corpus) as golden tests."""

from pathlib import Path

import pytest

from dockyard.engine.dockerfile.parser import DockerfileSyntaxError, parse

CORPUS = Path(__file__).resolve().parents[3] / ".." / "shared" / "reference" / "dockerfile-parser-corpus"
POSITIVE = sorted(path.name for path in (CORPUS / "testfiles").iterdir())

NEGATIVE = {
    "empty_dockerfile": "file with no instructions",
    "env_no_value": "ENV must have two arguments",
    "only_comments": "file with no instructions",
    "shykes-nested-json": "when using JSON array syntax, arrays must be comprised of strings only",
}


def test_the_whole_corpus_is_here():
    assert len(POSITIVE) == 33
    assert sorted(path.name for path in (CORPUS / "testfiles-negative").iterdir()) == sorted(NEGATIVE)


@pytest.mark.parametrize("case", POSITIVE)
def test_dump_matches_buildkit(case):
    dockerfile = (CORPUS / "testfiles" / case / "Dockerfile").read_bytes()
    expected = (CORPUS / "testfiles" / case / "result").read_text(encoding="utf-8")
    assert parse(dockerfile).ast.dump() + "\n" == expected


@pytest.mark.parametrize("case, message", sorted(NEGATIVE.items()))
def test_negative_cases_fail(case, message):
    with pytest.raises(DockerfileSyntaxError) as failure:
        parse((CORPUS / "testfiles-negative" / case / "Dockerfile").read_bytes())
    assert failure.value.message == message


def test_line_numbers_of_instructions():
    result = parse((CORPUS / "testfile-line" / "Dockerfile").read_bytes())
    assert (result.ast.start_line, result.ast.end_line) == (5, 31)
    assert [(child.start_line, child.end_line) for child in result.ast.children] == [(5, 5), (11, 12), (17, 31)]
