"""One function per Dockerfile instruction, as the classic builder dispatches them (moby
builder/dockerfile/dispatchers.go). Each updates the stage's run config and commits a step."""
from __future__ import annotations

import copy
import fnmatch
import io
import posixpath
import tarfile

from ..dockerfile import instructions as ins
from ..dockerfile.shlex import process_word, process_words
from ..errors import InvalidParameter
from ..layer.tree import Dir, File, Node, S_IFDIR, Symlink, Writer, lookup, split, walk
from .builder import (BuildError, Builder, StageState, default_path_env, env_list_set, shell_of, with_cmd)
from .context import multi_hash, source_hash

def _q(items) -> str:
    """Go's %q of a []string: ["cat" "/app/msg.txt"]."""
    from ..dockerfile.gocompat import quote
    return "[" + " ".join(quote(s) for s in items) + "]"


def _v(items) -> str:
    """Go's %v of a []string: [a b c]."""
    return "[" + " ".join(items) + "]"


# ---------------------------------------------------------------- FROM
def dispatch_from(b: Builder, state: StageState, stage: ins.Stage, meta) -> None:
    b.prober.reset()
    name = process_word(stage.base_name, b._meta_env(meta), b.escape_token)
    if not name:
        raise InvalidParameter("base name (" + stage.base_name + ") should not be blank")
    stage_image = b.stage_image(name)
    if stage_image is not None:
        image_id, config = stage_image, b.backend.image_config(stage_image)
    elif name.lower() == "scratch":
        image_id, config = "", {}
    else:
        image_id, config = b.backend.get_image(name, b.emit)
    state.image_id = image_id
    state.base_config = config
    run = copy.deepcopy((config or {}).get("config") or {})
    run["Env"] = default_path_env(run.get("Env"))
    run["OpenStdin"] = False
    run["StdinOnce"] = False
    state.run_config = run
    triggers = run.get("OnBuild") or []
    if triggers:
        run["OnBuild"] = None
        _run_triggers(b, state, triggers)


def _run_triggers(b: Builder, state: StageState, triggers: list[str]) -> None:
    from ..dockerfile.parser import parse
    # moby dispatchTriggeredOnBuild: "# Executing N build trigger", an "s" when N > 1, then a newline
    # (no trailing "..." -- that was the pre-1.13 builder's wording).
    word = "trigger" if len(triggers) == 1 else "triggers"
    b.emit(f"# Executing {len(triggers)} build {word}\n")
    for text in triggers:
        node = parse(text).ast.children[0]
        cmd = ins.parse_instruction(node)
        if isinstance(cmd, ins.Stage) or cmd.name in ("onbuild", "maintainer"):
            raise InvalidParameter(f"{cmd.name.upper()} isn't allowed as an ONBUILD trigger")
        env = b.expansion_env(state)
        if hasattr(cmd, "expand"):
            cmd = cmd.expand(lambda w: process_word(w, env, b.escape_token))
        DISPATCH[type(cmd)](b, state, cmd)
        b.cleanup_containers()


# ---------------------------------------------------------------- metadata instructions
def dispatch_env(b: Builder, state: StageState, c: ins.EnvCommand) -> None:
    parts = ["ENV"]
    env = list(state.run_config.get("Env") or [])
    for kv in c.env:
        parts.append(f"{kv.key}={kv.value}")
        env = env_list_set(env, kv.key, kv.value)
    state.run_config["Env"] = env
    b.commit_metadata(state, " ".join(parts))


def dispatch_label(b: Builder, state: StageState, c: ins.LabelCommand) -> None:
    labels = dict(state.run_config.get("Labels") or {})
    parts = ["LABEL"]
    for kv in c.labels:
        labels[kv.key] = kv.value
        parts.append(f"{kv.key}={kv.value}")
    state.run_config["Labels"] = labels
    b.commit_metadata(state, " ".join(parts))


def dispatch_maintainer(b: Builder, state: StageState, c: ins.MaintainerCommand) -> None:
    state.maintainer = c.maintainer
    b.commit_metadata(state, "MAINTAINER " + c.maintainer)


def dispatch_expose(b: Builder, state: StageState, c: ins.ExposeCommand) -> None:
    ports = dict(state.run_config.get("ExposedPorts") or {})
    env = b.expansion_env(state)
    words = []
    for p in c.ports:
        words += process_words(p, env, b.escape_token)
    for w in words:
        for key in _port_keys(w):
            ports[key] = {}
    state.run_config["ExposedPorts"] = ports
    b.commit_metadata(state, "EXPOSE " + " ".join(words))


def _port_keys(spec: str) -> list[str]:
    """The ports an EXPOSE word names, by go-connections' ParsePortSpec (v0.4.0, as 20.10 vendors it):
    `[ip:[hostPort:]]port[-end][/proto]`, each part checked, in its order, with its message."""
    parts = spec.split(":")
    container = parts[-1]
    host = parts[-2] if len(parts) >= 2 else ""
    ip = ":".join(parts[:-2]).strip("[]") if len(parts) >= 3 else ""
    pieces = container.split("/")
    if not container or not pieces[0]:
        proto, container = "", ""
    elif len(pieces) == 1 or not pieces[1]:
        proto, container = "tcp", pieces[0]
    else:
        proto, container = pieces[1], pieces[0]
    if ip and not _is_ip(ip):
        raise InvalidParameter(f"Invalid ip address: {ip}")
    if not container:
        raise InvalidParameter(f"No port specified: {spec}<empty>")
    start, end = _port_range(container)
    if start is None:
        raise InvalidParameter(f"Invalid containerPort: {container}")
    if host:
        host_start, host_end = _port_range(host)
        if host_start is None:
            raise InvalidParameter(f"Invalid hostPort: {host}")
        if end - start != host_end - host_start and end != start:
            raise InvalidParameter(f"Invalid ranges specified for container and host Ports: {container} and {host}")
    if proto.lower() not in ("tcp", "udp", "sctp"):
        raise InvalidParameter(f"Invalid proto: {proto}")
    return [f"{p}/{proto.lower()}" for p in range(start, end + 1)]


def _port_range(text: str) -> tuple[int | None, int | None]:
    """nat.ParsePortRange: `80` or `8000-8010`, each a 16-bit number, the end not before the start."""
    low, dash, high = text.partition("-")
    numbers = [low, high] if dash else [low]
    if not all(n.isdigit() and int(n) < 65536 for n in numbers):
        return None, None
    start, end = int(low), int(high or low)
    return (start, end) if end >= start else (None, None)


def _is_ip(text: str) -> bool:
    import ipaddress
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _command(state: StageState, c) -> list[str]:
    cmd = list(c.command or [])
    if c.prepend_shell:
        return shell_of(state.run_config) + cmd
    return cmd


def dispatch_cmd(b: Builder, state: StageState, c: ins.CmdCommand) -> None:
    cmd = _command(state, c)
    state.run_config["Cmd"] = cmd
    state.run_config.pop("ArgsEscaped", None)
    b.commit_metadata(state, "CMD " + _q(cmd))
    if c.command:
        state.cmd_set = True


def dispatch_entrypoint(b: Builder, state: StageState, c: ins.EntrypointCommand) -> None:
    ep = _command(state, c) if c.command is not None else None
    state.run_config["Entrypoint"] = ep
    if not state.cmd_set:
        state.run_config["Cmd"] = None
    b.commit_metadata(state, "ENTRYPOINT " + _q(ep or []))


def dispatch_user(b: Builder, state: StageState, c: ins.UserCommand) -> None:
    state.run_config["User"] = c.user
    b.commit_metadata(state, "USER " + c.user)


def dispatch_volume(b: Builder, state: StageState, c: ins.VolumeCommand) -> None:
    vols = dict(state.run_config.get("Volumes") or {})
    for v in c.volumes:
        v = v.strip()
        if not v:
            raise InvalidParameter("VOLUME specified can not be an empty string")
        vols[v] = {}
    state.run_config["Volumes"] = vols
    b.commit_metadata(state, "VOLUME " + _v(c.volumes))


def dispatch_stopsignal(b: Builder, state: StageState, c: ins.StopSignalCommand) -> None:
    from ..userland.process import SIGNALS
    s = c.signal.upper()
    name = s[3:] if s.startswith("SIG") else s
    if not (s.isdigit() or name in SIGNALS):
        raise InvalidParameter(f"Invalid signal: {c.signal}")
    state.run_config["StopSignal"] = c.signal
    b.commit_metadata(state, "STOPSIGNAL " + c.signal)


def dispatch_healthcheck(b: Builder, state: StageState, c: ins.HealthcheckCommand) -> None:
    hc = {"Test": list(c.test)}
    for key, val in (("Interval", c.interval), ("Timeout", c.timeout), ("StartPeriod", c.start_period),
                     ("Retries", c.retries)):
        if val:
            hc[key] = val
    state.run_config["Healthcheck"] = hc
    # moby: commit(fmt.Sprintf("HEALTHCHECK %q", runConfig.Healthcheck)) -- %q of the *HealthConfig quotes
    # each field: the Test strings, the durations' String(), and Retries (an int) as a rune literal.
    from ..dockerfile.gocompat import quote_rune
    b.commit_metadata(state, f"HEALTHCHECK &{{{_q(c.test)} \"{_dur(c.interval)}\" \"{_dur(c.timeout)}\" "
                             f"\"{_dur(c.start_period)}\" {quote_rune(c.retries or 0)}}}")


def _dur(ns: int) -> str:
    """Go's time.Duration String for the durations HEALTHCHECK takes."""
    if ns == 0:
        return "0s"
    s = ns / 1e9
    if s >= 3600:
        h, rem = divmod(int(s), 3600)
        m, sec = divmod(rem, 60)
        return f"{h}h{m}m{sec}s"
    if s >= 60:
        m, sec = divmod(s, 60)
        return f"{int(m)}m{sec:g}s"
    if s >= 1:
        return f"{s:g}s"
    return f"{ns / 1e6:g}ms"


def dispatch_shell(b: Builder, state: StageState, c: ins.ShellCommand) -> None:
    state.run_config["Shell"] = list(c.shell)
    b.commit_metadata(state, "SHELL " + _v(c.shell))


def dispatch_arg(b: Builder, state: StageState, c: ins.ArgCommand) -> None:
    parts = []
    assert state.build_args is not None
    for a in c.args:
        parts.append(a.key if a.value is None else f"{a.key}={a.value}")
        state.build_args.add(a.key, a.value)
        b.referenced_args.add(a.key)
    b.commit_metadata(state, "ARG " + " ".join(parts))


def dispatch_onbuild(b: Builder, state: StageState, c: ins.OnbuildCommand) -> None:
    state.run_config["OnBuild"] = list(state.run_config.get("OnBuild") or []) + [c.expression]
    b.commit_metadata(state, "ONBUILD " + c.expression)


# ---------------------------------------------------------------- WORKDIR
def dispatch_workdir(b: Builder, state: StageState, c: ins.WorkdirCommand) -> None:
    current = state.run_config.get("WorkingDir") or "/"
    path = c.path if c.path.startswith("/") else posixpath.join(current, c.path)
    path = "/" + "/".join(split(path)) if path != "/" else "/"
    state.run_config["WorkingDir"] = path
    comment = "WORKDIR " + path
    probe_config = with_cmd(state.run_config, shell_of(state.run_config) + ["#(nop) " + comment])
    if b.probe(state, probe_config):
        return
    cid = b.create_container()
    base = b.backend.image_tree(state.image_id)
    w = Writer(base)
    _mkdir_all(w, split(path), 0, 0)
    state.image_id = b.backend.commit_step(parent_id=state.image_id, tree=(base, w.root),
                                           config=copy.deepcopy(state.run_config), container_config=probe_config,
                                           container_id=cid, author=state.maintainer)


def _mkdir_all(w: Writer, parts: list[str], uid: int, gid: int, mtime: float | None = None) -> None:
    import time
    node: Node = w.root
    for i, name in enumerate(parts):
        child = node.children.get(name) if isinstance(node, Dir) else None
        if isinstance(child, Symlink):
            target = child.target if child.target.startswith("/") else "/".join(parts[:i]) + "/" + child.target
            _mkdir_all(w, split(target) + parts[i + 1:], uid, gid, mtime)
            return
        if not isinstance(child, Dir):
            w.set(parts[:i + 1], Dir(S_IFDIR | 0o755, uid, gid, mtime if mtime is not None else time.time(),
                                     owner=w))
            child = lookup(w.root, parts[:i + 1])
        node = child  # type: ignore[assignment]


# ---------------------------------------------------------------- RUN
def dispatch_run(b: Builder, state: StageState, c: ins.RunCommand) -> None:
    if c.flags_used:
        raise InvalidParameter(f"the --{c.flags_used[0]} option requires BuildKit. Refer to "
                               "https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit "
                               "enabled")
    cmd = _command(state, c)
    if c.heredocs and c.prepend_shell:
        cmd = shell_of(state.run_config) + [_with_heredocs(c)]
    assert state.build_args is not None
    build_args = state.build_args.filter_allowed(state.run_config.get("Env") or [])
    save_cmd = cmd
    if build_args:
        save_cmd = [f"|{len(build_args)}"] + sorted(build_args) + cmd
    probe_config = with_cmd(state.run_config, save_cmd)
    probe_config["Entrypoint"] = None  # withEntrypointOverride(saveCmd, nil): the command runs as given
    if b.probe(state, probe_config):
        return
    run_config = with_cmd(state.run_config, cmd)
    run_config["Env"] = list(state.run_config.get("Env") or []) + build_args
    cid = b.create_container()
    status, base, tree = b.backend.run_step(state.image_id, run_config, cid, b.emit, b.emit_stderr)
    if status != 0:
        b._pending_container = None
        b.failed_container = cid
        b.backend.keep_failed_container(cid, state.image_id, run_config, base, tree, status,
                                        remove=b.options.force_remove)
        if b.options.force_remove:
            b.emit(f"Removing intermediate container {cid[:12]}\n")
        raise BuildError(f"The command '{' '.join(cmd)}' returned a non-zero code: {status}", status)
    state.image_id = b.backend.commit_step(parent_id=state.image_id, tree=(base, tree),
                                           config=copy.deepcopy(state.run_config), container_config=probe_config,
                                           container_id=cid, author=state.maintainer)


def _with_heredocs(c: ins.RunCommand) -> str:
    text = c.command[0] if c.command else ""
    for h in c.heredocs:
        text += "\n" + h.content + h.name
    return text


# ---------------------------------------------------------------- COPY / ADD
class _Source:
    """One thing to copy: a node from the context (or another image), with the hash the cache uses."""

    def __init__(self, root: Dir, relpath: str, node: Node, hash_: str, decompress: bool = False):
        self.root, self.relpath, self.node, self.hash, self.decompress = root, relpath, node, hash_, decompress


def dispatch_copy(b: Builder, state: StageState, c) -> None:
    is_add = isinstance(c, ins.AddCommand)
    name = "ADD" if is_add else "COPY"
    if c.chmod:
        raise InvalidParameter("the --chmod option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ "
                               "to learn how to build images with BuildKit enabled")
    from_stage = getattr(c, "from_stage", "")
    if from_stage:
        image_id = b.stage_image(from_stage)
        if image_id is None:
            image_id, _ = b.backend.get_image(from_stage, b.emit)
        root, context_file = b.backend.image_tree(image_id), False
    else:
        root, context_file = b.context.root, True
    sources: list[_Source] = []
    for h in getattr(c, "source_contents", ()) or ():
        data = h.content.encode()
        node = File(data, mode=0o100644)
        sources.append(_Source(Dir(children={h.name: node}), h.name, node, "file:" + _content_hash(h.name, node)))
    for src in c.sources:
        if is_add and (src.startswith("http://") or src.startswith("https://")):
            raise BuildError(f"{name} failed: the bundled engine has no network: cannot download {src}", 1)
        sources += _resolve_sources(b, root, src, name, context_file, decompress=is_add and not from_stage)
    dest = c.dest
    if len(sources) > 1 and not dest.endswith("/"):
        raise BuildError(f"When using {name} with more than one source file, the destination must be a directory "
                         f"and end with a /", 1)
    if not sources:
        raise BuildError(f"{name} failed: no source files were specified", 1)
    src_hash = sources[0].hash if len(sources) == 1 else multi_hash("multi", [s.hash for s in sources])
    chown_comment = f"--chown={c.chown} " if c.chown else ""
    workdir = state.run_config.get("WorkingDir") or "/"
    comment = f"{name} {chown_comment}{src_hash} in {dest} "
    probe_config = with_cmd(state.run_config, shell_of(state.run_config) + ["#(nop) " + comment])
    if b.probe(state, probe_config):
        return
    base = b.backend.image_tree(state.image_id)
    w = Writer(base)
    uid, gid = _chown(b, base, c.chown) if c.chown else (0, 0)
    abs_dest = dest if dest.startswith("/") else posixpath.join(workdir, dest)
    dest_is_dir = dest.endswith("/") or dest.endswith("/.") or len(sources) > 1
    for s in sources:
        _copy_one(w, s, abs_dest, dest_is_dir, uid, gid, keep_owner=not context_file and not c.chown)
    state.image_id = b.backend.commit_step(parent_id=state.image_id, tree=(base, w.root),
                                           config=copy.deepcopy(state.run_config), container_config=probe_config,
                                           container_id="", author=state.maintainer)


def _content_hash(name: str, node: File) -> str:
    from .context import node_hash
    return node_hash(name, node, context_file=True)


def _resolve_sources(b: Builder, root: Dir, src: str, name: str, context_file: bool, decompress: bool):
    rel = src
    parts_raw = [p for p in rel.split("/") if p not in ("", ".")]
    depth = 0
    for p in parts_raw:
        depth = depth - 1 if p == ".." else depth + 1
        if depth < 0:
            raise BuildError(f"{name} failed: forbidden path outside the build context: {src} ()", 1)
    parts = split(rel)
    if any(ch in "/".join(parts) for ch in "*?["):
        matches = _glob(root, parts)
        return [_Source(root, m, lookup(root, split(m)), source_hash(root, m, context_file), decompress)
                for m in matches]
    node = lookup(root, parts)
    if node is None:
        where = "build context or excluded by .dockerignore" if context_file else "image"
        raise BuildError(f"{name} failed: file not found in {where}: stat {src}: file does not exist", 1)
    relpath = "/".join(parts)
    return [_Source(root, relpath, node, source_hash(root, relpath, context_file), decompress)]


def _glob(root: Dir, parts: list[str]) -> list[str]:
    results = [("", root)]
    for pat in parts:
        nxt = []
        for prefix, node in results:
            if not isinstance(node, Dir):
                continue
            for name in sorted(node.children):
                if fnmatch.fnmatchcase(name, pat):
                    nxt.append((f"{prefix}/{name}" if prefix else name, node.children[name]))
        results = nxt
    return [p for p, _ in results]


def _chown(b: Builder, tree: Dir, spec: str) -> tuple[int, int]:
    from ..container.config import passwd_lookup
    passwd = lookup(tree, ["etc", "passwd"])
    group = lookup(tree, ["etc", "group"])
    user, _, grp = spec.partition(":")
    try:
        uid, gid, _, _ = passwd_lookup(passwd.read() if isinstance(passwd, File) else b"",
                                       group.read() if isinstance(group, File) else b"",
                                       f"{user}:{grp}" if grp else user)
    except InvalidParameter as e:
        raise BuildError(str(e), 1) from None
    if not grp and user.isdigit():
        gid = uid
    return uid, gid


def _copy_one(w: Writer, s: _Source, dest: str, dest_is_dir: bool, uid: int, gid: int, keep_owner: bool) -> None:
    """Docker's copy rules: a directory's contents go into dest; a file goes to dest, or into it if it is
    a directory or ends with `/`; a local tar archive given to ADD is unpacked there."""
    dparts = split(dest)
    existing = lookup(w.root, dparts)
    if isinstance(s.node, Dir):
        _mkdir_all(w, dparts, uid, gid)
        for path, node in walk(s.node):
            target = dparts + split(path)
            _place(w, target, node, uid, gid, keep_owner)
        return
    if s.decompress and isinstance(s.node, File) and _is_archive(s.node):
        _mkdir_all(w, dparts, 0, 0)
        _untar_into(w, dparts, s.node.read())
        return
    if dest_is_dir or isinstance(existing, Dir):
        _mkdir_all(w, dparts, 0, 0)
        target = dparts + [s.relpath.rsplit("/", 1)[-1]]
    else:
        _mkdir_all(w, dparts[:-1], 0, 0)
        target = dparts
    _place(w, target, s.node, uid, gid, keep_owner)


def _place(w: Writer, parts: list[str], node: Node, uid: int, gid: int, keep_owner: bool) -> None:
    existing = lookup(w.root, parts)
    if isinstance(node, Dir):
        if isinstance(existing, Dir):
            d = w.own_dir_at(parts)
            d.mode, d.mtime = node.mode, node.mtime
            if not keep_owner:
                d.uid, d.gid = uid, gid
            return
        new: Node = Dir(node.mode, node.uid if keep_owner else uid, node.gid if keep_owner else gid, node.mtime,
                        owner=w)
    else:
        new = node.copy(owner=w)
        if not keep_owner:
            new.uid, new.gid = uid, gid
    _mkdir_all(w, parts[:-1], 0, 0)
    w.set(parts, new)


def _is_archive(node: File) -> bool:
    head = node.read()[:512]
    if head[:2] == b"\x1f\x8b" or head[:3] == b"BZh" or head[:6] == b"\xfd7zXZ\x00":
        return True
    return len(head) >= 262 and head[257:262] == b"ustar"


def _untar_into(w: Writer, dparts: list[str], data: bytes) -> None:
    from ..layer.tar import _node_from_tarinfo
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tf:
        for ti in tf:
            parts = split(ti.name)
            if not parts or ti.islnk():
                continue
            node = _node_from_tarinfo(ti, tf)
            _mkdir_all(w, dparts + parts[:-1], 0, 0)
            existing = lookup(w.root, dparts + parts)
            if isinstance(node, Dir) and isinstance(existing, Dir):
                continue
            w.set(dparts + parts, node)


DISPATCH = {
    ins.EnvCommand: dispatch_env, ins.LabelCommand: dispatch_label, ins.MaintainerCommand: dispatch_maintainer,
    ins.ExposeCommand: dispatch_expose, ins.CmdCommand: dispatch_cmd, ins.EntrypointCommand: dispatch_entrypoint,
    ins.UserCommand: dispatch_user, ins.VolumeCommand: dispatch_volume, ins.StopSignalCommand: dispatch_stopsignal,
    ins.HealthcheckCommand: dispatch_healthcheck, ins.ShellCommand: dispatch_shell, ins.ArgCommand: dispatch_arg,
    ins.OnbuildCommand: dispatch_onbuild, ins.WorkdirCommand: dispatch_workdir, ins.RunCommand: dispatch_run,
    ins.CopyCommand: dispatch_copy, ins.AddCommand: dispatch_copy,
}
