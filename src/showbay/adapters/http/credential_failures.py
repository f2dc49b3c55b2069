"""Failed credentials per client address, counted in a fixed window and checked BEFORE authentication.

The general rate limit counts an authenticated caller per principal, so a guesser throttled as an anonymous
address could still get a 200 the moment it tried the right key. Here every bad token or API key counts
against the caller's address; once the address has ``limit`` failures in the window, any request from it that
carries credentials gets 429 without the credentials being checked, right or wrong.

With Redis the counts are shared by every worker and replica (one atomic ``INCR`` + ``EXPIRE``); without it
they live in this process, in a map that holds at most ``max_addresses`` addresses (the oldest are forgotten
first), so a flood of spoofed or rotating addresses cannot grow memory without bound.
"""

from __future__ import annotations

import logging
import math
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from time import monotonic
from typing import Protocol

from redis.exceptions import RedisError

from showbay.adapters.http.rate_limit import WARN_EVERY_SECONDS, AtomicWindowRedisStore

logger = logging.getLogger("showbay.http")
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


class RedisCredentialFailures:
    """Counts shared through Redis; when Redis does not answer, failures are not throttled (logged at most
    once a minute, like the rate limiter: an abuse limit must not turn a cache outage into an API outage)."""

    def __init__(self, store: AtomicWindowRedisStore, limit: FailureLimit) -> None:
        self._store = store
        self._limit = limit
        self._last_warning: float | None = None

    def _warn(self, exc: Exception) -> None:
        now = monotonic()
        if self._last_warning is None or now - self._last_warning >= WARN_EVERY_SECONDS:
            self._last_warning = now
            logger.warning("failed-credential limit is off: the store does not answer (%s)", type(exc).__name__)

    @staticmethod
    def _key(address: str) -> str:
        return f"auth-failures:{address}"

    async def retry_after(self, address: str) -> int | None:
        try:
            raw = await self._store.get(self._key(address))
            if raw is None or int(raw) < self._limit.limit:
                return None
            return max(1, await self._store.expires_in(self._key(address)) or self._limit.window_seconds)
        except (RedisError, OSError) as exc:
            self._warn(exc)
            return None

    async def record(self, address: str) -> None:
        try:
            await self._store.hit(self._key(address), self._limit.window_seconds)
        except (RedisError, OSError) as exc:
            self._warn(exc)
