"""The daemon: the nouns' stores composed into the Engine API's verbs (moby's `daemon/`).

`Daemon(home)` opens the state under DOCKYARD_HOME — the image store, containers, volumes,
networks — and exposes one method per Engine API verb, grouped by noun in this package's modules.
`routes()` is what the API server serves.
"""
from __future__ import annotations

import os
import threading

from ..events import Events
from ..image.store import open_image_store
from ..network.http import ServerRegistry
from ..network.ports import PortPublisher
from ..network.store import NetworkStore
from ..volume.store import VolumeStore
from .archive import ArchiveOps
from .build import BuildOps
from .containers import ContainerOps
from .distribution import DistributionOps
from .exec import ExecOps
from .images import ImageOps
from .networks import NetworkOps
from .system import SystemOps
from .volumes import VolumeOps


class Daemon(ContainerOps, ImageOps, DistributionOps, BuildOps, ArchiveOps, ExecOps, VolumeOps, NetworkOps,
             SystemOps):
    def __init__(self, home: str | os.PathLike):
        self.home = os.fspath(home)
        os.makedirs(self.home, exist_ok=True)
        self.shutting_down = False
        self.events = Events()
        self.images = open_image_store(os.path.join(self.home, "image"))
        self.db = self.images.db
        self.containers_root = os.path.join(self.home, "containers")
        os.makedirs(self.containers_root, exist_ok=True)
        self.volumes = VolumeStore(os.path.join(self.home, "volumes"))
        self.networks = NetworkStore(os.path.join(self.home, "networks.json"))
        self.servers = ServerRegistry()
        # published ports listen on all addresses unless told otherwise, as dockerd (its --ip option)
        self.ports = PortPublisher(self.servers, default_ip=os.environ.get("DOCKYARD_DEFAULT_BIND_IP", "0.0.0.0"))
        self._init_images()
        self._init_containers()
        self._init_exec()
        self._restart_lock = threading.Lock()

    def start_restart_policies(self) -> None:
        """On engine start, `--restart always|unless-stopped` containers come back, as with dockerd."""
        for c in list(self.containers.values()):
            policy = (c.host_config.get("RestartPolicy") or {}).get("Name")
            if policy == "always" or (policy == "unless-stopped" and not c.manually_stopped):
                try:
                    self.container_start(c.id)
                except Exception:
                    pass

    def routes(self):
        from ..api.routes import all_routes
        return all_routes()

    def shutdown(self) -> None:
        """Stop running containers as dockerd does when it exits (SIGTERM, then SIGKILL after 10 s)."""
        self.shutting_down = True
        running = [c for c in self.containers.values() if c.state.running]
        threads = [threading.Thread(target=self._stop_for_shutdown, args=(c,)) for c in running]
        for t in threads:
            t.start()
        for t in threads:
            t.join(15)
        self.ports.close()

    def _stop_for_shutdown(self, c) -> None:
        try:
            self.container_stop(c.id, timeout=(c.config.get("StopTimeout") or 10), by_user=False)
        except Exception:
            pass
