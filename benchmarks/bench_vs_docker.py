"""The bundled engine against the real one, driven by the same docker CLI, measured in one run.

    ../shared/fidelity/reference-engine.sh start     # the real engine (root)
    python benchmarks/bench_vs_docker.py

For `docker ps -a`, `docker images`, a cached rebuild and a cold (--no-cache) build of scenario
p02's Dockerfile it prints both engines' median wall times and the ratio real/bundled; the targets
are ≥ 1.0 for the first three and ≥ 5.0 for the cold build.
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_engine import P02  # noqa: E402

REAL = os.environ.get("DOCKDIFF_REF_HOST", "unix:///tmp/dockerd.sock")
TARGETS = {"docker ps -a": 1.0, "docker images": 1.0, "cached rebuild of p02": 1.0, "cold build of p02": 5.0}


def write_p02(work: Path) -> Path:
    current, lines = None, []
    for raw in P02.read_text().splitlines() + [">>> end"]:
        if raw.startswith(">>> "):
            if current:
                (work / current).parent.mkdir(parents=True, exist_ok=True)
                (work / current).write_text("\n".join(lines).rstrip("\n") + "\n")
            kind, _, arg = raw[4:].partition(" ")
            current, lines = (arg.strip() if kind == "file" else None), []
        elif current:
            lines.append(raw)
    return work / "app"


def median_ms(argv: list[str], env: dict, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(argv, env=env, capture_output=True, check=True)
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def measure(host: str, app: Path, env: dict) -> dict[str, float]:
    docker = ["docker", "-H", host]
    subprocess.run(docker + ["build", "-q", "-t", "bench:p02", str(app)], env=env, capture_output=True, check=True)
    return {
        "docker ps -a": median_ms(docker + ["ps", "-a"], env, 15),
        "docker images": median_ms(docker + ["images"], env, 15),
        "cached rebuild of p02": median_ms(docker + ["build", "-t", "bench:p02", str(app)], env, 10),
        "cold build of p02": median_ms(docker + ["build", "--no-cache", "-t", "bench:p02", str(app)], env, 5),
    }


def main() -> int:
    if shutil.which("docker") is None:
        print("the docker CLI is not installed: nothing to compare")
        return 1
    env = dict(os.environ, DOCKER_BUILDKIT="0")
    env.pop("DOCKER_HOST", None)
    if subprocess.run(["docker", "-H", REAL, "version"], env=env, capture_output=True).returncode != 0:
        print(f"no real engine at {REAL}: start one with ../shared/fidelity/reference-engine.sh start")
        return 1
    dockyard = str(Path(sys.executable).parent / "dockyard")
    with tempfile.TemporaryDirectory(prefix="dockyard-bench-") as home, \
            tempfile.TemporaryDirectory(prefix="dockyard-bench-work-") as work:
        env_home = dict(env, DOCKYARD_HOME=home)
        url = subprocess.run([dockyard, "engine", "start"], env=env_home, capture_output=True, text=True,
                             check=True).stdout.strip().splitlines()[-1]
        try:
            app = write_p02(Path(work))
            bundled = measure(url, app, env)
            real = measure(REAL, app, env)
        finally:
            subprocess.run([dockyard, "engine", "stop"], env=env_home, capture_output=True)
            subprocess.run(["docker", "-H", REAL, "rmi", "-f", "bench:p02"], env=env, capture_output=True)
    ok = True
    for name, target in TARGETS.items():
        ratio = real[name] / bundled[name]
        ok &= ratio >= target
        print(f"{name:<24} real {real[name]:8.1f} ms   bundled {bundled[name]:8.1f} ms   "
              f"ratio {ratio:5.2f} (target ≥ {target:.1f})")
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main())
