"""Ports of the tasks context."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from showbay.application.tasks.queries import TaskQuery
from showbay.domain.tasks import Task


class TaskReader(Protocol):
    """Reads one task outside any unit of work: a single statement, for requests that only read."""

    async def get(self, owner_id: str, task_id: int) -> Task | None:
        """The owner's live task, or ``None`` (also for another owner's task and for a deleted one)."""
        ...

    async def find(self, owner_id: str, query: TaskQuery, now: datetime) -> tuple[list[Task], int | None]:
        """As ``TaskStore.find``, outside any unit of work."""
        ...


class TaskStore(Protocol):
    """Keeps tasks. Every read and write is scoped to one owner; deleted tasks stay until purged."""

    async def add(self, task: Task) -> Task:
        """Insert a new task and return it with its id."""
        ...

    async def get(self, owner_id: str, task_id: int, *, include_deleted: bool = False) -> Task | None:
        """The owner's task, or ``None`` (also for another owner's task, and for a deleted one unless asked)."""
        ...

    async def save(self, task: Task, expected_version: int) -> None:
        """Persist a changed task (soft deletes too); raise ``StaleVersion`` if the stored one is not
        ``expected_version``."""
        ...

    async def find(self, owner_id: str, query: TaskQuery, now: datetime) -> tuple[list[Task], int | None]:
        """Up to ``query.limit + 1`` live tasks matching the query, in its order (the extra one tells that
        another page follows), and the number of all matches for offset queries (``None`` for keyset ones).
        ``now`` decides what is overdue."""
        ...

    async def purge_deleted(self, deleted_before: datetime, batch_size: int) -> int:
        """Remove up to ``batch_size`` tasks deleted before the moment for good; return how many went."""
        ...

    async def claim_due_enrichments(
        self, *, now: datetime, claim_until: datetime, max_attempts: int, limit: int
    ) -> list[Task]:
        """Claim up to ``limit`` live tasks whose enrichment is pending or failed, has had fewer than
        ``max_attempts`` background retries and is due by ``now``: their next attempt moves to ``claim_until``
        (other workers skip them meanwhile; rows locked by another worker right now are skipped too)."""
        ...

    async def release_enrichment_claims(self, task_ids: list[int], due_at: datetime) -> None:
        """Give claimed tasks back without an attempt: due again at ``due_at``."""
        ...
