"""Failed credentials per client address, counted on Redis (shared by every worker and replica)."""

from __future__ import annotations

import logging
from time import monotonic

from redis.exceptions import RedisError

from showbay.adapters.http.credential_failures import FailureLimit
from showbay.adapters.http.rate_limit import WARN_EVERY_SECONDS, CountStoreUnavailable
from showbay.adapters.redis.window_store import AtomicWindowRedisStore

logger = logging.getLogger("showbay.http")


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
        except (RedisError, OSError, CountStoreUnavailable) as exc:
            self._warn(exc)
            return None

    async def record(self, address: str) -> None:
        try:
            await self._store.hit(self._key(address), self._limit.window_seconds)
        except (RedisError, OSError, CountStoreUnavailable) as exc:
            self._warn(exc)
