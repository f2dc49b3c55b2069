"""Runs the background refresh of tracked repos as an asyncio task inside each service process.

Every batch runs in its own dishka REQUEST scope (its own session). Replicas coordinate through PostgreSQL
(claims taken with ``FOR UPDATE SKIP LOCKED`` plus a lease in ``claim_due``), so no repo is refreshed twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from dishka import AsyncContainer

from showbay.adapters.observability.metrics import job_run
from showbay.application.errors import DatabaseUnavailable
from showbay.application.ports import Clock
from showbay.application.tracked_repos.refresher import BatchReport, RefreshDueRepos, RefreshPolicy

logger = logging.getLogger("showbay.refresher")


class BackgroundRefresher:
    def __init__(self, container: AsyncContainer) -> None:
        self._container = container
        self._task: asyncio.Task[None] | None = None

    async def run_once(self) -> float:
        """Refresh one batch; return the seconds to wait before the next."""
        policy = await self._container.get(RefreshPolicy)
        clock = await self._container.get(Clock)
        with job_run("tracked_repo_refresh"):
            async with self._container() as request:
                refresh = await request.get(RefreshDueRepos)
                report: BatchReport = await refresh()
        if report.claimed:
            logger.info(
                "refreshed %d tracked repos: %d changed, %d unchanged, %d missing, %d failed",
                report.claimed,
                report.changed,
                report.not_modified,
                report.missing,
                report.failed,
            )
        if report.pause_until is not None:
            logger.warning("GitHub's rate limit is low: refreshing pauses until %s", report.pause_until.isoformat())
        return report.next_run_in(policy, clock.now())

    async def _loop(self) -> None:
        policy = await self._container.get(RefreshPolicy)
        while True:
            try:
                delay = await self.run_once()
            except DatabaseUnavailable:  # a fault, not a bug: no traceback
                logger.warning("a refresh batch was skipped: the database is unavailable")
                delay = policy.idle_delay.total_seconds()
            except Exception:
                logger.exception("a refresh batch failed")
                delay = policy.idle_delay.total_seconds()
            await asyncio.sleep(delay)

    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="tracked-repo-refresher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
