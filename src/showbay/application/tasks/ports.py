"""Ports of the tasks context."""

from __future__ import annotations

from typing import Protocol

from showbay.domain.tasks import Task


class TaskStore(Protocol):
    """Keeps tasks. Every read and write is scoped to one owner."""

    async def add(self, task: Task) -> Task:
        """Insert a new task and return it with its id."""
        ...

    async def get(self, owner_id: str, task_id: int) -> Task | None:
        """The owner's live task, or ``None`` (also for another owner's task)."""
        ...

    async def save(self, task: Task, expected_version: int) -> None:
        """Persist a changed task; raise ``StaleVersion`` if the stored one is not ``expected_version``."""
        ...

    async def delete(self, task: Task) -> None:
        """Remove the task; raise ``StaleVersion`` if it changed since it was read."""
        ...
