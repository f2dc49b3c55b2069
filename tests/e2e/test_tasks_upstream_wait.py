"""A slow JSONPlaceholder holds no pooled connection: with a pool of one connection, other requests are served
while a task's PUT, PATCH or enrich waits for the upstream (a real server process, a real local upstream)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.e2e.service_process import ServiceProcess
from tests.upstreams.jsonplaceholder import FakeUpstream, ok, slow
from tests.upstreams.jsonplaceholder_data import todo

pytestmark = pytest.mark.slow

UPSTREAM_WAIT = 2.5


@pytest.fixture
def one_connection_service(
    tmp_path: Path, database_url: str, clean_db: AsyncEngine, fake_upstream: FakeUpstream
) -> Iterator[ServiceProcess]:
    service = ServiceProcess(
        tmp_path / "service.log",
        DATABASE_URL=database_url,
        JSONPLACEHOLDER_URL=fake_upstream.url,
        JSONPLACEHOLDER_CACHE_TTL="0",
        DB_POOL_SIZE="1",
        DB_MAX_OVERFLOW="0",
        DB_POOL_TIMEOUT="1",  # a request that finds the one connection busy for 1 s is a 503
        TASK_ENRICHMENT_TIMEOUT="10",
        OUTBOUND_TIMEOUT="10",
        OUTBOUND_BUDGET="10",
        RATE_LIMIT_REQUESTS="100000",
    )
    try:
        service.wait_until_serving()
        yield service
    finally:
        service.stop()


async def served_while_waiting(http: httpx.AsyncClient, alice: dict[str, str], other_id: int) -> None:
    """Other requests, each needing the pool's one connection, answer while the upstream call is pending."""
    started = time.monotonic()
    read = await http.get(f"/api/v1/tasks/{other_id}", headers=alice)
    created = await http.post("/api/v1/tasks", json={"title": "meanwhile"}, headers=alice)
    assert (read.status_code, created.status_code) == (200, 201), (read.text, created.text)
    assert time.monotonic() - started < UPSTREAM_WAIT - 0.5


async def until_called(fake: FakeUpstream, path: str, times: int) -> None:
    for _ in range(500):
        if fake.calls_to(path) >= times:
            return
        await asyncio.sleep(0.02)
    raise TimeoutError(f"{path} was not called {times} times")


async def test_other_requests_are_served_while_put_patch_or_enrich_wait_on_the_upstream(
    one_connection_service: ServiceProcess, fake_upstream: FakeUpstream, alice: dict[str, str]
) -> None:
    fake_upstream.reply("/todos/7", ok(todo(7)))
    async with httpx.AsyncClient(base_url=one_connection_service.url, timeout=30) as http:
        task = (await http.post("/api/v1/tasks", json={"title": "t", "external_id": 7}, headers=alice)).json()
        other = (await http.post("/api/v1/tasks", json={"title": "other"}, headers=alice)).json()
        url = f"/api/v1/tasks/{task['id']}"
        fake_upstream.reply("/todos/8", slow(todo(8), UPSTREAM_WAIT))
        fake_upstream.reply("/todos/9", slow(todo(9), UPSTREAM_WAIT))
        fake_upstream.reply("/todos/7", slow(todo(7, completed=True), UPSTREAM_WAIT))
        slow_writes = [
            ("/todos/8", 8, http.put(url, json={"title": "t", "external_id": 8}, headers=alice)),
            ("/todos/9", 9, http.patch(url, json={"external_id": 9}, headers=alice)),
            ("/todos/9", 9, http.post(f"{url}/enrich", headers=alice)),
        ]
        for number, (path, todo_id, request) in enumerate(slow_writes):
            slow_write = asyncio.create_task(request)
            await until_called(fake_upstream, path, 2 if number == 2 else 1)
            await served_while_waiting(http, alice, other["id"])
            answer = await slow_write
            assert answer.status_code == 200, answer.text
            assert answer.json()["enrichment"]["status"] == "ok"
            assert answer.json()["enrichment"]["data"]["id"] == todo_id
