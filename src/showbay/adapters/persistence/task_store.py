"""SqlaTaskStore: the TaskStore port on PostgreSQL through SQLAlchemy Core."""

from __future__ import annotations

from typing import Any

from sqlalchemy import RowMapping, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from showbay.adapters.persistence.tables import tasks
from showbay.domain.errors import StaleVersion
from showbay.domain.tasks import Task, TaskPriority, TaskStatus


def task_from_row(row: RowMapping) -> Task:
    return Task(
        id=row["id"],
        owner_id=row["owner_id"],
        title=row["title"],
        description=row["description"],
        status=TaskStatus(row["status"]),
        priority=TaskPriority(row["priority"]),
        due_date=row["due_date"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        completed_at=row["completed_at"],
        version=row["version"],
    )


def task_to_row(task: Task) -> dict[str, Any]:
    return {
        "owner_id": task.owner_id,
        "title": task.title,
        "description": task.description,
        "status": task.status.value,
        "priority": task.priority.value,
        "due_date": task.due_date,
        "created_at": task.created_at,
        "updated_at": task.updated_at,
        "completed_at": task.completed_at,
        "version": task.version,
    }


class SqlaTaskStore:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, task: Task) -> Task:
        result = await self._session.execute(insert(tasks).values(task_to_row(task)).returning(tasks))
        return task_from_row(result.mappings().one())

    async def get(self, owner_id: str, task_id: int) -> Task | None:
        result = await self._session.execute(select(tasks).where(tasks.c.id == task_id, tasks.c.owner_id == owner_id))
        row = result.mappings().one_or_none()
        return None if row is None else task_from_row(row)

    async def save(self, task: Task, expected_version: int) -> None:
        result = await self._session.execute(
            update(tasks)
            .where(tasks.c.id == task.id, tasks.c.version == expected_version)
            .values(task_to_row(task))
            .returning(tasks.c.id)
        )
        if result.one_or_none() is None:
            raise StaleVersion("task", task.id)

    async def delete(self, task: Task) -> None:
        result = await self._session.execute(
            delete(tasks).where(tasks.c.id == task.id, tasks.c.version == task.version).returning(tasks.c.id)
        )
        if result.one_or_none() is None:
            raise StaleVersion("task", task.id)
