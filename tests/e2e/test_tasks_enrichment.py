"""Task enrichment over HTTP against a local server imitating JSONPlaceholder (never the internet).

Every upstream behaviour yields the documented enrichment state on writes (which always succeed) and the
documented problem on ``POST /tasks/{id}/enrich`` (which leaves the task as it was).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.bootstrap.app import create_app
from showbay.bootstrap.settings import Settings
from tests.conftest import TEST_JWT_SECRET
from tests.e2e.test_tasks_api import create
from tests.upstreams.jsonplaceholder import FakeUpstream, Reply, hang, malformed, ok, rate_limited, status
from tests.upstreams.jsonplaceholder_data import todo

Client = AsyncTestClient  # type: ignore[type-arg]
TODO_7 = {"id": 7, "user_id": 1, "title": "todo 7", "completed": True}


@pytest.fixture
async def client(database_url: str, clean_db: AsyncEngine, fake_upstream: FakeUpstream) -> AsyncIterator[Client]:
    settings = Settings(
        database_url=database_url,
        jwt_secret=TEST_JWT_SECRET,
        jsonplaceholder_url=fake_upstream.url,
        jsonplaceholder_cache_ttl=0,
        outbound_timeout=0.3,
        outbound_max_attempts=2,
        outbound_backoff_initial=0.01,
        outbound_backoff_max=0.02,
        outbound_budget=2.5,
        outbound_breaker_threshold=100,
        task_enrichment_timeout=0.5,
    )
    async with AsyncTestClient(app=create_app(settings)) as test_client:
        yield test_client


async def test_ok_todo_is_stored_with_the_task(
    client: Client, alice: dict[str, str], fake_upstream: FakeUpstream
) -> None:
    fake_upstream.reply("/todos/7", ok(todo(7, completed=True)))
    created = await create(client, alice, external_id=7)
    assert created["external_id"] == 7
    assert created["enrichment"]["status"] == "ok"
    assert created["enrichment"]["data"] == TODO_7
    assert created["enrichment"]["fetched_at"].endswith("Z")
    assert (await client.get(f"/api/v1/tasks/{created['id']}", headers=alice)).json() == created
    call = fake_upstream.calls[0]
    assert (call.method, call.path) == ("GET", "/todos/7")


UNHAPPY: dict[str, tuple[list[Reply], str, int, str]] = {
    # upstream behaviour: (replies, state after create, enrich status, enrich problem code)
    "500": ([status(500)], "failed", 502, "upstream_bad_response"),
    "429 with Retry-After": ([rate_limited(retry_after=30)], "pending", 503, "upstream_unavailable"),
    "hangs past the timeout": ([hang()], "pending", 504, "upstream_timeout"),
    "malformed JSON": ([malformed()], "failed", 502, "upstream_bad_response"),
    "unexpected shape": ([ok({"id": 7})], "failed", 502, "upstream_bad_response"),
    "NUL in the title": ([ok({**todo(7), "title": "a\u0000b"})], "failed", 502, "upstream_bad_response"),
}


@pytest.mark.parametrize("case", list(UNHAPPY))
async def test_upstream_failures_never_fail_the_write_and_enrich_reports_them(
    client: Client, alice: dict[str, str], fake_upstream: FakeUpstream, case: str
) -> None:
    replies, state, enrich_status, code = UNHAPPY[case]
    fake_upstream.reply("/todos/7", *replies)
    created = await create(client, alice, external_id=7)
    assert created["enrichment"]["status"] == state
    assert created["enrichment"]["data"] is None
    url = f"/api/v1/tasks/{created['id']}"

    response = await client.post(f"{url}/enrich", headers=alice)
    assert response.status_code == enrich_status, response.text
    problem = response.json()
    assert problem["code"] == code
    assert response.headers["content-type"].startswith("application/problem+json")
    if enrich_status == 503:
        assert response.headers["retry-after"] == "30"
    assert (await client.get(url, headers=alice)).json() == created  # left exactly as it was


async def test_404_is_not_found_and_enrich_later_finds_it(
    client: Client, alice: dict[str, str], fake_upstream: FakeUpstream
) -> None:
    fake_upstream.reply("/todos/7", status(404), ok(todo(7, completed=True)))
    created = await create(client, alice, external_id=7)
    assert created["enrichment"]["status"] == "not_found"
    assert created["enrichment"]["fetched_at"] is not None
    response = await client.post(f"/api/v1/tasks/{created['id']}/enrich", headers=alice)
    assert response.status_code == 200
    body = response.json()
    assert body["enrichment"]["status"] == "ok"
    assert body["enrichment"]["data"] == TODO_7
    assert body["version"] == created["version"] + 1
    assert response.headers["etag"] == f'"{created["id"]}-{body["version"]}"'


async def test_enrich_waits_out_a_short_retry_after_then_succeeds(
    client: Client, alice: dict[str, str], fake_upstream: FakeUpstream
) -> None:
    fake_upstream.reply("/todos/7", status(500))
    created = await create(client, alice, external_id=7)
    fake_upstream.reply("/todos/7", rate_limited(retry_after=1), ok(todo(7, completed=True)))
    fake_upstream.reset_calls()
    response = await client.post(f"/api/v1/tasks/{created['id']}/enrich", headers=alice)
    assert response.status_code == 200, response.text
    assert response.json()["enrichment"]["status"] == "ok"
    assert fake_upstream.calls_to("/todos/7") == 2


async def test_changing_the_external_id_fetches_again_and_clearing_it_drops_the_enrichment(
    client: Client, alice: dict[str, str], fake_upstream: FakeUpstream
) -> None:
    fake_upstream.reply("/todos/7", ok(todo(7)))
    fake_upstream.reply("/todos/8", ok(todo(8, completed=True)))
    created = await create(client, alice, external_id=7)
    url = f"/api/v1/tasks/{created['id']}"
    moved = await client.put(url, json={"title": "Write docs", "external_id": 8}, headers=alice)
    assert moved.json()["enrichment"]["data"]["id"] == 8
    cleared = await client.patch(url, json={"external_id": None}, headers=alice)
    assert (cleared.json()["external_id"], cleared.json()["enrichment"]) == (None, None)
    assert fake_upstream.calls_to("/todos/7") == 1
    assert fake_upstream.calls_to("/todos/8") == 1


async def test_enrich_without_external_id_is_409_and_unknown_task_404(
    client: Client, alice: dict[str, str], fake_upstream: FakeUpstream
) -> None:
    created = await create(client, alice)
    response = await client.post(f"/api/v1/tasks/{created['id']}/enrich", headers=alice)
    assert response.status_code == 409
    assert response.json()["code"] == "task_has_no_external_id"
    missing = await client.post("/api/v1/tasks/999999/enrich", headers=alice)
    assert missing.status_code == 404
    assert fake_upstream.calls == []
    assert (await client.get(f"/api/v1/tasks/{created['id']}", headers=alice)).json() == created
