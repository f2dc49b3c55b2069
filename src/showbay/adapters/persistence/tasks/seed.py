"""Bulk-load realistic tasks with PostgreSQL COPY (for benchmarks and EXPLAIN checks)."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta

import psycopg
from psycopg import sql
from psycopg.copy import QueuedLibpqWriter

from showbay.adapters.persistence.database import to_async_url

VERBS = ["Write", "Review", "Fix", "Plan", "Call", "Buy", "Email", "Book", "Clean", "Prepare", "Update", "Check"]
OBJECTS = [
    "quarterly report", "invoice", "dentist", "groceries", "release notes", "bike", "garden", "tax return",
    "team meeting", "flight", "database backup", "birthday gift", "car service", "onboarding docs", "budget",
]  # fmt: skip
DETAILS = [
    "before the deadline", "with the new template", "ask for a quote first", "see the shared folder",
    "needs two approvals", "low effort", "blocked on feedback", "remember the receipts", "",
]  # fmt: skip
TAGS = ["home", "work", "urgent", "errand", "finance", "health", "travel", "family", "later", "waiting"]
STATUSES = ["pending"] * 5 + ["in_progress"] * 2 + ["completed"] * 3
PRIORITIES = ["low"] * 3 + ["medium"] * 5 + ["high"] * 2
NULL = r"\N"
COLUMNS = (
    "owner_id, title, description, status, priority, due_date, tags, created_at, updated_at, completed_at, version"
)


def _rows(count: int, owners: Sequence[str], seed: int, now: datetime) -> Iterator[str]:
    rng = random.Random(seed)  # noqa: S311 - sample data, not secrets
    year = 365 * 24 * 3600
    for _ in range(count):
        created = now - timedelta(seconds=rng.randrange(year))
        updated = created + timedelta(seconds=rng.randrange(30 * 24 * 3600))
        updated = min(updated, now)
        status = rng.choice(STATUSES)
        completed = updated.isoformat() if status == "completed" else NULL
        due = (created + timedelta(days=rng.randrange(-5, 60))).isoformat() if rng.random() < 0.7 else NULL
        detail = rng.choice(DETAILS) or NULL
        tags = ",".join(rng.sample(TAGS, rng.choice((0, 1, 1, 2, 2, 3))))
        yield (
            f"{rng.choice(owners)}\t{rng.choice(VERBS)} {rng.choice(OBJECTS)}\t{detail}\t{status}\t"
            f"{rng.choice(PRIORITIES)}\t{due}\t{{{tags}}}\t{created.isoformat()}\t{updated.isoformat()}\t"
            f"{completed}\t1\n"
        )


def seed_tasks(database_url: str, count: int, owners: Sequence[str], *, seed: int = 1, chunk_rows: int = 20_000) -> int:
    """Insert ``count`` tasks spread over ``owners`` in one transaction; return how many went in.

    Like any bulk load, it drops the secondary indexes, copies, and builds them again (sorting once is far
    cheaper than a million index insertions); the transaction makes it all-or-nothing, and it holds an
    exclusive lock on ``tasks`` while it runs.
    """
    if count < 0 or not owners:
        raise ValueError("count must not be negative and at least one owner is needed")
    url = to_async_url(database_url).replace("postgresql+psycopg://", "postgresql://", 1)
    now = datetime.now(UTC)
    with psycopg.connect(url) as connection:
        connection.execute("SET LOCAL maintenance_work_mem = '256MB'")
        indexes = _drop_secondary_indexes(connection)
        # The queued writer sends in a thread while this one formats rows: generation and loading overlap.
        cursor = connection.cursor()
        with cursor.copy(f"COPY tasks ({COLUMNS}) FROM STDIN", writer=QueuedLibpqWriter(cursor)) as copy:
            chunk: list[str] = []
            for row in _rows(count, owners, seed, now):
                chunk.append(row)
                if len(chunk) >= chunk_rows:
                    copy.write("".join(chunk))
                    chunk.clear()
            if chunk:
                copy.write("".join(chunk))
        for definition in indexes:
            connection.execute(definition)  # definitions straight from pg_indexes
        connection.commit()
        # VACUUM, not only ANALYZE: it sets the visibility map, which index-only scans (the list's COUNT) need.
        connection.autocommit = True
        connection.execute("VACUUM (ANALYZE) tasks")
    return count


def _drop_secondary_indexes(connection: psycopg.Connection[tuple[str, str, str]]) -> list[str]:
    """Drop every index of ``tasks`` that backs no constraint; return the statements that rebuild them."""
    rows = connection.execute(
        """
        SELECT n.nspname, r.relname, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        JOIN pg_class r ON r.oid = i.indexrelid
        JOIN pg_namespace n ON n.oid = r.relnamespace
        LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid
        WHERE i.indrelid = 'tasks'::regclass AND c.oid IS NULL
        """
    ).fetchall()
    for schema, name, _ in rows:
        connection.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(schema, name)))
    return [definition for _, _, definition in rows]
