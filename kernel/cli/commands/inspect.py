"""`docker inspect` and the per-type inspect commands: JSON as the CLI indents it, or a Go template."""
from __future__ import annotations

from ..context import Cli, CliError, daemon_message
from ..formatter.gojson import marshal


def _fetch(cli: Cli, ref: str, kind: str | None, size: bool = False):
    """The object's inspect JSON, trying each type in docker's order when `kind` is not given."""
    api = cli.api
    kinds = [kind] if kind else ["container", "image", "volume", "network"]
    last_err = None
    for k in kinds:
        try:
            if k == "container":
                return api.inspect_container(ref) if not size else api._result(
                    api._get(api._url("/containers/{0}/json", ref), params={"size": 1}), True)
            if k == "image":
                return api.inspect_image(ref)
            if k == "volume":
                return api.inspect_volume(ref)
            if k == "network":
                return api.inspect_network(ref)
        except Exception as e:
            if daemon_message(e) is None:
                raise
            last_err = e
    if kind is None:
        return CliError(f"Error: No such object: {ref}", 1)
    msg = daemon_message(last_err) or ""
    if kind == "image" and msg.startswith("No such image"):
        return CliError(f"Error: No such image: {ref}", 1)
    if kind == "container" and msg.startswith("No such container"):
        return CliError(f"Error: No such container: {ref}", 1)
    if kind == "volume":
        return CliError(f"Error: No such volume: {ref}", 1)
    if kind == "network":
        return CliError(f"Error: No such network: {ref}", 1)
    return CliError("Error response from daemon: " + msg, 1)


def inspect_objects(cli: Cli, refs: list[str], fmt: str, kind: str | None, size: bool = False) -> int:
    from ..formatter.gotemplate import Template, TemplateError
    tmpl = None
    if fmt and fmt != "json":
        try:
            tmpl = Template.parse(fmt)
        except TemplateError as e:
            raise CliError(str(e), 64) from None  # docker's exit status for a template that does not parse
    results, errors = [], []
    for ref in refs:
        obj = _fetch(cli, ref, kind, size)
        if isinstance(obj, CliError):
            errors.append(obj)
            continue
        if tmpl is None:
            results.append(obj)
            continue
        try:
            cli.print(tmpl.execute(obj, missing_key_error=True))
        except TemplateError as e:
            raise CliError(f"template: {e}" if not str(e).startswith("template") else str(e), 1) from None
    if tmpl is None:
        cli.print(marshal(results, indent="    ") if results else "[]")
    for e in errors:
        cli.eprint(e.message)
    return 1 if errors else 0
