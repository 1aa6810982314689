"""Container verbs of the Engine API: create, start, stop, kill, wait, remove, list, inspect, logs, attach.

The daemon owns verbs; `engine/container/` owns the nouns. A container's main process runs in a
thread of the engine; its output goes to the json-file log and to every attached client.
"""
from __future__ import annotations

import shutil
import threading
import time

from ..container import names
from ..container.config import entrypoint_and_args, merge, new_id, passwd_lookup, process_env, process_groups, read_accounts
from ..container.container import Container, load_all
from ..container.logs import LogWriter, read as read_log
from ..container.shapes import with_daemon_defaults
from ..container.state import rfc3339
from ..errors import Conflict, InvalidParameter, NotFound, NotModified, System
from ..userland.exec import ExecError, prepare
from ..userland.process import (SIGNALS, SIGKILL, SIGTERM, CallbackOutput, Host, Input, Killed, Pipe,
                                Process, Signals)
from .volumes import validate_bind, validate_mount


class ContainerNotFound(NotFound):
    def __init__(self, ref: str):
        super().__init__(f"No such container: {ref}")


class NameConflict(Conflict):
    pass


class ContainerNotRunning(Conflict):
    pass


def start_error(e: ExecError, name: str) -> str:
    """runc's wording for a process that could not start, as Docker 20.10 relays it."""
    reason = {2: "executable file not found in $PATH" if "/" not in name else "no such file or directory",
              13: "permission denied", 8: "exec format error"}.get(e.errno or 0, e.strerror or "error")
    return ("failed to create shim task: OCI runtime create failed: runc create failed: unable to start container "
            f'process: exec: "{name}": {reason}: unknown')


def parse_signal(sig: str | int | None, default: int = SIGKILL) -> int:
    if sig in (None, ""):
        return default
    s = str(sig).upper()
    if s.isdigit():
        return int(s)
    s = s[3:] if s.startswith("SIG") else s
    if s not in SIGNALS:
        raise InvalidParameter(f"Invalid signal: {sig}")
    return SIGNALS[s]


class ContainerOps:
    """Mixed into Daemon. Needs: self.home, self.containers_root, self.image_record(), self.image_tree(),
    self.volumes_mount(), self.events."""

    def _init_containers(self) -> None:
        self.containers: dict[str, Container] = {}
        self._names: dict[str, str] = {}
        self._clock = threading.Lock()
        for c in load_all(self.containers_root):
            if c.state.running:  # the engine went away under it: it stopped, as on a daemon restart
                c.state.running = c.state.paused = False
                c.state.exit_code = c.state.exit_code or 128 + SIGKILL
                c.state.finished_at = c.state.finished_at or time.time()
                c.save()
            self.containers[c.id] = c
            self._names[c.name] = c.id
        self._sync_layer_holds()

    def _sync_layer_holds(self) -> None:
        """Every container holds its image's layers (so `rmi -f` of its image leaves it working), and
        nothing else holds them in a container's name: a crash between taking a hold and writing the
        container's record, or a record from before holds, is mended here."""
        layers = self.images.layers
        for c in self.containers.values():
            if c.layer_chain is None and c.image_id:
                try:
                    c.layer_chain = self.images.get(c.image_id).chain_id
                except NotFound:
                    continue
            if c.layer_chain:
                try:
                    layers.acquire(c.layer_chain, c.id)
                except NotFound:  # its layers went before holds existed: it keeps what it has
                    c.layer_chain = None
        for chain_id, holder in layers.all_holds():
            if not holder.startswith("sha256:") and holder not in self.containers:
                layers.release(chain_id, holder)

    def container_base(self, c: Container):
        """The image filesystem under the container's own layer (its image may be gone: `rmi -f`)."""
        if c.layer_chain is not None:
            return self.layer_tree(c.layer_chain)
        return self.image_tree(c.image_id)

    # -- lookup
    def get_container(self, ref: str) -> Container:
        """By full ID, by name (with or without its slash), then by unique ID prefix, as moby's GetContainer."""
        if not ref:
            raise ContainerNotFound(ref)
        c = self.containers.get(ref)
        if c is not None:
            return c
        cid = self._names.get(ref.lstrip("/"))
        if cid is not None:
            return self.containers[cid]
        matches = [c for cid, c in self.containers.items() if cid.startswith(ref)] if ref.isalnum() else []
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise InvalidParameter(f"Multiple IDs found with provided prefix: {ref}")
        raise ContainerNotFound(ref)

    # -- create
    def container_create(self, config: dict, host_config: dict | None = None, name: str | None = None) -> dict:
        host_config = with_daemon_defaults(host_config)
        # moby verifyContainerSettings runs first (before the image and the name are looked at):
        # the request's WorkingDir must be absolute.
        workdir = config.get("WorkingDir") or ""
        if workdir and not workdir.startswith("/"):
            raise InvalidParameter(f"the working directory '{workdir}' is invalid, it needs to be an absolute path")
        for spec in host_config.get("Binds") or []:
            validate_bind(spec)
        for m in host_config.get("Mounts") or []:
            validate_mount(m)
        if name:
            name = names.validate(name)
        image_ref = config.get("Image") or ""
        image = self.image_record(image_ref)
        merged = merge(config, self.image_config(image.id).get("config") or {})
        if not merged.get("Entrypoint") and not merged.get("Cmd"):
            raise InvalidParameter("No command specified")
        with self._clock:
            cid = new_id()
            if name:
                if name in self._names:
                    other = self._names[name]
                    raise NameConflict(f'Conflict. The container name "/{name}" is already in use by container '
                                       f'"{other}". You have to remove (or rename) that container to be able to reuse '
                                       f"that name.")
            else:
                name = names.generate(lambda n: n in self._names, cid)
            merged["Hostname"] = merged.get("Hostname") or cid[:12]
            merged.setdefault("Domainname", "")
            merged["Image"] = image_ref
            path, args = entrypoint_and_args(merged)
            c = Container(cid, name, image.id, merged, host_config, path=path, args=args, root=self.containers_root)
            c.layer_chain = self.images.get(image.id).chain_id
            if c.layer_chain:
                self.images.layers.acquire(c.layer_chain, cid)
            self.setup_mounts(c)
            self.setup_network(c)
            self.containers[cid] = c
            self._names[name] = cid
        c.save()
        self.events.emit("container", "create", cid, {"name": name, "image": image_ref})
        return {"Id": cid, "Warnings": []}

    # -- processes
    def _process_for(self, c: Container, argv: list[str], env_extra: list[str] | None = None, user: str | None = None,
                     workdir: str | None = None, tty: bool = False) -> Process:
        fs = c.load_rootfs(self.container_base(c))
        self.mount_all(c, fs)
        passwd, group = read_accounts(fs)
        uid, gid, uname, home = passwd_lookup(passwd, group, user if user is not None else c.config.get("User", ""))
        env = process_env(c.config, c.config.get("Hostname", c.id[:12]), home)
        for kv in env_extra or []:
            k, eq, v = kv.partition("=")
            if eq:
                env[k] = v
            else:  # `-e NAME` with no value unsets it, as for the container's own Env
                env.pop(k, None)
        cwd = workdir or c.config.get("WorkingDir") or "/"
        return Process(fs=fs, argv=argv, env=env, cwd=cwd, uid=uid, gid=gid, groups=process_groups(group, uname, gid),
                       host=Host(hostname=c.config.get("Hostname", c.id[:12]), container_id=c.id, name=c.name,
                                 ip=(c.network.get("IPAddress") or ""), services=self))

    def container_start(self, ref: str) -> None:
        c = self.get_container(ref)
        with c.lock:
            if c.state.running:
                raise NotModified("")
            if c.state.removing:
                raise Conflict("container is marked for removal and cannot be started")
            self._attach_network(c)
            self.clear_tmpfs(c)
            try:
                proc = self._process_for(c, [c.path] + c.args, tty=bool(c.config.get("Tty")))
            except InvalidParameter as e:
                # e.g. an unknown user: moby's containerStart defer records the error, sets exit code
                # 128 when none is set, and removes an AutoRemove (--rm) container.
                self._start_failed(c, str(e), 128)
                raise
            signals = Signals(pid1=not c.host_config.get("Init"))
            proc.signals = signals
            if c.config.get("OpenStdin"):
                pipe = c.stdin_pipe or Pipe(signals)  # what an attached client wrote before the start is kept
                pipe.signals = signals
                c.stdin_pipe = None
                proc.stdin = pipe.reader
                c.stdin_writer = pipe.writer
            else:
                proc.stdin = Input()
                c.stdin_writer = None
            c.log = LogWriter(c.log_path)
            tty = bool(c.config.get("Tty"))
            proc.stdout = CallbackOutput(lambda b: self._emit(c, "stdout", b), tty=tty)
            proc.stderr = CallbackOutput(lambda b: self._emit(c, "stdout" if tty else "stderr", b), tty=tty)
            try:
                runner = prepare(proc)
            except ExecError as e:
                self._start_failed(c, start_error(e, c.path), 127 if e.errno == 2 else 126)
                raise System(c.state.error) from None
            c.signals = signals
            c.manually_stopped = False
            c.exited.clear()
            st = c.state
            st.running, st.paused, st.exit_code, st.error = True, False, 0, ""
            st.started_at, st.finished_at, st.pid = time.time(), 0.0, self._next_pid()
            c.save()
        self.events.emit("container", "start", c.id, {"name": c.name, "image": c.config.get("Image", "")})
        threading.Thread(target=self._run_main, args=(c, runner), name=f"container-{c.id[:12]}", daemon=True).start()

    def _start_failed(self, c: Container, error: str, exit_code: int) -> None:
        """A start that failed before the process ran (moby containerStart's deferred cleanup)."""
        self._detach_network(c)
        c.state.error = error
        c.state.exit_code = exit_code
        c.save()
        if c.host_config.get("AutoRemove"):
            self._remove(c, remove_volumes=True)

    def _attach_network(self, c: Container) -> None:
        """On start: an address on each network, then the published ports (a taken port fails the start)."""
        self.connect_endpoints(c)
        hc = c.host_config
        bridge = (c.network.get("Endpoints") or {}).get("bridge") or {}
        try:
            c.network["Ports"] = self.ports.publish(
                c.id, hc.get("PortBindings") or {}, c.config.get("ExposedPorts") or {},
                bool(hc.get("PublishAllPorts")), gateway=bridge.get("Gateway") or "172.17.0.1",
                container_name=c.name, command=c.command_line, endpoint=(c.name, c.id[::-1]))
        except Exception:
            self.disconnect_endpoints(c)
            raise

    def _detach_network(self, c: Container) -> None:
        self.ports.release(c.id)
        self.servers.clear(c.id)
        c.network["Ports"] = {}
        self.disconnect_endpoints(c)

    def _next_pid(self) -> int:
        self._pid = getattr(self, "_pid", 1000) + 1
        return self._pid

    def _emit(self, c: Container, stream: str, data: bytes) -> None:
        if c.log is not None:
            c.log.write(stream, data)
        c.output.publish((stream, data))

    def _run_main(self, c: Container, runner) -> None:
        try:
            status = runner()
        except Killed as k:
            status = k.status
        except Exception as e:  # a bug in a simulated program must not take the engine down
            self._emit(c, "stderr", f"dockyard: internal error in the simulated program: {e!r}\n".encode())
            status = 255
        self._on_exit(c, status & 0xFF if status >= 0 else 255)

    def _on_exit(self, c: Container, status: int) -> None:
        with c.lock:
            if c.log is not None:
                c.log.flush()
            self._detach_network(c)
            c.save_rootfs()  # before the state says "exited": whoever waits for that may remove it at once
            st = c.state
            st.running = st.paused = False
            st.exit_code, st.finished_at, st.pid = status, time.time(), 0
            c.signals = None
            c.save()
            c.output.publish(None)
            c.exited.set()
            c.exit_count += 1
            c.exit_changed.notify_all()
        self.events.emit("container", "die", c.id, {"name": c.name, "exitCode": str(status)})
        if c.host_config.get("AutoRemove"):
            self._remove(c, remove_volumes=True)
            return
        self._maybe_restart(c, status)

    def _maybe_restart(self, c: Container, status: int) -> None:
        policy = (c.host_config.get("RestartPolicy") or {}).get("Name") or "no"
        if c.manually_stopped or policy == "no" or self.shutting_down:
            return
        if policy == "on-failure":
            if status == 0:
                return
            limit = (c.host_config.get("RestartPolicy") or {}).get("MaximumRetryCount") or 0
            if limit and c.restart_count >= limit:
                return
        delay = min(0.1 * (2 ** min(c.restart_count, 10)), 60.0)  # Docker doubles its back-off from 100 ms

        def again():
            time.sleep(delay)
            if c.id in self.containers and not c.state.running and not c.manually_stopped:
                c.restart_count += 1
                try:
                    self.container_start(c.id)
                except Exception:
                    pass
        threading.Thread(target=again, daemon=True).start()

    # -- stop / kill / wait
    def container_kill(self, ref: str, signal: str | int | None = None) -> None:
        c = self.get_container(ref)
        signum = parse_signal(signal)
        if not c.state.running:
            raise ContainerNotRunning(f"Cannot kill container: {ref}: Container {c.id} is not running")
        c.manually_stopped = True
        if c.signals is not None:
            c.signals.deliver(signum, external=True)
        self.events.emit("container", "kill", c.id, {"name": c.name, "signal": str(signum)})

    def container_stop(self, ref: str, timeout: int | None = None, by_user: bool = True) -> None:
        c = self.get_container(ref)
        if not c.state.running:
            raise NotModified("")
        c.manually_stopped = by_user
        stop_signal = parse_signal(c.config.get("StopSignal") or "SIGTERM", SIGTERM)
        if timeout is None:
            timeout = c.config.get("StopTimeout") or 10
        if c.state.paused:
            self.container_unpause(ref)
        if c.signals is not None:
            c.signals.deliver(stop_signal, external=True)
        if timeout < 0 or not c.exited.wait(timeout):
            if c.signals is not None:
                c.signals.deliver(SIGKILL, external=True)
            c.exited.wait(10)
        self.events.emit("container", "stop", c.id, {"name": c.name})

    def container_restart(self, ref: str, timeout: int | None = None) -> None:
        c = self.get_container(ref)
        if c.state.running:
            self.container_stop(ref, timeout)
        c.manually_stopped = False
        self.container_start(c.id)

    def container_wait(self, ref: str, condition: str = "not-running") -> dict:
        return self.wait_condition(self.get_container(ref), condition)()

    def wait_condition(self, c: Container, condition: str = "not-running"):
        """Take a wait for `c` now, as dockerd does when the request arrives; the call returned blocks until
        the condition holds. `next-exit` is the exit after this moment (a container stopped now and started
        later is waited for, not its last run), `not-running` holds at once for a stopped container, and
        `removed` outlives the container: its status stays known."""
        with c.lock:
            exits_seen, running, status_now = c.exit_count, c.state.running, c.state.exit_code

        def until_it_holds() -> dict:
            if condition == "removed":
                c.removed.wait()
            elif condition == "next-exit" or running:
                with c.lock:
                    c.exit_changed.wait_for(lambda: c.exit_count > exits_seen)
            else:  # it held when asked: that run's status, whatever happened since
                return {"StatusCode": status_now, "Error": None}
            return {"StatusCode": c.state.exit_code, "Error": None}

        return until_it_holds

    def container_pause(self, ref: str) -> None:
        c = self.get_container(ref)
        if not c.state.running:
            raise ContainerNotRunning(f"Container {c.id} is not running")
        if c.state.paused:
            raise Conflict(f"Container {c.id} is already paused")
        c.state.paused = True
        c.save()
        self.events.emit("container", "pause", c.id, {"name": c.name})

    def container_unpause(self, ref: str) -> None:
        c = self.get_container(ref)
        if not c.state.paused:
            raise Conflict(f"Container {c.id} is not paused")
        c.state.paused = False
        c.save()
        self.events.emit("container", "unpause", c.id, {"name": c.name})

    # -- remove
    def container_remove(self, ref: str, force: bool = False, volumes: bool = False) -> None:
        c = self.get_container(ref)
        if c.state.running:
            if not force:
                if c.state.paused:
                    raise Conflict(f"You cannot remove a paused container {c.id}. Unpause and then stop the "
                                   f"container before attempting removal or force remove")
                raise Conflict(f"You cannot remove a running container {c.id}. Stop the container before "
                               f"attempting removal or force remove")
            c.manually_stopped = True
            if c.signals is not None:
                c.signals.deliver(SIGKILL, external=True)
            c.exited.wait(10)
        self._remove(c, remove_volumes=volumes)

    def _remove(self, c: Container, remove_volumes: bool) -> None:
        with c.lock, self._clock:  # never while its process is being wound up (`_on_exit` holds the lock)
            if self.containers.pop(c.id, None) is None:
                return
            self._names.pop(c.name, None)
        self.release_mounts(c, remove_volumes)
        self.release_network(c)
        if c.layer_chain:
            try:
                self.images.layers.release(c.layer_chain, c.id)
            except NotFound:
                pass
        if c.dir:
            shutil.rmtree(c.dir, ignore_errors=True)
        self.events.emit("container", "destroy", c.id, {"name": c.name})
        c.removed.set()  # last: whoever waited for the removal finds everything of it gone

    def container_rename(self, ref: str, new_name: str) -> None:
        c = self.get_container(ref)
        # moby ContainerRename checks this before it validates or reserves the new name
        if (new_name if new_name.startswith("/") else "/" + new_name) == "/" + c.name:
            raise InvalidParameter("Renaming a container with the same name as its current name")
        new_name = names.validate(new_name)
        with self._clock:
            if new_name in self._names and self._names[new_name] != c.id:
                raise NameConflict(f'Error when allocating new name: Conflict. The container name "/{new_name}" is '
                                   f'already in use by container "{self._names[new_name]}". You have to remove (or '
                                   f"rename) that container to be able to reuse that name.")
            self._names.pop(c.name, None)
            c.name = new_name
            self._names[new_name] = c.id
        c.save()
        self.events.emit("container", "rename", c.id, {"name": new_name})

    # -- logs and attach
    def container_logs(self, ref: str, stdout: bool = True, stderr: bool = True, follow: bool = False,
                       tail: str = "all", since: float = 0, until: float = 0, timestamps: bool = False):
        """Yield (stream, bytes) entries; with `follow`, keep yielding until the container stops."""
        c = self.get_container(ref)
        q = c.output.subscribe() if follow and c.state.running else None
        try:
            entries = read_log(c.log_path)
            try:  # moby: a tail that is not a number, or is negative, means all of it
                n = int(tail)
            except (TypeError, ValueError):
                n = -1
            if n >= 0:
                entries = entries[-n:] if n > 0 else []
            for stream, data, t in entries:
                if (stream == "stdout" and not stdout) or (stream == "stderr" and not stderr):
                    continue
                if since or until:
                    ts = _parse_time(t)
                    if (since and ts < since) or (until and ts > until):
                        continue
                yield stream, (t + " ").encode() + data if timestamps else data
            if q is None:
                return
            while True:
                item = q.get()
                if item is None:
                    return
                stream, data = item
                if (stream == "stdout" and not stdout) or (stream == "stderr" and not stderr):
                    continue
                yield stream, (rfc3339(time.time()) + " ").encode() + data if timestamps else data
        finally:
            if q is not None:
                c.output.unsubscribe(q)

    def container_attach_queue(self, ref: str):
        """Subscribe to a container's live output (before start, so nothing is missed)."""
        c = self.get_container(ref)
        return c, c.output.subscribe()

    def container_write_stdin(self, c: Container, data: bytes | None) -> None:
        w = c.stdin_writer
        if w is None:
            if not c.config.get("OpenStdin") or c.state.running:
                return
            if c.stdin_pipe is None:  # attached before the start: hold the input for the process to come
                c.stdin_pipe = Pipe()
            w = c.stdin_pipe.writer
        if data is None:
            w.close()
        else:
            w.write(data)


def _parse_time(t: str) -> float:
    import calendar
    try:
        base, _, frac = t.rstrip("Z").partition(".")
        return calendar.timegm(time.strptime(base, "%Y-%m-%dT%H:%M:%S")) + float("0." + (frac or "0"))
    except ValueError:
        return 0.0
