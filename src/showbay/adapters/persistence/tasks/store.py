"""SqlaTaskStore: the TaskStore port on PostgreSQL through SQLAlchemy Core."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Select, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from showbay.adapters.persistence.batches import claim_due, delete_batch, release
from showbay.adapters.persistence.tables import RETRY_DUE, tasks
from showbay.adapters.persistence.tasks.queries import find_statements
from showbay.adapters.persistence.versions import update_at_version
from showbay.application.tasks.queries import TaskQuery
from showbay.domain.tasks import Enrichment, EnrichmentStatus, Task, TaskPriority, TaskStatus

# The stored columns a Task is made of (the generated sort and search keys stay in the database).
TASK_COLUMNS = tuple(column for column in tasks.c if column.name not in ("priority_rank", "due_sort", "search_vector"))


def _enrichment_from_row(row: Mapping[Any, Any]) -> Enrichment | None:
    if row["enrichment_status"] is None:
        return None
    return Enrichment(
        EnrichmentStatus(row["enrichment_status"]),
        row["enrichment_fetched_at"],
        row["enrichment_data"],
        attempts=row["enrichment_attempts"],
        next_attempt_at=row["enrichment_next_attempt_at"],
    )


def task_from_row(row: Mapping[Any, Any]) -> Task:
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
        tags=tuple(row["tags"]),
        external_id=row["external_id"],
        enrichment=_enrichment_from_row(row),
        deleted_at=row["deleted_at"],
    )


def task_to_row(task: Task) -> dict[str, Any]:
    enrichment = task.enrichment
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
        "tags": list(task.tags),
        "external_id": task.external_id,
        "enrichment_status": None if enrichment is None else enrichment.status.value,
        "enrichment_fetched_at": None if enrichment is None else enrichment.fetched_at,
        "enrichment_data": None if enrichment is None else enrichment.data,
        "enrichment_attempts": 0 if enrichment is None else enrichment.attempts,
        "enrichment_next_attempt_at": None if enrichment is None else enrichment.next_attempt_at,
        "deleted_at": task.deleted_at,
    }


def _get_statement(owner_id: str, task_id: int, *, include_deleted: bool) -> Select[Any]:
    statement = select(*TASK_COLUMNS).where(tasks.c.id == task_id, tasks.c.owner_id == owner_id)
    return statement if include_deleted else statement.where(tasks.c.deleted_at.is_(None))


class SqlaTaskStore:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, task: Task) -> Task:
        result = await self._session.execute(insert(tasks).values(task_to_row(task)).returning(*TASK_COLUMNS))
        return task_from_row(result.mappings().one())

    async def get(self, owner_id: str, task_id: int, *, include_deleted: bool = False) -> Task | None:
        statement = _get_statement(owner_id, task_id, include_deleted=include_deleted)
        row = (await self._session.execute(statement)).mappings().one_or_none()
        return None if row is None else task_from_row(row)

    async def save(self, task: Task, expected_version: int) -> None:
        await update_at_version(self._session, tasks, task.id, expected_version, task_to_row(task), resource="task")

    async def find(self, owner_id: str, query: TaskQuery, now: datetime) -> tuple[list[Task], int | None]:
        statements, values = find_statements(owner_id, query, TASK_COLUMNS, now)
        rows = (await self._session.execute(statements.page, values)).mappings().all()
        count = statements.count
        total = None if count is None else int((await self._session.execute(count, values)).scalar_one())
        return [task_from_row(row) for row in rows], total

    async def purge_deleted(self, deleted_before: datetime, batch_size: int) -> int:
        return await delete_batch(self._session, tasks, where=tasks.c.deleted_at < deleted_before, limit=batch_size)

    async def claim_due_enrichments(
        self, *, now: datetime, claim_until: datetime, max_attempts: int, limit: int
    ) -> list[Task]:
        rows = await claim_due(
            self._session,
            tasks,
            due=[
                RETRY_DUE,  # the partial index's predicate, word for word
                tasks.c.enrichment_attempts < max_attempts,
                or_(tasks.c.enrichment_next_attempt_at.is_(None), tasks.c.enrichment_next_attempt_at <= now),
            ],
            order_by=[tasks.c.enrichment_next_attempt_at.asc().nulls_first(), tasks.c.id],
            limit=limit,
            lease={"enrichment_next_attempt_at": claim_until},
            returning=TASK_COLUMNS,
        )
        return sorted((task_from_row(row) for row in rows), key=lambda task: task.id or 0)

    async def release_enrichment_claims(self, task_ids: list[int], due_at: datetime) -> None:
        await release(self._session, tasks, task_ids, {"enrichment_next_attempt_at": due_at})
