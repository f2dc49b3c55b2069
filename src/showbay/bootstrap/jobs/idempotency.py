"""The Idempotency-Key purge, as a job of ``bootstrap.jobs.runner.BackgroundJobs``."""

from __future__ import annotations

import logging

from showbay.application.idempotency.use_cases import PurgeExpiredIdempotencyKeys
from showbay.bootstrap.jobs.runner import ScopedJob

logger = logging.getLogger("showbay.idempotency")


class IdempotencyPurgeJob(ScopedJob):
    """Deletes stored Idempotency-Key answers whose retry window is over."""

    name = "idempotency_purge"

    async def run_once(self) -> float:
        purged = await self._run(PurgeExpiredIdempotencyKeys)
        if purged:
            logger.info("purged %d expired Idempotency-Key answers", purged)
        return 0.0 if purged else self._interval  # a full batch may leave more behind
