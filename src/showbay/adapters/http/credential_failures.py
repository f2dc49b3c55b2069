"""Failed credentials per client address, counted in a fixed window and checked BEFORE authentication.

The general rate limit counts an authenticated caller per principal, so a guesser throttled as an anonymous
address could still get a 200 the moment it tried the right key. Here every bad token or API key counts
against the caller's address; once the address has ``limit`` failures in the window, any request from it that
carries credentials gets 429 without the credentials being checked, right or wrong.

With Redis (``adapters/redis/credential_failures.py``) the counts are shared by every worker and replica (one
atomic ``INCR`` + ``EXPIRE``); without it
they live in this process, in a map that holds at most ``max_addresses`` addresses (the oldest are forgotten
first), so a flood of spoofed or rotating addresses cannot grow memory without bound.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from time import monotonic
from typing import Protocol

MAX_ADDRESSES = 10_000


@dataclass(frozen=True, slots=True)
class FailureLimit:
    limit: int  # failures allowed per window
    window_seconds: int


class CredentialFailures(Protocol):
    async def retry_after(self, address: str) -> int | None:
        """Seconds until ``address`` may present credentials again, or ``None`` when it may now."""
        ...

    async def record(self, address: str) -> None:
        """Count one failed credential of ``address``."""
        ...


class MemoryCredentialFailures:
    """One process's counts, in a bounded least-recently-failed map."""

    def __init__(
        self, limit: FailureLimit, max_addresses: int = MAX_ADDRESSES, clock: Callable[[], float] = monotonic
    ) -> None:
        self._limit = limit
        self._max = max_addresses
        self._clock = clock
        self._windows: OrderedDict[str, tuple[int, float]] = OrderedDict()  # address -> (count, window end)

    def __len__(self) -> int:
        """How many addresses are being counted."""
        return len(self._windows)

    async def retry_after(self, address: str) -> int | None:
        found = self._windows.get(address)
        if found is None:
            return None
        count, ends = found
        left = ends - self._clock()
        if left <= 0:
            del self._windows[address]
            return None
        return max(1, math.ceil(left)) if count >= self._limit.limit else None

    async def record(self, address: str) -> None:
        now = self._clock()
        count, ends = self._windows.pop(address, (0, 0.0))
        if ends <= now:
            count, ends = 0, now + self._limit.window_seconds
        self._windows[address] = (count + 1, ends)
        while len(self._windows) > self._max:
            self._windows.popitem(last=False)
