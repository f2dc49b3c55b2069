"""Readiness probe for Redis."""

from __future__ import annotations

from redis.asyncio import Redis


class RedisProbe:
    """Redis answers PING."""

    name = "redis"

    def __init__(self, client: Redis) -> None:
        self._client = client

    async def ping(self) -> None:
        await self._client.ping()
