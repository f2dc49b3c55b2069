"""Database faults end as DatabaseUnavailable at the persistence boundary; a connection the server closed is
replaced at checkout, before a statement is sent on it."""

from __future__ import annotations

import asyncio
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from showbay.adapters.persistence.database import create_engine
from showbay.application.errors import DatabaseUnavailable
from tests.redis_server import free_port


async def backend_pid(connection: AsyncConnection) -> int:
    return int((await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def terminate(admin: AsyncEngine, pid: int) -> None:
    async with admin.connect() as connection:
        assert (await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})).scalar_one()
    await asyncio.sleep(0.05)  # the FATAL message and the close reach our socket


async def test_connection_refused_is_database_unavailable() -> None:
    engine = create_engine(f"postgresql://svc:pw@127.0.0.1:{free_port()}/nowhere", connect_timeout=1)
    try:
        with pytest.raises(DatabaseUnavailable):
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
    finally:
        await engine.dispose()


async def test_an_exhausted_pool_is_database_unavailable_after_the_pool_timeout(database_url: str) -> None:
    engine = create_engine(database_url, pool_size=1, max_overflow=0, pool_timeout=0.2)
    try:
        async with engine.connect() as held:
            await held.execute(text("SELECT 1"))
            with pytest.raises(DatabaseUnavailable, match="no database connection became free"):
                async with engine.connect() as second:
                    await second.execute(text("SELECT 1"))
    finally:
        await engine.dispose()


async def test_a_pooled_connection_closed_by_the_server_is_replaced_before_use(
    database_url: str, engine: AsyncEngine
) -> None:
    pooled = create_engine(database_url, pool_size=1, max_overflow=0)
    try:
        async with pooled.connect() as connection:
            first = await backend_pid(connection)
        await terminate(engine, first)  # as a restart does to every idle pooled connection
        async with pooled.connect() as connection:
            second = await backend_pid(connection)  # no error: the checkout found the dead socket
        assert second != first
    finally:
        await pooled.dispose()


async def test_a_connection_broken_mid_request_is_unavailable_and_invalidates_the_pool(
    database_url: str, engine: AsyncEngine
) -> None:
    pooled = create_engine(database_url, pool_size=2, max_overflow=0)
    try:
        async with pooled.connect() as connection:
            busy_pid = await backend_pid(connection)
            async with pooled.connect() as idle:
                idle_pid = await backend_pid(idle)
            # The idle one is back in the pool, alive; the busy one dies while in use.
            await terminate(engine, busy_pid)
            with pytest.raises(DatabaseUnavailable):
                await connection.execute(text("SELECT 1"))
        # The first disconnect invalidated the pool: the connection that was idle in it is not reused either.
        async with pooled.connect() as connection:
            assert await backend_pid(connection) not in (idle_pid, busy_pid)
    finally:
        await pooled.dispose()


async def test_a_bad_statement_is_not_mistaken_for_an_outage(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        with pytest.raises(ProgrammingError, match="no_such_table") as raised:
            await connection.execute(text("SELECT * FROM no_such_table"))
    assert not isinstance(raised.value, DatabaseUnavailable)


async def test_an_unreachable_host_is_database_unavailable_within_the_connect_timeout() -> None:
    engine = create_engine("postgresql://svc:pw@192.0.2.1:5432/nowhere", connect_timeout=1)  # TEST-NET-1
    started = time.monotonic()
    try:
        with pytest.raises(DatabaseUnavailable):
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
    finally:
        await engine.dispose()
    assert time.monotonic() - started < 5
