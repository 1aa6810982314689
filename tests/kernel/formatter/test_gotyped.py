"""JSON given its Go types: what a template prints and `json` writes for typed values."""
import pytest

from dockyard.kernel.cli.formatter.gojson import marshal
from dockyard.kernel.cli.formatter.gotemplate import Template, TemplateError
from dockyard.kernel.cli.formatter.gotyped import Schema, format_duration

SCHEMA = Schema(
    structs={
        "t.Outer": ("t.Base embedded", "Config *t.Config", "When time.Time", "Every time.Duration omitempty"),
        "t.Base": ("ID string json:Id", "Names []string"),
        "t.Config": ("Cmd t.StrSlice", "Labels map[string]string", "Ports map[string]struct {}",
                     "Health *t.Health omitempty", "User string omitempty", "Size int"),
        "t.Health": ("Test []string",),
    },
    aliases={"t.StrSlice": "[]string"},
)


def render(text, data):
    return Template.parse(text).execute(SCHEMA.value(data, "t.Outer"))


def test_nil_slices_maps_and_pointers_print_as_go_prints_them():
    data = {"Config": {"Cmd": None, "Labels": None, "Health": None}}
    assert render("{{.Config.Cmd}}|{{.Config.Labels}}|{{.Config.Health}}|{{.Names}}", data) == "[]|map[]|<nil>|[]"


def test_fields_answer_to_their_go_names_and_embedded_fields_are_promoted():
    assert render("{{.ID}}", {"Id": "abc"}) == "abc"
    with pytest.raises(TemplateError):
        render("{{.Id}}", {"Id": "abc"})


def test_a_struct_prints_its_field_values_in_order():
    data = {"Config": {"Cmd": ["sh"], "Ports": {"80/tcp": {}}, "Size": 3}}
    assert render("{{.Config}}", data) == "{[sh] map[] map[80/tcp:{}] <nil>  3}"


def test_json_writes_fields_in_declaration_order_leaving_out_empty_omitempty_ones():
    data = {"Config": {"Size": 0, "Labels": {"b": "2", "a": "1"}, "Cmd": ["sh"], "User": ""}}
    assert render("{{json .Config}}", data) == '{"Cmd":["sh"],"Labels":{"a":"1","b":"2"},"Ports":null,"Size":0}'


def test_json_of_a_struct_inlines_its_embedded_struct():
    value = SCHEMA.value({"Id": "x", "When": "2024-01-02T03:04:05.5Z", "Every": 30_000_000_000}, "t.Outer")
    assert marshal(value) == ('{"Id":"x","Names":null,"Config":null,"When":"2024-01-02T03:04:05.5Z",'
                              '"Every":30000000000}')


def test_times_print_as_go_s_time_string():
    assert render("{{.When}}", {"When": "2026-11-22T08:18:00.032129498Z"}) == "2026-11-22 08:18:00.032129498 +0000 UTC"
    assert render("{{.When}}", {}) == "0001-01-01 00:00:00 +0000 UTC"


@pytest.mark.parametrize("ns, text", [
    (0, "0s"), (30_000_000_000, "30s"), (90_000_000_000, "1m30s"), (3_600_000_000_000, "1h0m0s"),
    (1_500_000_000, "1.5s"), (2_000_000, "2ms"), (1_500, "1.5µs"), (7, "7ns"),
])
def test_durations_print_as_go_s_duration_string(ns, text):
    assert format_duration(ns) == text
