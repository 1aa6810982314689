"""Parsing Go templates: the trees Go builds (printed back as Go prints them) and the errors
Go reports. Most rows come from Go's own text/template/parse tests."""
import pytest

from dockyard.kernel.cli.formatter import template_nodes
from dockyard.kernel.cli.formatter.gotemplate import Template, TemplateError
from dockyard.kernel.cli.formatter.template_parse import ParseError, parse
from dockyard.kernel.cli.formatter.units import go_quote

FUNCTIONS = {"printf", "contains"}


@pytest.fixture
def quoted_text(monkeypatch):
    """Print text nodes quoted, as Go's parse tests do, so text and actions can be told apart."""
    monkeypatch.setattr(template_nodes.TextNode, "__str__", lambda self: go_quote(self.text))


@pytest.mark.parametrize("text, tree", [
    ("", ""),
    ("{{/*\n\n\n*/}}", ""),
    (" \t\n", '" \\t\\n"'),
    ("some text", '"some text"'),
    ("{{.X}}", "{{.X}}"),
    ("{{printf}}", "{{printf}}"),
    ("{{$}}", "{{$}}"),
    ("{{with $x := 3}}{{$x 23}}{{end}}", "{{with $x := 3}}{{$x 23}}{{end}}"),
    ("{{$.I}}", "{{$.I}}"),
    ("{{printf `%d` 23}}", "{{printf `%d` 23}}"),
    ("{{.X|.Y}}", "{{.X | .Y}}"),
    ("{{$x := .X|.Y}}", "{{$x := .X | .Y}}"),
    ("{{.X (.Y .Z) (.A | .B .C) (.E)}}", "{{.X (.Y .Z) (.A | .B .C) (.E)}}"),
    ("{{(.Y .Z).Field}}", "{{(.Y .Z).Field}}"),
    ("{{if .X}}hello{{end}}", '{{if .X}}"hello"{{end}}'),
    ("{{if .X}}true{{else}}false{{end}}", '{{if .X}}"true"{{else}}"false"{{end}}'),
    ("{{if .X}}true{{else if .Y}}false{{end}}", '{{if .X}}"true"{{else}}{{if .Y}}"false"{{end}}{{end}}'),
    ("+{{if .X}}X{{else if .Y}}Y{{else if .Z}}Z{{end}}+",
     '"+"{{if .X}}"X"{{else}}{{if .Y}}"Y"{{else}}{{if .Z}}"Z"{{end}}{{end}}{{end}}"+"'),
    ("{{range .X.Y.Z}}hello{{end}}", '{{range .X.Y.Z}}"hello"{{end}}'),
    ("{{range .X}}hello{{range .Y}}goodbye{{end}}{{end}}", '{{range .X}}"hello"{{range .Y}}"goodbye"{{end}}{{end}}'),
    ("{{range .X|.M}}true{{else}}false{{end}}", '{{range .X | .M}}"true"{{else}}"false"{{end}}'),
    ("{{range $x, $y := .SI}}{{.}}{{end}}", "{{range $x, $y := .SI}}{{.}}{{end}}"),
    ("{{range .SI}}{{.}}{{break}}{{end}}", "{{range .SI}}{{.}}{{break}}{{end}}"),
    ("{{range .SI}}{{.}}{{ continue }}{{end}}", "{{range .SI}}{{.}}{{continue}}{{end}}"),
    ("{{range .SI 1 -3.2i true false 'a' nil}}{{end}}", "{{range .SI 1 -3.2i true false 'a' nil}}{{end}}"),
    ("{{template `x` .Y}}", '{{template "x" .Y}}'),
    ("{{with .X}}hello{{else with .Y}}goodbye{{end}}", '{{with .X}}"hello"{{else}}{{with .Y}}"goodbye"{{end}}{{end}}'),
    ('{{block "foo" .}}hello{{end}}', '{{template "foo" .}}'),
    # trim markers take the white space (spaces, tabs, newlines) next to them
    ("x \r\n\t{{- 3}}", '"x"{{3}}'),
    ("{{3 -}}\n\n\ty", '{{3}}"y"'),
    ("x \r\n\t{{- 3 -}}\n\n\ty", '"x"{{3}}"y"'),
    ("x\n{{-  3   -}}\ny", '"x"{{3}}"y"'),
    ("x \r\n\t{{- /* hi */}}", '"x"'),
    ("{{/* hi */ -}}\n\n\ty", '"y"'),
    ("x \r\n\t{{- /* */ -}}\n\n\ty", '"x""y"'),
    ("{{-3}}", "{{-3}}"),  # no space after the dash: a negative number, not a trim marker
    # newlines are spaces inside actions
    ("{{ $x \n := \n 1 \n }}", "{{$x := 1}}"),
    ("{{\n\"x\"\n|\nprintf\n}}", '{{"x" | printf}}'),
    ("{{$x:=.}}{{$x +2}}", "{{$x := .}}{{$x +2}}"),
    ("{{range $x = 0}}{{$x}}{{end}}", "{{range $x = 0}}{{$x}}{{end}}"),
    ("{{ (( 1 )) }}", "{{((1))}}"),
])
def test_tree_prints_as_go_prints_it(quoted_text, text, tree):
    assert str(parse(text, FUNCTIONS, "test")["test"].root) == tree


def test_define_and_block_add_named_trees(quoted_text):
    trees = parse('a{{block "inner" .}}bar{{.}}baz{{end}}b{{define "x"}}X{{end}}', FUNCTIONS, "outer")
    assert str(trees["outer"].root) == '"a"{{template "inner" .}}"b"'
    assert str(trees["inner"].root) == '"bar"{{.}}"baz"'
    assert str(trees["x"].root) == '"X"'


@pytest.mark.parametrize("text, message", [
    # docker/cli's own tests
    ("{{InvalidFunction}}", 'template: :1: function "InvalidFunction" not defined'),
    ("{{.Foo}", 'template: :1: unexpected "}" in operand'),
    ("{{}}", "template: :1: missing value for command"),
    ("{{\n}}", "template: :2: missing value for command"),
    ("hello{{range", "template: :1: unclosed action"),
    ("{{end}}", "template: :1: unexpected {{end}}"),
    ("{{else}}", "template: :1: unexpected {{else}}"),
    ("{{if .X}}1{{else}}2{{else}}3{{end}}", "template: :1: expected end; found {{else}}"),
    ("hello{{range .x}}", "template: :1: unexpected EOF"),
    ("{{$x}}", 'template: :1: undefined variable "$x"'),
    ("{{with $x := 4}}{{end}}{{$x}}", 'template: :1: undefined variable "$x"'),
    ("{{template .X}}", 'template: :1: unexpected ".X" in template clause'),
    ("{{printf 3, 4}}", 'template: :1: unexpected "," in operand'),
    ("{{with $v, $u := 3}}{{end}}", "template: :1: too many declarations in with"),
    ("{{range $u, $v, $w := 3}}{{end}}", "template: :1: too many declarations in range"),
    ("{{range $k, .}}{{end}}", "template: :1: range can only initialize variables"),
    ("{{range $k,}}{{end}}", "template: :1: missing value for range"),
    ("{{printf (printf .).}}", "template: :1: unexpected <.> in operand"),
    ("{{printf 3`x`}}", 'template: :1: unexpected "`x`" in operand'),
    ("{{if .X}}a{{else if .Y}}b{{end}}{{end}}", "template: :1: unexpected {{end}}"),
    ("{{range .}}{{end}} {{break}}", "template: :1: {{break}} outside {{range}}"),
    ("{{range .}}{{else}}{{continue}}{{end}}", "template: :1: {{continue}} outside {{range}}"),
    ("{{$x:=.}}{{$x+2}}", "template: :1: bad character U+002B '+'"),
    ("{{a#}}", "template: :1: bad character U+0023 '#'"),
    ("{{0.1.E}}", 'template: :1: unexpected . after term "0.1"'),
    ('{{"hello".guys}}', 'template: :1: unexpected . after term "\\"hello\\""'),
    ("{{nil.E}}", 'template: :1: unexpected . after term "nil"'),
    ("{{12|.}}", "template: :1: non executable command in pipeline stage 2"),
    ('{{.|printf|"error"}}', "template: :1: non executable command in pipeline stage 3"),
    ("{{ ( ) }}", "template: :1: missing value for parenthesized pipeline"),
    ('{{block "foo"}}hello{{end}}', "template: :1: missing value for block clause"),
    ("{{/*}}", "template: :1: unclosed comment"),
    ("{{/* x */ }}", "template: :1: comment ends before closing delimiter"),
    ("{{.X (1 2 3}}", "template: :1: unclosed left paren"),
    ("{{.X 1 2 3 ) }}", "template: :1: unexpected right paren U+0029 ')'"),
    ("{{'a}}", "template: :1: unterminated character constant"),
    ('{{"a}}', "template: :1: unterminated quoted string"),
    ("{{`a}}", "template: :1: unterminated raw quoted string"),
    ("{{0xi}}", 'template: :1: illegal number syntax: "0xi"'),
    ("{{3x}}", 'template: :1: bad number syntax: "3x"'),
    ("{{1.E}}", 'template: :1: illegal number syntax: "1.E"'),
    ("{{99999999999999999999}}", 'template: :1: integer overflow: "99999999999999999999"'),
    ("{{'ab'}}", "template: :1: malformed character constant: 'ab'"),
    ('{{"\\q"}}', "template: :1: invalid syntax"),
    ("{{.Name:x}}", "template: :1: expected :="),
    ("{{.A → .B}}", "template: :1: unrecognized character in action: U+2192 '→'"),
    ("{{.Names}} {{.Label \"com.example.averyveryverylongname}}", "template: :1: unterminated quoted string"),
    ("{{range .X}}{{.Y | nosuch}}{{end}}", 'template: :1: function "nosuch" not defined'),
    ("{{printf \"%s\" .Name \"averyveryverylongstring\" 'x' | 1}}",
     "template: :1: non executable command in pipeline stage 2"),
    ("{{template averyveryverylongname}}", 'template: :1: unexpected "averyveryv"... in template clause'),
    ("{{define `a`}}a{{end}}{{define `a`}}b{{end}}", 'template: :1: template: multiple definition of template "a"'),
    # the line is that of the last item read; an unclosed action names where it started
    ("line1\n{{", "template: :2: unclosed action"),
    ("line1\n{{\"x\"\n\"y\"\n", "template: :4: unclosed action started at :2"),
    ("{{\n\n\n\n\n", "template: :6: unclosed action started at :1"),
    ("line1\n{{\nx\n}}", 'template: :3: function "x" not defined'),
    ("{{ $v := `\n` }} {{", "template: :2: unclosed action"),
])
def test_parse_errors_read_as_go_reads_them(text, message):
    with pytest.raises(TemplateError) as caught:
        Template.parse(text)
    assert caught.value.go_message == message
    assert caught.value.during == "parse"
    assert str(caught.value) == "template parsing error: " + message


def test_parse_error_names_the_template():
    with pytest.raises(ParseError, match=r"^template: unclosed1:2: unclosed action$"):
        parse("line1\n{{", FUNCTIONS, "unclosed1")
