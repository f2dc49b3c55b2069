"""The background enrichment retry against PostgreSQL and the local fake JSONPlaceholder."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from dishka import AsyncContainer, make_async_container
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.adapters.persistence.tables import tasks
from showbay.application.ports import TransactionManager
from showbay.application.tasks.ports import TaskStore
from showbay.application.tasks.use_cases import RetryOutcome, RetryPendingEnrichments, RetryRound
from showbay.bootstrap.providers import default_providers
from showbay.bootstrap.settings import Settings
from showbay.domain.tasks import Task, TaskDraft
from tests.conftest import TEST_JWT_SECRET
from tests.upstreams.jsonplaceholder import FakeUpstream, ok, slow, status
from tests.upstreams.jsonplaceholder_data import todo


def settings(database_url: str, upstream_url: str, **overrides: object) -> Settings:
    base: dict[str, object] = {
        "database_url": database_url,
        "jwt_secret": TEST_JWT_SECRET,
        "jsonplaceholder_url": upstream_url,
        "jsonplaceholder_cache_ttl": 0,
        "outbound_max_attempts": 1,
        "outbound_timeout": 2.0,
        "outbound_breaker_threshold": 2,
        "outbound_breaker_cooldown": 0.3,
        "enrichment_retry_batch_size": 3,
        "enrichment_retry_backoff_initial": 0.05,
        "enrichment_retry_backoff_max": 0.1,
    }
    return Settings(**{**base, **overrides})  # type: ignore[arg-type]


@pytest.fixture
async def container(
    database_url: str, clean_db: AsyncEngine, fake_upstream: FakeUpstream
) -> AsyncIterator[AsyncContainer]:
    container = make_async_container(*default_providers(settings(database_url, fake_upstream.url)))
    yield container
    await container.close()


async def add_pending(container: AsyncContainer, *external_ids: int) -> list[int]:
    ids = []
    async with container() as request:
        store = await request.get(TaskStore)
        for external_id in external_ids:
            draft = TaskDraft(f"task {external_id}", external_id=external_id)
            added = await store.add(Task.create("alice", draft, datetime.now(UTC)))
            assert added.id is not None
            ids.append(added.id)
        await (await request.get(TransactionManager)).commit()
    return ids


async def one_round(container: AsyncContainer) -> RetryRound:
    async with container() as request:
        return await (await request.get(RetryPendingEnrichments))()


async def statuses(engine: AsyncEngine) -> dict[int, str]:
    async with engine.connect() as connection:
        rows = (await connection.execute(select(tasks.c.id, tasks.c.enrichment_status))).all()
    return {row.id: row.enrichment_status for row in rows}


async def test_two_workers_never_enrich_the_same_task(
    container: AsyncContainer, fake_upstream: FakeUpstream, clean_db: AsyncEngine
) -> None:
    ids = await add_pending(container, *range(1, 7))
    for n in range(1, 7):
        fake_upstream.reply(f"/todos/{n}", slow(todo(n), 0.3))

    rounds = await asyncio.gather(one_round(container), one_round(container))

    assert sorted(r.claimed for r in rounds) == [3, 3], "each worker claimed its own three"
    assert [fake_upstream.calls_to(f"/todos/{n}") for n in range(1, 7)] == [1] * 6
    assert sum(r.outcomes[RetryOutcome.OK] for r in rounds) == 6
    assert await statuses(clean_db) == dict.fromkeys(ids, "ok")


async def test_a_pending_task_completes_once_the_upstream_recovers(
    container: AsyncContainer, fake_upstream: FakeUpstream, clean_db: AsyncEngine
) -> None:
    [task_id] = await add_pending(container, 7)
    fake_upstream.reply("/todos/7", status(503))

    first = await one_round(container)
    assert first.outcomes == {RetryOutcome.PENDING: 1}
    await asyncio.sleep(0.06)  # past the backoff
    assert (await one_round(container)).outcomes == {RetryOutcome.PENDING: 1}  # the breaker opens (threshold 2)
    await asyncio.sleep(0.12)
    skipped = await one_round(container)
    assert skipped.circuit_open
    assert skipped.claimed == 0
    calls_while_open = fake_upstream.calls_to("/todos/7")

    fake_upstream.reply("/todos/7", ok(todo(7, completed=True)))
    await asyncio.sleep(0.3)  # the breaker's cool-down
    recovered = await one_round(container)

    assert calls_while_open == 2
    assert recovered.outcomes == {RetryOutcome.OK: 1}
    assert await statuses(clean_db) == {task_id: "ok"}
    async with clean_db.connect() as connection:
        attempts = (await connection.execute(select(tasks.c.enrichment_attempts))).scalar_one()
    assert attempts == 0, "an answer resets the schedule"
