"""CPU used by each party of a run (service, database, load generator) and by everything else on the machine.

A sampler thread polls the process trees every ``interval`` seconds and keeps, per pid, the CPU time at its
first and last sighting: short-lived processes (pgbench's backends) are counted up to their last sample.
Percentages are of one core (the machine's maximum is 100 x cores).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import psutil

Roots = Callable[[], list[int]]


def _tree(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.Error:
        return []


def _cpu_seconds(process: psutil.Process) -> float | None:
    try:
        times = process.cpu_times()
    except psutil.Error:
        return None
    return float(times.user + times.system)


@dataclass
class _Group:
    roots: Roots
    first: dict[int, float] = field(default_factory=dict)
    last: dict[int, float] = field(default_factory=dict)

    def sample(self, initial: bool) -> None:
        for root in self.roots():
            for process in _tree(root):
                seconds = _cpu_seconds(process)
                if seconds is None:
                    continue
                # a process born during the window started from zero
                self.first.setdefault(process.pid, seconds if initial else 0.0)
                self.last[process.pid] = seconds

    def used(self) -> float:
        return sum(self.last[pid] - self.first[pid] for pid in self.last)


class CpuSampler:
    """``with CpuSampler({"service": roots, ...}) as sampler: ...`` then ``sampler.percentages()``."""

    def __init__(self, groups: dict[str, Roots], interval: float = 0.25) -> None:
        self._groups = {name: _Group(roots) for name, roots in groups.items()}
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._started = 0.0
        self._elapsed = 0.0
        self._machine_start: float = 0.0
        self._machine_used = 0.0

    def __enter__(self) -> CpuSampler:
        for group in self._groups.values():
            group.sample(initial=True)
        self._machine_start = _machine_busy_seconds()
        self._started = time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        for group in self._groups.values():
            group.sample(initial=False)
        self._elapsed = time.monotonic() - self._started
        self._machine_used = _machine_busy_seconds() - self._machine_start

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            for group in self._groups.values():
                group.sample(initial=False)

    def percentages(self) -> dict[str, float]:
        """CPU% per group plus ``other`` (the rest of the machine: other users, the harness itself)."""
        if self._elapsed <= 0:
            return {}
        shares = {name: 100 * group.used() / self._elapsed for name, group in self._groups.items()}
        shares["other"] = max(0.0, 100 * self._machine_used / self._elapsed - sum(shares.values()))
        return {name: round(value, 1) for name, value in shares.items()}


def _machine_busy_seconds() -> float:
    times = psutil.cpu_times()
    return float(sum(times) - times.idle - getattr(times, "iowait", 0.0))
