"""Where the rate-limit counts live: Redis when REDIS_URL is set (replicas share them), else in memory.
The Redis adapters are imported only then (``adapters/redis``)."""

from __future__ import annotations

from typing import cast

from litestar.middleware.rate_limit import DurationUnit, RateLimitConfig
from litestar.stores.base import Store

from showbay.adapters.http.credential_failures import CredentialFailures, FailureLimit, MemoryCredentialFailures
from showbay.adapters.http.rate_limit import STORE_NAME, LocalWindowStore, rate_limit_config
from showbay.bootstrap.settings import Settings


def rate_limit_store(settings: Settings) -> Store:
    if settings.redis_url:
        from redis.asyncio import Redis

        from showbay.adapters.redis.window_store import AtomicWindowRedisStore

        # Short timeouts: a slow Redis must not hold every API request (the limiter then fails open).
        client = Redis.from_url(settings.redis_url, socket_connect_timeout=0.5, socket_timeout=0.5)
        return AtomicWindowRedisStore(client, namespace="showbay_rate_limit", handle_client_shutdown=True)
    return LocalWindowStore()


def rate_limit(settings: Settings) -> RateLimitConfig:
    return rate_limit_config(settings.rate_limit_requests, cast("DurationUnit", settings.rate_limit_window))


def credential_failures(settings: Settings, store: Store) -> CredentialFailures:
    """Failed credentials per address: in the shared Redis store when there is one, else bounded in memory."""
    limit = FailureLimit(settings.auth_failure_limit, settings.auth_failure_window_seconds)
    if settings.redis_url:
        from showbay.adapters.redis.credential_failures import RedisCredentialFailures
        from showbay.adapters.redis.window_store import AtomicWindowRedisStore

        return RedisCredentialFailures(cast("AtomicWindowRedisStore", store), limit)
    return MemoryCredentialFailures(limit)


async def close_store(store: Store) -> None:
    await store.__aexit__(None, None, None)  # the Redis store closes its client; the others do nothing


__all__ = ["STORE_NAME", "close_store", "credential_failures", "rate_limit", "rate_limit_store"]
