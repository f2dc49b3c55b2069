"""The one runner of background jobs inside each service process (repo refresh, enrichment retry, purges).

Each job runs as its own asyncio task: one round, then the wait the round asked for. A round that raises is
logged and counted (``showbay_job_runs_total{outcome="error"}``) and the job waits its ``error_delay``; it never
stops the loop. Rounds coordinate across replicas through PostgreSQL (claims with ``FOR UPDATE SKIP LOCKED``),
never through this runner.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Protocol, TypeVar

from dishka import AsyncContainer

from showbay.adapters.observability.metrics import job_run
from showbay.application.errors import DatabaseUnavailable

logger = logging.getLogger("showbay.jobs")


class BackgroundJob(Protocol):
    name: str
    """The job's label in logs and metrics."""

    async def run_once(self) -> float:
        """One round (in its own dishka REQUEST scope); return the seconds to wait before the next."""
        ...

    def error_delay(self) -> float:
        """The seconds to wait after a round that raised."""
        ...


R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)


class RoundUseCase(Protocol[R_co]):
    """A use case that is one round of a job: no arguments, a report."""

    async def __call__(self) -> R_co: ...


class ScopedJob:
    """The base of every job: a round runs one use case in its own dishka REQUEST scope (its own session), and a
    round that raised waits ``interval``."""

    name: str

    def __init__(self, container: AsyncContainer, interval: float) -> None:
        self._container, self._interval = container, interval

    async def _run(self, use_case: type[RoundUseCase[R]]) -> R:
        async with self._container() as request:
            run = await request.get(use_case)
            return await run()

    def error_delay(self) -> float:
        return self._interval


class BackgroundJobs:
    def __init__(self, jobs: Sequence[BackgroundJob]) -> None:
        self._jobs = list(jobs)
        self._tasks: list[asyncio.Task[None]] = []

    @property
    def names(self) -> list[str]:
        return [job.name for job in self._jobs]

    async def _loop(self, job: BackgroundJob) -> None:
        this = asyncio.current_task()
        while True:
            try:
                with job_run(job.name):
                    delay = await job.run_once()
            except DatabaseUnavailable:  # a fault, not a bug: no traceback
                logger.warning("a round of the background job %s was skipped: the database is unavailable", job.name)
                delay = job.error_delay()
            except Exception:
                logger.exception("a round of the background job %s failed", job.name)
                delay = job.error_delay()
            if this is not None and this.cancelling():
                # stop() cancelled the round and something inside turned the CancelledError into an error (a query
                # the cancellation interrupted answers 57014 query_canceled): stop anyway, do not sleep a round.
                raise asyncio.CancelledError
            await asyncio.sleep(delay)

    async def start(self) -> None:
        self._tasks = [asyncio.create_task(self._loop(job), name=f"job:{job.name}") for job in self._jobs]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        # The jobs' CancelledErrors are collected, not raised; a cancellation of stop() itself still propagates.
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
