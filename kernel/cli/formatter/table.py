"""docker's listings: `--format` handling and the tabwriter that aligns `table` output.

    render("table {{.ID}}\\t{{.Names}}", rows, {"ID": "CONTAINER ID", "Names": "NAMES"})

is what `docker ps`, `docker images`, `docker history`, `docker volume ls` and `docker network
ls` do with their rows (docker/cli formatter.Context.Write): a format starting with `table`
gets a header row — the same template run over the header names, with functions that leave a
title alone — and goes through the tabwriter; `json` means `{{json .}}`; anything else prints
one line per row. Rows are `SubContext` objects (or plain dicts).
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from .gotemplate import Template, TemplateError
from .template_funcs import HEADER_FUNCTIONS
from .units import display_width

TABLE_PREFIX = "table"
JSON_FORMAT = "{{json .}}"


def is_table(format_string: str) -> bool:
    return format_string.startswith(TABLE_PREFIX)


def _final_format(format_string: str) -> str:
    """docker's preFormat: drop `table`, expand `json`, trim spaces, turn the two-character
    escapes `\\t` and `\\n` (as typed on a command line) into a tab and a newline."""
    if is_table(format_string):
        format_string = format_string[len(TABLE_PREFIX):]
    elif format_string == "json":
        format_string = JSON_FORMAT
    return format_string.strip(" ").replace("\\t", "\t").replace("\\n", "\n")


def render(format_string: str, rows: Iterable[Any], headers: Mapping[str, str]) -> str:
    """The text docker prints for `rows` under `format_string`; raises TemplateError (whose
    text is docker's `template parsing error: ...`) for a bad template."""
    template = Template.parse(_final_format(format_string))
    body = "".join(template.execute(row) + "\n" for row in rows)
    if not is_table(format_string):
        return body
    header_template = template.with_functions(HEADER_FUNCTIONS)
    try:
        header = header_template.execute(dict(headers))
    except TemplateError as error:  # docker ignores a header that fails, keeping what it wrote
        header = error.partial_output
    return tabwrite(header + "\n" + body)


class SubContext:
    """Base of the per-row objects listings format (docker/cli's SubContext).

    A subclass's public PascalCase methods and properties are the template fields
    (`def ID(self) -> str`, `def Label(self, name: str) -> str`); `go_type` is the Go type
    docker names in errors (`*formatter.ContainerContext`); `{{json .}}` marshals every field
    that takes no argument, as docker's MarshalJSON does.
    """

    go_type = "*formatter.SubContext"

    def go_json(self) -> dict[str, Any]:
        import inspect  # only `{{json .}}` needs it

        fields = {}
        for name in dir(type(self)):
            if not name[:1].isupper():
                continue
            member = getattr(type(self), name)
            if isinstance(member, property):
                fields[name] = getattr(self, name)
            elif callable(member) and len(inspect.signature(member).parameters) == 1:
                fields[name] = getattr(self, name)()
        return fields


# ---------------------------------------------------------------------------------------------
# The tabwriter (docker/cli's fork of Go's text/tabwriter, measuring display width)

MIN_WIDTH = 10
PADDING = 3


class _Cell:
    __slots__ = ("text", "width")

    def __init__(self, text: str):
        self.text = text
        self.width = display_width(text)


def tabwrite(text: str, min_width: int = MIN_WIDTH, padding: int = PADDING) -> str:
    """Align tab-separated cells into columns as docker's tabwriter does (tab width 1, pad
    character space, no flags).

    A cell is text ended by a tab (or by the end of its line); a line's last cell belongs to
    no column and is never padded. A column is a run of consecutive lines that have a cell in
    it, as wide as its widest cell plus `padding` and at least `min_width`. A line without a
    tab flushes: the lines before it are aligned apart from the lines after it.
    """
    out: list[str] = []
    block: list[list[_Cell]] = []
    segments = text.replace("\f", "\n").split("\n")
    for segment in segments[:-1]:
        cells = [_Cell(part) for part in segment.replace("\v", "\t").split("\t")]
        block.append(cells)
        if len(cells) == 1:
            out.extend(line + "\n" for line in _format_block(block, min_width, padding))
            block = []
    # Text after the last newline: an empty cell there is never ended, so it does not count.
    parts = segments[-1].replace("\v", "\t").split("\t")
    if parts[-1] == "":
        parts.pop()
    block.append([_Cell(part) for part in parts])
    lines = _format_block(block, min_width, padding)
    out.extend(line + "\n" for line in lines[:-1])
    out.append(lines[-1])
    return "".join(out)


def _format_block(lines: list[list[_Cell]], min_width: int, padding: int) -> list[str]:
    formatted: list[str] = []
    _format_columns(lines, 0, len(lines), [], min_width, padding, formatted)
    return formatted


def _format_columns(lines: list[list[_Cell]], start: int, end: int, widths: list[int], min_width: int,
                    padding: int, formatted: list[str]) -> None:
    """Go's tabwriter.format: find each run of lines that have a cell in column len(widths),
    size the column over the run, and recurse into the next column for that run."""
    column = len(widths)
    line0 = index = start
    while index < end:
        if column >= len(lines[index]) - 1:
            index += 1
            continue
        formatted.extend(_padded(lines[i], widths) for i in range(line0, index))
        line0 = index
        width = min_width
        while index < end and column < len(lines[index]) - 1:
            width = max(width, lines[index][column].width + padding)
            index += 1
        widths.append(width)
        _format_columns(lines, line0, index, widths, min_width, padding, formatted)
        widths.pop()
        line0 = index
    formatted.extend(_padded(lines[i], widths) for i in range(line0, end))


def _padded(cells: list[_Cell], widths: list[int]) -> str:
    """One line: every cell but the last padded to its column's width."""
    parts = []
    for column, cell in enumerate(cells):
        parts.append(cell.text)
        if column < len(cells) - 1 and column < len(widths):
            parts.append(" " * (widths[column] - cell.width))
    return "".join(parts)
