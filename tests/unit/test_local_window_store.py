"""The in-process fixed-window counter behind the rate limiter when there is no Redis."""

from __future__ import annotations

from showbay.adapters.http.rate_limit import LocalWindowStore


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_hits_are_counted_per_key_within_one_window() -> None:
    clock = Clock()
    store = LocalWindowStore(clock)
    assert await store.hit("alice", 60) == (1, 60)
    clock.now += 10.5
    assert await store.hit("alice", 60) == (2, 50)
    assert await store.hit("bob", 60) == (1, 60)


async def test_a_new_window_starts_when_the_old_one_ends() -> None:
    clock = Clock()
    store = LocalWindowStore(clock)
    for _ in range(3):
        await store.hit("alice", 1)
    clock.now += 1
    assert await store.hit("alice", 1) == (1, 1)


async def test_ended_windows_are_swept_once_there_are_many_keys() -> None:
    clock = Clock()
    store = LocalWindowStore(clock, sweep_at=3)
    for key in ("a", "b", "c"):
        await store.hit(key, 1)
    clock.now += 2
    await store.hit("d", 1)
    assert store.open_windows() == 1


def test_an_empty_store_is_truthy_so_litestars_registry_keeps_it() -> None:
    from litestar.stores.registry import StoreRegistry

    store = LocalWindowStore()
    assert StoreRegistry({"rate_limit": store}).get("rate_limit") is store
