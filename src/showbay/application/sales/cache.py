"""A short-lived in-process cache of the dashboard, cleared whenever the analytics views change."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta

from showbay.application.ports import Clock
from showbay.application.sales.read_models import Dashboard


class DashboardCache:
    """Holds one dashboard per UTC day for ``ttl`` seconds (0 disables caching).

    Ingestion and every view refresh in this process call ``clear``; other worker processes see new data
    at most ``ttl`` seconds later. Concurrent misses share one load (no stampede when the entry expires).
    """

    def __init__(self, clock: Clock, ttl: float) -> None:
        self._clock = clock
        self._ttl = timedelta(seconds=ttl)
        self._entry: tuple[date, datetime, Dashboard] | None = None
        self._loading = asyncio.Lock()
        self._generation = 0

    async def get_or_load(self, today: date, load: Callable[[], Awaitable[Dashboard]]) -> Dashboard:
        """The cached dashboard, or one ``load`` shared by every caller that missed meanwhile."""
        if (cached := self.get(today)) is not None:
            return cached
        async with self._loading:
            if (cached := self.get(today)) is not None:
                return cached
            generation = self._generation
            dashboard = await load()
            if generation == self._generation:  # not cleared while loading: the answer is still current
                self.put(today, dashboard)
            return dashboard

    def get(self, today: date) -> Dashboard | None:
        if self._entry is None:
            return None
        day, stored_at, dashboard = self._entry
        if day != today or self._clock.now() - stored_at >= self._ttl:
            self._entry = None
            return None
        return dashboard

    def put(self, today: date, dashboard: Dashboard) -> None:
        if self._ttl > timedelta(0):
            self._entry = (today, self._clock.now(), dashboard)

    def clear(self) -> None:
        self._entry = None
        self._generation += 1
