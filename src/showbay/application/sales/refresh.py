"""Keeps the materialized analytics views fresh: after ingestion and on a schedule, one refresh at a time."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime

from showbay.application.errors import DatabaseUnavailable
from showbay.application.sales.cache import DashboardCache
from showbay.application.sales.ports import SalesViewRefresher

logger = logging.getLogger("showbay.sales.refresh")


class RefreshCoordinator:
    """Coalesces refresh requests: any number of requests during a refresh cause exactly one more.

    ``run`` is the background loop (started in the app's lifespan): it refreshes when asked and, if
    ``interval`` is set, at least every ``interval`` seconds.
    """

    def __init__(self, refresher: SalesViewRefresher, cache: DashboardCache, interval: float | None) -> None:
        self._refresher = refresher
        self._cache = cache
        self._interval = interval if interval and interval > 0 else None
        self._wanted = asyncio.Event()
        self._lock = asyncio.Lock()

    def request_refresh(self) -> None:
        self._cache.clear()
        self._wanted.set()

    async def refresh_now(self) -> datetime:
        async with self._lock:
            as_of = await self._refresher.refresh()
            self._cache.clear()
            return as_of

    async def run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):  # a timeout means the schedule is due
                await asyncio.wait_for(self._wanted.wait(), timeout=self._interval)
            self._wanted.clear()
            try:
                as_of = await self.refresh_now()
            except DatabaseUnavailable:  # a fault, not a bug: no traceback
                logger.warning("refreshing the sales analytics views was skipped: the database is unavailable")
                await asyncio.sleep(1.0)
            except Exception:
                logger.exception("refreshing the sales analytics views failed; retrying on the next request")
                await asyncio.sleep(1.0)
            else:
                logger.info("sales analytics views refreshed", extra={"as_of": as_of.isoformat()})
