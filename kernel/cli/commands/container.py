"""docker container commands (docker/cli cli/command/container/*), each composed of Engine API calls."""
from __future__ import annotations

import sys
import threading

from ..context import Cli, CliError, daemon_message, exit_code_for, for_each
from ..views import ContainerView
from .format import print_table
from .runopts import build_create_body
from .streams import demux, raw_chunks, write_bytes

PS_TABLE = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}"


def _api_error(e):
    import docker.errors
    return isinstance(e, docker.errors.APIError)


def _status_code(e) -> int:
    return getattr(getattr(e, "response", None), "status_code", 0) or 0


# ---------------------------------------------------------------- create / run
def _pull_for_run(cli: Cli, image: str) -> None:
    from .image import pull_image, with_default_tag
    cli.eprint(f"Unable to find image '{with_default_tag(image)}' locally")
    pull_image(cli, image, out=cli.err)


def _create(cli: Cli, inv, command_name: str) -> tuple[str, dict]:
    from .image import check_reference
    image, command = inv.args[0], inv.args[1:]
    try:
        check_reference(image)
    except CliError as e:
        if command_name == "create":
            raise CliError(e.message, 1) from None
        raise cli.usage_error(command_name, e.message) from None
    try:
        config, host_config, networking = build_create_body(inv.opts, image, command, inv.changed)
    except CliError as e:
        # docker/cli run/create: an error from parse() of the flags is returned withHelp(err, cmd):
        # "docker: <err>\n\nRun 'docker <cmd> --help' for more information", status 125
        if e.message.startswith("docker: "):
            raise
        raise cli.usage_error(command_name, e.message) from None
    body = dict(config, HostConfig=host_config, NetworkingConfig=networking)
    name = inv.opts.get("name") or None
    pull = inv.opts.get("pull") or "missing"
    if pull == "always":
        from .image import pull_image
        pull_image(cli, image, out=cli.err)
    for attempt in (0, 1):
        try:
            resp = cli.api.create_container_from_config(body, name=name)
            return resp["Id"], config
        except Exception as e:
            if attempt == 0 and _api_error(e) and _status_code(e) == 404 and "No such image" in (
                    daemon_message(e) or "") and pull != "never":
                _pull_for_run(cli, image)
                continue
            if _api_error(e):
                message = "Error response from daemon: " + (daemon_message(e) or "")
                if command_name == "create":  # docker/cli runCreate returns the daemon's error as it is
                    raise CliError(message, 1) from None
                raise cli.usage_error(command_name, message, 125) from None
            raise
    raise AssertionError("unreachable")


def create(cli: Cli, inv) -> int:
    cid, _ = _create(cli, inv, "create")
    cli.print(cid)
    return 0


def _check_tty(cli: Cli, inv) -> None:
    """`-it` needs a terminal on stdin (docker/cli streams.In.CheckTty)."""
    if inv.opts.get("tty") and inv.opts.get("interactive"):
        isatty = getattr(cli.stdin, "isatty", None)
        if not (isatty and isatty()):
            raise CliError("the input device is not a TTY", 1)


def run(cli: Cli, inv) -> int:
    _check_tty(cli, inv)
    cid, config = _create(cli, inv, "run")
    detach = bool(inv.opts.get("detach"))
    if detach:
        try:
            cli.api.start(cid)
        except Exception as e:
            if _api_error(e):
                msg = "Error response from daemon: " + (daemon_message(e) or "")
                raise cli.usage_error("run", msg, exit_code_for(msg)) from None
            raise
        cli.print(cid)
        return 0
    return _attach_start_wait(cli, cid, config, auto_remove=bool(inv.opts.get("rm")), command="run")


def _attach(cli: Cli, cid: str, params: dict, interactive: bool):
    """POST /containers/{id}/attach. Interactive sessions take over the socket (101 UPGRADED); output-only
    ones read the raw stream the engine answers with when no upgrade is asked for."""
    api = cli.api
    headers = {"Connection": "Upgrade", "Upgrade": "tcp"} if interactive else {}
    resp = api._post(api._url("/containers/{0}/attach", cid), params=params, headers=headers, stream=True)
    api._raise_for_status(resp)
    if not interactive:
        return resp, None
    sock = api._get_raw_response_socket(resp)
    _pump_stdin(cli, sock)
    return None, sock


def _attach_start_wait(cli: Cli, cid: str, config: dict, auto_remove: bool, command: str) -> int:
    api = cli.api
    interactive = bool(config.get("OpenStdin") and config.get("AttachStdin"))
    params = {"stdout": 1, "stderr": 1, "stream": 1, "stdin": 1 if interactive else 0}
    resp, sock = _attach(cli, cid, params, interactive)
    # the wait is asked for before the start, and the start waits for the wait's status line: the engine
    # sends it once it holds the container, so a container that exits (and is removed) at once is not missed
    # (docker's waitExitOrRemoved)
    waiting = _request_wait(api, cid, "removed" if auto_remove else "next-exit")
    try:
        api.start(cid)
    except Exception as e:
        waiting.close()
        if _api_error(e):
            msg = "Error response from daemon: " + (daemon_message(e) or "")
            if command == "run":
                raise cli.usage_error(command, msg, exit_code_for(msg)) from None
            raise CliError(msg + f"\nError: failed to start containers: {cid[:12]}", 1) from None
        raise
    tty = bool(config.get("Tty"))
    if sock is not None:
        _copy_socket_output(cli, sock, tty)
    else:
        _copy_output(cli, resp, tty)
    with waiting:
        return waiting.json()["StatusCode"]


def _request_wait(api, cid: str, condition: str):
    """POST /containers/{id}/wait, returned once its headers are in; the body is the exit status."""
    waiting = api._post(api._url("/containers/{0}/wait", cid), params={"condition": condition}, stream=True,
                        timeout=None)
    api._raise_for_status(waiting)
    return waiting


def _copy_output(cli: Cli, resp, tty: bool) -> None:
    chunks = raw_chunks(resp)
    if tty:
        for chunk in chunks:
            write_bytes(cli.out, chunk)
        return
    for sid, data in demux(chunks):
        write_bytes(cli.err if sid == 2 else cli.out, data)


def _copy_socket_output(cli: Cli, sock, tty: bool) -> None:
    from docker.utils.socket import frames_iter
    for sid, data in frames_iter(sock, tty):
        write_bytes(cli.err if sid == 2 else cli.out, data)


def _pump_stdin(cli: Cli, sock) -> None:
    stdin = cli.stdin
    raw = getattr(sock, "_sock", sock)  # docker-py hands a SocketIO; writes go to the socket under it

    def pump():
        try:
            while True:
                line = stdin.readline() if stdin is not None else ""
                if not line:
                    break
                raw.sendall(line.encode() if isinstance(line, str) else line)
            try:
                import socket as _s
                raw.shutdown(_s.SHUT_WR)
            except OSError:
                pass
        except (OSError, ValueError):
            pass
    threading.Thread(target=pump, daemon=True).start()


# ---------------------------------------------------------------- lifecycle
def start(cli: Cli, inv) -> int:
    if inv.opts.get("attach") or inv.opts.get("interactive"):
        if len(inv.args) > 1:
            raise CliError("you cannot start and attach multiple containers at once", 1)
        info = cli.api.inspect_container(inv.args[0])
        return _attach_start_wait(cli, info["Id"], dict(info["Config"], AttachStdin=bool(
            inv.opts.get("interactive"))), auto_remove=False, command="start")
    failed = []
    for ref in inv.args:
        try:
            cli.api.start(ref)
            cli.print(ref)
        except Exception as e:
            if not _api_error(e):
                raise
            cli.eprint("Error response from daemon: " + (daemon_message(e) or ""))
            failed.append(ref)
    if failed:
        raise CliError(f"Error: failed to start containers: {', '.join(failed)}", 1)
    return 0


def stop(cli: Cli, inv) -> int:
    t = inv.opts.get("time")
    if t is None:
        t = inv.opts.get("timeout")
    kwargs = {"timeout": t} if t is not None else {}
    return for_each(cli, inv.args, lambda r: _stop(cli, r, kwargs))


def _stop(cli: Cli, ref: str, kwargs: dict) -> None:
    api = cli.api
    params = {"t": kwargs["timeout"]} if "timeout" in kwargs else {}
    res = api._post(api._url("/containers/{0}/stop", ref), params=params, timeout=None)
    if res.status_code != 304:
        api._raise_for_status(res)


def restart(cli: Cli, inv) -> int:
    t = inv.opts.get("time")
    params = {"t": t} if t is not None else {}
    api = cli.api
    return for_each(cli, inv.args, lambda r: api._raise_for_status(
        api._post(api._url("/containers/{0}/restart", r), params=params, timeout=None)))


def kill(cli: Cli, inv) -> int:
    sig = inv.opts.get("signal") or None
    return for_each(cli, inv.args, lambda r: cli.api.kill(r, signal=sig) if sig else cli.api.kill(r))


def pause(cli: Cli, inv) -> int:
    return for_each(cli, inv.args, cli.api.pause)


def unpause(cli: Cli, inv) -> int:
    return for_each(cli, inv.args, cli.api.unpause)


def rm(cli: Cli, inv) -> int:
    force, volumes = bool(inv.opts.get("force")), bool(inv.opts.get("volumes"))
    return for_each(cli, inv.args, lambda r: cli.api.remove_container(r, v=volumes, force=force),
                    forgive_missing=force)


def wait(cli: Cli, inv) -> int:
    failed = False
    for ref in inv.args:
        try:
            cli.print(str(cli.api.wait(ref)["StatusCode"]))
        except Exception as e:
            if not _api_error(e):
                raise
            cli.eprint("Error response from daemon: " + (daemon_message(e) or ""))
            failed = True
    return 1 if failed else 0


def rename(cli: Cli, inv) -> int:
    # docker/cli runRename: both names trimmed; a failed rename prints the client's error and then
    # "Error: failed to rename container named OLD" (status 1)
    old, new = inv.args[0].strip(), inv.args[1].strip()
    if not old or not new:
        raise CliError("Error: Neither old nor new names may be empty", 1)
    try:
        cli.api.rename(old, new)
    except Exception as e:
        from ..context import api_error_message
        msg = api_error_message(e, cli)
        if msg is None:
            raise
        cli.eprint(msg)
        raise CliError(f"Error: failed to rename container named {old}", 1) from None
    return 0


# ---------------------------------------------------------------- listing
def ps(cli: Cli, inv) -> int:
    filters = {k: list(v) for k, v in (inv.opts.get("filter") or {}).items()}
    all_ = bool(inv.opts.get("all"))
    last = inv.opts.get("last")
    if inv.opts.get("latest"):
        last = 1
    limit = last if last not in (None, -1) else -1
    rows = cli.api.containers(all=all_ or limit > 0, limit=limit, size=bool(inv.opts.get("size")), filters=filters)
    trunc = not inv.opts.get("no-trunc")
    fmt = inv.opts.get("format") or ""
    if inv.opts.get("quiet"):
        fmt = "{{.ID}}"
    elif not fmt or fmt == "table":
        fmt = PS_TABLE + ("\t{{.Size}}" if inv.opts.get("size") else "")
    print_table(cli, fmt, [ContainerView(r, trunc=trunc) for r in rows], ContainerView.HEADERS)
    return 0


def logs(cli: Cli, inv) -> int:
    api = cli.api
    ref = inv.args[0]
    info = api.inspect_container(ref)
    params = {"stdout": 1, "stderr": 1, "follow": 1 if inv.opts.get("follow") else 0,
              "timestamps": 1 if inv.opts.get("timestamps") else 0, "tail": inv.opts.get("tail") or "all"}
    from ..timestamps import get_timestamp
    for key in ("since", "until"):
        if inv.opts.get(key):
            try:
                params[key] = get_timestamp(inv.opts[key])
            except ValueError as e:
                raise CliError(f'invalid value for "{key}": {e}', 1) from None
    resp = api._get(api._url("/containers/{0}/logs", ref), params=params, stream=True)
    api._raise_for_status(resp)
    _copy_output(cli, resp, bool(info["Config"].get("Tty")))
    return 0


def inspect(cli: Cli, inv) -> int:
    from .inspect import inspect_objects
    return inspect_objects(cli, inv.args, inv.opts.get("format") or "", "container", bool(inv.opts.get("size")))


def diff(cli: Cli, inv) -> int:
    for ch in cli.api.diff(inv.args[0]) or []:
        cli.print(f"{'CAD'[ch['Kind']]} {ch['Path']}")
    return 0


def top(cli: Cli, inv) -> int:
    res = cli.api.top(inv.args[0], ps_args=" ".join(inv.args[1:]) or None)
    from .format import tabwrite
    rows = [res.get("Titles") or []] + (res.get("Processes") or [])
    cli.out.write(tabwrite(["\t".join(r) for r in rows]))
    return 0


def port(cli: Cli, inv) -> int:
    info = cli.api.inspect_container(inv.args[0])
    ports = (info.get("NetworkSettings") or {}).get("Ports") or {}
    asked = inv.args[1] if len(inv.args) > 1 else None
    want = asked if not asked or "/" in asked else asked + "/tcp"
    if want:
        number = want.split("/", 1)[0]
        if not (number.isdigit() and int(number) < 65536):
            why = "value out of range" if number.isdigit() else "invalid syntax"
            raise CliError(f'Error: invalid port ({number}): strconv.ParseUint: parsing "{number}": {why}', 1)
    lines = []
    for key in sorted(ports, key=lambda k: (int(k.split("/")[0]), k)):
        for b in ports[key] or []:
            host = b.get("HostIp") or "0.0.0.0"
            host = f"[{host}]" if ":" in host else host
            if want:
                if key == want:
                    lines.append(f"{host}:{b.get('HostPort')}")
            else:
                lines.append(f"{key} -> {host}:{b.get('HostPort')}")
    if want and not lines:
        raise CliError(f"Error: No public port '{asked}' published for {inv.args[0]}", 1)
    for line in lines:
        cli.print(line)
    return 0


def prune(cli: Cli, inv) -> int:
    if not inv.opts.get("force") and not _confirm(cli, "WARNING! This will remove all stopped containers."):
        return 0
    res = cli.api.prune_containers()
    deleted = res.get("ContainersDeleted") or []
    if deleted:
        cli.print("Deleted Containers:")
        for d in deleted:
            cli.print(d)
        cli.print()
    from ..formatter.units import human_size
    cli.print(f"Total reclaimed space: {human_size(res.get('SpaceReclaimed') or 0)}")
    return 0


def _confirm(cli: Cli, warning: str) -> bool:
    cli.out.write(f"{warning}\nAre you sure you want to continue? [y/N] ")
    cli.flush()
    answer = cli.stdin.readline() if cli.stdin is not None else ""
    return answer.strip().lower() in ("y", "yes")


# ---------------------------------------------------------------- exec, cp, commit
def exec_(cli: Cli, inv) -> int:
    _check_tty(cli, inv)
    api = cli.api
    ref, cmd = inv.args[0], inv.args[1:]
    env = list(inv.opts.get("env") or [])
    interactive, tty, detach = bool(inv.opts.get("interactive")), bool(inv.opts.get("tty")), bool(
        inv.opts.get("detach"))
    ex = api.exec_create(ref, cmd, stdout=not detach, stderr=not detach, stdin=interactive, tty=tty,
                         user=inv.opts.get("user") or "", environment=env or None,
                         workdir=inv.opts.get("workdir") or None)
    if detach:
        api.exec_start(ex["Id"], detach=True)
        return 0
    headers = {"Connection": "Upgrade", "Upgrade": "tcp"} if interactive else {}
    resp = api._post_json(api._url("/exec/{0}/start", ex["Id"]), data={"Detach": False, "Tty": tty},
                          headers=headers, stream=True)
    api._raise_for_status(resp)
    if interactive:
        sock = api._get_raw_response_socket(resp)
        _pump_stdin(cli, sock)
        _copy_socket_output(cli, sock, tty)
    else:
        _copy_output(cli, resp, tty)
    return api.exec_inspect(ex["Id"]).get("ExitCode") or 0


def commit(cli: Cli, inv) -> int:
    from dockyard.engine.errors import InvalidParameter
    from dockyard.engine.image.reference import parse_normalized
    ref = inv.args[0]
    repo, tag = None, None
    if len(inv.args) > 1:
        target = inv.args[1]
        try:  # the client's ContainerCommit checks the reference; its error is returned as it is
            if parse_normalized(target).digest:
                raise CliError("refusing to create a tag with a digest reference", 1)
        except InvalidParameter as e:
            raise CliError(str(e), 1) from None
        repo, tag = _split_tag(target)
    changes = list(inv.opts.get("change") or [])
    res = cli.api.commit(ref, repository=repo, tag=tag, message=inv.opts.get("message") or None,
                         author=inv.opts.get("author") or None, changes=changes or None,
                         pause=not inv.opts.get("pause") is False)
    cli.print(res["Id"])
    return 0


def _split_tag(ref: str) -> tuple[str, str | None]:
    name, _, digest = ref.partition("@")
    i = name.rfind(":")
    if i > name.rfind("/"):
        return name[:i], name[i + 1:]
    return name, None


def attach(cli: Cli, inv) -> int:
    info = cli.api.inspect_container(inv.args[0])
    if not info["State"]["Running"]:
        raise CliError("You cannot attach to a stopped container, start it first", 1)
    interactive = not inv.opts.get("no-stdin") and bool(info["Config"].get("OpenStdin"))
    params = {"stdout": 1, "stderr": 1, "stream": 1, "stdin": 1 if interactive else 0}
    resp, sock = _attach(cli, info["Id"], params, interactive)
    tty = bool(info["Config"].get("Tty"))
    if sock is not None:
        _copy_socket_output(cli, sock, tty)
    else:
        _copy_output(cli, resp, tty)
    return cli.api.wait(info["Id"])["StatusCode"]


def stats(cli: Cli, inv) -> int:
    from .format import tabwrite
    from ..formatter.units import bytes_size
    rows = ["CONTAINER ID\tNAME\tCPU %\tMEM USAGE / LIMIT\tMEM %\tNET I/O\tBLOCK I/O\tPIDS"]
    refs = inv.args or [c["Id"] for c in cli.api.containers()]
    for ref in refs:
        info = cli.api.inspect_container(ref)
        s = cli.api.stats(ref, stream=False)
        mem = (s.get("memory_stats") or {}).get("usage", 0)
        limit = (s.get("memory_stats") or {}).get("limit", 1) or 1
        rows.append(f"{info['Id'][:12]}\t{info['Name'].lstrip('/')}\t0.00%\t{bytes_size(mem)} / "
                    f"{bytes_size(limit)}\t{100.0 * mem / limit:.2f}%\t0B / 0B\t0B / 0B\t{s.get('pids_stats', {}).get('current', 0)}")
    cli.out.write(tabwrite(rows))
    return 0


def export(cli: Cli, inv) -> int:
    api = cli.api
    resp = api._get(api._url("/containers/{0}/export", inv.args[0]), stream=True)
    api._raise_for_status(resp)
    out = inv.opts.get("output")
    if out:
        with open(out, "wb") as f:
            for chunk in raw_chunks(resp):
                f.write(chunk)
    else:
        if sys.stdout.isatty():
            raise CliError("cowardly refusing to save to a terminal. Use the -o flag or redirect", 1)
        for chunk in raw_chunks(resp):
            write_bytes(cli.out, chunk)
    return 0

