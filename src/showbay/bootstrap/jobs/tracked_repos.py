"""The background refresh of tracked repos, as a job of ``bootstrap.jobs.runner.BackgroundJobs``.

Every batch runs in its own dishka REQUEST scope (its own session). Replicas coordinate through PostgreSQL
(claims taken with ``FOR UPDATE SKIP LOCKED`` plus a lease in ``claim_due``), so no repo is refreshed twice.
"""

from __future__ import annotations

import logging

from dishka import AsyncContainer

from showbay.application.ports import Clock
from showbay.application.tracked_repos.use_cases import RefreshDueRepos, RefreshPolicy
from showbay.bootstrap.jobs.runner import ScopedJob

logger = logging.getLogger("showbay.refresher")


class BackgroundRefresher(ScopedJob):
    name = "tracked_repo_refresh"

    def __init__(self, container: AsyncContainer) -> None:
        # The interval is the policy's idle delay, read every round; 60 s until the first round has read it.
        super().__init__(container, interval=60.0)

    async def run_once(self) -> float:
        """Refresh one batch; return the seconds to wait before the next."""
        policy = await self._container.get(RefreshPolicy)
        self._interval = policy.idle_delay.total_seconds()
        clock = await self._container.get(Clock)
        report = await self._run(RefreshDueRepos)
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
