"""Executing Go templates the way `docker inspect -f` and `docker ps --format` do: output,
Go's builtins, docker's functions, and Go's execution errors word for word."""
import pytest

from dockyard.kernel.cli.formatter.gotemplate import Template, TemplateError
from dockyard.kernel.cli.formatter.govalues import GoNil
from dockyard.kernel.cli.formatter.template_funcs import HEADER_FUNCTIONS

# The shape of `docker image inspect` / `docker inspect` output, as the Engine API returns it.
IMAGE = {
    "Id": "sha256:90435eec5c4e124e741ef731e118be2fc799a68aba0466ec17717f24ce2ae6a2",
    "RepoTags": ["web:1", "web:latest"],
    "Size": 4261552,
    "Config": {
        "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "APP_MODE=production"],
        "Cmd": ["cat", "/app/msg.txt"],
        "Entrypoint": None,
        "WorkingDir": "/app",
        "ExposedPorts": {"80/tcp": {}},
        "Labels": {"maintainer": "dyonyon", "version": "1.0"},
        "Volumes": None,
    },
    "RootFS": {"Type": "layers", "Layers": ["sha256:aaa", "sha256:bbb"]},
}
CONTAINER = {
    "Name": "/lc",
    "State": {"Status": "exited", "Running": False, "ExitCode": 137, "Health": None},
    "Config": {"Image": "busybox", "Cmd": ["sleep", "300"], "Labels": {}},
    "Mounts": [{"Type": "volume", "Name": "data", "Destination": "/data"}],
    "NetworkSettings": {"Ports": {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}], "443/tcp": None}},
}


def run(text, data, **options):
    return Template.parse(text).execute(data, **options)


@pytest.mark.parametrize("text, expected", [
    # recorded from real Docker (shared/fidelity/expected)
    ("{{.Config.WorkingDir}} {{json .Config.Cmd}} {{json .Config.ExposedPorts}}", '/app ["cat","/app/msg.txt"] {"80/tcp":{}}'),
    ("{{.Config.Env}}", "[PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin APP_MODE=production]"),
    # printing values as Go's fmt does
    ("{{.Config.ExposedPorts}}", "map[80/tcp:{}]"),
    ("{{.Config.Labels}}", "map[maintainer:dyonyon version:1.0]"),
    ("{{.RootFS}}", "map[Layers:[sha256:aaa sha256:bbb] Type:layers]"),
    ("{{.Size}}", "4261552"),
    ("{{.Config.Entrypoint}}", "<no value>"),  # a JSON null is an untyped nil
    ("{{.NoSuchField}}", "<no value>"),
    ("{{.Config.Labels.maintainer}}", "dyonyon"),
    ("{{$}}", "map[Config:map[Cmd:[cat /app/msg.txt] Entrypoint:<nil> Env:[PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin APP_MODE=production] ExposedPorts:map[80/tcp:{}] Labels:map[maintainer:dyonyon version:1.0] Volumes:<nil> WorkingDir:/app] Id:sha256:90435eec5c4e124e741ef731e118be2fc799a68aba0466ec17717f24ce2ae6a2 RepoTags:[web:1 web:latest] RootFS:map[Layers:[sha256:aaa sha256:bbb] Type:layers] Size:4261552]"),
    # docker's functions
    ("{{json .Config.Labels}}", '{"maintainer":"dyonyon","version":"1.0"}'),
    ("{{json .Config.Entrypoint}}", "null"),
    ("{{json .Size}}", "4261552"),
    ('{{json "a<b>&c"}}', '"a<b>&c"'),  # docker's json does not escape HTML
    ('{{join .Config.Cmd " "}}', "cat /app/msg.txt"),
    ('{{join .RepoTags ", "}}', "web:1, web:latest"),
    ('{{split "a:b:c" ":"}}', "[a b c]"),
    ('{{join (split "text:with:colon" ":") "/"}}', "text/with/colon"),
    ('{{split "ab" ""}}', "[a b]"),
    ('{{title "hello docker world"}}', "Hello Docker World"),
    ('{{title "it\'s_a test-case"}}', "It'S_a Test-Case"),  # strings.Title's own quirk
    ('{{upper .Config.WorkingDir}} {{lower "MiXeD"}}', "/APP mixed"),
    ('{{upper "straße"}}', "STRAßE"),
    ('[{{pad "x" 2 3}}][{{pad "" 2 3}}]', "[  x   ][]"),
    ('{{truncate "tupx5xzf6hvsrhnruz5cr8gwp" 5}}', "tupx5"),
    ('{{truncate "tupx5xzf6hvsrhnruz5cr8gwp" 30}}', "tupx5xzf6hvsrhnruz5cr8gwp"),
    ('{{truncate .Id 19}}', "sha256:90435eec5c4e"),
    # Go's builtins
    ("{{len .RepoTags}} {{len .Config.Labels}} {{len .Config.WorkingDir}}", "2 2 4"),
    ('{{len "한글"}}', "6"),  # bytes, as Go counts
    ("{{index .RepoTags 1}}", "web:latest"),
    ('{{index .Config.Labels "version"}}', "1.0"),
    ('{{index .Config.Labels "nope"}}', "<no value>"),
    ("{{index .RootFS.Layers 0 | printf \"%.10s\"}}", "sha256:aaa"),
    ('{{index "abc" 1}}', "98"),  # a byte
    ("{{slice .RepoTags 1}} {{slice .Config.WorkingDir 1 3}}", "[web:latest] ap"),
    ('{{printf "%s has %d tags" .Config.WorkingDir (len .RepoTags)}}', "/app has 2 tags"),
    ('{{printf "%-6s|%6.2f|%x" "ab" 3.14159 255}}', "ab    |  3.14|ff"),
    ('{{print "a" 1 2 "b"}}', "a1 2b"),
    ("{{println 1 2}}", "1 2\n"),
    ('{{html "<b>\\"hi\\"</b>"}}', "&lt;b&gt;&#34;hi&#34;&lt;/b&gt;"),
    ('{{js "it\'s <x>"}}', "it\\'s \\u003Cx\\u003E"),
    ('{{urlquery "a b&c/d"}}', "a+b%26c%2Fd"),
    ('{{html .Missing}}', "&lt;no value&gt;"),
    ('{{print .Missing}}', "<nil>"),
    ("{{not 0}} {{not 1}} {{not .Missing}}", "true false true"),
    ("{{and 1 0}} {{and 1 1}} {{or 0 0}} {{or 0 \"x\"}}", "0 1 0 x"),
    ("{{or .Missing .Config.WorkingDir}}", "/app"),
    ("{{and 1 .Missing}}", "<no value>"),
    ("{{1 | and 1}} {{0 | or 0}}", "1 0"),
    ('{{eq .Config.WorkingDir "/app"}} {{ne 1 2}} {{eq 1 2 3 1}}', "true true true"),
    ("{{lt 1 2}} {{le 2 2}} {{gt 1 2}} {{ge 3 2}} {{lt \"a\" \"b\"}}", "true true false true true"),
    ('{{eq .Missing "x"}} {{eq .Config.Entrypoint .Config.Volumes}}', "false true"),
    ("{{eq 1.5 1.5}} {{lt 1.5 2.5}}", "true true"),
    # control structures
    ('{{if eq .Config.WorkingDir "/app"}}yes{{else}}no{{end}}', "yes"),
    ("{{if .Config.Entrypoint}}set{{else if .Config.Cmd}}cmd{{else}}none{{end}}", "cmd"),
    ("{{if .Config.Volumes}}v{{end}}|{{if .RepoTags}}t{{end}}|{{if 0}}z{{end}}|{{if 0.5}}h{{end}}", "|t||h"),
    ("{{with .Config}}{{.WorkingDir}}{{end}}", "/app"),
    ("{{with .Config.Entrypoint}}{{.}}{{else}}no entrypoint{{end}}", "no entrypoint"),
    ("{{with .Config.Entrypoint}}e{{else with .Config.Cmd}}{{index . 0}}{{end}}", "cat"),
    ("{{range .RepoTags}}[{{.}}]{{end}}", "[web:1][web:latest]"),
    ("{{range $i, $tag := .RepoTags}}{{$i}}={{$tag}} {{end}}", "0=web:1 1=web:latest "),
    ("{{range $k, $v := .Config.Labels}}{{$k}}:{{$v}};{{end}}", "maintainer:dyonyon;version:1.0;"),
    ("{{range .Config.Labels}}{{.}} {{end}}", "dyonyon 1.0 "),
    ("{{range .Config.Entrypoint}}x{{else}}empty{{end}}", "empty"),
    ("{{range .RepoTags}}{{.}}{{break}}{{end}}", "web:1"),
    ('{{range .RepoTags}}{{if eq . "web:1"}}{{continue}}{{end}}{{.}}{{end}}', "web:latest"),
    ("{{range 3}}{{.}}{{end}}", "012"),
    ("{{range $i := 2}}{{$i}}{{end}}", "01"),
    ("{{$n := len .RepoTags}}{{$n}} {{$n = 5}}{{$n}}", "2 5"),
    ("{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}", "2"),
    ("{{$x := 1}}{{if true}}{{$x := 2}}{{end}}{{$x}}", "1"),
    ("{{range .RepoTags}}{{$.Size}} {{end}}", "4261552 4261552 "),
    ("{{(index .RootFS.Layers 1)}} {{(.RootFS).Type}}", "sha256:bbb layers"),
    ('{{define "tag"}}<{{.}}>{{end}}{{range .RepoTags}}{{template "tag" .}}{{end}}', "<web:1><web:latest>"),
    ('{{block "b" .Size}}[{{.}}]{{end}}', "[4261552]"),
    # literals
    ("{{1}} {{-1}} {{1.5}} {{1e3}} {{0x1F}} {{0o17}} {{0b101}} {{017}} {{1_000}} {{'a'}} {{1i}} {{true}}",
     "1 -1 1.5 1000 31 15 5 15 1000 97 (0+1i) true"),
    ('{{"tab\\there"}} {{`raw\\n`}}', "tab\there raw\\n"),
    # white space control and comments
    ("a  {{- .Config.WorkingDir -}}  b", "a/appb"),
    ("{{- /* a comment */ -}}\n  x", "x"),
    ("{{.Config.WorkingDir}}\n", "/app\n"),
])
def test_execute(text, expected):
    assert run(text, IMAGE) == expected


@pytest.mark.parametrize("text, expected", [
    ("{{.State.Status}} {{.State.ExitCode}} {{.State.Running}}", "exited 137 false"),
    ("{{range .Mounts}}{{.Type}}:{{.Name}}->{{.Destination}}{{end}}", "volume:data->/data"),
    ("{{range $p, $conf := .NetworkSettings.Ports}}{{$p}} -> {{$conf}}; {{end}}",
     "443/tcp -> <no value>; 80/tcp -> [map[HostIp:0.0.0.0 HostPort:8080]]; "),
    ('{{(index (index .NetworkSettings.Ports "80/tcp") 0).HostPort}}', "8080"),
    ("{{.Name}}", "/lc"),
])
def test_execute_container(text, expected):
    assert run(text, CONTAINER) == expected


def test_typed_nils_print_as_their_type():
    data = {"Entrypoint": GoNil("slice", "strslice.StrSlice"), "Labels": GoNil("map", "map[string]string")}
    assert run("{{.Entrypoint}} {{.Labels}} {{json .Entrypoint}} {{len .Labels}}", data) == "[] map[] null 0"


@pytest.mark.parametrize("text, message", [
    # docker/cli's own tests
    ("{{nil}}", 'template: :1:2: executing "" at <nil>: nil is not a command'),
    # field access
    ("{{.Config.WorkingDir.X}}", 'template: :1:9: executing "" at <.Config.WorkingDir.X>: can\'t evaluate field X in type interface {}'),
    ("{{range .RepoTags}}{{.Foo}}{{end}}", 'template: :1:21: executing "" at <.Foo>: can\'t evaluate field Foo in type interface {}'),
    ("{{$x := .Size}}{{$x.Foo}}", 'template: :1:19: executing "" at <$x.Foo>: can\'t evaluate field Foo in type int'),
    ("{{.Config.Entrypoint.Foo}}", 'template: :1:9: executing "" at <.Config.Entrypoint.Foo>: nil pointer evaluating interface {}.Foo'),
    ("{{.Config.Labels 1}}", 'template: :1:9: executing "" at <.Config.Labels>: Labels is not a method but has arguments'),
    ("{{.Size | .Config}}", 'template: :1:10: executing "" at <.Config>: Config is not a method but has arguments'),
    # commands
    ("{{1 2}}", 'template: :1:2: executing "" at <1>: can\'t give argument to non-function 1'),
    ("{{(1) 2}}", 'template: :1:2: executing "" at <(1) 2>: can\'t give argument to non-function 1'),
    ("{{99999999999999999999.0 | printf \"%v\"}}", None),
    ("{{18446744073709551615}}", 'template: :1:2: executing "" at <18446744073709551615>: 18446744073709551615 overflows int'),
    # argument checking against Go signatures
    ("{{join .Config.Cmd}}", 'template: :1:2: executing "" at <join>: wrong number of args for join: want 2 got 1'),
    ("{{upper}}", 'template: :1:2: executing "" at <upper>: wrong number of args for upper: want 1 got 0'),
    ("{{printf}}", 'template: :1:2: executing "" at <printf>: wrong number of args for printf: want at least 1 got 0'),
    ("{{upper .Size}}", 'template: :1:8: executing "" at <.Size>: wrong type for value; expected string; got int'),
    ("{{upper 5}}", 'template: :1:8: executing "" at <5>: expected string; found 5'),
    ("{{upper nil}}", 'template: :1:8: executing "" at <nil>: cannot assign nil to string'),
    ("{{upper .Missing}}", 'template: :1:8: executing "" at <.Missing>: invalid value; expected string'),
    ("{{upper .Config.Entrypoint}}", 'template: :1:15: executing "" at <.Config.Entrypoint>: wrong type for value; expected string; got interface {}'),
    ('{{pad "x" "1" 2}}', 'template: :1:10: executing "" at <"1">: expected integer; found "1"'),
    ('{{pad "x" 1.5 2}}', 'template: :1:10: executing "" at <1.5>: expected integer; found 1.5'),
    ('{{join .RootFS "," }}', 'template: :1:7: executing "" at <.RootFS>: wrong type for value; expected []string; got map[string]interface {}'),
    ('{{join .Config.Labels "," }}', 'template: :1:14: executing "" at <.Config.Labels>: wrong type for value; expected []string; got map[string]interface {}'),
    ("{{.Size | upper}}", 'template: :1:10: executing "" at <upper>: wrong type for value; expected string; got int'),
    # errors the functions return
    ("{{index .RepoTags 5}}", 'template: :1:2: executing "" at <index .RepoTags 5>: error calling index: index out of range: 5'),
    ("{{index .RepoTags -1}}", 'template: :1:2: executing "" at <index .RepoTags -1>: error calling index: index out of range: -1'),
    ('{{index .RepoTags "a"}}', 'template: :1:2: executing "" at <index .RepoTags "a">: error calling index: cannot index slice/array with type string'),
    ("{{index .Config.Labels 1}}", 'template: :1:2: executing "" at <index .Config.Labels 1>: error calling index: value has type int; should be string'),
    ("{{index .Size 1}}", 'template: :1:2: executing "" at <index .Size 1>: error calling index: can\'t index item of type int'),
    ("{{index .Missing 1}}", 'template: :1:2: executing "" at <index .Missing 1>: error calling index: index of untyped nil'),
    ("{{slice .RepoTags 2 1}}", 'template: :1:2: executing "" at <slice .RepoTags 2 1>: error calling slice: invalid slice index: 2 > 1'),
    ('{{slice "abc" 1 2 3}}', 'template: :1:2: executing "" at <slice "abc" 1 2 3>: error calling slice: cannot 3-index slice a string'),
    ("{{len .Size}}", 'template: :1:2: executing "" at <len .Size>: error calling len: len of type int'),
    ("{{len 3}}", 'template: :1:2: executing "" at <len 3>: error calling len: len of type int'),
    ("{{lt 1 2.0}}", 'template: :1:2: executing "" at <lt 1 2.0>: error calling lt: incompatible types for comparison: int and float64'),
    ('{{eq .Size "x"}}', 'template: :1:2: executing "" at <eq .Size "x">: error calling eq: incompatible types for comparison: int and string'),
    ("{{lt true false}}", 'template: :1:2: executing "" at <lt true false>: error calling lt: invalid type for comparison'),
    ("{{eq .RepoTags .RepoTags}}", 'template: :1:2: executing "" at <eq .RepoTags .RepoTags>: error calling eq: non-comparable type [web:1 web:latest]: []interface {}'),
    ("{{eq 1}}", 'template: :1:2: executing "" at <eq 1>: error calling eq: missing argument for comparison'),
    ('{{truncate "abc" -1}}', 'template: :1:2: executing "" at <truncate "abc" -1>: error calling truncate: runtime error: slice bounds out of range [:-1]'),
    ('{{pad "x" -1 0}}', 'template: :1:2: executing "" at <pad "x" -1 0>: error calling pad: strings: negative Repeat count'),
    ("{{call .Size}}", 'template: :1:2: executing "" at <call .Size>: error calling call: non-function .Size of type int'),
    # ranges and templates
    ("{{range .Config.WorkingDir}}{{end}}", 'template: :1:15: executing "" at <.Config.WorkingDir>: range can\'t iterate over /app'),
    ("{{range $i, $e := 3}}{{end}}", 'template: :1:18: executing "" at <3>: can\'t use 3 to iterate over more than one variable'),
    ('{{template "nope"}}', 'template: :1:11: executing "" at <{{template "nope"}}>: template "nope" not defined'),
    ('{{define "t"}}{{.X.Y}}{{end}}{{template "t" 5}}',
     'template: :1:18: executing "t" at <.X.Y>: can\'t evaluate field X in type int'),
    # errors on later lines count columns in bytes from the line's start
    ("line one\nhé {{.Size.X}}", 'template: :2:11: executing "" at <.Size.X>: can\'t evaluate field X in type interface {}'),
])
def test_execution_errors(text, message):
    if message is None:  # a float constant that is no int is fine
        assert run(text, IMAGE) == "1e+20"
        return
    with pytest.raises(TemplateError) as caught:
        run(text, IMAGE)
    assert caught.value.go_message == message
    assert caught.value.during == "execute"
    assert str(caught.value) == "template parsing error: " + message


@pytest.mark.parametrize("text, message", [
    # missingkey=error, as docker inspect runs templates over the raw JSON
    ("{{.Foo}}", 'template: :1:2: executing "" at <.Foo>: map has no entry for key "Foo"'),
    ("{{.State.Statuss}}", 'template: :1:8: executing "" at <.State.Statuss>: map has no entry for key "Statuss"'),
    ("{{.State.Status}}", None),
])
def test_missing_key_error(text, message):
    if message is None:
        assert run(text, CONTAINER, missing_key_error=True) == "exited"
        return
    with pytest.raises(TemplateError) as caught:
        run(text, CONTAINER, missing_key_error=True)
    assert caught.value.go_message == message


def test_nil_data():
    assert run("{{.Foo}}", None) == "<no value>"
    with pytest.raises(TemplateError) as caught:
        run("{{.Foo}}", None, missing_key_error=True)
    assert caught.value.go_message == 'template: :1:2: executing "" at <.Foo>: nil data; no entry for key "Foo"'
    with pytest.raises(TemplateError, match="invalid value; expected string"):
        run("{{truncate . 5}}", None)


def test_partial_output_survives_an_error():
    with pytest.raises(TemplateError) as caught:
        run("NAME\t{{.Config.Labels 1}}\tafter", IMAGE)
    assert caught.value.partial_output == "NAME\t"


class Row:
    """A struct-like row: exported methods and attributes are fields."""

    go_type = "*formatter.ContainerContext"

    def __init__(self):
        self.Plain = "attribute"
        self._hidden = "no"

    def Names(self) -> str:
        return "web"

    def Label(self, name: str) -> str:
        return {"com.example": "yes"}.get(name, "")

    def Broken(self):
        raise ValueError("boom")

    def lowercase(self):
        return "unexported"


@pytest.mark.parametrize("text, expected", [
    ("{{.Names}} {{.Plain}}", "web attribute"),
    ('{{.Label "com.example"}}|{{.Label "other"}}', "yes|"),
    ('{{"com.example" | .Label}}', "yes"),
    ("{{upper .Names}}", "WEB"),
    ("{{if .}}struct is true{{end}}", "struct is true"),
])
def test_struct_like_rows(text, expected):
    assert run(text, Row()) == expected


@pytest.mark.parametrize("text, message", [
    ("{{.Foo}}", 'template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.ContainerContext'),
    ("{{.lowercase}}", 'template: :1:2: executing "" at <.lowercase>: can\'t evaluate field lowercase in type *formatter.ContainerContext'),
    ("{{.Label}}", 'template: :1:2: executing "" at <.Label>: wrong number of args for Label: want 1 got 0'),
    ("{{.Label 5}}", 'template: :1:9: executing "" at <5>: expected string; found 5'),
    ("{{.Names 1}}", 'template: :1:2: executing "" at <.Names>: wrong number of args for Names: want 0 got 1'),
    ("{{.Plain 1}}", 'template: :1:2: executing "" at <.Plain>: Plain has arguments but cannot be invoked as function'),
    ("{{.Broken}}", 'template: :1:2: executing "" at <.Broken>: error calling Broken: boom'),
])
def test_struct_like_errors(text, message):
    with pytest.raises(TemplateError) as caught:
        run(text, Row())
    assert caught.value.go_message == message


@pytest.mark.parametrize("text", [
    "{{ json .}}", '{{ split . ","}}', '{{ join . ","}}', "{{ title .}}", "{{ lower .}}", "{{ upper .}}",
    "{{ truncate . 2}}",
])
def test_header_functions_leave_titles_alone(text):
    # docker/cli templates_test.go TestHeaderFunctions
    template = Template.parse(text).with_functions(HEADER_FUNCTIONS)
    assert template.execute("hello world") == "hello world"
