"""The Idempotency-Key purge, as a job of ``bootstrap.jobs.runner.BackgroundJobs``."""

from __future__ import annotations

import logging

from dishka import AsyncContainer

from showbay.application.idempotency.use_cases import PurgeExpiredIdempotencyKeys

logger = logging.getLogger("showbay.idempotency")


class IdempotencyPurgeJob:
    """Deletes stored Idempotency-Key answers whose retry window is over."""

    name = "idempotency_purge"

    def __init__(self, container: AsyncContainer, interval: float) -> None:
        self._container, self._interval = container, interval

    async def run_once(self) -> float:
        async with self._container() as request:
            purge = await request.get(PurgeExpiredIdempotencyKeys)
            purged = await purge()
        if purged:
            logger.info("purged %d expired Idempotency-Key answers", purged)
        return 0.0 if purged else self._interval  # a full batch may leave more behind

    def error_delay(self) -> float:
        return self._interval
