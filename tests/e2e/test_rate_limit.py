"""Rate limits: per principal, per client address when anonymous, 429 + Retry-After, one budget across replicas."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.bootstrap.app import create_app
from showbay.bootstrap.settings import Settings
from tests.conftest import TEST_JWT_SECRET, auth_headers
from tests.e2e.test_tasks_api import count_tasks

Client = AsyncTestClient[Litestar]
LIMIT = 3


def limited(database_url: str, requests: int = LIMIT, redis_url: str | None = None) -> Settings:
    return Settings(
        database_url=database_url, jwt_secret=TEST_JWT_SECRET, rate_limit_requests=requests, redis_url=redis_url
    )


@pytest.fixture
async def client(database_url: str, clean_db: AsyncEngine) -> AsyncIterator[Client]:
    async with AsyncTestClient(app=create_app(limited(database_url))) as test_client:
        yield test_client


async def test_the_request_past_the_limit_gets_429_with_retry_after(client: Client) -> None:
    alice = auth_headers("alice")
    remaining = []
    for _ in range(LIMIT):
        response = await client.get("/api/v1/tasks/1", headers=alice)
        assert response.status_code == 404
        remaining.append(response.headers["ratelimit-remaining"])
    assert remaining == ["2", "1", "0"]
    limited_response = await client.get("/api/v1/tasks/1", headers=alice)
    assert limited_response.status_code == 429
    assert limited_response.headers["content-type"].startswith("application/problem+json")
    assert limited_response.json()["code"] == "rate_limited"
    assert 1 <= int(limited_response.headers["retry-after"]) <= 60
    assert limited_response.headers["ratelimit-limit"] == str(LIMIT)
    assert limited_response.headers["ratelimit-remaining"] == "0"
    assert limited_response.headers["ratelimit-policy"] == f"{LIMIT}; w=60"


async def test_each_principal_has_its_own_budget(client: Client) -> None:
    for _ in range(LIMIT + 1):
        await client.get("/api/v1/tasks/1", headers=auth_headers("alice"))
    assert (await client.get("/api/v1/tasks/1", headers=auth_headers("alice"))).status_code == 429
    assert (await client.get("/api/v1/tasks/1", headers=auth_headers("bob"))).status_code == 404


async def test_anonymous_callers_are_limited_per_address_so_guessing_credentials_is_throttled(client: Client) -> None:
    guesses = [
        await client.get("/api/v1/tasks/1", headers={"X-API-Key": f"sbk_0123456789_{n:0>43}"}) for n in range(LIMIT)
    ]
    assert [r.status_code for r in guesses] == [401] * LIMIT
    assert (await client.get("/api/v1/tasks/1")).status_code == 429
    # an authenticated principal is counted separately from its address
    assert (await client.get("/api/v1/tasks/1", headers=auth_headers("alice"))).status_code == 404


async def test_a_rate_limited_write_stores_nothing_and_is_audited(
    client: Client, clean_db: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="showbay.audit")
    alice = auth_headers("alice")
    statuses = [
        (await client.post("/api/v1/tasks", json={"title": f"t{n}"}, headers=alice)).status_code
        for n in range(LIMIT + 2)
    ]
    assert statuses == [201] * LIMIT + [429, 429]
    assert await count_tasks(clean_db) == LIMIT
    events = [json.loads(r.getMessage()) for r in caplog.records if r.name == "showbay.audit"]
    assert [(e["actor"], e["outcome"], e["status"]) for e in events[-2:]] == [("alice", "rejected", 429)] * 2


@pytest.fixture
async def client_with_dead_redis(database_url: str, clean_db: AsyncEngine) -> AsyncIterator[Client]:
    # Built in a fixture: the app configures logging on startup, which must happen before caplog attaches.
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        dead = f"redis://127.0.0.1:{probe.getsockname()[1]}/0"
    async with AsyncTestClient(app=create_app(limited(database_url, 1, dead))) as test_client:
        yield test_client


async def test_an_unreachable_redis_fails_open_with_a_warning(
    client_with_dead_redis: Client, caplog: pytest.LogCaptureFixture
) -> None:
    alice = auth_headers("alice")
    statuses = [(await client_with_dead_redis.get("/api/v1/tasks/1", headers=alice)).status_code for _ in range(3)]
    assert statuses == [404, 404, 404]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and r.name == "showbay.http"]
    assert sorted(warnings) == [  # each limit says so once, not once per request
        "failed-credential limit is off: the store does not answer (ConnectionError)",
        "rate limiting is off: the store does not answer (ConnectionError)",
    ]


async def two_replicas(database_url: str, redis_url: str, requests: int) -> tuple[Client, Client]:
    first = AsyncTestClient(app=create_app(limited(database_url, requests, redis_url)))
    second = AsyncTestClient(app=create_app(limited(database_url, requests, redis_url)))
    return first, second


async def test_two_app_instances_sharing_redis_share_one_budget(
    database_url: str, clean_db: AsyncEngine, redis_url: str
) -> None:
    caller = auth_headers(f"svc-{uuid.uuid4().hex}")
    first, second = await two_replicas(database_url, redis_url, requests=4)
    async with first, second:
        statuses = [
            (await (first if n % 2 == 0 else second).get("/api/v1/tasks/1", headers=caller)).status_code
            for n in range(6)
        ]
    assert statuses == [404, 404, 404, 404, 429, 429]


async def test_concurrent_requests_across_replicas_never_exceed_the_budget(
    database_url: str, clean_db: AsyncEngine, redis_url: str
) -> None:
    # Litestar's stock middleware locks per process (litestar issue 4700): concurrent requests on two replicas
    # read the same count from Redis and both pass. The atomic script lets exactly the budget through.
    # httpx's ASGITransport runs both apps in this event loop, truly concurrently (Litestar's test client
    # would serialise the requests through its portal).
    caller = auth_headers(f"svc-{uuid.uuid4().hex}")
    apps = [create_app(limited(database_url, 5, redis_url)) for _ in range(2)]
    async with AsyncExitStack() as stack:
        clients = []
        for app in apps:
            await stack.enter_async_context(app.lifespan())
            # httpx types an ASGI app's scope as a plain mapping, litestar as TypedDicts: the same protocol.
            transport = httpx.ASGITransport(app=app, client=("10.0.0.1", 1234))  # type: ignore[arg-type]
            clients.append(await stack.enter_async_context(httpx.AsyncClient(transport=transport, base_url="http://t")))
        responses = await asyncio.gather(*(clients[n % 2].get("/api/v1/tasks/1", headers=caller) for n in range(30)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [404] * 5 + [429] * 25
