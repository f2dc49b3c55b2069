"""The rate limiter's counts on Redis, shared by every worker and replica."""

from __future__ import annotations

from typing import Any

from litestar.stores.redis import RedisStore
from redis.exceptions import RedisError

from showbay.adapters.http.rate_limit import CountStoreUnavailable, WindowCountingStore

_HIT = b"""
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then
    redis.call('EXPIRE', KEYS[1], ARGV[1])
    ttl = tonumber(ARGV[1])
end
return {count, ttl}
"""


class AtomicWindowRedisStore(RedisStore, WindowCountingStore):
    """A ``RedisStore`` that also counts hits in a fixed window in one atomic step (one Lua script)."""

    __slots__ = ("_hit_script",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._hit_script = self._redis.register_script(_HIT)

    async def hit(self, key: str, window_seconds: int) -> tuple[int, int]:
        try:
            count, ttl = await self._hit_script(keys=[self._make_key(key)], args=[window_seconds])
        except (RedisError, OSError) as exc:
            raise CountStoreUnavailable(type(exc).__name__) from exc
        return int(count), int(ttl)
