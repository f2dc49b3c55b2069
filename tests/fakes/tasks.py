"""In-memory fakes of the tasks ports, and the enricher the task use cases are built with."""

from __future__ import annotations

import copy
import dataclasses
from datetime import datetime

from showbay.application.tasks.queries import TaskQuery
from showbay.application.tasks.use_cases import TaskEnricher
from showbay.domain.errors import StaleVersion
from showbay.domain.tasks import Task
from tests.fakes.clock import FakeClock
from tests.fakes.placeholder import FakePlaceholderGateway


class FakeTaskStore:
    def __init__(self) -> None:
        self.rows: dict[int, Task] = {}
        self._next_id = 1

    async def add(self, task: Task) -> Task:
        task.id = self._next_id
        self._next_id += 1
        self.rows[task.id] = copy.deepcopy(task)
        return task

    async def get(self, owner_id: str, task_id: int, *, include_deleted: bool = False) -> Task | None:
        task = self.rows.get(task_id)
        if task is None or task.owner_id != owner_id or (task.is_deleted and not include_deleted):
            return None
        return copy.deepcopy(task)

    async def save(self, task: Task, expected_version: int) -> None:
        assert task.id is not None
        if self.rows[task.id].version != expected_version:
            raise StaleVersion("task", task.id)
        self.rows[task.id] = copy.deepcopy(task)

    async def find(self, owner_id: str, query: TaskQuery, now: datetime) -> tuple[list[Task], int | None]:
        # Filtering and ordering are the SQL adapter's job (tested against PostgreSQL); the fake pages by id.
        live = sorted((t for t in self.rows.values() if t.owner_id == owner_id and not t.is_deleted), key=by_id)
        if query.after is not None:
            live = [t for t in live if by_id(t) > query.after.id]
        page = live[query.offset : query.offset + query.limit + 1]
        return copy.deepcopy(page), None if query.after is not None else len(live)

    async def purge_deleted(self, deleted_before: datetime, batch_size: int) -> int:
        doomed = [i for i, t in self.rows.items() if t.deleted_at is not None and t.deleted_at < deleted_before]
        for task_id in doomed[:batch_size]:
            del self.rows[task_id]
        return len(doomed[:batch_size])

    async def claim_due_enrichments(
        self, *, now: datetime, claim_until: datetime, max_attempts: int, limit: int
    ) -> list[Task]:
        def due(task: Task) -> bool:
            e = task.enrichment
            return (
                e is not None
                and not task.is_deleted
                and e.retryable
                and e.attempts < max_attempts
                and (e.next_attempt_at is None or e.next_attempt_at <= now)
            )

        claimed = sorted((t for t in self.rows.values() if due(t)), key=by_id)[:limit]
        for task in claimed:
            assert task.enrichment is not None
            task.enrichment = dataclasses.replace(task.enrichment, next_attempt_at=claim_until)
        return copy.deepcopy(claimed)

    async def release_enrichment_claims(self, task_ids: list[int], due_at: datetime) -> None:
        for task_id in task_ids:
            enrichment = self.rows[task_id].enrichment
            assert enrichment is not None
            self.rows[task_id].enrichment = dataclasses.replace(enrichment, next_attempt_at=due_at)


def by_id(task: Task) -> int:
    assert task.id is not None
    return task.id


def enricher(clock: FakeClock, gateway: FakePlaceholderGateway | None = None, timeout: float = 1.0) -> TaskEnricher:
    return TaskEnricher(gateway or FakePlaceholderGateway(), clock, timeout)
