"""The classic builder's cache: a step is cached when a child of the current image was made by the
same step — its recorded `container_config` equals the probe (moby daemon/images/cache.go, compare.go).

The key is therefore (parent image, the accumulated config, this step's Cmd string): a COPY's Cmd
carries its source hash, a RUN's its command line and build args, a metadata step its comment.
Change anything and this step and every later one miss, because the chain of parents changes.
"""
from __future__ import annotations

COMPARED = ("Env", "Cmd", "Entrypoint", "Shell", "OnBuild", "ExposedPorts", "Volumes", "Labels", "AttachStdin",
            "AttachStdout", "AttachStderr", "Tty", "OpenStdin", "StdinOnce", "ArgsEscaped", "User", "WorkingDir",
            "StopSignal", "StopTimeout", "Healthcheck")


def _norm(config: dict, key: str):
    v = config.get(key)
    if key in ("ExposedPorts", "Volumes", "Labels"):
        return dict(v or {})
    if key in ("Env", "Cmd", "Entrypoint", "Shell", "OnBuild"):
        return list(v or [])
    if key in ("AttachStdin", "AttachStdout", "AttachStderr", "Tty", "OpenStdin", "StdinOnce", "ArgsEscaped"):
        return bool(v)
    return v or None


def same_config(a: dict, b: dict) -> bool:
    return all(_norm(a, k) == _norm(b, k) for k in COMPARED)


class Prober:
    """Looks up cached steps until the first miss; after that every step is built (cacheBusted)."""

    def __init__(self, images, enabled: bool = True):
        self.images = images  # callable(image_id) -> list of (child_id, created_ns, container_config dict)
        self.enabled = enabled
        self.busted = False

    def reset(self) -> None:
        self.busted = False

    def probe(self, parent_id: str, probe_config: dict) -> str | None:
        if not self.enabled or self.busted:
            return None
        best, best_created = None, -1
        for child_id, created, container_config in self.images(parent_id):
            if same_config(container_config, probe_config) and created > best_created:
                best, best_created = child_id, created
        if best is None:
            self.busted = True
        return best
