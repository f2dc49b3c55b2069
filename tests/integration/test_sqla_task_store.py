"""SqlaTaskStore against PostgreSQL: round trips, owner scoping, optimistic versions, enrichment claims, DB
constraints."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from showbay.adapters.persistence.tasks.store import SqlaTaskStore
from showbay.domain.errors import StaleVersion
from showbay.domain.tasks import Task, TaskDraft, TaskPriority, TaskStatus

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


async def test_round_trip_keeps_every_field(clean_db: AsyncEngine) -> None:
    draft = TaskDraft("plan", "details", TaskStatus.COMPLETED, TaskPriority.HIGH, datetime(2026, 12, 1, tzinfo=UTC))
    async with AsyncSession(clean_db) as session:
        store = SqlaTaskStore(session)
        added = await store.add(Task.create("alice", draft, NOW))
        await session.commit()
        assert added.id is not None
        loaded = await store.get("alice", added.id)
    assert loaded == added
    assert loaded is not None
    assert loaded.completed_at == NOW


async def test_get_is_scoped_to_the_owner(clean_db: AsyncEngine) -> None:
    async with AsyncSession(clean_db) as session:
        store = SqlaTaskStore(session)
        added = await store.add(Task.create("alice", TaskDraft("plan"), NOW))
        assert added.id is not None
        assert await store.get("bob", added.id) is None


async def test_save_with_a_stale_version_raises(clean_db: AsyncEngine) -> None:
    async with AsyncSession(clean_db) as session:
        store = SqlaTaskStore(session)
        task = await store.add(Task.create("alice", TaskDraft("plan"), NOW))
        task.replace(TaskDraft("renamed"), NOW)
        await store.save(task, expected_version=1)
        task.replace(TaskDraft("again"), NOW)
        with pytest.raises(StaleVersion):
            await store.save(task, expected_version=1)


async def test_a_claimed_enrichment_is_due_again_once_released(clean_db: AsyncEngine) -> None:
    async with AsyncSession(clean_db) as session:
        store = SqlaTaskStore(session)
        first = await store.add(Task.create("alice", TaskDraft("a", external_id=1), NOW))
        second = await store.add(Task.create("alice", TaskDraft("b", external_id=2), NOW))
        await store.add(Task.create("alice", TaskDraft("no todo"), NOW))
        await session.commit()
        assert second.id is not None

        async def claim() -> list[int | None]:
            lease = NOW + timedelta(minutes=2)
            found = await store.claim_due_enrichments(now=NOW, claim_until=lease, max_attempts=5, limit=10)
            return [task.id for task in found]

        assert await claim() == [first.id, second.id]
        assert await claim() == [], "both are claimed until the lease ends"
        await store.release_enrichment_claims([second.id], NOW)
        assert await claim() == [second.id]


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO tasks (owner_id, title) VALUES ('a', '   ')",
        "INSERT INTO tasks (owner_id, title, status) VALUES ('a', 't', 'done')",
        "INSERT INTO tasks (owner_id, title, priority) VALUES ('a', 't', 'urgent')",
        "INSERT INTO tasks (owner_id, title, status) VALUES ('a', 't', 'completed')",
        "INSERT INTO tasks (owner_id, title, completed_at) VALUES ('a', 't', now())",
        "INSERT INTO tasks (owner_id, title, description) VALUES ('a', 't', repeat('d', 1001))",
    ],
)
async def test_database_constraints_reject_invalid_rows(clean_db: AsyncEngine, statement: str) -> None:
    async with clean_db.connect() as connection:
        with pytest.raises(IntegrityError):
            await connection.execute(text(statement))
