"""Run a request at most once per key, and purge the answers that expired."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from showbay.application.errors import Raises
from showbay.application.idempotency.errors import IdempotencyKeyInFlight, IdempotencyKeyReused
from showbay.application.idempotency.keys import IdempotentRequest, RecordedResponse, StoredAnswer
from showbay.application.idempotency.ports import IdempotencyStore, RequestTransaction
from showbay.application.ports import Clock, TransactionManager

logger = logging.getLogger("showbay.idempotency")


@dataclass(frozen=True, slots=True)
class IdempotencyPolicy:
    ttl: timedelta = timedelta(hours=24)
    """How long an answer is kept for retries."""
    in_flight_retry_after: float = 1.0
    """The ``Retry-After`` of the 409 while the first request runs."""
    purge_batch_size: int = 1000


@dataclass(frozen=True, slots=True)
class Outcome:
    response: RecordedResponse
    replayed: bool


class RunIdempotently:
    """The first request with a key runs; its successful answer is stored in the same transaction as its write.

    A retry with the same key and request gets the stored answer and writes nothing; the same key with another
    request is ``IdempotencyKeyReused``; the same key while the first still runs is ``IdempotencyKeyInFlight``.
    The key is locked for the whole unit of work (released by its commit or rollback, even by a crash), so two
    requests with one key never both run.
    """

    raises: Raises = (IdempotencyKeyInFlight, IdempotencyKeyReused)

    def __init__(
        self, store: IdempotencyStore, tx: RequestTransaction, clock: Clock, policy: IdempotencyPolicy
    ) -> None:
        self._store, self._tx, self._clock, self._policy = store, tx, clock, policy

    async def __call__(
        self, request: IdempotentRequest, operation: Callable[[], Awaitable[RecordedResponse]]
    ) -> Outcome:
        if not await self._store.lock(request.principal_id, request.key):
            raise IdempotencyKeyInFlight(self._policy.in_flight_retry_after)
        stored = await self._store.find(request.principal_id, request.key, self._clock.now())
        if stored is not None:
            if not stored.request.same_request_as(request):
                raise IdempotencyKeyReused()
            logger.info("replayed the answer to %s %s (Idempotency-Key)", request.method, request.path)
            return Outcome(stored.response, replayed=True)
        self._tx.hold_commits()
        response = await operation()
        if response.is_success:
            now = self._clock.now()
            await self._store.save(StoredAnswer(request, response, now, now + self._policy.ttl))
            await self._tx.commit_held()
        return Outcome(response, replayed=False)


class PurgeExpiredIdempotencyKeys:
    """Delete the answers whose retry window is over, one batch per transaction (a background job)."""

    raises: Raises = ()

    def __init__(
        self, store: IdempotencyStore, tx: TransactionManager, clock: Clock, policy: IdempotencyPolicy
    ) -> None:
        self._store, self._tx, self._clock, self._policy = store, tx, clock, policy

    async def __call__(self) -> int:
        purged = await self._store.purge_expired(self._clock.now(), self._policy.purge_batch_size)
        await self._tx.commit()
        return purged
