"""Whatever a user types as a format, the only failure is a TemplateError (never a traceback)."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dockyard.kernel.cli.formatter.gotemplate import Template, TemplateError
from dockyard.kernel.cli.formatter.table import SubContext, render

# Pieces of template syntax, so that random strings reach deep into the parser and executor.
# (No bare digits: a random `{{range 99999999}}` would be a correct, endless loop.)
FRAGMENTS = [
    "{{", "}}", "{{- ", " -}}", ".", "$", "$x", ":=", "=", "|", "(", ")", " ", "\n", "\t", ",", '"', "`", "'",
    "/*", "*/", "\\", "-", "#", "é", "한", "…", "%s", "%d", "%v", "'a'", "0x1", "1.5", "-2", "1e3", "2i", "nil",
    "true", "Config", "Env", "Labels", "Names", "Label", "Size", "Missing", "range", "if", "else", "end",
    "with", "define", "template", "block", "break", "continue", "json", "index", "len", "slice", "printf",
    "print", "eq", "lt", "ge", "and", "or", "not", "call", "html", "js", "urlquery", "split", "join", "title",
    "upper", "pad", "truncate", "table", "\\t", "\\n",
]
formats = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=24).map("".join),
    st.text(max_size=40),
)

DATA = {
    "Config": {"Env": ["A=1", "B=2"], "Labels": {"x": "y"}, "Entrypoint": None, "ExposedPorts": {"80/tcp": {}}},
    "Names": "web",
    "Size": 3,
    "Ratio": 0.5,
}


class Row(SubContext):
    go_type = "*formatter.ContainerContext"

    def Names(self) -> str:
        return "web"

    def Size(self) -> int:
        return 2

    def Label(self, name: str) -> str:
        return name


def _attempt(call):
    """The call's result, or None when it failed the only way it may."""
    try:
        return call()
    except TemplateError as error:
        assert str(error).startswith("template parsing error: template: ")
        return None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(formats)
def test_templates_fail_only_with_template_errors(text):
    template = _attempt(lambda: Template.parse(text))
    if template is None:
        return
    for data in (DATA, Row(), None, ["a", 1], "text"):
        for missing_key_error in (False, True):
            output = _attempt(lambda: template.execute(data, missing_key_error=missing_key_error))
            assert output is None or isinstance(output, str)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(formats)
def test_listings_fail_only_with_template_errors(text):
    output = _attempt(lambda: render(text, [Row(), DATA], {"Names": "NAMES", "Size": "SIZE"}))
    assert output is None or isinstance(output, str)
