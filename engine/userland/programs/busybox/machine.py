"""The machine a container appears to run on, in one place: kernel, CPUs, memory, disks.

A Docker container shares its host's kernel, so these describe a typical Linux host running
Docker Engine 20.10 (an Ubuntu 22.04 server); uname, nproc, free, df, top and uptime read them.
They are fixed, so every student's notebook prints the same thing.
"""
from __future__ import annotations

SYSNAME = "Linux"
KERNEL_RELEASE = "5.15.0-91-generic"
KERNEL_VERSION = "#101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023"
MACHINE = "x86_64"
OS_NAME = "GNU/Linux"

CPUS = 4
MEM_TOTAL_KB = 8130812
MEM_USED_KB = 1211064
MEM_SHARED_KB = 2844
MEM_BUFFERS_KB = 104428
MEM_CACHED_KB = 2347164
MEM_AVAILABLE_KB = 6628620

# The disk behind the container's overlay root and its /etc/hosts, /etc/hostname, /etc/resolv.conf.
DISK_DEVICE = "/dev/sda1"
DISK_TOTAL_KB = 61255492
DISK_USED_KB = 18733088
DISK_AVAILABLE_KB = 39380092
SHM_KB = 65536  # Docker's default /dev/shm and /dev tmpfs size

BOOTED_SECONDS_AGO = 3 * 3600 + 17 * 60
LOAD_AVERAGE = (0.08, 0.03, 0.01)
