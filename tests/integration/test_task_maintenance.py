"""`showbay seed tasks` and `showbay purge-deleted` against PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from showbay.adapters.persistence.tables import tasks
from showbay.adapters.persistence.tasks.store import TASK_COLUMNS, SqlaTaskStore
from showbay.bootstrap.cli.main import main
from showbay.domain.tasks import Task, TaskDraft

NOW = datetime.now(UTC)


async def _count(engine: AsyncEngine, *where: object) -> int:
    async with engine.connect() as connection:
        statement = select(func.count()).select_from(tasks).where(*where)  # type: ignore[arg-type]
        return int((await connection.execute(statement)).scalar_one())


async def _index_definitions(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as connection:
        found = await connection.execute(text("SELECT indexdef FROM pg_indexes WHERE tablename = 'tasks'"))
        return set(found.scalars())


async def test_seed_inserts_valid_tasks_for_the_owners(clean_db: AsyncEngine, database_url: str) -> None:
    indexes = await _index_definitions(clean_db)
    result = CliRunner().invoke(
        main,
        ["seed", "tasks", "--count", "2500", "--owner", "alice", "--owner", "bob"],
        env={"DATABASE_URL": database_url},
    )
    assert result.exit_code == 0, result.output
    assert "inserted 2500 tasks" in result.output
    assert await _count(clean_db) == 2500
    assert await _count(clean_db, tasks.c.owner_id.not_in(["alice", "bob"])) == 0
    assert await _index_definitions(clean_db) == indexes  # the bulk load rebuilt every index it dropped
    async with clean_db.connect() as connection:
        rows = (await connection.execute(select(*TASK_COLUMNS).limit(50))).mappings().all()
    async with AsyncSession(clean_db) as session:
        store = SqlaTaskStore(session)
        loaded = [await store.get(row["owner_id"], row["id"]) for row in rows]
    for task in loaded:
        assert task is not None
        assert task.draft().tags == task.tags  # seeded rows pass the domain's own validation
        assert task.created_at <= task.updated_at


async def _task(session: AsyncSession, owner: str, deleted_days_ago: int | None) -> Task:
    store = SqlaTaskStore(session)
    task = await store.add(Task.create(owner, TaskDraft("t"), NOW - timedelta(days=60)))
    if deleted_days_ago is not None:
        task.delete(NOW - timedelta(days=deleted_days_ago))
        await store.save(task, expected_version=1)
    return task


async def test_purge_removes_only_tasks_deleted_before_the_retention(clean_db: AsyncEngine, database_url: str) -> None:
    async with AsyncSession(clean_db) as session:
        old = [await _task(session, owner, 45) for owner in ("alice", "bob")]
        recent = await _task(session, "alice", 3)
        live = await _task(session, "alice", None)
        await session.commit()
    # The command runs its own event loop: give it a thread of its own.
    result = await asyncio.to_thread(
        CliRunner().invoke, main, ["purge-deleted", "--older-than", "30d"], env={"DATABASE_URL": database_url}
    )
    assert result.exit_code == 0, result.output
    assert "purged 2 tasks" in result.output
    async with clean_db.connect() as connection:
        remaining = set((await connection.execute(select(tasks.c.id))).scalars())
    assert remaining == {recent.id, live.id}
    assert not remaining & {t.id for t in old}


async def test_purge_works_in_batches(clean_db: AsyncEngine) -> None:
    async with AsyncSession(clean_db) as session:
        for _ in range(5):
            await _task(session, "alice", 40)
        await session.commit()
        store = SqlaTaskStore(session)
        assert await store.purge_deleted(NOW - timedelta(days=30), batch_size=2) == 2
        assert await store.purge_deleted(NOW - timedelta(days=30), batch_size=10) == 3
        assert await store.purge_deleted(NOW - timedelta(days=30), batch_size=10) == 0


@pytest.mark.parametrize("bad", ["30", "thirty days", "-1d", "5w", ""])
def test_purge_rejects_bad_durations_and_touches_nothing(bad: str, database_url: str) -> None:
    result = CliRunner().invoke(main, ["purge-deleted", "--older-than", bad], env={"DATABASE_URL": database_url})
    assert result.exit_code == 2
    assert "is not a duration" in result.output
