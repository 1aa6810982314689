"""Printing lists with `--format`: docker's templates and tabwriter, through the formatter package."""
from __future__ import annotations

from ..context import Cli, CliError
from ..formatter import table
from ..formatter.gotemplate import TemplateError


def print_table(cli: Cli, fmt: str, items, headers: dict) -> None:
    """Render `items` with a docker format (`table ...` or a plain template) and print it."""
    try:
        text = table.render(fmt, items, headers)
    except TemplateError as e:
        raise CliError(str(e), 1) from None
    cli.out.write(text)


def tabwrite(lines: list[str]) -> str:
    """Align tab-separated lines as docker's tabwriter does (min width 10, padding 3)."""
    return table.tabwrite("".join(line + "\n" for line in lines))
