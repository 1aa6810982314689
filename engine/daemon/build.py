"""POST /build: run the classic builder over a context tar, as a stream of JSON messages.

Also the builder's container side: running a RUN step's command in a container made from the
step's parent image, and keeping the container of a failed step (as Docker does without --force-rm).
"""
from __future__ import annotations

import queue
import threading

from ..builder.builder import Builder, BuildError, Options
from ..builder.context import BuildContext
from ..container.config import passwd_lookup, process_env, process_groups, read_accounts
from ..container.container import Container
from ..container.rootfs import RootFS
from ..container.state import State
from ..errors import EngineError
from ..image.reference import parse_normalized
from ..userland.exec import ExecError, prepare
from ..userland.process import CallbackOutput, Input, Killed, Process, Signals
from .containers import start_error


class BuildOps:
    """Mixed into Daemon."""

    def build(self, context_tar: bytes, options: Options):
        """Yield the build's jsonmessages: `stream` text, `aux` image IDs, an in-band `error` at the end."""
        for t in options.tags:
            parse_normalized(t)  # refuse a bad tag before building anything
        out: queue.Queue = queue.Queue()
        done = object()

        def emit(text: str) -> None:
            if text:
                out.put({"stream": text})

        def work():
            try:
                context = BuildContext(context_tar)
                builder = Builder(self, context, options, emit)
                image_id = builder.build()
                out.put({"aux": {"ID": image_id}})
                emit(f"Successfully built {image_id[7:19]}\n")
                for t in options.tags:
                    ref = parse_normalized(t).with_default_tag()
                    self.images.tag(image_id, ref)
                    self.events.emit("image", "tag", image_id, {"name": ref.familiar()})
                    emit(f"Successfully tagged {ref.familiar()}\n")
            except BuildError as e:
                out.put({"errorDetail": {"code": e.code, "message": e.message}, "error": e.message})
            except EngineError as e:
                out.put({"errorDetail": {"message": str(e)}, "error": str(e)})
            except Exception as e:  # never let a bug kill the stream without a word
                msg = f"dockyard: internal error during build: {e!r}"
                out.put({"errorDetail": {"message": msg}, "error": msg})
            finally:
                out.put(done)

        threading.Thread(target=work, name="build", daemon=True).start()
        while True:
            item = out.get()
            if item is done:
                return
            yield item

    def run_step(self, image_id: str, run_config: dict, cid: str, emit_out, emit_err):
        """Run a RUN step's command in a fresh container of `image_id`; returns (status, base, tree)."""
        base = self.image_tree(image_id)
        fs = RootFS(base)
        passwd, group = read_accounts(fs)
        uid, gid, uname, home = passwd_lookup(passwd, group, run_config.get("User") or "")
        hostname = cid[:12]
        env = process_env(run_config, hostname, home)
        workdir = run_config.get("WorkingDir") or "/"
        if workdir != "/":
            try:
                fs.mkdir(workdir, parents=True)
            except OSError:
                pass
        self._mount_build_files(fs, hostname)
        decode = lambda b: b.decode("utf-8", "replace")  # noqa: E731
        proc = Process(fs=fs, argv=list(run_config.get("Cmd") or []), env=env, cwd=workdir, uid=uid, gid=gid,
                       groups=process_groups(group, uname, gid),
                       stdin=Input(), stdout=CallbackOutput(lambda b: emit_out(decode(b))),
                       stderr=CallbackOutput(lambda b: emit_err(decode(b))), signals=Signals(pid1=True))
        try:
            status = prepare(proc)()
        except ExecError as e:
            raise BuildError(start_error(e, proc.argv[0] if proc.argv else ""), 127) from None
        except Killed as k:
            status = k.status
        for path in ("/etc/hostname", "/etc/hosts", "/etc/resolv.conf"):
            fs.unmount(path)
        return status, base, fs.tree

    @staticmethod
    def _mount_build_files(fs: RootFS, hostname: str) -> None:
        from ..container.rootfs import FileBackend
        fs.mount("/etc/hostname", FileBackend(hostname.encode() + b"\n"))
        fs.mount("/etc/hosts", FileBackend(b"127.0.0.1\tlocalhost\n"))
        fs.mount("/etc/resolv.conf", FileBackend(b"nameserver 127.0.0.11\n"))

    def keep_failed_container(self, cid: str, image_id: str, run_config: dict, base, tree, status: int,
                              remove: bool = False) -> None:
        """A failed RUN leaves its container behind (Exited (n)), unless the build used --force-rm."""
        if remove:
            return
        import time
        from ..container import names
        config = dict(run_config, Hostname=cid[:12], Image=image_id)
        with self._clock:
            name = names.generate(lambda n: n in self._names, cid)
            cmd = list(run_config.get("Cmd") or [])
            c = Container(cid, name, image_id, config, {"NetworkMode": "default"}, path=cmd[0] if cmd else "",
                          args=cmd[1:], root=self.containers_root,
                          state=State(started_at=time.time(), finished_at=time.time(), exit_code=status))
            c.rootfs = RootFS(base, tree)
            self.containers[cid] = c
            self._names[name] = cid
        c.save()
        c.save_rootfs()
