"""The hot-path readers on psycopg's pool return exactly what the SQLAlchemy stores wrote."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from showbay.adapters.persistence.fast_reads import (
    PsycopgItemReader,
    PsycopgTaskReader,
    ReadPool,
    libpq_url,
    open_read_pool,
)
from showbay.adapters.persistence.items.store import SqlaItemStore
from showbay.adapters.persistence.tasks.store import SqlaTaskStore
from showbay.domain.items import ExternalSnapshot, Item, ItemDraft
from showbay.domain.tasks import Enrichment, EnrichmentStatus, Task, TaskDraft, TaskPriority

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
async def pool(database_url: str) -> AsyncIterator[ReadPool]:
    async with open_read_pool(database_url, 2) as read_pool:
        yield read_pool


async def test_the_task_reader_sees_committed_live_tasks_of_their_owner_only(
    clean_db: AsyncEngine, pool: ReadPool
) -> None:
    draft = TaskDraft("kept", description="ü", priority=TaskPriority.HIGH, tags=("a", "b"), due_date=NOW, external_id=7)
    async with AsyncSession(clean_db) as session:
        store = SqlaTaskStore(session)
        kept = await store.add(Task.create("alice", draft, NOW))
        kept.record_enrichment(Enrichment(EnrichmentStatus.OK, NOW, {"post": {"id": 1, "title": "ü"}}))
        await store.save(kept, kept.version)
        gone = await store.add(Task.create("alice", TaskDraft("gone"), NOW))
        await session.commit()
    assert kept.id is not None
    assert gone.id is not None
    async with clean_db.begin() as connection:
        await connection.execute(text("UPDATE tasks SET deleted_at = now() WHERE id = :id"), {"id": gone.id})
    reader = PsycopgTaskReader(pool)
    assert await reader.get("alice", kept.id) == kept
    assert await reader.get("bob", kept.id) is None
    assert await reader.get("alice", gone.id) is None
    assert await reader.get("alice", gone.id + 1) is None


async def test_the_item_reader_sees_committed_items_of_their_owner_only(clean_db: AsyncEngine, pool: ReadPool) -> None:
    async with AsyncSession(clean_db) as session:
        store = SqlaItemStore(session)
        added = await store.add(Item.create("alice", ItemDraft("lamp", "desk lamp", 3), NOW))
        added.attach_external(ExternalSnapshot(3, 1, "post ü", "body\nline", 5), NOW + timedelta(seconds=1))
        await store.save(added, added.version - 1)
        await session.commit()
    assert added.id is not None
    reader = PsycopgItemReader(pool)
    assert await reader.get("alice", added.id) == added
    assert await reader.get("bob", added.id) is None
    assert await reader.get("alice", added.id + 1) is None


def test_sqlalchemy_urls_become_libpq_urls() -> None:
    assert libpq_url("postgresql+psycopg://u:p@h:5/db?sslmode=require") == "postgresql://u:p@h:5/db?sslmode=require"
    assert libpq_url("postgresql://u@h/db") == "postgresql://u@h/db"


async def test_the_task_reader_lists_exactly_what_the_store_lists(clean_db: AsyncEngine, pool: ReadPool) -> None:
    from showbay.application.tasks.queries import TaskFilter, TaskQuery, parse_task_sort, task_position
    from showbay.domain.tasks import TaskStatus

    async with AsyncSession(clean_db) as session:
        store = SqlaTaskStore(session)
        for n in range(7):
            priority = (TaskPriority.LOW, TaskPriority.HIGH)[n % 2]
            draft = TaskDraft(f"t{n}", priority=priority, tags=("a",) if n % 3 else (), due_date=NOW + timedelta(n))
            await store.add(Task.create("alice", draft, NOW + timedelta(seconds=n)))
        await store.add(Task.create("bob", TaskDraft("other"), NOW))
        await session.commit()
        first = TaskQuery(sort=parse_task_sort("-due_date"), limit=2)
        queries = [
            first,
            TaskQuery(filter=TaskFilter(priorities=frozenset({TaskPriority.HIGH}), tags=("a",)), limit=3, offset=1),
            TaskQuery(filter=TaskFilter(statuses=frozenset({TaskStatus.PENDING, TaskStatus.COMPLETED})), limit=50),
        ]
        found, _ = await store.find("alice", first, NOW)
        queries.append(TaskQuery(sort=first.sort, limit=2, after=task_position(found[1], first.sort)))
        reader = PsycopgTaskReader(pool)
        for query in queries:
            assert await reader.find("alice", query, NOW) == await store.find("alice", query, NOW)
    assert (await reader.find("alice", queries[2], NOW))[1] == 7
    assert len((await reader.find("alice", queries[0], NOW))[0]) == 3  # limit + 1: another page follows


async def test_the_task_reader_reads_counted_totals_as_ints_whatever_the_in_lists(
    clean_db: AsyncEngine, pool: ReadPool
) -> None:
    """A status/priority total comes from task_counts (a sum, cast back to bigint); one statement per shape
    serves status lists of every length (an array parameter)."""
    from showbay.adapters.persistence.fast_reads import _psycopg_sql
    from showbay.adapters.persistence.tasks.queries import find_statements
    from showbay.adapters.persistence.tasks.store import TASK_COLUMNS
    from showbay.application.tasks.queries import TaskFilter, TaskQuery
    from showbay.domain.tasks import TaskStatus

    statuses = list(TaskStatus)
    async with AsyncSession(clean_db) as session:
        store = SqlaTaskStore(session)
        for n, status in enumerate(statuses * 3):
            await store.add(Task.create("alice", TaskDraft(f"t{n}", status=status, priority=TaskPriority.HIGH), NOW))
        await session.commit()
    reader = PsycopgTaskReader(pool)
    for size in (1, 2, 3, 1):
        spec = TaskFilter(statuses=frozenset(statuses[:size]), priorities=frozenset({TaskPriority.HIGH}))
        statements, values = find_statements("alice", TaskQuery(filter=spec), TASK_COLUMNS, NOW)
        assert statements.count is not None
        sql, constants = _psycopg_sql(statements.count)
        assert "task_counts" in sql
        async with pool.connection() as connection:
            row = await (await connection.execute(sql, constants | values)).fetchone()
        assert row is not None
        assert type(row[0]) is int
        assert row[0] == 3 * size
        assert (await reader.find("alice", TaskQuery(filter=spec), NOW))[1] == 3 * size
    nobody = await reader.find("nobody", TaskQuery(filter=TaskFilter(statuses=frozenset(statuses[:1]))), NOW)
    assert nobody == ([], 0)  # no counter rows: coalesce(sum, 0)
