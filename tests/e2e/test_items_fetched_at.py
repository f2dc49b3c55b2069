"""The bridge stamps ``external_fetched_at`` with the time the upstream answered, not when a cache served it."""

from __future__ import annotations

import asyncio
from datetime import datetime

from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.bootstrap.app import create_app
from tests.e2e.items_support import create_item, items_settings
from tests.upstreams.jsonplaceholder import FakeUpstream, ok
from tests.upstreams.jsonplaceholder_data import comment, post


async def test_a_cached_answer_keeps_the_time_the_upstream_gave_it(
    database_url: str, clean_db: AsyncEngine, fake_upstream: FakeUpstream, alice: dict[str, str]
) -> None:
    fake_upstream.reply("/posts/1", ok(post(1)))
    fake_upstream.reply("/posts/1/comments", ok([comment(1, 1)]))
    app = create_app(items_settings(database_url, fake_upstream.url, jsonplaceholder_cache_ttl=60))
    async with AsyncTestClient(app=app) as client:
        first = await create_item(client, alice, external_ref=1)
        second = await create_item(client, alice, external_ref=1)
        fetched = (await client.post(f"/api/v1/items/{first['id']}/external-data", headers=alice)).json()
        await asyncio.sleep(1.1)  # the second fetch is served from the cache, over a second later
        cached = (await client.post(f"/api/v1/items/{second['id']}/external-data", headers=alice)).json()

    assert fake_upstream.calls_to("/posts/1") == 1, "the second answer came from the cache"
    answered_at = datetime.fromisoformat(fetched["external_fetched_at"])
    assert datetime.fromisoformat(cached["external_fetched_at"]) == answered_at
    assert (datetime.fromisoformat(cached["updated_at"]) - answered_at).total_seconds() >= 1.0
