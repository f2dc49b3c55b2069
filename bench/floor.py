"""The floor: the simplest service a developer could write for the benchmarked requests, measured beside showbay.

A bare Litestar app, one psycopg pool per worker (autocommit, psycopg's own prepared statements) and msgspec
Structs: each handler runs exactly the SQL showbay runs for the scenario (the same SELECT, the same
parameters) and encodes the row with the same fields. No authentication, rate limit, metrics, access line,
security headers, request id, dependency injection or problem details: what those cost is what
``x floor`` shows. The owner comes from the ``X-Floor-Owner`` header the bench adds (the floor has no
authentication to learn it from the token). Served by the same server (uvicorn), with the same worker count.

``uvicorn bench.floor:create_app --factory`` with ``FLOOR_DATABASE_URL`` (a libpq URL).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import msgspec
from litestar import Litestar, Request, get
from litestar.exceptions import NotFoundException
from psycopg.rows import tuple_row
from psycopg_pool import AsyncConnectionPool

OWNER_HEADER = "x-floor-owner"
POOL_SIZE, POOL_MAX = 10, 20  # showbay's pool_size 10 + max_overflow 10

_TASK_COLUMNS = (
    "id, owner_id, title, description, status, priority, due_date, created_at, updated_at, completed_at, version, "
    "tags, external_id, enrichment_status, enrichment_fetched_at, enrichment_data, deleted_at"
)
# The statements showbay's adapters send (SqlaTaskReader.get, SqlaItemReader.get, SqlaTaskStore.find).
TASK_GET = f"SELECT {_TASK_COLUMNS} FROM tasks WHERE id = %s AND owner_id = %s AND deleted_at IS NULL"
ITEM_GET = (
    "SELECT id, owner_id, title, description, external_ref, external_data, external_fetched_at, created_at, "
    "updated_at, version FROM items WHERE id = %s AND owner_id = %s"
)
TASK_PAGE = (
    f"SELECT {_TASK_COLUMNS} FROM tasks WHERE owner_id = %s AND deleted_at IS NULL AND status = ANY(%s) "
    "AND priority = ANY(%s) ORDER BY due_sort DESC, id DESC LIMIT %s"
)
# A status + priority total is read from the counters the triggers of migration 0010 keep (queries.count_statement).
TASK_COUNT = (
    "SELECT CAST(coalesce(sum(n), 0) AS BIGINT) FROM task_counts WHERE owner_id = %s AND status = ANY(%s) "
    "AND priority = ANY(%s)"
)


class Enrichment(msgspec.Struct):
    status: str
    fetched_at: datetime | None
    data: Any


class Task(msgspec.Struct):
    id: int
    title: str
    description: str | None
    status: str
    priority: str
    due_date: datetime | None
    tags: list[str]
    external_id: int | None
    enrichment: Enrichment | None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    version: int


class Item(msgspec.Struct):
    id: int
    title: str
    description: str | None
    external_ref: int | None
    external_data: Any
    external_fetched_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class Pagination(msgspec.Struct):
    limit: int
    offset: int | None
    total: int | None
    next_cursor: str | None


class TaskList(msgspec.Struct):
    data: list[Task]
    pagination: Pagination


def _task(row: tuple[Any, ...]) -> Task:
    enrichment = None if row[13] is None else Enrichment(row[13], row[14], row[15])
    return Task(row[0], row[2], row[3], row[4], row[5], row[6], row[11], row[12], enrichment, *row[7:11])


def _pool(request: Request[Any, Any, Any]) -> AsyncConnectionPool:
    pool: AsyncConnectionPool = request.app.state.pool
    return pool


@get("/api/v1/tasks/{task_id:int}")
async def task_get(request: Request[Any, Any, Any], task_id: int) -> Task:
    async with _pool(request).connection() as connection:
        cursor = await connection.execute(TASK_GET, (task_id, request.headers.get(OWNER_HEADER, "")))
        row = await cursor.fetchone()
    if row is None:
        raise NotFoundException()
    return _task(row)


@get("/api/v1/items/{item_id:int}")
async def item_get(request: Request[Any, Any, Any], item_id: int) -> Item:
    async with _pool(request).connection() as connection:
        cursor = await connection.execute(ITEM_GET, (item_id, request.headers.get(OWNER_HEADER, "")))
        row = await cursor.fetchone()
    if row is None:
        raise NotFoundException()
    return Item(row[0], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9])


@get("/api/v1/tasks")
async def task_list(request: Request[Any, Any, Any], status: str, priority: str, limit: int = 20) -> TaskList:
    """The first page of one status + priority filter, sorted by ``-due_date``, with its exact total."""
    params = (request.headers.get(OWNER_HEADER, ""), [status], [priority])
    async with _pool(request).connection() as connection:
        rows = await (await connection.execute(TASK_PAGE, (*params, limit + 1))).fetchall()
        total_row = await (await connection.execute(TASK_COUNT, params)).fetchone()
    total = int(total_row[0]) if total_row else 0
    return TaskList([_task(row) for row in rows[:limit]], Pagination(limit, 0, total, None))


@asynccontextmanager
async def _lifespan(app: Litestar) -> AsyncIterator[None]:
    url = os.environ["FLOOR_DATABASE_URL"]
    kwargs = {"autocommit": True, "row_factory": tuple_row}
    async with AsyncConnectionPool(url, min_size=POOL_SIZE, max_size=POOL_MAX, kwargs=kwargs, open=False) as pool:
        await pool.wait()
        app.state.pool = pool
        yield


@get("/ready")
async def ready() -> dict[str, str]:
    return {"status": "ready"}


def create_app() -> Litestar:
    return Litestar([task_get, item_get, task_list, ready], lifespan=[_lifespan], logging_config=None, debug=False)
