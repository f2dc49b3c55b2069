"""SqlaIdempotencyStore against PostgreSQL: the key lock across sessions, expiry, replacement and purge."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from dishka import make_async_container
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from showbay.adapters.persistence.database import create_session_factory
from showbay.adapters.persistence.idempotency.store import SqlaIdempotencyStore
from showbay.adapters.persistence.tables import idempotency_keys
from showbay.application.idempotency.keys import IdempotentRequest, RecordedResponse, StoredAnswer
from showbay.bootstrap.jobs.idempotency import IdempotencyPurgeJob
from showbay.bootstrap.providers import default_providers
from showbay.bootstrap.settings import Settings

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def answer(key: str, created: datetime = NOW, principal: str = "alice", body: bytes = b'{"id": 1}') -> StoredAnswer:
    request = IdempotentRequest(principal, key, "POST", "/api/v1/tasks", "a" * 64)
    response = RecordedResponse(201, {"location": "/api/v1/tasks/1", "etag": '"1-1"'}, body)
    return StoredAnswer(request, response, created, created + timedelta(hours=24))


@pytest.fixture
async def sessions(clean_db: AsyncEngine) -> AsyncIterator[tuple[AsyncSession, AsyncSession]]:
    factory = create_session_factory(clean_db)
    async with factory() as first, factory() as second:
        yield first, second


async def test_a_locked_key_is_refused_to_another_unit_of_work_until_it_ends(
    sessions: tuple[AsyncSession, AsyncSession],
) -> None:
    first, second = sessions
    assert await SqlaIdempotencyStore(first).lock("alice", "k")
    assert not await SqlaIdempotencyStore(second).lock("alice", "k")
    assert await SqlaIdempotencyStore(second).lock("bob", "k"), "keys are per principal"
    await second.rollback()
    await first.rollback()  # a rollback (or a dead connection) frees the key: never stuck in flight
    assert await SqlaIdempotencyStore(second).lock("alice", "k")


async def test_an_answer_is_found_until_it_expires_and_replaced_after(
    sessions: tuple[AsyncSession, AsyncSession],
) -> None:
    session, _ = sessions
    store = SqlaIdempotencyStore(session)
    await store.save(answer("k", body=b"\x00binary\xff"))
    await session.commit()

    found = await store.find("alice", "k", NOW + timedelta(hours=1))
    assert found is not None
    assert found.response == RecordedResponse(201, {"location": "/api/v1/tasks/1", "etag": '"1-1"'}, b"\x00binary\xff")
    assert await store.find("bob", "k", NOW) is None
    assert await store.find("alice", "k", NOW + timedelta(hours=24)) is None

    await store.save(answer("k", created=NOW + timedelta(days=2), body=b"new"))
    await session.commit()
    replaced = await store.find("alice", "k", NOW + timedelta(days=2, hours=1))
    assert replaced is not None
    assert replaced.response.body == b"new"


async def test_purge_deletes_only_expired_answers_in_batches(
    sessions: tuple[AsyncSession, AsyncSession], clean_db: AsyncEngine
) -> None:
    session, _ = sessions
    store = SqlaIdempotencyStore(session)
    for n in range(3):
        await store.save(answer(f"old-{n}"))
    await store.save(answer("fresh", created=NOW + timedelta(days=1)))
    await session.commit()

    later = NOW + timedelta(hours=25)
    assert await store.purge_expired(later, batch_size=2) == 2
    assert await store.purge_expired(later, batch_size=2) == 1
    assert await store.purge_expired(later, batch_size=2) == 0
    await session.commit()
    async with clean_db.connect() as connection:
        left = (await connection.execute(select(idempotency_keys.c.key))).scalars().all()
        total = (await connection.execute(select(func.count()).select_from(idempotency_keys))).scalar_one()
    assert (list(left), total) == (["fresh"], 1)


async def test_the_purge_job_deletes_expired_answers_in_its_own_scope(clean_db: AsyncEngine, database_url: str) -> None:
    factory = create_session_factory(clean_db)
    async with factory() as session:
        store = SqlaIdempotencyStore(session)
        await store.save(answer("expired", created=datetime.now(UTC) - timedelta(days=2)))
        await store.save(answer("live", created=datetime.now(UTC)))
        await session.commit()
    container = make_async_container(*default_providers(Settings(database_url=database_url)))
    try:
        job = IdempotencyPurgeJob(container, interval=60.0)
        assert await job.run_once() == 0.0, "it purged something: look again at once"
        assert await job.run_once() == 60.0, "nothing left: wait the interval"
    finally:
        await container.close()
    async with clean_db.connect() as connection:
        left = (await connection.execute(select(idempotency_keys.c.key))).scalars().all()
    assert list(left) == ["live"]
