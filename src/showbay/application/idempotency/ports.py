"""Ports of the Idempotency-Key mechanism."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from showbay.application.idempotency.keys import StoredAnswer


class IdempotencyStore(Protocol):
    """The stored first answers, in the request's unit of work (so an answer commits with its write)."""

    async def lock(self, principal_id: str, key: str) -> bool:
        """Take the key for the rest of the unit of work; ``False`` when another one holds it (in flight)."""
        ...

    async def find(self, principal_id: str, key: str, now: datetime) -> StoredAnswer | None:
        """The answer stored under the key, unless it has expired."""
        ...

    async def save(self, answer: StoredAnswer) -> None:
        """Store the answer (replacing an expired one under the same key)."""
        ...

    async def purge_expired(self, now: datetime, batch_size: int) -> int:
        """Delete up to ``batch_size`` expired answers; return how many went."""
        ...


class RequestTransaction(Protocol):
    """The request's unit of work as the HTTP edge sees it.

    While held, the use cases' ``TransactionManager.commit()`` only flushes: the edge commits once, after it
    has stored the answer next to the write.
    """

    def hold_commits(self) -> None: ...

    async def commit_held(self) -> None: ...
