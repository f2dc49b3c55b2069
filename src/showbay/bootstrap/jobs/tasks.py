"""The retry of pending task enrichments, as a job of ``bootstrap.jobs.runner.BackgroundJobs``."""

from __future__ import annotations

import logging

from showbay.adapters.observability.metrics import record_enrichment_retries
from showbay.application.tasks.use_cases import EnrichmentRetryPolicy, RetryPendingEnrichments
from showbay.bootstrap.jobs.runner import ScopedJob

logger = logging.getLogger("showbay.enrichment_retry")


class EnrichmentRetryJob(ScopedJob):
    """Completes pending/failed task enrichments once JSONPlaceholder answers again (docs/outbound.md)."""

    name = "task_enrichment_retry"

    async def run_once(self) -> float:
        policy = await self._container.get(EnrichmentRetryPolicy)
        report = await self._run(RetryPendingEnrichments)
        record_enrichment_retries({str(outcome): count for outcome, count in report.outcomes.items()})
        if report.circuit_open:
            logger.info("JSONPlaceholder's circuit is open: enrichment retries wait for it")
        return report.next_run_in(policy)
