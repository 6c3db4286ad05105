"""Where an import's time goes: wall, client CPU and PostgreSQL backend CPU seconds per phase (``--timings``).

Phases that recur (a chunk read, validated, copied) add up under one name. The backend's CPU is read from
``/proc`` when the server runs on this machine; otherwise only the client's figures are kept.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager


def backend_cpu_seconds(pid: int | None) -> float | None:
    """CPU seconds (user + system) of a local process, None when it cannot be read."""
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class PhaseClock:
    def __init__(self, backend_pid: int | None = None) -> None:
        self.backend_pid = backend_pid
        self.phases: dict[str, list[float]] = {}

    @contextmanager
    def phase(self, name: str, *, thread: bool = False) -> Iterator[None]:
        """``thread``: a phase run in a thread of its own beside others, so only that thread's CPU is its own."""
        clock = time.thread_time if thread else time.process_time
        wall, cpu = time.perf_counter(), clock()
        server = backend_cpu_seconds(self.backend_pid)
        try:
            yield
        finally:
            server_after = backend_cpu_seconds(self.backend_pid)
            totals = self.phases.setdefault(name, [0.0, 0.0, 0.0])
            totals[0] += time.perf_counter() - wall
            totals[1] += clock() - cpu
            if server is not None and server_after is not None:
                totals[2] += server_after - server

    def start(self, name: str):
        """The phase started now; call what this returns to end it (for phases that are not one block)."""
        context = self.phase(name)
        context.__enter__()
        return lambda: context.__exit__(None, None, None)

    def as_dict(self) -> dict[str, dict[str, float]]:
        return {
            name: {"seconds": round(w, 3), "cpu_seconds": round(c, 3), "server_cpu_seconds": round(s, 3)}
            for name, (w, c, s) in self.phases.items()
        }
