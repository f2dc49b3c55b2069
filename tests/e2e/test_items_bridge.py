"""POST /api/v1/items/{id}/external-data against a local server imitating JSONPlaceholder, failures included.

Every failure case asserts the status, the problem code, the number of upstream calls, and that the item in the
database is exactly as before.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.bootstrap.app import create_app
from tests.e2e.items_support import PROBLEM, Client, create_item, item_rows, items_settings
from tests.upstreams.jsonplaceholder import (
    FakeUpstream,
    Reply,
    close_connection,
    hang,
    malformed,
    ok,
    rate_limited,
    status,
)
from tests.upstreams.jsonplaceholder_data import comment, post

MakeClient = Callable[..., Awaitable[Client]]


@pytest.fixture
async def make_client(
    database_url: str, clean_db: AsyncEngine, fake_upstream: FakeUpstream
) -> AsyncIterator[MakeClient]:
    opened: list[Client] = []

    async def make(**overrides: Any) -> Client:
        upstream_url = overrides.pop("upstream_url", fake_upstream.url)
        app = create_app(items_settings(database_url, upstream_url, **overrides))
        client = AsyncTestClient(app=app)
        await client.__aenter__()
        opened.append(client)
        return client

    yield make
    for client in opened:
        await client.__aexit__(None, None, None)


@pytest.fixture
async def client(make_client: MakeClient) -> Client:
    return await make_client()


def linked_post(fake: FakeUpstream, post_id: int = 1, *, comments: int = 2) -> None:
    fake.reply(f"/posts/{post_id}", ok(post(post_id, user_id=7)))
    fake.reply(f"/posts/{post_id}/comments", ok([comment(n, post_id) for n in range(1, comments + 1)]))


async def fetch(client: Client, item_id: int, headers: dict[str, str]) -> Any:
    return await client.post(f"/api/v1/items/{item_id}/external-data", headers=headers)


async def test_fetch_merges_the_post_and_its_comment_count(
    client: Client, alice: dict[str, str], fake_upstream: FakeUpstream, engine: AsyncEngine
) -> None:
    created = await create_item(client, alice, title="mine", description="my words", external_ref=1)
    linked_post(fake_upstream, comments=3)
    response = await fetch(client, created["id"], {**alice, "X-Request-ID": "bridge-1"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["external_data"] == {
        "post": {"id": 1, "user_id": 7, "title": "post 1", "body": "body of post 1"},
        "comments_count": 3,
    }
    assert body["external_fetched_at"].endswith("Z")
    assert (body["title"], body["description"], body["version"]) == ("mine", "my words", 2)
    assert response.headers["etag"] == f'"{created["id"]}-2"'
    assert (fake_upstream.calls_to("/posts/1"), fake_upstream.calls_to("/posts/1/comments")) == (1, 1)
    assert {c.headers["X-Request-ID"] for c in fake_upstream.calls} == {"bridge-1"}
    stored = (await item_rows(engine))[0]
    assert stored["external_data"]["comments_count"] == 3
    assert (await client.get(f"/api/v1/items/{created['id']}", headers=alice)).json() == body


async def test_a_new_external_ref_drops_the_old_external_data(
    client: Client, alice: dict[str, str], fake_upstream: FakeUpstream
) -> None:
    created = await create_item(client, alice, external_ref=1)
    linked_post(fake_upstream)
    assert (await fetch(client, created["id"], alice)).status_code == 200
    patched = await client.patch(f"/api/v1/items/{created['id']}", json={"external_ref": 2}, headers=alice)
    assert patched.json()["external_data"] is None
    assert patched.json()["external_fetched_at"] is None
    retitled = await client.patch(f"/api/v1/items/{created['id']}", json={"external_ref": 2}, headers=alice)
    assert retitled.json()["version"] == patched.json()["version"]


async def test_an_item_without_external_ref_is_409_and_calls_nobody(
    client: Client, alice: dict[str, str], fake_upstream: FakeUpstream, engine: AsyncEngine
) -> None:
    created = await create_item(client, alice)
    before = await item_rows(engine)
    response = await fetch(client, created["id"], alice)
    assert response.status_code == 409
    assert response.json()["code"] == "item_has_no_external_ref"
    assert fake_upstream.calls == []
    assert await item_rows(engine) == before


async def test_a_missing_upstream_post_is_404_and_changes_nothing(
    client: Client, alice: dict[str, str], fake_upstream: FakeUpstream, engine: AsyncEngine
) -> None:
    created = await create_item(client, alice, external_ref=77)
    fake_upstream.reply("/posts/77", status(404))
    before = await item_rows(engine)
    response = await fetch(client, created["id"], alice)
    assert response.status_code == 404
    assert response.json()["code"] == "external_post_not_found"
    assert fake_upstream.calls_to("/posts/77") == 1
    assert await item_rows(engine) == before


async def test_500_then_200_succeeds_on_the_retry(
    client: Client, alice: dict[str, str], fake_upstream: FakeUpstream
) -> None:
    created = await create_item(client, alice, external_ref=1)
    linked_post(fake_upstream)
    fake_upstream.reply("/posts/1", status(500), ok(post(1)))
    response = await fetch(client, created["id"], alice)
    assert response.status_code == 200
    assert response.json()["external_data"]["post"]["id"] == 1
    assert fake_upstream.calls_to("/posts/1") == 2


async def test_429_with_a_short_retry_after_is_waited_out(
    client: Client, alice: dict[str, str], fake_upstream: FakeUpstream
) -> None:
    created = await create_item(client, alice, external_ref=1)
    linked_post(fake_upstream)
    fake_upstream.reply("/posts/1", rate_limited(retry_after=1), ok(post(1)))
    response = await fetch(client, created["id"], alice)
    assert response.status_code == 200
    assert fake_upstream.calls_to("/posts/1") == 2


# (reply for /posts/1, status, code, upstream calls to /posts/1, Retry-After on our answer)
FAILURES: list[tuple[str, Reply, int, str, int, str | None]] = [
    ("persistent 500", status(500), 502, "upstream_bad_response", 3, None),
    ("429 beyond the budget", rate_limited(retry_after=120), 503, "upstream_unavailable", 1, "120"),
    ("persistent 503", rate_limited(retry_after=0, code=503), 503, "upstream_unavailable", 3, "1"),
    ("never answers", hang(), 504, "upstream_timeout", 3, None),
    ("drops the connection", close_connection(), 503, "upstream_unavailable", 2 * 3, "1"),  # aiohttp re-sends once
    ("malformed JSON", malformed(), 502, "upstream_bad_response", 1, None),
    ("unexpected shape", ok({"id": 1, "title": None}), 502, "upstream_bad_response", 1, None),
]


@pytest.mark.parametrize(
    ("reply", "status_code", "code", "calls", "retry_after"), [f[1:] for f in FAILURES], ids=[f[0] for f in FAILURES]
)
async def test_upstream_failures_are_problems_and_leave_the_item_unchanged(
    client: Client,
    alice: dict[str, str],
    fake_upstream: FakeUpstream,
    engine: AsyncEngine,
    reply: Reply,
    status_code: int,
    code: str,
    calls: int,
    retry_after: str | None,
) -> None:
    created = await create_item(client, alice, external_ref=1)
    linked_post(fake_upstream)
    fake_upstream.reply("/posts/1", reply)
    before = await item_rows(engine)
    response = await fetch(client, created["id"], alice)
    assert response.status_code == status_code, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    problem = response.json()
    assert problem["code"] == code
    assert problem["request_id"] == response.headers["x-request-id"]
    assert response.headers.get("retry-after") == retry_after
    assert fake_upstream.calls_to("/posts/1") == calls
    assert await item_rows(engine) == before


async def test_crud_keeps_working_while_the_upstream_is_down(
    make_client: MakeClient, alice: dict[str, str], engine: AsyncEngine
) -> None:
    with socket.socket() as probe:  # a port on which nobody listens
        probe.bind(("127.0.0.1", 0))
        dead_url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    client = await make_client(upstream_url=dead_url)
    created = await create_item(client, alice, external_ref=1)
    url = f"/api/v1/items/{created['id']}"
    assert (await client.put(url, json={"title": "still", "external_ref": 1}, headers=alice)).status_code == 200
    assert (await client.patch(url, json={"description": "works"}, headers=alice)).status_code == 200
    assert (await client.get("/api/v1/items", headers=alice)).json()["pagination"]["total"] == 1
    before = await item_rows(engine)
    failed = await fetch(client, created["id"], alice)
    assert failed.status_code == 503
    assert failed.json()["code"] == "upstream_unavailable"
    assert await item_rows(engine) == before
    assert (await client.delete(url, headers=alice)).status_code == 204


async def test_stale_if_match_on_fetch_is_412_before_any_upstream_call(
    client: Client, alice: dict[str, str], fake_upstream: FakeUpstream, engine: AsyncEngine
) -> None:
    created = await create_item(client, alice, external_ref=1)
    await client.patch(f"/api/v1/items/{created['id']}", json={"title": "changed"}, headers=alice)
    before = await item_rows(engine)
    response = await client.post(
        f"/api/v1/items/{created['id']}/external-data", headers={**alice, "If-Match": f'"{created["id"]}-1"'}
    )
    assert response.status_code == 412
    assert response.json()["code"] == "precondition_failed"
    assert fake_upstream.calls == []
    assert await item_rows(engine) == before
