"""A container's lifecycle state, as moby's container/state.go keeps and describes it."""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass

ZERO_TIME = "0001-01-01T00:00:00Z"


def rfc3339(t: float | None) -> str:
    """Go's RFC3339Nano in UTC, as Docker timestamps every event."""
    if not t:
        return ZERO_TIME
    secs = int(t)
    frac = f"{t - secs:.9f}"[2:].rstrip("0")
    base = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(secs))
    return f"{base}.{frac}Z" if frac else base + "Z"


def human_duration(seconds: float) -> str:
    """go-units HumanDuration: the daemon words the Status column with it ("Up 5 seconds")."""
    s = int(seconds)
    if s < 1:
        return "Less than a second"
    if s == 1:
        return "1 second"
    if s < 60:
        return f"{s} seconds"
    minutes = int(seconds / 60)
    if minutes == 1:
        return "About a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    hours = int(seconds / 3600 + 0.5)
    if hours == 1:
        return "About an hour"
    if hours < 48:
        return f"{hours} hours"
    if hours < 24 * 7 * 2:
        return f"{hours // 24} days"
    if hours < 24 * 30 * 2:
        return f"{hours // 24 // 7} weeks"
    if hours < 24 * 365 * 2:
        return f"{hours // 24 // 30} months"
    return f"{int(seconds / 3600) // 24 // 365} years"


@dataclass
class State:
    running: bool = False
    paused: bool = False
    restarting: bool = False
    oom_killed: bool = False
    removing: bool = False
    dead: bool = False
    pid: int = 0
    exit_code: int = 0
    error: str = ""
    started_at: float = 0.0
    finished_at: float = 0.0

    @property
    def status(self) -> str:
        """The one-word state: created, running, paused, restarting, removing, exited or dead."""
        if self.running:
            if self.paused:
                return "paused"
            if self.restarting:
                return "restarting"
            return "running"
        if self.removing:
            return "removing"
        if self.dead:
            return "dead"
        if not self.started_at:
            return "created"
        return "exited"

    def describe(self, now: float | None = None) -> str:
        """The human Status column: "Up 5 seconds", "Exited (0) 3 minutes ago", "Created"."""
        now = time.time() if now is None else now
        if self.running:
            out = "Up " + human_duration(now - self.started_at)
            if self.paused:
                return out + " (Paused)"
            if self.restarting:
                return f"Restarting ({self.exit_code}) {human_duration(now - self.finished_at)} ago"
            return out
        if self.removing:
            return "Removal In Progress"
        if self.dead:
            return "Dead"
        if not self.started_at:
            return "Created"
        if not self.finished_at:
            return ""
        return f"Exited ({self.exit_code}) {human_duration(now - self.finished_at)} ago"

    def to_api(self) -> dict:
        """The `State` object of `GET /containers/{id}/json`."""
        return {
            "Status": self.status, "Running": self.running, "Paused": self.paused,
            "Restarting": self.restarting, "OOMKilled": self.oom_killed, "Dead": self.dead, "Pid": self.pid,
            "ExitCode": self.exit_code, "Error": self.error, "StartedAt": rfc3339(self.started_at),
            "FinishedAt": rfc3339(self.finished_at),
        }

    def to_record(self) -> dict:
        return asdict(self)

    @classmethod
    def from_record(cls, d: dict) -> "State":
        return cls(**d)
