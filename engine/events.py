"""The engine's event bus: what `GET /events` streams and front ends follow to stay live."""
from __future__ import annotations

import collections
import queue
import threading
import time


class Broadcast:
    """Fan-out to subscribers, each with its own queue (a container's output to attached clients,
    the engine's events to `docker events` listeners)."""

    def __init__(self):
        self._subs: list[queue.Queue] = []
        self._lock = threading.Lock()

    def subscribe(self) -> queue.Queue:
        q: queue.Queue = queue.Queue()
        with self._lock:
            self._subs.append(q)
        return q

    def unsubscribe(self, q: queue.Queue) -> None:
        with self._lock:
            if q in self._subs:
                self._subs.remove(q)

    def publish(self, item) -> None:
        with self._lock:
            subs = list(self._subs)
        for q in subs:
            q.put(item)


class Events(Broadcast):
    HISTORY = 1000  # events kept for `docker events --since`

    def __init__(self):
        super().__init__()
        self.history: collections.deque[dict] = collections.deque(maxlen=self.HISTORY)

    def emit(self, type_: str, action: str, actor_id: str, attributes: dict | None = None) -> None:
        now = time.time()
        ev = {"Type": type_, "Action": action, "Actor": {"ID": actor_id, "Attributes": dict(attributes or {})},
              "scope": "local", "time": int(now), "timeNano": int(now * 1e9)}
        if type_ == "container":
            ev.update(status=action, id=actor_id, **({"from": attributes["image"]} if attributes and
                                                      "image" in attributes else {}))
        with self._lock:
            self.history.append(ev)
        self.publish(ev)
