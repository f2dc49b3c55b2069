"""task_counts (migration 0010) on PostgreSQL: after every kind of write the counters equal a real COUNT.

The triggers on ``tasks`` are the only writers of ``task_counts``; each test writes tasks one way (the store the
API uses, bulk SQL, COPY, TRUNCATE, concurrent connections) and compares the counters with a GROUP BY.
"""

from __future__ import annotations

import asyncio
import random
import time
from datetime import UTC, datetime, timedelta

import psycopg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from showbay.adapters.persistence.fast_reads import libpq_url
from showbay.adapters.persistence.tasks.seed import seed_tasks
from showbay.adapters.persistence.tasks.store import SqlaTaskStore
from showbay.application.tasks.queries import TaskFilter, TaskQuery
from showbay.domain.tasks import Task, TaskDraft, TaskPriority, TaskStatus

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
Counts = dict[tuple[str, str, str], int]

COUNTERS = (
    "SELECT owner_id, status, priority, sum(n) FROM task_counts GROUP BY owner_id, status, priority HAVING sum(n) <> 0"
)
REAL = (
    "SELECT owner_id, status, priority, count(*) FROM tasks WHERE deleted_at IS NULL "
    "GROUP BY owner_id, status, priority"
)


async def _exact(engine: AsyncEngine) -> Counts:
    """The counters (each the sum of its stripes), checked against a real count (zero sums aside); a negative sum
    fails too."""
    async with engine.connect() as connection:
        counters = {(o, s, p): n for o, s, p, n in (await connection.execute(text(COUNTERS))).all()}
        real = {(o, s, p): n for o, s, p, n in (await connection.execute(text(REAL))).all()}
    assert counters == real
    return real


async def test_every_change_the_store_makes_is_counted(clean_db: AsyncEngine) -> None:
    async with AsyncSession(clean_db) as session:
        store = SqlaTaskStore(session)
        added = [
            await store.add(Task.create(owner, TaskDraft(f"t{i}", status=status, priority=priority), NOW))
            for i, (owner, status, priority) in enumerate(
                (owner, status, priority)
                for owner in ("alice", "bob")
                for status in TaskStatus
                for priority in TaskPriority
            )
        ]
        await session.commit()
        assert await _exact(clean_db) == {(t.owner_id, t.status.value, t.priority.value): 1 for t in added}

        first, second, third = added[0], added[1], added[2]
        first.replace(TaskDraft(first.title, status=TaskStatus.IN_PROGRESS, priority=TaskPriority.HIGH), NOW)
        await store.save(first, first.version - 1)  # status and priority change
        second.delete(NOW)
        await store.save(second, second.version - 1)  # soft delete
        third.delete(NOW)
        await store.save(third, third.version - 1)
        await session.commit()
        counts = await _exact(clean_db)
        assert counts[("alice", "in_progress", "high")] == 2
        assert ("alice", "pending", "medium") not in counts

        third.restore(NOW)
        await store.save(third, third.version - 1)
        await session.commit()
        assert ("alice", third.status.value, third.priority.value) in await _exact(clean_db)

        # The purge job (a hard DELETE of soft-deleted rows) changes nothing live; a DELETE of live rows does.
        assert await store.purge_deleted(NOW + timedelta(days=1), 100) == 1
        await session.commit()
        await _exact(clean_db)
        await session.execute(text("DELETE FROM tasks WHERE owner_id = 'bob' AND priority = 'low'"))
        await session.commit()
        counts = await _exact(clean_db)
        assert not any(owner == "bob" and priority == "low" for owner, _, priority in counts)


async def test_a_rolled_back_write_leaves_the_counters_as_they_were(clean_db: AsyncEngine) -> None:
    async with AsyncSession(clean_db) as session:
        await SqlaTaskStore(session).add(Task.create("alice", TaskDraft("kept"), NOW))
        await session.commit()
        await SqlaTaskStore(session).add(Task.create("alice", TaskDraft("undone"), NOW))
        await session.rollback()
    assert await _exact(clean_db) == {("alice", "pending", "medium"): 1}


async def test_bulk_sql_statements_are_counted(clean_db: AsyncEngine) -> None:
    async with clean_db.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO tasks (owner_id, title, status, priority, completed_at) "
                "SELECT 'owner-' || (g % 3), 'bulk ' || g, s, p, CASE WHEN s = 'completed' THEN now() END "
                "FROM generate_series(1, 3000) AS g, "
                "LATERAL (SELECT (ARRAY['pending', 'in_progress', 'completed'])[g % 3 + 1] AS s, "
                "(ARRAY['low', 'medium', 'high'])[(g / 3) % 3 + 1] AS p) AS v"
            )
        )
    await _exact(clean_db)
    statements = [
        # one UPDATE moving rows between statuses and priorities (each row leaves one counter, enters another)
        "UPDATE tasks SET status = 'completed', completed_at = now(), priority = 'high' "
        "WHERE status = 'pending' AND id % 2 = 0",
        "UPDATE tasks SET deleted_at = now() WHERE id % 5 = 0",  # soft delete
        "UPDATE tasks SET deleted_at = NULL WHERE id % 10 = 0",  # restore half of them
        "UPDATE tasks SET owner_id = 'owner-9' WHERE owner_id = 'owner-1' AND id % 2 = 0",  # another owner
        "DELETE FROM tasks WHERE deleted_at IS NOT NULL AND id % 2 = 1",  # purge
        "DELETE FROM tasks WHERE priority = 'low' AND id % 7 = 0",  # live rows
    ]
    for statement in statements:
        async with clean_db.begin() as connection:
            assert (await connection.execute(text(statement))).rowcount > 0, statement
        await _exact(clean_db)


async def test_an_update_of_other_columns_touches_no_counter(clean_db: AsyncEngine) -> None:
    """Enrichment, titles, tags: no delta, so no counter row is written (or locked) by such an UPDATE."""
    async with clean_db.begin() as connection:
        await connection.execute(text("INSERT INTO tasks (owner_id, title) VALUES ('alice', 'a'), ('alice', 'b')"))
    versions = "SELECT owner_id, status, priority, stripe, xmin::text FROM task_counts ORDER BY 1, 2, 3, 4"
    async with clean_db.connect() as connection:
        before = (await connection.execute(text(versions))).all()
    async with clean_db.begin() as connection:
        await connection.execute(text("UPDATE tasks SET title = title || '!', tags = '{x}', version = version + 1"))
    async with clean_db.connect() as connection:
        assert (await connection.execute(text(versions))).all() == before


async def test_copy_of_the_seeder_is_counted(clean_db: AsyncEngine, database_url: str) -> None:
    async with clean_db.begin() as connection:
        await connection.execute(text("INSERT INTO tasks (owner_id, title) VALUES ('alice', 'before the copy')"))
    seed_tasks(database_url, 5_000, ["alice", "bob"], seed=11)
    counts = await _exact(clean_db)
    assert sum(counts.values()) == 5_001


async def test_truncate_empties_the_counters(clean_db: AsyncEngine) -> None:
    async with clean_db.begin() as connection:
        await connection.execute(text("INSERT INTO tasks (owner_id, title) VALUES ('alice', 'a'), ('bob', 'b')"))
        await connection.execute(text("TRUNCATE tasks"))
    async with clean_db.connect() as connection:
        assert (await connection.execute(text("SELECT count(*) FROM task_counts"))).scalar_one() == 0
    async with clean_db.begin() as connection:  # both tables in one TRUNCATE (as the test fixtures do) works too
        await connection.execute(text("INSERT INTO tasks (owner_id, title) VALUES ('alice', 'a')"))
        await connection.execute(text("TRUNCATE tasks, task_counts RESTART IDENTITY"))
        await connection.execute(text("INSERT INTO tasks (owner_id, title) VALUES ('alice', 'b')"))
    assert await _exact(clean_db) == {("alice", "pending", "medium"): 1}


async def test_writers_on_two_connections_add_to_two_stripes_of_one_counter(
    clean_db: AsyncEngine, database_url: str
) -> None:
    """Each connection counts in its own stripe, so two open transactions creating the same owner's task with the
    same status and priority do not wait for each other's commit; the sum is the counter."""
    insert = "INSERT INTO tasks (owner_id, title) VALUES ('alice', 'x')"
    first = await psycopg.AsyncConnection.connect(libpq_url(database_url))
    second = await psycopg.AsyncConnection.connect(libpq_url(database_url))
    while second.info.backend_pid % 16 == first.info.backend_pid % 16:  # one in 16: the same stripe
        await second.close()
        second = await psycopg.AsyncConnection.connect(libpq_url(database_url))
    async with first, second:
        await first.execute(insert)  # its transaction stays open: it holds its stripe row
        await asyncio.wait_for(second.execute(insert), timeout=5)  # no wait on the first one's row
        await second.commit()
        await first.commit()
        pids = {first.info.backend_pid % 16, second.info.backend_pid % 16}
    async with clean_db.connect() as connection:
        rows = (await connection.execute(text("SELECT stripe, n FROM task_counts"))).all()
    assert {stripe for stripe, _ in rows} == pids
    assert await _exact(clean_db) == {("alice", "pending", "medium"): 2}


STATUSES = [s.value for s in TaskStatus]
PRIORITIES = [p.value for p in TaskPriority]
SET_STATUS = (
    "UPDATE tasks SET status = %(s)s::text, priority = %(p)s::text, "
    "completed_at = CASE WHEN %(s)s::text = 'completed' THEN now() END WHERE id = ANY(%(ids)s)"
)


async def _writer(url: str, number: int, deadline: float, shared: list[int]) -> int:
    """Single-statement writes of one owner's tasks in autocommit, as the API makes them, for ``deadline``.

    Multi-row changes touch only this writer's own rows (two UPDATEs locking the same task rows in different
    orders could deadlock on the tasks themselves, counters or not); single-row ones any row of the owner.
    """
    rng = random.Random(number)
    mine: list[int] = []
    writes = 0
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as connection:
        while time.monotonic() < deadline:
            status, priority = rng.choice(STATUSES), rng.choice(PRIORITIES)
            choice = rng.random()
            if choice < 0.3 or len(mine) < 5:
                cursor = await connection.execute(
                    "INSERT INTO tasks (owner_id, title, status, priority, completed_at) SELECT 'alice', 'w' || g, "
                    "%(s)s::text, %(p)s::text, CASE WHEN %(s)s::text = 'completed' THEN now() END "
                    "FROM generate_series(1, %(n)s) AS g RETURNING id",
                    {"s": status, "p": priority, "n": rng.randint(1, 5)},
                )
                ids = [row[0] for row in await cursor.fetchall()]
                mine += ids
                shared += ids
            elif choice < 0.5:
                await connection.execute(SET_STATUS, {"s": status, "p": priority, "ids": rng.sample(mine, 3)})
            elif choice < 0.7:
                await connection.execute(SET_STATUS, {"s": status, "p": priority, "ids": [rng.choice(shared)]})
            elif choice < 0.85:
                await connection.execute(  # soft delete (mostly) or restore
                    "UPDATE tasks SET deleted_at = CASE WHEN %s THEN now() END WHERE id = %s",
                    [rng.random() < 0.6, rng.choice(shared)],
                )
            else:
                await connection.execute("DELETE FROM tasks WHERE id = %s", [mine.pop(rng.randrange(len(mine)))])
            writes += 1
    return writes


async def test_concurrent_writers_of_one_owner_neither_deadlock_nor_drift(
    clean_db: AsyncEngine, database_url: str
) -> None:
    shared: list[int] = []
    deadline = time.monotonic() + 3
    writes = await asyncio.gather(*(_writer(libpq_url(database_url), n, deadline, shared) for n in range(8)))
    assert min(writes) > 10, writes
    counts = await _exact(clean_db)
    assert sum(counts.values()) > 0
    async with AsyncSession(clean_db) as session:  # and the list's total, read from the counters, agrees
        for spec in (TaskFilter(), TaskFilter(statuses=frozenset({TaskStatus.PENDING}))):
            _, total = await SqlaTaskStore(session).find("alice", TaskQuery(filter=spec, limit=1), NOW)
            assert total == sum(n for (_, s, _), n in counts.items() if not spec.statuses or s == "pending")
