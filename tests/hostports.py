"""Host ports for tests that publish or dial loopback ports, safe while other tests run beside them.

Ports are taken below Linux's ephemeral range (32768-60999): the kernel draws from that range for
every outgoing connection and every bind to port 0, so a port found free there can be taken by
another test's connection before the engine binds it. Below it, only an explicit bind can collide."""
import random
import socket

BELOW_EPHEMERAL = (20000, 32767)


def free_range(size: int = 20) -> tuple[int, int]:
    """A block of `size` ports that all bind now."""
    rng = random.Random()
    low, high = BELOW_EPHEMERAL
    for _ in range(200):
        start = rng.randrange(low, high - size)
        if all(_bindable(port) for port in range(start, start + size)):
            return start, start + size - 1
    raise RuntimeError("no free block of loopback ports below the ephemeral range")


def free_port() -> int:
    """One loopback port that binds now (and that nothing listens on)."""
    return free_range(1)[0]


def _bindable(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True
