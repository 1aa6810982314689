"""The container's mount table, as /proc/mounts would list it under Docker: the overlay root,
Docker's standard /proc, /dev and /sys mounts, then the container's own mounts (its /etc/hosts,
/etc/hostname, /etc/resolv.conf files and its volumes and bind mounts, all on the host's disk),
then the tmpfs and read-only /proc mounts Docker uses to mask kernel files. `mount` and `df` read it.
"""
from __future__ import annotations

from dataclasses import dataclass

from ....container.rootfs import HostBackend
from ...process import Process
from . import machine

MASK_KB = machine.MEM_TOTAL_KB // 2  # a tmpfs's default size: half the memory
# How Docker hides the host's kernel files from a container.
READ_ONLY_PROC = ("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger")
EMPTIED = ("/proc/acpi", "/proc/scsi", "/sys/firmware")
NULLED = ("/proc/kcore", "/proc/keys", "/proc/timer_list")


@dataclass(frozen=True)
class Mount:
    device: str
    point: str
    fstype: str
    options: str
    total_kb: int = 0
    used_kb: int = 0
    available_kb: int = 0


def _disk(point: str, readonly: bool = False) -> Mount:
    return Mount(machine.DISK_DEVICE, point, "ext4", ("ro" if readonly else "rw") + ",relatime",
                 machine.DISK_TOTAL_KB, machine.DISK_USED_KB, machine.DISK_AVAILABLE_KB)


def mount_table(proc: Process) -> list[Mount]:
    layer = proc.host.container_id or "0" * 64
    overlay = (f"rw,relatime,lowerdir=/var/lib/docker/overlay2/l/{layer[:26].upper()},"
               f"upperdir=/var/lib/docker/overlay2/{layer}/diff,workdir=/var/lib/docker/overlay2/{layer}/work")
    table = [
        Mount("overlay", "/", "overlay", overlay, machine.DISK_TOTAL_KB, machine.DISK_USED_KB,
              machine.DISK_AVAILABLE_KB),
        Mount("proc", "/proc", "proc", "rw,nosuid,nodev,noexec,relatime"),
        Mount("tmpfs", "/dev", "tmpfs", f"rw,nosuid,size={machine.SHM_KB}k,mode=755",
              machine.SHM_KB, 0, machine.SHM_KB),
        Mount("devpts", "/dev/pts", "devpts", "rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666"),
        Mount("sysfs", "/sys", "sysfs", "ro,nosuid,nodev,noexec,relatime"),
        Mount("cgroup", "/sys/fs/cgroup", "cgroup2", "ro,nosuid,nodev,noexec,relatime"),
        Mount("mqueue", "/dev/mqueue", "mqueue", "rw,nosuid,nodev,noexec,relatime"),
        Mount("shm", "/dev/shm", "tmpfs", f"rw,nosuid,nodev,noexec,relatime,size={machine.SHM_KB}k",
              machine.SHM_KB, 0, machine.SHM_KB),
    ]
    for point in sorted(proc.fs.mount_points()):
        if point == "/dev":
            continue
        backend = proc.fs.mounts.get(tuple(p for p in point.split("/") if p))
        table.append(_disk(point, isinstance(backend, HostBackend) and backend.readonly))
    for point in READ_ONLY_PROC:
        table.append(Mount("proc", point, "proc", "ro,nosuid,nodev,noexec,relatime"))
    for point in EMPTIED:
        table.append(Mount("tmpfs", point, "tmpfs", "ro,relatime", MASK_KB, 0, MASK_KB))
    for point in NULLED:  # bind mounts of /dev/null, which lives on the /dev tmpfs
        table.append(Mount("tmpfs", point, "tmpfs", f"rw,nosuid,size={machine.SHM_KB}k,mode=755",
                           machine.SHM_KB, 0, machine.SHM_KB))
    return table


def mount_of(proc: Process, path: str) -> Mount:
    """The mount a container path lives on (the longest mount point that contains it)."""
    best = None
    for m in mount_table(proc):
        if path == m.point or path.startswith(m.point.rstrip("/") + "/"):
            if best is None or len(m.point) > len(best.point):
                best = m
    return best or mount_table(proc)[0]
