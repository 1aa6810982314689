"""exec: a second process in a running container (POST /containers/{id}/exec, /exec/{id}/start)."""
from __future__ import annotations

import secrets
import threading

from ..errors import Conflict, InvalidParameter, NotFound
from ..userland.exec import ExecError
from ..userland.process import Killed, Signals
from .containers import ContainerNotRunning


class ExecNotFound(NotFound):
    def __init__(self, exec_id: str):
        super().__init__(f"No such exec instance: {exec_id}")


class ExecInstance:
    def __init__(self, id: str, container, config: dict):
        self.id = id
        self.container = container
        self.config = config
        self.running = False
        self.exit_code: int | None = None
        self.started = False
        self.done = threading.Event()
        self.pid = 0

    def inspect(self) -> dict:
        return {"ID": self.id, "Running": self.running, "ExitCode": self.exit_code,
                "ProcessConfig": {"tty": bool(self.config.get("Tty")), "entrypoint": (self.config.get("Cmd") or [""])[0],
                                  "arguments": (self.config.get("Cmd") or [])[1:], "privileged": False,
                                  "user": self.config.get("User", "")},
                "OpenStdin": bool(self.config.get("AttachStdin")), "OpenStderr": bool(self.config.get("AttachStderr")),
                "OpenStdout": bool(self.config.get("AttachStdout")), "CanRemove": False,
                "ContainerID": self.container.id, "DetachKeys": "", "Pid": self.pid}


class ExecOps:
    """Mixed into Daemon."""

    def _init_exec(self) -> None:
        self.execs: dict[str, ExecInstance] = {}

    def exec_create(self, ref: str, config: dict) -> dict:
        c = self.get_container(ref)
        if not c.state.running:
            raise ContainerNotRunning(f"Container {c.id} is not running")
        if c.state.paused:
            raise Conflict(f"Container {ref} is paused, unpause the container before exec")
        if not config.get("Cmd"):
            from ..errors import InvalidParameter
            raise InvalidParameter("No exec command specified")
        ex = ExecInstance(secrets.token_hex(32), c, config)
        self.execs[ex.id] = ex
        self.events.emit("container", "exec_create: " + " ".join(config.get("Cmd") or []), c.id, {"name": c.name})
        return {"Id": ex.id}

    def exec_get(self, exec_id: str) -> ExecInstance:
        ex = self.execs.get(exec_id)
        if ex is None:
            raise ExecNotFound(exec_id)
        return ex

    def exec_inspect(self, exec_id: str) -> dict:
        return self.exec_get(exec_id).inspect()

    def exec_start(self, exec_id: str, stdin, stdout, stderr) -> int:
        """Run the exec'd process to its end (in the caller's thread); returns its exit status.

        `stdin` is an Input, `stdout`/`stderr` Outputs. Errors that stop it starting raise, as a start
        request does in Docker (`OCI runtime exec failed: ...`).
        """
        ex = self.exec_get(exec_id)
        if ex.started:
            raise Conflict(f"Error: Exec command {exec_id} is already running")
        c = ex.container
        if not c.state.running:
            raise ContainerNotRunning(f"Container {c.id} is not running")
        cfg = ex.config
        ex.started = ex.running = True
        try:
            proc = self._process_for(c, list(cfg.get("Cmd") or []), env_extra=cfg.get("Env") or [],
                                     user=cfg.get("User") or None, workdir=cfg.get("WorkingDir") or None)
        except InvalidParameter as e:  # an unknown user or group
            return self._exec_failed(ex, stdout, str(e))
        proc.stdin, proc.stdout, proc.stderr = stdin, stdout, stderr
        proc.signals = Signals(pid1=False)
        ex.pid = self._next_pid()
        oci = "OCI runtime exec failed: exec failed: unable to start container process: "
        if not proc.fs.is_dir(proc.cwd):
            why = "not a directory" if proc.fs.exists(proc.cwd) else "no such file or directory"
            return self._exec_failed(ex, stdout, f'{oci}chdir to cwd ("{proc.cwd}") set in config.json failed: '
                                                 f'{why}: unknown')
        from ..userland.exec import prepare
        try:
            runner = prepare(proc)
        except ExecError as e:
            reason = {2: "executable file not found in $PATH", 13: "permission denied"}.get(e.errno or 0,
                                                                                               e.strerror or "")
            return self._exec_failed(ex, stdout, f'{oci}exec: "{proc.argv[0]}": {reason}: unknown')
        watcher = threading.Thread(target=self._exec_follow_container, args=(c, proc.signals, ex), daemon=True)
        watcher.start()
        try:
            status = runner()
        except Killed as k:
            status = k.status
        except Exception as e:
            stderr.write(f"dockyard: internal error in the simulated program: {e!r}\n".encode())
            status = 255
        ex.exit_code = status & 0xFF
        ex.running = False
        ex.done.set()
        c.save_rootfs()
        self.events.emit("container", "exec_die", c.id, {"name": c.name, "exitCode": str(ex.exit_code)})
        return ex.exit_code

    @staticmethod
    def _exec_failed(ex: ExecInstance, stdout, message: str) -> int:
        """An exec that could not start: moby writes the error on the attached stdout (the route's
        `stdout.Write(err + "\\r\\n")`) and the exec's exit code is 126, whatever the cause."""
        ex.running = False
        ex.exit_code = 126
        ex.done.set()
        stdout.write((message + "\r\n").encode())
        return ex.exit_code

    @staticmethod
    def _exec_follow_container(c, signals: Signals, ex: ExecInstance) -> None:
        """An exec'd process dies with its container."""
        while not ex.done.is_set():
            if c.exited.wait(0.2):
                signals.deliver(9, external=True)
                return
