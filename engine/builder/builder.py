"""The classic builder (moby builder/dockerfile, Docker 20.10): stages, steps, an image per step.

For each instruction it prints `Step n/m : <instruction>`, expands variables, looks for a cached
image made by the same step on the same parent, and otherwise runs the step in a container and
commits the result — printing what the real builder prints at each point (` ---> Using cache`,
` ---> Running in <id>`, `Removing intermediate container <id>`, ` ---> <image id>`).

The builder reaches images, containers and the cache through a small `backend` (the daemon), so
it can be tested alone; the per-instruction work is in `dispatchers.py`.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field

from ..dockerfile import instructions as ins
from ..dockerfile.parser import read_and_parse
from ..dockerfile.shlex import process_word
from ..errors import EngineError, InvalidParameter
from .cache import Prober
from .context import BuildContext

DEFAULT_SHELL = ["/bin/sh", "-c"]
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# build args Docker accepts without an ARG declaring them (and keeps out of the image)
BUILTIN_ARGS = ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY",
                "no_proxy", "ALL_PROXY", "all_proxy")


class BuildError(EngineError):
    """A failed step: the message the CLI prints, and the exit code it exits with."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


@dataclass
class Options:
    tags: list[str] = field(default_factory=list)
    dockerfile: str = "Dockerfile"
    build_args: dict[str, str | None] = field(default_factory=dict)
    no_cache: bool = False
    remove: bool = True
    force_remove: bool = False
    target: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    quiet: bool = False


class BuildArgs:
    """ARG bookkeeping: which names are declared, their values, and what RUN sees."""

    def __init__(self, given: dict[str, str | None]):
        self.given = dict(given)
        self.allowed: dict[str, str | None] = {}
        self.meta: dict[str, str | None] = {}  # ARGs declared before the first FROM (moby allowedMetaArgs)
        self.referenced: set[str] = set()

    def copy(self) -> "BuildArgs":
        b = BuildArgs(self.given)
        b.allowed = dict(self.allowed)
        b.meta = dict(self.meta)
        b.referenced = set(self.referenced)
        return b

    def for_stage(self) -> "BuildArgs":
        """A stage's args (moby newDispatchState: Clone + ResetAllowed): the ARGs declared before the
        first FROM are only in scope for FROM lines; inside a stage they must be declared again, and an
        `ARG NAME` without a default there takes the value the global ARG had."""
        b = self.copy()
        b.meta = {**self.meta, **self.allowed}
        b.allowed = {}
        return b

    def add(self, key: str, default: str | None) -> None:
        self.referenced.add(key)
        if key in self.given and self.given[key] is not None:
            value = self.given[key]  # --build-arg wins
        elif default is None and self.meta.get(key) is not None:
            value = self.meta[key]  # moby getBuildArg: a bare ARG falls back to the global ARG's value
        else:
            value = default
        self.allowed[key] = value

    def filter_allowed(self, env: list[str]) -> list[str]:
        """`K=V` for every declared arg with a value that the environment does not override, plus proxies."""
        env_keys = {e.split("=", 1)[0] for e in env}
        out = []
        for k, v in self.allowed.items():
            if v is not None and k not in env_keys:
                out.append(f"{k}={v}")
        for k in BUILTIN_ARGS:
            v = self.given.get(k)
            if v is not None and k not in env_keys and k not in self.allowed:
                out.append(f"{k}={v}")
        return out


@dataclass
class StageState:
    name: str = ""
    image_id: str = ""
    run_config: dict = field(default_factory=dict)
    base_config: dict = field(default_factory=dict)  # the parent image's full config JSON
    maintainer: str = ""
    cmd_set: bool = False
    build_args: BuildArgs | None = None


def env_list_set(env: list[str], key: str, value: str) -> list[str]:
    """Replace `key`'s entry in a K=V list, or append it (the order users see in `docker inspect`)."""
    out, done = [], False
    for e in env:
        if e.split("=", 1)[0] == key:
            if not done:
                out.append(f"{key}={value}")
                done = True
            continue
        out.append(e)
    if not done:
        out.append(f"{key}={value}")
    return out


class Builder:
    def __init__(self, backend, context: BuildContext, options: Options, emit):
        self.backend = backend
        self.context = context
        self.options = options
        self.emit = emit  # emit(text): a `stream` message to the client
        self.prober = Prober(backend.cache_children, enabled=not options.no_cache)
        self.stage_results: list[tuple[str, str]] = []  # (stage name, image id) in order
        self.step = 0
        self.total = 0
        self.escape_token = "\\"
        self.failed_container: str | None = None
        self.referenced_args: set[str] = set()
        self._pending_container: str | None = None

    # ------------------------------------------------------------------ running
    def build(self) -> str:
        dockerfile = self.context.read(self.options.dockerfile)
        if dockerfile is None:
            raise InvalidParameter(f"Cannot locate specified Dockerfile: {self.options.dockerfile}")
        parsed = read_and_parse(self.options.dockerfile, dockerfile)
        self.escape_token = parsed.escape_token
        stages, meta_args = ins.parse_dockerfile(parsed.ast)
        if not stages:
            raise InvalidParameter("No image was generated. Is your Dockerfile empty?")
        if parsed.warnings:
            self.emit_stderr(parsed.warnings_text())
        if self.options.target:
            names = [s.name for s in stages]
            if self.options.target.lower() not in names:
                raise InvalidParameter(f"failed to reach build target {self.options.target} in Dockerfile")
            stages = stages[:names.index(self.options.target.lower()) + 1]
        self.total = len(meta_args) + sum(1 + len(s.commands) for s in stages)
        meta = BuildArgs(self.options.build_args)
        for arg in meta_args:
            self.print_step(arg.original)
            expanded = arg.expand(lambda w: process_word(w, self._meta_env(meta), self.escape_token))
            for a in expanded.args:
                meta.add(a.key, a.value)
        state = None
        for stage in stages:
            state = self.run_stage(stage, meta)
        assert state is not None
        self.warn_unused_args(meta)
        return state.image_id

    def emit_stderr(self, text: str) -> None:
        """A step's stderr: on the client's stdout in red, each write wrapped (moby's stderr formatter)."""
        if text:
            self.emit("\x1b[91m" + text + "\x1b[0m")

    def _meta_env(self, meta: BuildArgs) -> dict[str, str]:
        return {k: v for k, v in meta.allowed.items() if v is not None}

    def print_step(self, original: str) -> None:
        self.step += 1
        self.emit(f"Step {self.step}/{self.total} : {original.strip()}\n")

    def run_stage(self, stage: ins.Stage, meta: BuildArgs) -> StageState:
        from . import dispatchers
        self.print_step(stage.original)
        for name, _ in self.stage_results:
            if stage.name and name == stage.name:
                raise InvalidParameter(f"duplicate name {stage.name}")
        state = StageState(name=stage.name, build_args=meta.for_stage())
        dispatchers.dispatch_from(self, state, stage, meta)
        self.emit(f" ---> {short(state.image_id)}\n")
        for cmd in stage.commands:
            self.print_step(cmd.original)
            env = self.expansion_env(state)
            if hasattr(cmd, "expand"):
                cmd = cmd.expand(lambda w: process_word(w, env, self.escape_token))
            dispatchers.DISPATCH[type(cmd)](self, state, cmd)
            self.cleanup_containers()
            self.emit(f" ---> {short(state.image_id)}\n")
        self.stage_results.append((stage.name, state.image_id))
        return state

    def expansion_env(self, state: StageState) -> dict[str, str]:
        env: dict[str, str] = {}
        for kv in state.run_config.get("Env") or []:
            k, _, v = kv.partition("=")
            env[k] = v
        assert state.build_args is not None
        for kv in state.build_args.filter_allowed(state.run_config.get("Env") or []):
            k, _, v = kv.partition("=")
            env.setdefault(k, v)
        return env

    def warn_unused_args(self, meta: BuildArgs) -> None:
        used = self.referenced_args | meta.referenced
        unused = sorted(k for k in self.options.build_args if k not in used and k not in BUILTIN_ARGS)
        if unused:
            self.emit(f"[Warning] One or more build-args [{' '.join(unused)}] were not consumed\n")

    # ------------------------------------------------------------------ steps
    def stage_image(self, name: str) -> str | None:
        """The image of an earlier stage named `name` (or with that index), for FROM and COPY --from."""
        for i, (stage_name, image_id) in enumerate(self.stage_results):
            if (stage_name and stage_name == name.lower()) or name == str(i):
                return image_id
        return None

    def probe(self, state: StageState, probe_config: dict) -> bool:
        hit = self.prober.probe(state.image_id, probe_config)
        if hit is None:
            return False
        self.emit(" ---> Using cache\n")
        state.image_id = hit
        return True

    def commit_metadata(self, state: StageState, comment: str) -> None:
        """A step that only changes the config: probe the cache, else run an (empty) container and commit."""
        probe_config = with_cmd(state.run_config, shell_of(state.run_config) + ["#(nop) ", comment])
        if self.probe(state, probe_config):
            return
        cid = self.create_container()
        state.image_id = self.backend.commit_step(
            parent_id=state.image_id, tree=None, config=copy.deepcopy(state.run_config),
            container_config=probe_config, container_id=cid, author=state.maintainer)

    def create_container(self) -> str:
        cid = self.backend.new_container_id()
        self.emit(f" ---> Running in {short(cid)}\n")
        self._pending_container = cid
        return cid

    def cleanup_containers(self) -> None:
        """After a successful step the intermediate container goes (`--rm`, the default)."""
        cid = self._pending_container
        self._pending_container = None
        if cid and (self.options.remove or self.options.force_remove):
            self.emit(f"Removing intermediate container {short(cid)}\n")


def short(image_or_container_id: str) -> str:
    s = image_or_container_id
    return (s.split(":", 1)[1] if ":" in s else s)[:12]


def shell_of(run_config: dict) -> list[str]:
    return list(run_config.get("Shell") or DEFAULT_SHELL)


def with_cmd(run_config: dict, cmd: list[str]) -> dict:
    c = copy.deepcopy(run_config)
    c["Cmd"] = cmd
    return c


def default_path_env(env: list[str] | None) -> list[str]:
    env = list(env or [])
    if not any(e.split("=", 1)[0] == "PATH" for e in env):
        env.append("PATH=" + DEFAULT_PATH)
    return env


