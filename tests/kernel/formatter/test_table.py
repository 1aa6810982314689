"""docker's listings: `--format` handling (table, json, plain) and the tabwriter, with docker/cli's
golden outputs."""
import pytest

from dockyard.kernel.cli.formatter.gotemplate import TemplateError
from dockyard.kernel.cli.formatter.table import SubContext, is_table, render, tabwrite


class Container(SubContext):
    """Enough of docker/cli's ContainerContext for its golden tables."""

    go_type = "*formatter.ContainerContext"
    HEADERS = {"ID": "CONTAINER ID", "Image": "IMAGE", "Command": "COMMAND", "RunningFor": "CREATED",
               "Status": "STATUS", "Ports": "PORTS", "Names": "NAMES", "Label": "LABEL"}

    def __init__(self, names, ports="", labels=None):
        self._names, self._ports, self._labels = names, ports, labels or {}

    def ID(self) -> str:
        return "container_id"

    def Image(self) -> str:
        return "busybox:latest"

    def Command(self) -> str:
        return '"top"'

    def RunningFor(self) -> str:
        return "About a minute ago"

    def Status(self) -> str:
        return "Up 1 minute"

    def Ports(self) -> str:
        return self._ports

    def Names(self) -> str:
        return self._names

    def Label(self, name: str) -> str:
        return self._labels.get(name, "")


CONTAINERS = [Container("c1"), Container("c3", "80-82/tcp"), Container("c5", "8.8.8.8:82->82/tcp")]
PS_FORMAT = "table {{.ID}}\\t{{.Image}}\\t{{.Command}}\\t{{.RunningFor}}\\t{{.Status}}\\t{{.Ports}}\\t{{.Names}}"


def test_docker_ps_golden():
    # docker/cli cli/command/container/testdata/container-list-without-format.golden
    assert render(PS_FORMAT, CONTAINERS, Container.HEADERS) == (
        "CONTAINER ID   IMAGE            COMMAND   CREATED              STATUS        PORTS                NAMES\n"
        "container_id   busybox:latest   \"top\"     About a minute ago   Up 1 minute                        c1\n"
        "container_id   busybox:latest   \"top\"     About a minute ago   Up 1 minute   80-82/tcp            c3\n"
        "container_id   busybox:latest   \"top\"     About a minute ago   Up 1 minute   8.8.8.8:82->82/tcp   c5\n"
    )


def test_table_with_no_rows_is_its_header():
    assert render(PS_FORMAT, [], Container.HEADERS) == (
        "CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n")


def test_docker_volume_ls_golden():
    # docker/cli cli/command/volume/testdata/volume-list-without-format.golden
    volumes = [{"Driver": "local", "Name": "baz"}, {"Driver": "bar", "Name": "foo"}]
    headers = {"Driver": "DRIVER", "Name": "VOLUME NAME"}
    assert render("table {{.Driver}}\\t{{.Name}}", volumes, headers) == (
        "DRIVER    VOLUME NAME\n"
        "local     baz\n"
        "bar       foo\n"
    )


def test_docker_network_ls():
    networks = [{"ID": "7fca4eb8c647", "Name": "bridge", "Driver": "bridge", "Scope": "local"},
                {"ID": "cf03ee007fb4", "Name": "host", "Driver": "host", "Scope": "local"},
                {"ID": "9f904ee27bf5", "Name": "none", "Driver": "null", "Scope": "local"}]
    headers = {"ID": "NETWORK ID", "Name": "NAME", "Driver": "DRIVER", "Scope": "SCOPE"}
    assert render("table {{.ID}}\\t{{.Name}}\\t{{.Driver}}\\t{{.Scope}}", networks, headers) == (
        "NETWORK ID     NAME      DRIVER    SCOPE\n"
        "7fca4eb8c647   bridge    bridge    local\n"
        "cf03ee007fb4   host      host      local\n"
        "9f904ee27bf5   none      null      local\n"
    )


@pytest.mark.parametrize("format_string, expected", [
    # recorded from real Docker: no header, one line per row
    ("{{.Names}}: {{.Status}}", "c1: Up 1 minute\nc3: Up 1 minute\nc5: Up 1 minute\n"),
    ("{{.Names}} {{.Image}} {{.Command}}", 'c1 busybox:latest "top"\nc3 busybox:latest "top"\nc5 busybox:latest "top"\n'),
    # the \t and \n a user types become a tab and a newline; outside a table nothing aligns them
    ("{{.Names}}\\t{{.Ports}}", "c1\t\nc3\t80-82/tcp\nc5\t8.8.8.8:82->82/tcp\n"),
    ("{{.Names}}\\n", "c1\n\nc3\n\nc5\n\n"),
    # a table column without a tab is not aligned at all
    ("table {{.Names}}", "NAMES\nc1\nc3\nc5\n"),
    ("table", "\n\n\n\n"),
    ("  {{.Names}}  ", "c1\nc3\nc5\n"),
    ('table {{.Names}}\\t{{.Label "a"}}', "NAMES     \nc1        \nc3        \nc5        \n"),
    ("table {{upper .Names}}\\t{{json .Ports}}", 'NAMES     PORTS\nC1        ""\nC3        "80-82/tcp"\nC5        "8.8.8.8:82->82/tcp"\n'),
])
def test_formats(format_string, expected):
    assert render(format_string, CONTAINERS, Container.HEADERS) == expected


def test_json_format_marshals_every_field():
    # docker/cli formatter_test.go TestContext, and `docker ps --format json`
    assert render("json", [{"Name": "test"}], {"Name": "NAME"}) == '{"Name":"test"}\n'
    assert render("json", CONTAINERS[1:2], Container.HEADERS) == (
        '{"Command":"\\"top\\"","ID":"container_id","Image":"busybox:latest","Names":"c3",'
        '"Ports":"80-82/tcp","RunningFor":"About a minute ago","Status":"Up 1 minute"}\n')
    assert render("table {{.Name}}", [{"Name": "test"}], {"Name": "NAME"}) == "NAME\ntest\n"


@pytest.mark.parametrize("format_string, message", [
    # docker/cli container formatter tests
    ("{{InvalidFunction}}", 'template parsing error: template: :1: function "InvalidFunction" not defined'),
    ("{{nil}}", 'template parsing error: template: :1:2: executing "" at <nil>: nil is not a command'),
    ("table {{.Foo}}", 'template parsing error: template: :1:2: executing "" at <.Foo>: '
                       "can't evaluate field Foo in type *formatter.ContainerContext"),
    ('{{.Label 1}}', 'template parsing error: template: :1:9: executing "" at <1>: expected string; found 1'),
])
def test_template_errors(format_string, message):
    with pytest.raises(TemplateError) as caught:
        render(format_string, CONTAINERS, Container.HEADERS)
    assert str(caught.value) == message


def test_a_header_that_fails_keeps_what_it_wrote():
    # The header template runs over the header names; `.Label "a"` has no meaning there, and
    # docker prints the header as far as it got.
    assert render('table {{.Names}}\\t{{.Label "a"}}\\tX', CONTAINERS[:1], Container.HEADERS) == (
        "NAMES     \nc1                  X\n")


@pytest.mark.parametrize("format_string, table", [
    ("table {{.ID}}", True), ("table", True), ("tablefoo", True), ("json", False), ("{{.ID}}", False),
    (" table {{.ID}}", False),
])
def test_is_table(format_string, table):
    assert is_table(format_string) == table


@pytest.mark.parametrize("text, expected", [
    # cells are padded to the widest cell of their column plus 3, at least 10
    ("a\tb\nccc\td\n", "a         b\nccc       d\n"),
    ("a-very-long-cell\tb\nc\td\n", "a-very-long-cell   b\nc                  d\n"),
    # the text after the last tab is never padded, even when it is empty
    ("a\t\nb\tc\n", "a         \nb         c\n"),
    # a column is a run of consecutive lines that have it
    ("a\tb\tc\nd\te\n", "a         b         c\nd         e\n"),
    ("x\ty\tz\nshort\nq\tr\ts\n", "x         y         z\nshort\nq         r         s\n"),
    # a line without a tab ends the block: widths do not carry across it
    ("aaaaaaaaaaaaaaa\tb\nplain\nc\td\n", "aaaaaaaaaaaaaaa   b\nplain\nc         d\n"),
    # wide characters take two columns
    ("이름\tx\nab\ty\n", "이름      x\nab        y\n"),
    ("🐳🐳🐳🐳🐳\tx\nab\ty\n", "🐳🐳🐳🐳🐳   x\nab           y\n"),
    # text without a final newline, and a trailing tab there (never ended, so no cell)
    ("a\tb\nc\td", "a         b\nc         d"),
    ("a\tb\nc\t", "a         b\nc"),
    ("", ""),
    ("\n", "\n"),
])
def test_tabwriter(text, expected):
    assert tabwrite(text) == expected
