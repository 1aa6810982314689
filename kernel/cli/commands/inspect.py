"""`docker inspect` and the per-type inspect commands: JSON as the CLI indents it, or a Go template.

What docker/cli's inspect does: each name is looked up (for plain `docker inspect`, as a container,
then an image, a volume, a network); found objects are printed — as one indented JSON array, or one
template line each — and every name not found is reported on stderr after them, with exit status 1.
"""
from __future__ import annotations

from ..context import Cli, CliError, daemon_message
from ..formatter.gojson import indent_raw

_FETCH = {
    "container": lambda api, ref, size: api._result(api._get(api._url("/containers/{0}/json", ref),
                                                             params={"size": 1} if size else {}), True),
    "image": lambda api, ref, size: api.inspect_image(ref),
    "volume": lambda api, ref, size: api.inspect_volume(ref),
    "network": lambda api, ref, size: api.inspect_network(ref),
}


def _fetch(cli: Cli, ref: str, kind: str | None, size: bool):
    """The object's kind and inspect JSON, or the error line docker prints for it."""
    last = None
    for k in [kind] if kind else list(_FETCH):
        try:
            return k, _FETCH[k](cli.api, ref, size)
        except Exception as e:
            msg = daemon_message(e)
            if msg is None:
                raise
            last = msg
    if kind is None:
        return None, CliError(f"Error: No such object: {ref}", 1)
    return None, CliError(f"Error response from daemon: {last}", 1)


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
        found, obj = _fetch(cli, ref, kind, size)
        if isinstance(obj, CliError):
            errors.append(obj)
        elif tmpl is None:
            results.append(obj)
        else:
            cli.print(_execute(tmpl, found, obj))
    if tmpl is None:
        cli.print(indent_raw(results, "    ") if results else "[]")
    for e in errors:
        cli.eprint(e.message)
    return 1 if errors else 0


def _execute(tmpl, kind: str, obj: dict) -> str:
    """docker/cli's TemplateInspector: the template on the typed response; if that fails, on the
    raw JSON with missingkey=error, whose error is the one reported."""
    from ..apitypes import typed
    from ..formatter.gotemplate import TemplateError
    from ..formatter.govalues import raw_maps
    try:
        return tmpl.execute(typed(kind, obj))
    except TemplateError:
        pass
    try:
        return tmpl.execute(raw_maps(obj), missing_key_error=True)
    except TemplateError as e:
        raise CliError(str(e), 1) from None
