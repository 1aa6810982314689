"""What every command function is given: output streams, the Engine API client, docker's error wording."""
from __future__ import annotations

import os


class CliError(Exception):
    """A command's failure: the text docker prints (to stderr) and its exit code."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.message = message
        self.code = code


class Cli:
    PROG = "docker"  # the name docker's own messages use ("docker: ...", "Run 'docker run --help'")

    def __init__(self, out, err, stdin=None, host: str | None = None):
        self.out = out
        self.err = err
        self.stdin = stdin
        self.host = host
        self.engine = None
        self._api = None

    def configure(self, global_opts: dict) -> None:
        host = global_opts.get("host")
        if isinstance(host, list):
            host = host[-1] if host else None
        if host:
            self.host = host
        self.engine = global_opts.get("engine") or None

    @property
    def api(self):
        """The docker-py APIClient, connected on first use (starting the bundled engine if needed)."""
        if self._api is None:
            from ..client import connect
            try:
                self._api = _with_joined_paths(connect(self.host, engine=self.engine))
            except ValueError as e:  # an engine name dockyard does not know
                raise CliError(f"{self.PROG}: {e}", 125) from None
        return self._api

    def print(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def eprint(self, text: str = "") -> None:
        self.err.write(text + "\n")

    def flush(self) -> None:
        for s in (self.out, self.err):
            try:
                s.flush()
            except (AttributeError, ValueError):
                pass

    def usage_error(self, command: str, message: str, code: int = 125) -> CliError:
        """`docker: <message>\\n\\nRun 'docker <command> --help' for more information` (run/create style)."""
        return CliError(f"{self.PROG}: {message}\n\nRun '{self.PROG} {command} --help' for more information", code)


def _with_joined_paths(api):
    """The client's request paths made as docker's own client makes them, with Go's path.Join: a
    trailing slash is dropped, so `docker rmi ''` asks for /images (which no route answers)."""
    import posixpath
    url = api._url

    def joined(pathfmt, *args, **kwargs):
        full = url(pathfmt, *args, **kwargs)
        base = api.base_url
        if not full.startswith(base):
            return full
        path = posixpath.normpath(full[len(base):])
        return base + ("/" + path.lstrip("/") if path not in (".", "/") else "/")
    api._url = joined
    return api


def daemon_message(e: Exception) -> str | None:
    """The daemon's own message from a docker-py APIError ({"message": ...}), else None."""
    explanation = getattr(e, "explanation", None)
    if explanation is None:
        resp = getattr(e, "response", None)
        if resp is None:
            return None
        try:
            explanation = resp.json().get("message")
        except ValueError:
            explanation = resp.text
    if isinstance(explanation, bytes):
        explanation = explanation.decode(errors="replace")
    return str(explanation).strip() if explanation is not None else None


def api_error_message(e: Exception, cli: Cli) -> str | None:
    """Docker's text for a failed API call, or None for errors that are bugs (re-raised)."""
    try:
        import docker.errors
        import requests.exceptions
    except ImportError:  # pragma: no cover - docker-py is a dependency
        return None
    if isinstance(e, docker.errors.APIError):
        return "Error response from daemon: " + (daemon_message(e) or str(e))
    if isinstance(e, (requests.exceptions.ConnectionError, docker.errors.DockerException, ConnectionError,
                      FileNotFoundError)):
        host = cli.host or os.environ.get("DOCKER_HOST") or "unix:///var/run/docker.sock"
        return f"Cannot connect to the Docker daemon at {host}. Is the docker daemon running?"
    return None


def exit_code_for(message: str) -> int:
    """docker run/start's exit status for a container that could not start (cli/command/container/run.go)."""
    if any(s in message for s in ("executable file not found", "no such file or directory",
                                  "system cannot find the file specified")):
        return 127
    if "permission denied" in message or "is a directory" in message:
        return 126
    return 125


def for_each(cli: Cli, refs, action, forgive_missing: bool = False) -> int:
    """Run `action(ref)` for each name, printing the name on success and the daemon's error otherwise
    (docker's rm/stop/kill/volume rm/network rm loop). With `forgive_missing` (`--force`), an object
    that is not there is reported but does not fail the command."""
    failed = False
    for ref in refs:
        try:
            action(ref)
            cli.print(ref)
        except Exception as e:
            msg = daemon_message(e)
            if msg is None:
                raise
            cli.eprint("Error response from daemon: " + msg)
            missing = getattr(getattr(e, "response", None), "status_code", 0) == 404
            failed = failed or not (forgive_missing and missing)
    return 1 if failed else 0
