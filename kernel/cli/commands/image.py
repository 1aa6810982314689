"""docker image commands (docker/cli cli/command/image/*): build, images, history, tag, rmi, pull, push, prune."""
from __future__ import annotations

import json

from ..context import Cli, CliError, daemon_message
from ..formatter.units import human_size
from ..views import HistoryView, ImageView
from .format import print_table
from .streams import json_messages, raw_chunks

IMAGES_TABLE = ("table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}"
                "\t{{.Size}}")
IMAGES_TABLE_DIGESTS = ("table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{if .CreatedSince }}"
                        "{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}")
HISTORY_TABLE = "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}"
HISTORY_TABLE_NONHUMAN = "table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}"


def check_reference(ref: str) -> None:
    """Refuse what distribution/reference refuses, with its words (the CLI checks before calling)."""
    from dockyard.engine.image.reference import parse_any  # the shared grammar library, as docker/cli vendors it
    from dockyard.engine.errors import InvalidParameter
    try:
        parse_any(ref)
    except InvalidParameter as e:
        raise CliError(str(e), 125) from None


def with_default_tag(ref: str) -> str:
    from dockyard.engine.image.reference import parse_normalized
    try:
        return parse_normalized(ref).with_default_tag().familiar()
    except Exception:
        return ref


def _print_stream(cli: Cli, resp, out=None, quiet: bool = False) -> dict | None:
    """Print a JSON message stream as the docker CLI does (non-TTY); returns the error message object, if any."""
    out = out or cli.out
    aux = None
    for msg in json_messages(raw_chunks(resp)):
        if "error" in msg or "errorDetail" in msg:
            return msg
        if "aux" in msg:
            aux = msg["aux"]
            continue
        if quiet:
            continue
        if "stream" in msg:
            out.write(msg["stream"])
        elif "status" in msg:
            line = (msg["id"] + ": " if msg.get("id") else "") + msg["status"]
            if msg.get("progressDetail") and msg.get("progress"):
                continue  # progress bars are a terminal's business
            out.write(line + "\n")
    cli.last_aux = aux  # type: ignore[attr-defined]
    return None


def pull_image(cli: Cli, ref: str, out=None) -> None:
    from dockyard.engine.image.reference import parse_normalized
    r = parse_normalized(ref)
    tag = r.tag or ("" if r.digest else "latest")
    api = cli.api
    params = {"fromImage": r.familiar_name(), "tag": tag or r.digest}
    resp = api._post(api._url("/images/create"), params=params, stream=True)
    api._raise_for_status(resp)
    err = _print_stream(cli, resp, out=out)
    if err is not None:
        raise CliError(err.get("error") or err.get("errorDetail", {}).get("message", ""), 1)


def pull(cli: Cli, inv) -> int:
    ref = inv.args[0]
    check_reference(ref)
    from dockyard.engine.image.reference import parse_normalized
    r = parse_normalized(ref)
    if not r.tag and not r.digest and not inv.opts.get("all-tags"):
        cli.print("Using default tag: latest")
        r = r.with_default_tag()
    try:
        pull_image(cli, str(r.familiar()))
    except CliError as e:
        raise CliError("Error response from daemon: " + e.message, 1) from None
    if not inv.opts.get("quiet"):
        cli.print(r.name() + (":" + r.tag if r.tag else "") + ("@" + r.digest if r.digest else ""))
    return 0


def push(cli: Cli, inv) -> int:
    """docker push: the engine uploads; its stream's error is printed as it is, without "Error response from
    daemon" (that prefix is for errors the API answers with a status code, before any output)."""
    from dockyard.engine.image.reference import parse_normalized
    from .configfile import ConfigFile
    try:
        r = parse_normalized(inv.args[0])
    except Exception as e:
        raise CliError(str(e), 1) from None
    all_tags, quiet = bool(inv.opts.get("all-tags")), bool(inv.opts.get("quiet"))
    if all_tags and not r.is_name_only():
        raise CliError("tag can't be used with --all-tags/-a", 1)
    if not all_tags and r.is_name_only():
        r = r.with_default_tag()
        if not quiet:
            cli.print("Using default tag: latest")
    if r.digest:
        raise CliError("cannot push a digest reference", 1)
    header = ConfigFile.of(cli, inv).registry_auth_header(r.domain)
    api = cli.api
    # docker's client names the repository in full (docker.io/library/busybox) and the tag apart
    resp = api._post(api._url("/images/{0}/push", r.name()), params={"tag": r.tag} if r.tag else {},
                     headers={"X-Registry-Auth": header}, stream=True)
    api._raise_for_status(resp)
    err = _print_stream(cli, resp, quiet=quiet)
    if err is not None:
        raise CliError((err.get("errorDetail") or {}).get("message") or err.get("error") or "", 1)
    if quiet:
        cli.print(str(r))
    return 0


def build(cli: Cli, inv) -> int:
    from .build import run_build
    return run_build(cli, inv)


def images(cli: Cli, inv) -> int:
    filters = {k: list(v) for k, v in (inv.opts.get("filter") or {}).items()}
    if inv.args:
        filters.setdefault("reference", []).append(inv.args[0])
    rows = cli.api.images(all=bool(inv.opts.get("all")), filters=filters or None)
    trunc = not inv.opts.get("no-trunc")
    digests = bool(inv.opts.get("digests"))
    fmt = inv.opts.get("format") or ""
    views = []
    for img in rows:
        tags = img.get("RepoTags") or []
        repo_digests = img.get("RepoDigests") or []
        if not tags and not repo_digests:
            views.append(ImageView(img, trunc=trunc))
            continue
        if not tags:
            for d in repo_digests:
                repo, _, dig = d.partition("@")
                views.append(ImageView(img, repo, "<none>", dig, trunc=trunc))
            continue
        for t in tags:
            repo, tag = _split_repo_tag(t)
            if "reference" in filters and inv.args and not _matches_reference(t, filters["reference"]):
                continue
            digest = next((d.partition("@")[2] for d in repo_digests if d.partition("@")[0] == repo), "<none>")
            views.append(ImageView(img, repo, tag, digest, trunc=trunc))
    if inv.opts.get("quiet"):
        fmt = "{{.ID}}"
        seen, unique = set(), []
        for v in views:
            if v.ID not in seen:
                seen.add(v.ID)
                unique.append(v)
        views = unique
    elif not fmt or fmt == "table":
        fmt = IMAGES_TABLE_DIGESTS if digests else IMAGES_TABLE
    print_table(cli, fmt, views, ImageView.HEADERS)
    return 0


def _split_repo_tag(ref: str) -> tuple[str, str]:
    i = ref.rfind(":")
    if i > ref.rfind("/"):
        return ref[:i], ref[i + 1:]
    return ref, "<none>"


def _matches_reference(tag: str, patterns: list[str]) -> bool:
    from fnmatch import fnmatchcase
    repo, t = _split_repo_tag(tag)
    for p in patterns:
        if ":" in p.rsplit("/", 1)[-1]:
            if fnmatchcase(tag, p):
                return True
        elif fnmatchcase(repo, p):
            return True
    return False


def history(cli: Cli, inv) -> int:
    rows = cli.api.history(inv.args[0])
    human = inv.opts.get("human")
    human = True if human is None else bool(human)
    trunc = not inv.opts.get("no-trunc")
    fmt = inv.opts.get("format") or ""
    if inv.opts.get("quiet"):
        fmt = "{{.ID}}"
    elif not fmt or fmt == "table":
        fmt = HISTORY_TABLE if human else HISTORY_TABLE_NONHUMAN
    print_table(cli, fmt, [HistoryView(r, trunc=trunc, human=human) for r in rows], HistoryView.HEADERS)
    return 0


def tag(cli: Cli, inv) -> int:
    source, target = inv.args
    try:
        check_reference(target)
    except CliError as e:
        raise CliError(f'Error parsing reference: "{target}" is not a valid repository/tag: {e.message}', 1) \
            from None
    repo, t = _split_repo_tag(target)
    cli.api.tag(source, repo, None if t == "<none>" else t)
    return 0


def rmi(cli: Cli, inv) -> int:
    api = cli.api
    failed = False
    for ref in inv.args:
        try:
            res = api._result(api._delete(api._url("/images/{0}", ref), params={
                "force": bool(inv.opts.get("force")), "noprune": bool(inv.opts.get("no-prune"))}), True)
        except Exception as e:
            msg = daemon_message(e)
            if msg is None:
                raise
            cli.eprint("Error response from daemon: " + msg)
            # with --force an image that is not there is no failure (docker/cli image remove)
            failed = failed or not (inv.opts.get("force") and getattr(e, "status_code", 0) == 404)
            continue
        for item in res or []:
            if "Untagged" in item:
                cli.print("Untagged: " + item["Untagged"])
            if "Deleted" in item:
                cli.print("Deleted: " + item["Deleted"])
    return 1 if failed else 0


def prune(cli: Cli, inv) -> int:
    all_ = bool(inv.opts.get("all"))
    if not inv.opts.get("force"):
        warning = ("WARNING! This will remove all images without at least one container associated to them."
                   if all_ else "WARNING! This will remove all dangling images.")
        cli.out.write(f"{warning}\nAre you sure you want to continue? [y/N] ")
        cli.flush()
        answer = cli.stdin.readline() if cli.stdin is not None else ""
        if answer.strip().lower() not in ("y", "yes"):
            return 0
    filters: dict = {"dangling": ["false" if all_ else "true"]}
    for k, v in (inv.opts.get("filter") or {}).items():
        filters.setdefault(k, []).extend(v)
    res = cli.api.prune_images(filters=filters)
    deleted = res.get("ImagesDeleted") or []
    if deleted:
        cli.print("Deleted Images:")
        for item in deleted:
            if "Untagged" in item:
                cli.print("untagged: " + item["Untagged"])
            if "Deleted" in item:
                cli.print("deleted: " + item["Deleted"])
        cli.print()
    cli.print(f"Total reclaimed space: {human_size(res.get('SpaceReclaimed') or 0)}")
    return 0


def inspect(cli: Cli, inv) -> int:
    from .inspect import inspect_objects
    return inspect_objects(cli, inv.args, inv.opts.get("format") or "", "image")


def save(cli: Cli, inv) -> int:
    api = cli.api
    resp = api._get(api._url("/images/get"), params={"names": inv.args}, stream=True)
    api._raise_for_status(resp)
    out = inv.opts.get("output")
    if not out:
        import sys
        if sys.stdout.isatty():
            raise CliError("cowardly refusing to save to a terminal. Use the -o flag or redirect", 1)
        from .streams import write_bytes
        for chunk in raw_chunks(resp):
            write_bytes(cli.out, chunk)
        return 0
    with open(out, "wb") as f:
        for chunk in raw_chunks(resp):
            f.write(chunk)
    return 0


def load(cli: Cli, inv) -> int:
    api = cli.api
    path = inv.opts.get("input")
    if path:
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            raise CliError(f"open {path}: {(e.strerror or '').lower()}", 1) from None
    else:
        import sys
        data = sys.stdin.buffer.read()
    resp = api._post(api._url("/images/load"), params={"quiet": bool(inv.opts.get("quiet"))}, data=data,
                     headers={"Content-Type": "application/x-tar"}, stream=True)
    api._raise_for_status(resp)
    err = _print_stream(cli, resp)
    if err is not None:
        raise CliError(err.get("error", ""), 1)
    return 0


def import_(cli: Cli, inv) -> int:
    """docker import file|URL|- [REPOSITORY[:TAG]]: POST /images/create?fromSrc=, the tar as the body."""
    from dockyard.engine.errors import InvalidParameter
    from dockyard.engine.image.reference import parse_normalized
    source = inv.args[0]
    ref = inv.args[1] if len(inv.args) > 1 else ""
    data = None
    if source == "-":
        stream = cli.stdin if cli.stdin is not None else __import__("sys").stdin
        data = getattr(stream, "buffer", stream).read()
    elif not source.startswith(("http://", "https://")):
        try:
            with open(source, "rb") as f:
                data = f.read()
        except OSError as e:
            raise CliError(f"open {source}: {(e.strerror or '').lower()}", 1) from None
        source = "-"
    if ref:
        try:
            parse_normalized(ref)
        except InvalidParameter as e:
            raise CliError(str(e), 1) from None
    params = [("fromSrc", source)] + ([("repo", ref)] if ref else [])
    if inv.opts.get("message"):
        params.append(("message", inv.opts["message"]))
    params += [("changes", c) for c in inv.opts.get("change") or []]
    api = cli.api
    resp = api._post(api._url("/images/create"), params=params, data=data, stream=True, timeout=None)
    api._raise_for_status(resp)
    err = _print_stream(cli, resp)
    if err is not None:
        raise CliError(err.get("error", ""), 1)
    return 0


def json_dump(obj) -> str:
    return json.dumps(obj, indent=4)
