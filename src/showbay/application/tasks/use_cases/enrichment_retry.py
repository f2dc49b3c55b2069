"""The background retry of enrichments that are pending (no answer yet) or failed (an unusable answer)."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from showbay.application.errors import Raises, UpstreamBadResponse, UpstreamError
from showbay.application.placeholder import PlaceholderCircuit
from showbay.application.ports import Clock, TransactionManager
from showbay.application.tasks.ports import TaskStore
from showbay.application.tasks.use_cases.enrichment import TaskEnricher
from showbay.domain.errors import StaleVersion
from showbay.domain.tasks import EnrichmentStatus, Task

logger = logging.getLogger("showbay.enrichment_retry")


@dataclass(frozen=True, slots=True)
class EnrichmentRetryPolicy:
    interval: timedelta = timedelta(seconds=10)
    """The wait between two rounds (a full batch goes on at once)."""
    batch_size: int = 20
    """Tasks claimed per round."""
    max_attempts: int = 20
    """Background attempts per task before it waits for a client (``POST /tasks/{id}/enrich`` or an edit)."""
    backoff_initial: timedelta = timedelta(seconds=5)
    backoff_max: timedelta = timedelta(seconds=40)
    lease: timedelta = timedelta(minutes=2)
    """How long a claim keeps other workers off a task; a worker that dies mid-round frees it this late."""

    def backoff(self, attempts: int) -> timedelta:
        """The wait after the ``attempts``-th failed attempt: doubling from the initial, capped."""
        doubled: timedelta = self.backoff_initial * 2 ** max(attempts - 1, 0)
        return min(doubled, self.backoff_max)


class RetryOutcome(StrEnum):
    OK = "ok"
    NOT_FOUND = "not_found"
    FAILED = "failed"
    """The upstream answered unusably again: retried later."""
    PENDING = "pending"
    """No answer (down, timed out, rate limited): retried later."""
    STALE = "stale"
    """The task changed while its todo was fetched: left to the write that changed it."""
    RELEASED = "released"
    """Not attempted: the circuit opened during the round."""


@dataclass(slots=True)
class RetryRound:
    claimed: int = 0
    circuit_open: bool = False
    """The round was skipped, or cut short, because the upstream's circuit is open."""
    outcomes: Counter[RetryOutcome] = field(default_factory=Counter)

    def next_run_in(self, policy: EnrichmentRetryPolicy) -> float:
        if self.claimed == policy.batch_size and not self.circuit_open:
            return 0.0  # a full batch: more may be due
        return policy.interval.total_seconds()


class RetryPendingEnrichments:
    """One round: claim due tasks (a short transaction), fetch each todo outside any transaction, save each
    result in its own. Skipped while the upstream's circuit is open, so a dead upstream costs no attempts."""

    raises: Raises = ()

    def __init__(
        self,
        store: TaskStore,
        tx: TransactionManager,
        clock: Clock,
        enricher: TaskEnricher,
        circuit: PlaceholderCircuit,
        *,
        policy: EnrichmentRetryPolicy,
    ) -> None:
        self._store, self._tx, self._clock = store, tx, clock
        self._enricher, self._circuit, self._policy = enricher, circuit, policy

    async def __call__(self) -> RetryRound:
        report = RetryRound()
        if self._circuit.is_open():
            report.circuit_open = True
            return report
        now = self._clock.now()
        policy = self._policy
        due = await self._store.claim_due_enrichments(
            now=now, claim_until=now + policy.lease, max_attempts=policy.max_attempts, limit=policy.batch_size
        )
        await self._tx.commit()
        report.claimed = len(due)
        for done, task in enumerate(due):
            if self._circuit.is_open():
                rest = [t.id for t in due[done:] if t.id is not None]
                await self._store.release_enrichment_claims(rest, self._clock.now())
                await self._tx.commit()
                report.circuit_open = True
                report.outcomes[RetryOutcome.RELEASED] += len(rest)
                break
            report.outcomes[await self._retry(task)] += 1
        return report

    async def _retry(self, task: Task) -> RetryOutcome:
        assert task.external_id is not None  # claimed rows have both
        assert task.enrichment is not None
        read_version, current = task.version, task.enrichment
        try:
            answer = await self._enricher.fetch(task.external_id)
        except UpstreamBadResponse as exc:
            outcome, status, reason = RetryOutcome.FAILED, EnrichmentStatus.FAILED, str(exc)
        except UpstreamError as exc:
            outcome, status, reason = RetryOutcome.PENDING, current.status, str(exc)
        else:
            task.record_enrichment(answer)
            task.touch(self._clock.now())
            outcome = RetryOutcome.OK if answer.status is EnrichmentStatus.OK else RetryOutcome.NOT_FOUND
            if await self._save(task, read_version):
                logger.info("task %s enrichment is %s after %d retries", task.id, outcome, current.attempts + 1)
                return outcome
            return RetryOutcome.STALE
        attempts = current.attempts + 1
        retry_at = self._clock.now() + self._policy.backoff(attempts)
        task.record_enrichment(current.retry_later(retry_at, status))
        if status is not current.status:
            task.touch(self._clock.now())  # the representation changed (pending -> failed): a new version
        if not await self._save(task, read_version):
            return RetryOutcome.STALE
        gave_up = attempts >= self._policy.max_attempts
        logger.warning(
            "task %s enrichment still %s after %d retries (%s); %s",
            task.id,
            status,
            attempts,
            reason,
            "no more background retries" if gave_up else f"next at {retry_at.isoformat()}",
        )
        return outcome

    async def _save(self, task: Task, read_version: int) -> bool:
        try:
            await self._store.save(task, expected_version=read_version)
        except StaleVersion:
            logger.info("task %s changed while its todo was fetched: left as the write made it", task.id)
            return False
        finally:
            await self._tx.commit()
        return True
