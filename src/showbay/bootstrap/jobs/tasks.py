"""The retry of pending task enrichments, as a job of ``bootstrap.jobs.runner.BackgroundJobs``."""

from __future__ import annotations

import logging

from dishka import AsyncContainer

from showbay.adapters.observability.metrics import record_enrichment_retries
from showbay.application.tasks.use_cases import EnrichmentRetryPolicy, RetryPendingEnrichments, RetryRound

logger = logging.getLogger("showbay.enrichment_retry")


class EnrichmentRetryJob:
    """Completes pending/failed task enrichments once JSONPlaceholder answers again (docs/outbound.md)."""

    name = "task_enrichment_retry"

    def __init__(self, container: AsyncContainer, interval: float) -> None:
        self._container, self._interval = container, interval

    async def run_once(self) -> float:
        policy = await self._container.get(EnrichmentRetryPolicy)
        async with self._container() as request:
            retry = await request.get(RetryPendingEnrichments)
            report: RetryRound = await retry()
        record_enrichment_retries({str(outcome): count for outcome, count in report.outcomes.items()})
        if report.circuit_open:
            logger.info("JSONPlaceholder's circuit is open: enrichment retries wait for it")
        return report.next_run_in(policy)

    def error_delay(self) -> float:
        return self._interval
