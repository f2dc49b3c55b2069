"""The background-job runner stops when asked, even when a round swallowed the cancellation."""

from __future__ import annotations

import asyncio

from showbay.bootstrap.jobs.runner import BackgroundJobs


class SwallowingJob:
    """A round that turns its cancellation into an ordinary error, as an interrupted query can."""

    name = "swallowing"

    def __init__(self) -> None:
        self.started = asyncio.Event()
        self.rounds = 0

    async def run_once(self) -> float:
        self.rounds += 1
        self.started.set()
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            raise RuntimeError("the statement was cancelled") from None
        return 3600.0

    def error_delay(self) -> float:
        return 3600.0


async def test_stop_ends_a_job_whose_round_swallowed_the_cancellation() -> None:
    job = SwallowingJob()
    jobs = BackgroundJobs([job])
    await jobs.start()
    await asyncio.wait_for(job.started.wait(), 1)
    stopping = asyncio.ensure_future(jobs.stop())
    done, _ = await asyncio.wait({stopping}, timeout=1)
    assert stopping in done, "stop() waits for a job sleeping its error delay (an hour)"
    assert job.rounds == 1
