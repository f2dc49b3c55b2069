"""TtlCache: expiry, eviction, single flight, and a cancelled caller that does not cancel the shared load."""

from __future__ import annotations

import asyncio
from functools import partial

import pytest

from showbay.adapters.outbound.ttl_cache import TtlCache


class Loader:
    def __init__(self) -> None:
        self.calls = 0
        self.release = asyncio.Event()
        self.release.set()

    async def __call__(self, value: str) -> str:
        self.calls += 1
        await self.release.wait()
        return value


async def test_values_expire_after_the_ttl() -> None:
    now = [0.0]
    cache: TtlCache[str, str] = TtlCache(10, clock=lambda: now[0])
    load = Loader()
    assert await cache.get_or_load("k", lambda: load("v1")) == "v1"
    now[0] = 9.9
    assert await cache.get_or_load("k", lambda: load("v2")) == "v1"
    now[0] = 10.1
    assert await cache.get_or_load("k", lambda: load("v2")) == "v2"
    assert load.calls == 2


async def test_the_least_recently_used_entry_goes_first() -> None:
    cache: TtlCache[str, str] = TtlCache(60, max_entries=2)
    load = Loader()
    for key in ("a", "b"):
        await cache.get_or_load(key, partial(load, key))
    await cache.get_or_load("a", lambda: load("a"))  # a is now the most recent
    await cache.get_or_load("c", lambda: load("c"))  # evicts b
    await cache.get_or_load("a", lambda: load("a"))
    await cache.get_or_load("b", lambda: load("b"))
    assert load.calls == 4  # a, b, c, and b again


async def test_a_cancelled_caller_leaves_the_shared_load_to_the_others() -> None:
    cache: TtlCache[str, str] = TtlCache(60)
    load = Loader()
    load.release.clear()
    first = asyncio.ensure_future(cache.get_or_load("k", lambda: load("v")))
    second = asyncio.ensure_future(cache.get_or_load("k", lambda: load("v")))
    await asyncio.sleep(0)
    first.cancel()
    load.release.set()
    assert await second == "v"
    with pytest.raises(asyncio.CancelledError):
        await first
    assert load.calls == 1
