"""The bundled engine's speed and memory targets, measured in one run.

    python benchmarks/bench_engine.py            # everything
    python benchmarks/bench_engine.py build run  # some groups

Each line gives the measurement, its target and their ratio (≤ 1.00 meets the target):
- build: scenario p02's Dockerfile through the Engine API in this process — a cold build (no cache)
  ≤ 100 ms and a cached rebuild ≤ 10 ms;
- cli: `dockyard images` as a whole command (a new process, engine running) ≤ 300 ms;
- run: `docker run --rm busybox echo hi` through the API ≤ 10 ms;
- ps: `docker ps -a` with 1,000 containers through the API ≤ 50 ms, and the engine's memory with
  them ≤ 150 MB.
"""
from __future__ import annotations

import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
P02 = REPO.parent / "shared" / "fidelity" / "scenarios" / "p02_build_cache.scn"


def p02_context() -> bytes:
    """The files of scenario p02 as a build context tar."""
    files, current, lines = {}, None, []
    for raw in P02.read_text().splitlines():
        if raw.startswith(">>> "):
            if current:
                files[current] = "\n".join(lines).rstrip("\n") + "\n"
            kind, _, arg = raw[4:].partition(" ")
            current, lines = (arg.strip() if kind == "file" else None), []
        elif current:
            lines.append(raw)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        for name, text in files.items():
            data = text.encode()
            ti = tarfile.TarInfo(name.split("/", 1)[1])  # the context is the scenario's app/ folder
            ti.size, ti.mode = len(data), 0o644
            tf.addfile(ti, io.BytesIO(data))
    return buf.getvalue()


def timed(fn, repeat: int) -> float:
    """The median wall time of `fn()` in milliseconds."""
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def report(name: str, value: float, target: float, unit: str = "ms") -> None:
    print(f"{name:<48} {value:8.1f} {unit}   target {target:6.0f} {unit}   ratio {value / target:5.2f}")


def in_process_client(home: str):
    from dockyard.engine.api.app import App
    from dockyard.engine.api.inprocess import in_process_client as client
    from dockyard.engine.daemon import Daemon
    daemon = Daemon(home)
    return daemon, client(App(daemon.routes(), daemon))


def bench_build(home: str) -> None:
    _, api = in_process_client(home)
    context = p02_context()

    def build(nocache: bool) -> None:
        for msg in api.build(fileobj=io.BytesIO(context), custom_context=True, tag="web:1", nocache=nocache,
                             decode=True):
            if "error" in msg:
                raise RuntimeError(msg["error"])
    build(False)
    report("cold build of p02 (--no-cache), API in-process", timed(lambda: build(True), 15), 100)
    report("cached rebuild of p02, API in-process", timed(lambda: build(False), 30), 10)


def bench_run(home: str) -> None:
    _, api = in_process_client(home)

    def run() -> None:
        c = api.create_container("busybox", ["echo", "hi"], host_config=api.create_host_config(auto_remove=True))
        api.start(c["Id"])
        api.wait(c["Id"], condition="removed")
    run()
    report("docker run --rm busybox echo hi, API in-process", timed(run, 30), 10)


def bench_ps(home: str) -> None:
    daemon, api = in_process_client(home)
    for i in range(1000):
        c = api.create_container("busybox", ["true"], name=f"c{i}")
        api.start(c["Id"])
    while any(c.state.running for c in daemon.containers.values()):
        time.sleep(0.05)
    report("docker ps -a with 1,000 containers, API", timed(lambda: api.containers(all=True), 10), 50)
    report("engine memory with 1,000 stopped containers", rss_mb(), 150, "MB")


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def bench_cli(home: str) -> None:
    env = dict(os.environ, DOCKYARD_HOME=home)
    env.pop("DOCKER_HOST", None)
    exe = [str(Path(sys.executable).parent / "dockyard")]
    subprocess.run(exe + ["engine", "start"], env=env, capture_output=True, check=True)
    try:
        subprocess.run(exe + ["images"], env=env, capture_output=True, check=True)
        value = timed(lambda: subprocess.run(exe + ["images"], env=env, capture_output=True, check=True), 10)
        report("dockyard images, whole command", value, 300)
    finally:
        subprocess.run(exe + ["engine", "stop"], env=env, capture_output=True)


GROUPS = {"build": bench_build, "run": bench_run, "cli": bench_cli, "ps": bench_ps}


def main(argv: list[str]) -> None:
    for name in argv or list(GROUPS):
        with tempfile.TemporaryDirectory(prefix="dockyard-bench-") as home:
            GROUPS[name](home)


if __name__ == "__main__":
    main(sys.argv[1:])
