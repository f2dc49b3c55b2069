"""A task created while JSONPlaceholder is down becomes ``ok`` by itself once it is back (no client call)."""

from __future__ import annotations

import asyncio

from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.bootstrap.app import create_app
from showbay.bootstrap.settings import Settings
from tests.conftest import TEST_JWT_SECRET
from tests.upstreams.jsonplaceholder import FakeUpstream, ok, status
from tests.upstreams.jsonplaceholder_data import todo


async def test_pending_enrichment_completes_in_the_background(
    database_url: str, clean_db: AsyncEngine, fake_upstream: FakeUpstream, alice: dict[str, str]
) -> None:
    settings = Settings(
        database_url=database_url,
        jwt_secret=TEST_JWT_SECRET,
        jsonplaceholder_url=fake_upstream.url,
        jsonplaceholder_cache_ttl=0,
        outbound_max_attempts=1,
        outbound_breaker_cooldown=0.2,
        task_enrichment_timeout=1.0,
        enrichment_retry_enabled=True,
        enrichment_retry_interval=0.05,
        enrichment_retry_backoff_initial=0.05,
        enrichment_retry_backoff_max=0.1,
    )
    fake_upstream.reply("/todos/7", status(503))
    async with AsyncTestClient(app=create_app(settings)) as client:
        created = await client.post("/api/v1/tasks", json={"title": "t", "external_id": 7}, headers=alice)
        assert created.json()["enrichment"]["status"] == "pending"
        await asyncio.sleep(0.3)  # a few background attempts fail
        failed_calls = fake_upstream.calls_to("/todos/7")
        fake_upstream.reply("/todos/7", ok(todo(7, completed=True)))

        enrichment = None
        for _ in range(100):  # bounded: 5 s
            task = (await client.get(f"/api/v1/tasks/{created.json()['id']}", headers=alice)).json()
            enrichment = task["enrichment"]
            if enrichment["status"] == "ok":
                break
            await asyncio.sleep(0.05)

    assert failed_calls >= 2, "the worker kept trying while the upstream was down"
    assert enrichment is not None
    assert enrichment["status"] == "ok"
    assert enrichment["data"]["completed"] is True
