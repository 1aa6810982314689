"""How a container's configuration is put together from the user's and the image's (moby daemon/commit.go
`merge`, daemon/container.go `getEntrypointAndArgs`, container `CreateDaemonEnvironment`)."""
from __future__ import annotations

import secrets

from ..errors import InvalidParameter

DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def new_id() -> str:
    """64 hex digits whose first 12 are not all digits (they serve as a hostname)."""
    while True:
        cid = secrets.token_hex(32)
        if not cid[:12].isdigit():
            return cid


def _key(kv: str) -> str:
    return kv.split("=", 1)[0]


def merge(user: dict, image: dict) -> dict:
    """The user's container Config completed from the image's Config, field by field as Docker does:
    an empty list or set takes the image's (which may be null), a non-empty one is added to."""
    out = dict(user)
    if not out.get("User"):
        out["User"] = image.get("User", "")
    if not out.get("ExposedPorts"):
        out["ExposedPorts"] = image.get("ExposedPorts")
    else:
        out["ExposedPorts"] = {**(image.get("ExposedPorts") or {}), **out["ExposedPorts"]}
    env = list(out.get("Env") or [])
    if not env:
        out["Env"] = image.get("Env")
    else:
        keys = {_key(e) for e in env}
        out["Env"] = env + [e for e in image.get("Env") or [] if _key(e) not in keys]
    labels = dict(image.get("Labels") or {})
    labels.update(out.get("Labels") or {})
    out["Labels"] = labels
    if not out.get("Entrypoint"):
        if not out.get("Cmd"):
            out["Cmd"] = image.get("Cmd")
            if image.get("ArgsEscaped"):
                out["ArgsEscaped"] = True
        if out.get("Entrypoint") is None:
            out["Entrypoint"] = image.get("Entrypoint")
    if out.get("Healthcheck") is None and image.get("Healthcheck") is not None:
        out["Healthcheck"] = image.get("Healthcheck")
    if not out.get("WorkingDir"):
        out["WorkingDir"] = image.get("WorkingDir", "")
    if not out.get("Volumes"):
        out["Volumes"] = image.get("Volumes")
    else:
        out["Volumes"] = {**out["Volumes"], **(image.get("Volumes") or {})}
    if not out.get("StopSignal"):
        out["StopSignal"] = image.get("StopSignal")
    return out


def entrypoint_and_args(config: dict) -> tuple[str, list[str]]:
    """The process to start: Entrypoint + Cmd, or Cmd alone. An empty `--entrypoint ""` clears it."""
    entrypoint = [a for a in (config.get("Entrypoint") or [])]
    if entrypoint == [""]:
        entrypoint = []
    cmd = list(config.get("Cmd") or [])
    if entrypoint:
        return entrypoint[0], entrypoint[1:] + cmd
    if not cmd:
        raise InvalidParameter("No command specified")
    return cmd[0], cmd[1:]


def process_env(config: dict, hostname: str, home: str = "/root") -> dict[str, str]:
    """The environment of the container's processes: Docker's defaults, overridden by Config.Env."""
    env = {"PATH": DEFAULT_PATH, "HOSTNAME": hostname}
    if config.get("Tty"):
        env["TERM"] = "xterm"
    for kv in config.get("Env") or []:
        k, eq, v = kv.partition("=")
        if eq:
            env[k] = v
        else:  # a name alone unsets it (what `-e NAME` sends when the client has no NAME)
            env.pop(k, None)
    env.setdefault("HOME", home)
    return env


def passwd_lookup(passwd: bytes, group: bytes, user: str) -> tuple[int, int, str, str]:
    """Resolve `user[:group]` against the container's /etc/passwd and /etc/group: (uid, gid, name, home)."""
    name, _, grp = (user or "").partition(":")
    uid, gid, home, uname = 0, 0, "/root", "root"
    rows = [line.split(":") for line in passwd.decode(errors="replace").splitlines() if line.count(":") >= 6]
    if name:
        for r in rows:
            if r[0] == name or (name.isdigit() and r[2] == name):
                uid, gid, home, uname = int(r[2]), int(r[3]), r[5], r[0]
                break
        else:
            if not name.isdigit():
                raise InvalidParameter(f"unable to find user {name}: no matching entries in passwd file")
            uid, gid, home, uname = int(name), 0, "/", name  # a uid with no passwd entry is in group 0
    if grp:
        if grp.isdigit():
            gid = int(grp)
        else:
            for line in group.decode(errors="replace").splitlines():
                g = line.split(":")
                if len(g) >= 3 and g[0] == grp:
                    gid = int(g[2])
                    break
            else:
                raise InvalidParameter(f"unable to find group {grp}: no matching entries in group file")
    return uid, gid, uname, home


def process_groups(group: bytes, user: str, gid: int) -> tuple[int, ...]:
    """The process's groups as runc sets them: its primary group, then the groups listing the user."""
    out = [gid]
    for line in group.decode(errors="replace").splitlines():
        g = line.split(":")
        if len(g) >= 4 and user in g[3].split(",") and g[2].isdigit() and int(g[2]) not in out:
            out.append(int(g[2]))
    return tuple(out)


def read_accounts(fs) -> tuple[bytes, bytes]:
    """The container's /etc/passwd and /etc/group ("" when missing, as in a `FROM scratch` image)."""
    out = []
    for path in ("/etc/passwd", "/etc/group"):
        try:
            out.append(fs.read_bytes(path))
        except OSError:
            out.append(b"")
    return out[0], out[1]
