"""The Redis client and the readiness that probes it too: registered (and imported) only when REDIS_URL is set."""

from __future__ import annotations

from collections.abc import AsyncIterator

from dishka import Provider, Scope, provide
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.adapters.persistence.transactions import SqlaDatabaseProbe
from showbay.adapters.redis.probe import RedisProbe
from showbay.application.ports import DependencyProbe
from showbay.application.readiness import CheckReadiness
from showbay.bootstrap.settings import Settings


class RedisProvider(Provider):
    @provide(scope=Scope.APP)
    async def redis(self, settings: Settings) -> AsyncIterator[Redis]:
        timeout = settings.readiness_timeout
        client = Redis.from_url(settings.redis_url or "", socket_connect_timeout=timeout, socket_timeout=timeout)
        yield client
        await client.aclose()

    @provide(scope=Scope.APP, override=True)
    def readiness(self, settings: Settings, engine: AsyncEngine, redis: Redis) -> CheckReadiness:
        probes: list[DependencyProbe] = [SqlaDatabaseProbe(engine), RedisProbe(redis)]
        return CheckReadiness(probes, timeout=settings.readiness_timeout)
