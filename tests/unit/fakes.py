"""In-memory fakes of the application ports, for fast unit tests."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

from showbay.domain.errors import StaleVersion
from showbay.domain.tasks import Task


class FakeClock:
    def __init__(self, start: datetime = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)) -> None:
        self.current = start

    def now(self) -> datetime:
        return self.current

    def advance(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)


class FakeTransactionManager:
    def __init__(self) -> None:
        self.commits = 0

    async def commit(self) -> None:
        self.commits += 1


class FakeTaskStore:
    def __init__(self) -> None:
        self.rows: dict[int, Task] = {}
        self._next_id = 1

    async def add(self, task: Task) -> Task:
        task.id = self._next_id
        self._next_id += 1
        self.rows[task.id] = copy.deepcopy(task)
        return task

    async def get(self, owner_id: str, task_id: int) -> Task | None:
        task = self.rows.get(task_id)
        return copy.deepcopy(task) if task is not None and task.owner_id == owner_id else None

    async def save(self, task: Task, expected_version: int) -> None:
        assert task.id is not None
        if self.rows[task.id].version != expected_version:
            raise StaleVersion("task", task.id)
        self.rows[task.id] = copy.deepcopy(task)

    async def delete(self, task: Task) -> None:
        assert task.id is not None
        if self.rows[task.id].version != task.version:
            raise StaleVersion("task", task.id)
        del self.rows[task.id]
