"""The background refresh of tracked repos, as a job of ``bootstrap.jobs.runner.BackgroundJobs``.

Every batch runs in its own dishka REQUEST scope (its own session). Replicas coordinate through PostgreSQL
(claims taken with ``FOR UPDATE SKIP LOCKED`` plus a lease in ``claim_due``), so no repo is refreshed twice.
"""

from __future__ import annotations

import logging

from dishka import AsyncContainer

from showbay.application.ports import Clock
from showbay.application.tracked_repos.use_cases import BatchReport, RefreshDueRepos, RefreshPolicy

logger = logging.getLogger("showbay.refresher")


class BackgroundRefresher:
    name = "tracked_repo_refresh"

    def __init__(self, container: AsyncContainer) -> None:
        self._container = container
        self._idle_delay = 60.0

    async def run_once(self) -> float:
        """Refresh one batch; return the seconds to wait before the next."""
        policy = await self._container.get(RefreshPolicy)
        self._idle_delay = policy.idle_delay.total_seconds()
        clock = await self._container.get(Clock)
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

    def error_delay(self) -> float:
        return self._idle_delay
