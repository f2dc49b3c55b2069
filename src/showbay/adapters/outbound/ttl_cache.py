"""A small in-process TTL cache with single flight: concurrent misses for one key make one upstream call."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class TtlCache(Generic[K, V]):
    """Keeps up to ``max_entries`` values for ``ttl`` seconds (least recently used go first). ``ttl <= 0``
    disables caching. Failures are never cached; a caller that is cancelled does not cancel the shared load."""

    def __init__(self, ttl: float, *, max_entries: int = 1024, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl
        self._max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[K, tuple[float, V]] = OrderedDict()
        self._loading: dict[K, asyncio.Task[V]] = {}

    async def get_or_load(self, key: K, load: Callable[[], Awaitable[V]]) -> V:
        if self._ttl <= 0:
            return await load()
        entry = self._entries.get(key)
        if entry is not None:
            expires, value = entry
            if expires > self._clock():
                self._entries.move_to_end(key)
                return value
            del self._entries[key]
        task = self._loading.get(key)
        if task is None:
            task = asyncio.ensure_future(load())
            self._loading[key] = task
            task.add_done_callback(lambda done: self._settle(key, done))
        return await asyncio.shield(task)

    def clear(self) -> None:
        self._entries.clear()

    def _settle(self, key: K, task: asyncio.Task[V]) -> None:
        self._loading.pop(key, None)
        if task.cancelled() or task.exception() is not None:
            return  # the waiters see the failure; nothing is cached
        self._entries[key] = (self._clock() + self._ttl, task.result())
        self._entries.move_to_end(key)
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)
