"""ReadEngine (replica or read-only primary) and the pool gauges, against the real PostgreSQL."""

from __future__ import annotations

import asyncio

import pytest
from dishka import make_async_container
from prometheus_client import REGISTRY
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from showbay.adapters.observability.db_pool import InstrumentedAsyncPool
from showbay.adapters.persistence.database import ReadEngine, create_engine
from showbay.bootstrap.providers import default_providers
from showbay.bootstrap.settings import Settings
from tests.conftest import TEST_JWT_SECRET


def gauge(name: str, **labels: str) -> float | None:
    return REGISTRY.get_sample_value(name, labels)


async def transaction_read_only(connection: AsyncConnection) -> str:
    return str((await connection.execute(text("SHOW transaction_read_only"))).scalar_one())


async def test_read_engine_falls_back_to_the_primary_read_only(database_url: str, clean_db: AsyncEngine) -> None:
    container = make_async_container(
        *default_providers(Settings(database_url=database_url, jwt_secret=TEST_JWT_SECRET))
    )
    try:
        read_engine, engine = await container.get(ReadEngine), await container.get(AsyncEngine)
        assert read_engine.sync_engine.pool is engine.sync_engine.pool
        async with read_engine.connect() as reader, engine.connect() as writer:
            assert await transaction_read_only(reader) == "on"
            assert await transaction_read_only(writer) == "off"
            with pytest.raises(DBAPIError, match="read-only transaction"):
                await reader.execute(text("INSERT INTO tasks (owner_id, title) VALUES ('alice', 'nope')"))
    finally:
        await container.close()
    async with clean_db.connect() as connection:
        assert (await connection.execute(text("SELECT count(*) FROM tasks"))).scalar_one() == 0


async def test_replica_url_gets_its_own_read_only_pool(database_url: str) -> None:
    settings = Settings(database_url=database_url, database_replica_url=database_url, jwt_secret=TEST_JWT_SECRET)
    container = make_async_container(*default_providers(settings))
    try:
        replica = await container.get(ReadEngine)
        assert replica.sync_engine.pool is not (await container.get(AsyncEngine)).sync_engine.pool
        async with replica.connect() as reader:
            assert await transaction_read_only(reader) == "on"
            assert gauge("showbay_db_pool_connections", pool="replica", state="in_use") == 1
        assert gauge("showbay_db_pool_connections", pool="replica", state="idle") == 1
    finally:
        await container.close()
    assert gauge("showbay_db_pool_connections", pool="replica", state="idle") == 0


async def test_pool_gauges_show_in_use_idle_and_waiting(database_url: str) -> None:
    engine = create_engine(
        database_url, pool_size=1, max_overflow=0, name="gauge-test", poolclass=InstrumentedAsyncPool
    )
    try:
        assert gauge("showbay_db_pool_capacity", pool="gauge-test") == 1
        holder = await engine.connect()
        assert gauge("showbay_db_pool_connections", pool="gauge-test", state="in_use") == 1
        assert gauge("showbay_db_pool_connections", pool="gauge-test", state="idle") == 0

        async def second_checkout() -> None:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))

        waiter = asyncio.create_task(second_checkout())
        for _ in range(200):
            if gauge("showbay_db_pool_waiting", pool="gauge-test") == 1:
                break
            await asyncio.sleep(0.01)
        assert gauge("showbay_db_pool_waiting", pool="gauge-test") == 1
        await holder.close()
        await waiter
        assert gauge("showbay_db_pool_waiting", pool="gauge-test") == 0
        assert gauge("showbay_db_pool_connections", pool="gauge-test", state="in_use") == 0
        assert gauge("showbay_db_pool_connections", pool="gauge-test", state="idle") == 1
    finally:
        await engine.dispose()
