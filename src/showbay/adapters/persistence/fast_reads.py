"""The reads of the hot path on psycopg directly, without SQLAlchemy: GET a task, GET an item, a page of tasks.

Measured on the same SELECT (docs/performance.md, optimization 6): SQLAlchemy's async engine costs ~0.6 ms
of CPU per lookup (a pool checkout and return through greenlets, the isolation-level switch, the statement's
cache key, the result proxy) against ~0.15 ms on a psycopg pool. The statements are built from the table
definitions and compiled once (the single-row ones at import, a list's once per shape: ``tasks/queries.py``);
the rows become entities through the stores' own mappers.

The pool holds autocommit connections (one round trip per read, no BEGIN/ROLLBACK; a list's page and count are
pipelined) and lets psycopg prepare each statement server-side after its first uses. Rows come as tuples, named
by the statement's own column list (psycopg's dict_row asks the result for its column names on every execute).
Writes keep their unit of work on the SQLAlchemy engine.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from functools import lru_cache
from typing import Any, NewType

import psycopg
from psycopg import AsyncConnection
from psycopg.rows import TupleRow, tuple_row
from psycopg_pool import AsyncConnectionPool, PoolTimeout
from sqlalchemy import Select, bindparam, select
from sqlalchemy.dialects.postgresql.psycopg import dialect as psycopg_dialect

from showbay.adapters.persistence.availability import is_unavailable_driver_error
from showbay.adapters.persistence.items.store import item_from_row
from showbay.adapters.persistence.tables import items, tasks
from showbay.adapters.persistence.tasks.queries import find_statements
from showbay.adapters.persistence.tasks.store import TASK_COLUMNS, task_from_row
from showbay.adapters.persistence.utc_timestamps import write_timestamps_in_utc
from showbay.application.errors import DatabaseUnavailable
from showbay.application.tasks.queries import TaskQuery
from showbay.domain.items import Item
from showbay.domain.tasks import Task

ReadPool = NewType("ReadPool", "AsyncConnectionPool[AsyncConnection[TupleRow]]")
"""psycopg connections in autocommit mode on the primary, for the single-statement reads below."""


Compiled = tuple[str, dict[str, Any]]


@lru_cache(maxsize=2048)  # the two single-row reads, and one entry per list statement (cached per shape)
def _psycopg_sql(statement: Select[Any]) -> Compiled:
    """``statement`` as psycopg SQL with named ``%(name)s`` parameters, compiled once, and the values of the
    parameters the statement itself holds (its constants: ``coalesce(sum(n), 0)``'s 0, a status literal)."""
    compiled = statement.compile(dialect=psycopg_dialect())  # type: ignore[no-untyped-call]
    constants = {name: bound.effective_value for name, bound in compiled.binds.items() if not bound.required}
    return str(compiled), constants


TASK_BY_ID = _psycopg_sql(
    select(*TASK_COLUMNS).where(
        tasks.c.id == bindparam("id"), tasks.c.owner_id == bindparam("owner_id"), tasks.c.deleted_at.is_(None)
    )
)
TASK_FIELDS = tuple(column.name for column in TASK_COLUMNS)  # the order of TASK_BY_ID's columns
ITEM_FIELDS = tuple(column.name for column in items.c)
ITEM_BY_ID = _psycopg_sql(select(items).where(items.c.id == bindparam("id"), items.c.owner_id == bindparam("owner_id")))


def libpq_url(url: str) -> str:
    """``postgresql+psycopg://…`` (SQLAlchemy's form) → ``postgresql://…`` (libpq's)."""
    scheme, separator, rest = url.partition("://")
    return ("postgresql" if scheme.startswith("postgres") else scheme) + separator + rest


@asynccontextmanager
async def open_read_pool(
    url: str,
    max_size: int,
    configure: Callable[[AsyncConnection[TupleRow]], Awaitable[None]] | None = None,
    *,
    checkout_timeout: float = 5.0,
    connect_timeout: float = 5.0,
) -> AsyncIterator[ReadPool]:
    """A pool that opens its first connection in the background: the service starts even when the database
    is down (``/ready`` reports it), and a lost connection is replaced on its next checkout. ``configure``
    runs on each new connection (tracing instruments them)."""
    write_timestamps_in_utc()
    pool: AsyncConnectionPool[AsyncConnection[TupleRow]] = AsyncConnectionPool(
        libpq_url(url),
        min_size=1,
        max_size=max(1, max_size),
        kwargs={"autocommit": True, "row_factory": tuple_row, "connect_timeout": max(1, round(connect_timeout))},
        timeout=checkout_timeout,  # DB_POOL_TIMEOUT, as the SQLAlchemy pool: then 503 database_unavailable
        name="primary-reads",
        configure=configure,
        open=False,
    )
    await pool.open(wait=False)
    try:
        yield ReadPool(pool)
    finally:
        await pool.close()


async def _run(pool: ReadPool, read: Callable[[AsyncConnection[TupleRow]], Awaitable[Any]]) -> Any:
    """``read`` on a pooled connection; a connection a restart broke is dropped and the read (SELECTs only: safe
    to repeat) tried once more on a fresh one. The database down, refusing or no connection free in time:
    ``DatabaseUnavailable``."""
    for attempt in (1, 2):
        try:
            async with pool.connection() as connection:
                try:
                    return await read(connection)
                except psycopg.OperationalError as error:
                    if not is_unavailable_driver_error(error, connection):
                        raise
                    if attempt == 2 or not connection.broken:
                        raise DatabaseUnavailable() from error
        except PoolTimeout as timeout:
            raise DatabaseUnavailable() from timeout
        except psycopg.OperationalError as error:  # the pool could not connect at all
            raise DatabaseUnavailable() from error
    raise AssertionError("unreachable")  # pragma: no cover


async def _one(pool: ReadPool, statement: Compiled, params: dict[str, Any]) -> TupleRow | None:
    sql, constants = statement

    async def read(connection: AsyncConnection[TupleRow]) -> TupleRow | None:
        return await (await connection.execute(sql, constants | params)).fetchone()

    row: TupleRow | None = await _run(pool, read)
    return row


class PsycopgTaskReader:
    """TaskReader on the read pool: one round trip, the SQL built once."""

    def __init__(self, pool: ReadPool) -> None:
        self._pool = pool

    async def get(self, owner_id: str, task_id: int) -> Task | None:
        row = await _one(self._pool, TASK_BY_ID, {"id": task_id, "owner_id": owner_id})
        return None if row is None else task_from_row(dict(zip(TASK_FIELDS, row, strict=True)))

    async def find(self, owner_id: str, query: TaskQuery, now: datetime) -> tuple[list[Task], int | None]:
        """The statements of ``SqlaTaskStore.find``: the page and (offset pages) the count, pipelined on one
        connection in one round trip, in autocommit (no BEGIN/ROLLBACK around them)."""
        statements, values = find_statements(owner_id, query, TASK_COLUMNS, now)
        page_sql, page_constants = _psycopg_sql(statements.page)
        counted = None if statements.count is None else _psycopg_sql(statements.count)

        async def read(connection: AsyncConnection[TupleRow]) -> tuple[list[TupleRow], int | None]:
            async with connection.pipeline():
                page_cursor = await connection.execute(page_sql, page_constants | values)
                count_cursor = None
                if counted is not None:
                    count_cursor = await connection.execute(counted[0], counted[1] | values)
            rows = await page_cursor.fetchall()
            total_row = None if count_cursor is None else await count_cursor.fetchone()
            return rows, None if total_row is None else int(total_row[0])

        rows, total = await _run(self._pool, read)
        return [task_from_row(dict(zip(TASK_FIELDS, row, strict=True))) for row in rows], total


class PsycopgItemReader:
    """ItemReader on the read pool: one round trip, the SQL built once."""

    def __init__(self, pool: ReadPool) -> None:
        self._pool = pool

    async def get(self, owner_id: str, item_id: int) -> Item | None:
        row = await _one(self._pool, ITEM_BY_ID, {"id": item_id, "owner_id": owner_id})
        return None if row is None else item_from_row(dict(zip(ITEM_FIELDS, row, strict=True)))
