"""`docker build` with the classic builder: send the context as a tar, print the daemon's stream.

The client's side of a build is docker/cli cli/command/image/build.go: find the Dockerfile, read
`.dockerignore`, tar the context (ownership 0:0; the Dockerfile and .dockerignore always sent),
print `Sending build context to Docker daemon  <size>` with the size of that tar as Go writes it,
then POST /build and print every `stream` message until an `error` one ends the build.
"""
from __future__ import annotations

import io
import json
import os
import sys
import tarfile

from ..context import Cli, CliError
from ..formatter.units import human_size
from .image import check_reference
from .streams import json_messages, raw_chunks


def _ignore_matcher(context: str, dockerfile_rel: str):
    from dockyard.engine.dockerfile import dockerignore  # the shared pattern library, as docker/cli vendors it
    path = os.path.join(context, ".dockerignore")
    try:
        with open(path, encoding="utf-8") as f:
            patterns = dockerignore.read_patterns(f.read())
    except FileNotFoundError:
        return None
    keep = {dockerfile_rel, ".dockerignore"}
    matcher = dockerignore.Matcher(patterns)
    return lambda rel: rel not in keep and matcher.matches(rel)


def log_line(level: str, msg: str) -> str:
    """A line as the docker CLI's logger (logrus, text format) writes it to stderr."""
    import time
    offset = time.strftime("%z")
    zone = "Z" if offset in ("+0000", "-0000", "") else f"{offset[:3]}:{offset[3:]}"
    msg = msg.replace("\\", "\\\\").replace('"', '\\"')
    return f'time="{time.strftime("%Y-%m-%dT%H:%M:%S")}{zone}" level={level} msg="{msg}"'


def context_tar(context: str, dockerfile_rel: str, dockerfile_data: bytes | None = None,
                on_skipped=None) -> tuple[bytes, int]:
    """The context as a tar, and its size as Go's archive/tar writes it (what docker prints).

    A file tar cannot hold (a socket) is left out and reported to `on_skipped(path, reason)`, as docker
    logs it and goes on."""
    ignored = _ignore_matcher(context, dockerfile_rel)
    buf = io.BytesIO()
    go_size = 1024  # two zero blocks end a Go tar; Python pads further, which is not counted
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for dirpath, dirnames, filenames in os.walk(context):
            dirnames.sort()
            rel_dir = os.path.relpath(dirpath, context)
            entries = sorted(dirnames + filenames)
            for name in entries:
                full = os.path.join(dirpath, name)
                rel = name if rel_dir == "." else f"{rel_dir}/{name}"
                if ignored is not None and ignored(rel):
                    if name in dirnames:
                        dirnames.remove(name)
                    continue
                if dockerfile_data is not None and rel == dockerfile_rel:
                    continue
                try:
                    ti = tf.gettarinfo(full, arcname=rel)
                except OSError:
                    continue
                if ti is None:
                    if on_skipped is not None:
                        on_skipped(os.path.join(os.path.realpath(context), rel), "archive/tar: sockets not supported")
                    continue
                ti.uid = ti.gid = 0
                ti.uname = ti.gname = ""
                ti.mtime = int(ti.mtime)
                if ti.isreg():
                    with open(full, "rb") as f:
                        tf.addfile(ti, f)
                    go_size += 512 + (ti.size + 511) // 512 * 512
                else:
                    tf.addfile(ti)
                    go_size += 512
        if dockerfile_data is not None:
            ti = tarfile.TarInfo(dockerfile_rel)
            ti.size, ti.mode = len(dockerfile_data), 0o600
            tf.addfile(ti, io.BytesIO(dockerfile_data))
            go_size += 512 + (ti.size + 511) // 512 * 512
    return buf.getvalue(), go_size


def run_build(cli: Cli, inv) -> int:
    opts = inv.opts
    context = inv.args[0]
    if context == "-" or "://" in context or context.startswith("git@"):
        raise CliError("dockyard builds from a local directory; remote and stdin contexts are not supported yet", 1)
    if not os.path.isdir(context):
        raise CliError(f'unable to prepare context: path "{context}" not found', 1)
    for t in opts.get("tag") or []:
        try:
            check_reference(t)
        except CliError as e:
            raise CliError(f'invalid argument "{t}" for "-t, --tag" flag: {e.message}\nSee \'docker build --help\'.',
                           125) from None
    dockerfile = opts.get("file") or ""
    dockerfile_data = None
    if dockerfile == "-":
        stdin = cli.stdin if cli.stdin is not None else sys.stdin
        dockerfile_data = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode()
        dockerfile_rel = "__dockerfile-stdin__"
    else:
        path = dockerfile if dockerfile else os.path.join(context, "Dockerfile")
        if dockerfile and not os.path.isabs(dockerfile) and not os.path.exists(dockerfile):
            path = os.path.join(context, dockerfile)
        if not os.path.exists(path):
            raise CliError("unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat "
                           f"{os.path.abspath(path)}: no such file or directory", 1)
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(context))
        if rel.startswith(".."):
            with open(path, "rb") as f:
                dockerfile_data = f.read()
            dockerfile_rel = f".dockerfile.{os.urandom(10).hex()}"
        else:
            dockerfile_rel = rel
    data, size = context_tar(context, dockerfile_rel, dockerfile_data,
                             on_skipped=lambda path, why: cli.eprint(
                                 log_line("error", f"Can't add file {path} to tar: {why}")))
    quiet = bool(opts.get("quiet"))
    # With -q the output is kept (docker's progBuff and buildBuff): all of it goes to stderr if the
    # build fails; if it succeeds, what the engine sent — the image ID alone — goes to stdout.
    held: list[str] = []
    progress = f"Sending build context to Docker daemon {human_size(size):>8}\r\r\n"
    if not quiet:
        cli.out.write(progress)
        cli.flush()
    params = {"t": opts.get("tag") or [], "dockerfile": dockerfile_rel, "q": quiet,
              "nocache": bool(opts.get("no-cache")), "rm": opts.get("rm") is not False,
              "forcerm": bool(opts.get("force-rm")), "pull": bool(opts.get("pull")),
              "target": opts.get("target") or "", "version": "1"}
    build_args = {}
    for kv in opts.get("build-arg") or []:
        k, eq, v = kv.partition("=")
        if eq:
            build_args[k] = v
        elif k in os.environ:
            build_args[k] = os.environ[k]
    if build_args:
        params["buildargs"] = json.dumps(build_args)
    labels = {}
    for kv in opts.get("label") or []:
        k, _, v = kv.partition("=")
        labels[k] = v
    if labels:
        params["labels"] = json.dumps(labels)
    api = cli.api
    resp = api._post(api._url("/build"), params=params, data=data,
                     headers={"Content-Type": "application/x-tar"}, stream=True, timeout=None)
    if resp.status_code >= 400:
        from ..context import daemon_message
        import requests
        try:
            resp.raise_for_status()
        except requests.HTTPError as e:
            raise CliError("Error response from daemon: " + (daemon_message(e) or resp.text), 1) from None
    image_id = None
    for msg in json_messages(raw_chunks(resp)):
        if "error" in msg or "errorDetail" in msg:
            detail = msg.get("errorDetail") or {}
            code = detail.get("code") or 1
            if quiet:
                cli.err.write(progress + "".join(held))
            raise CliError(msg.get("error") or detail.get("message", ""), code)
        if "aux" in msg:
            image_id = (msg["aux"] or {}).get("ID") or image_id
            continue
        if "stream" in msg:
            text = msg["stream"]
        elif "status" in msg:
            text = ((msg.get("id") + ": ") if msg.get("id") else "") + msg["status"] + "\n"
        else:
            continue
        if quiet:
            held.append(text)
        else:
            cli.out.write(text)
            cli.flush()
    if quiet:
        cli.out.write("".join(held))
        image_id = image_id or "".join(held).strip()
    iidfile = opts.get("iidfile")
    if iidfile and image_id:
        with open(iidfile, "w") as f:
            f.write(image_id)
    return 0
