"""Two writers, one version: the conditional UPDATE lets exactly one through, in the database itself."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from showbay.adapters.persistence.tasks.store import SqlaTaskStore
from showbay.domain.errors import StaleVersion
from showbay.domain.tasks import Task, TaskDraft

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


async def _until_a_backend_waits_for_a_lock(engine: AsyncEngine) -> None:
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    async with engine.connect() as connection:
        for _ in range(1000):  # polling PostgreSQL: there is no event to wait on
            if (await connection.execute(query)).scalar_one():
                return
            await asyncio.sleep(0.01)
    raise AssertionError("the second writer never waited for the row lock")


async def test_second_writer_of_the_same_version_waits_then_gets_stale_version(clean_db: AsyncEngine) -> None:
    async with AsyncSession(clean_db) as setup:
        created = await SqlaTaskStore(setup).add(Task.create("alice", TaskDraft("plan"), NOW))
        await setup.commit()
    assert created.id is not None
    async with AsyncSession(clean_db) as first, AsyncSession(clean_db) as second:
        mine = await SqlaTaskStore(first).get("alice", created.id)
        theirs = await SqlaTaskStore(second).get("alice", created.id)
        assert mine is not None
        assert theirs is not None
        mine.replace(TaskDraft("mine"), NOW)
        theirs.replace(TaskDraft("theirs"), NOW)
        await SqlaTaskStore(first).save(mine, expected_version=1)  # holds the row lock until commit
        blocked = asyncio.create_task(SqlaTaskStore(second).save(theirs, expected_version=1))
        await _until_a_backend_waits_for_a_lock(clean_db)  # the second writer queues behind the first
        assert not blocked.done()
        await first.commit()
        with pytest.raises(StaleVersion):
            await blocked
    async with AsyncSession(clean_db) as check:
        stored = await SqlaTaskStore(check).get("alice", created.id)
    assert stored is not None
    assert (stored.title, stored.version) == ("mine", 2)
