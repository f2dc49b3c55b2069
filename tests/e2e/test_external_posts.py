"""GET /api/v1/external/posts[/{id}]: paging, the TTL cache, the circuit breaker, and upstream failures."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.bootstrap.app import create_app
from tests.e2e.items_support import PROBLEM, Client, items_settings
from tests.upstreams.jsonplaceholder import FakeUpstream, close_connection, hang, ok, status
from tests.upstreams.jsonplaceholder_data import post

MakeClient = Callable[..., Awaitable[Client]]


@pytest.fixture
async def make_client(
    database_url: str, clean_db: AsyncEngine, fake_upstream: FakeUpstream
) -> AsyncIterator[MakeClient]:
    opened: list[Client] = []

    async def make(**overrides: Any) -> Client:
        client = AsyncTestClient(app=create_app(items_settings(database_url, fake_upstream.url, **overrides)))
        await client.__aenter__()
        opened.append(client)
        return client

    yield make
    for client in opened:
        await client.__aexit__(None, None, None)


async def test_list_pages_through_the_upstream(
    make_client: MakeClient, alice: dict[str, str], fake_upstream: FakeUpstream
) -> None:
    client = await make_client()
    fake_upstream.reply("/posts", ok([post(11), post(12)], headers={"X-Total-Count": "100"}))
    response = await client.get("/api/v1/external/posts", params={"offset": 10, "limit": 2}, headers=alice)
    assert response.status_code == 200, response.text
    body = response.json()
    assert [p["id"] for p in body["data"]] == [11, 12]
    assert body["data"][0] == {"id": 11, "user_id": 1, "title": "post 11", "body": "body of post 11"}
    assert body["pagination"] == {"limit": 2, "offset": 10, "total": 100}
    assert fake_upstream.calls[0].query == {"_start": "10", "_limit": "2"}


async def test_get_one_post_and_404_for_a_missing_one(
    make_client: MakeClient, bob: dict[str, str], fake_upstream: FakeUpstream
) -> None:
    client = await make_client()
    fake_upstream.reply("/posts/5", ok(post(5)))
    assert (await client.get("/api/v1/external/posts/5", headers=bob)).json()["id"] == 5
    missing = await client.get("/api/v1/external/posts/6", headers=bob)
    assert missing.status_code == 404
    assert missing.json()["code"] == "external_post_not_found"


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"offset": -1}])
async def test_bad_paging_is_422_and_calls_nobody(
    make_client: MakeClient, alice: dict[str, str], fake_upstream: FakeUpstream, params: dict[str, int]
) -> None:
    client = await make_client()
    response = await client.get("/api/v1/external/posts", params=params, headers=alice)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
    assert fake_upstream.calls == []


async def test_a_second_read_inside_the_ttl_makes_no_upstream_call(
    make_client: MakeClient, alice: dict[str, str], bob: dict[str, str], fake_upstream: FakeUpstream
) -> None:
    client = await make_client(jsonplaceholder_cache_ttl=60.0)
    fake_upstream.reply("/posts/1", ok(post(1)))
    fake_upstream.reply("/posts", ok([post(1)], headers={"X-Total-Count": "1"}))
    first = await client.get("/api/v1/external/posts/1", headers=alice)
    second = await client.get("/api/v1/external/posts/1", headers=bob)
    assert first.json() == second.json()
    assert fake_upstream.calls_to("/posts/1") == 1
    for _ in range(3):
        assert (await client.get("/api/v1/external/posts", headers=alice)).status_code == 200
    assert fake_upstream.calls_to("/posts") == 1


async def test_a_read_after_the_ttl_calls_the_upstream_again(
    make_client: MakeClient, alice: dict[str, str], fake_upstream: FakeUpstream
) -> None:
    client = await make_client(jsonplaceholder_cache_ttl=0.2)
    fake_upstream.reply("/posts/1", ok(post(1)))
    await client.get("/api/v1/external/posts/1", headers=alice)
    await asyncio.sleep(0.3)
    await client.get("/api/v1/external/posts/1", headers=alice)
    assert fake_upstream.calls_to("/posts/1") == 2


@pytest.mark.parametrize(
    ("reply", "status_code", "code", "calls"),
    [
        (status(500), 502, "upstream_bad_response", 3),
        (hang(), 504, "upstream_timeout", 3),
        (close_connection(), 503, "upstream_unavailable", 6),
        (ok({"not": "a list"}), 502, "upstream_bad_response", 1),
    ],
)
async def test_upstream_failures_on_the_list_are_problems(
    make_client: MakeClient,
    alice: dict[str, str],
    fake_upstream: FakeUpstream,
    reply: Any,
    status_code: int,
    code: str,
    calls: int,
) -> None:
    client = await make_client()
    fake_upstream.reply("/posts", reply)
    response = await client.get("/api/v1/external/posts", headers=alice)
    assert response.status_code == status_code
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["code"] == code
    assert fake_upstream.calls_to("/posts") == calls


async def test_the_breaker_opens_answers_503_fast_then_one_trial_closes_it(
    make_client: MakeClient, alice: dict[str, str], fake_upstream: FakeUpstream
) -> None:
    client = await make_client(outbound_max_attempts=1, outbound_breaker_threshold=3, outbound_breaker_cooldown=0.5)
    fake_upstream.reply("/posts/1", status(500), status(500), status(500), ok(post(1)))
    for _ in range(3):
        assert (await client.get("/api/v1/external/posts/1", headers=alice)).status_code == 502
    assert fake_upstream.calls_to("/posts/1") == 3

    for _ in range(5):  # open: nothing reaches the upstream
        refused = await client.get("/api/v1/external/posts/1", headers=alice)
        assert refused.status_code == 503
        assert refused.json()["code"] == "upstream_unavailable"
        assert refused.headers["retry-after"] == "1"
    assert fake_upstream.calls_to("/posts/1") == 3

    await asyncio.sleep(0.6)  # the cool-down passes; the next call is the trial
    trial = await client.get("/api/v1/external/posts/1", headers=alice)
    assert trial.status_code == 200
    assert (await client.get("/api/v1/external/posts/1", headers=alice)).status_code == 200
    assert fake_upstream.calls_to("/posts/1") == 5  # closed again: calls flow
