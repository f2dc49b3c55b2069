"""A short-lived in-process cache of the dashboard, valid only while the summaries stay unchanged."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta

from showbay.application.ports import Clock
from showbay.application.sales.read_models import Dashboard

Version = datetime | None
"""The summaries' ``as_of``: every ingest in any process moves it, so a cached answer for another one is stale."""


class DashboardCache:
    """Holds one dashboard per UTC day and summaries version for ``ttl`` seconds (0 disables caching).

    Callers pass the current version (one cheap read), so an ingest through any worker or replica is visible
    at once. Concurrent misses share one load (no stampede when the entry expires).
    """

    def __init__(self, clock: Clock, ttl: float) -> None:
        self._clock = clock
        self._ttl = timedelta(seconds=ttl)
        self._entry: tuple[date, Version, datetime, Dashboard] | None = None
        self._loading = asyncio.Lock()

    async def get_or_load(self, today: date, version: Version, load: Callable[[], Awaitable[Dashboard]]) -> Dashboard:
        """The cached dashboard, or one ``load`` shared by every caller that missed meanwhile."""
        if (cached := self.get(today, version)) is not None:
            return cached
        async with self._loading:
            if (cached := self.get(today, version)) is not None:
                return cached
            dashboard = await load()
            self.put(today, version, dashboard)
            return dashboard

    def get(self, today: date, version: Version) -> Dashboard | None:
        if self._entry is None:
            return None
        day, stored_version, stored_at, dashboard = self._entry
        if (day, stored_version) != (today, version) or self._clock.now() - stored_at >= self._ttl:
            return None
        return dashboard

    def put(self, today: date, version: Version, dashboard: Dashboard) -> None:
        if self._ttl > timedelta(0):
            self._entry = (today, version, self._clock.now(), dashboard)
