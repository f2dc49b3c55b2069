"""Idempotency-Key over HTTP: replays, mismatches, in-flight duplicates, principals, expiry and restarts."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.adapters.http.idempotency import is_idempotent
from showbay.adapters.persistence.tables import idempotency_keys, items, tasks
from showbay.bootstrap.app import create_app
from showbay.bootstrap.settings import Settings
from tests.conftest import TEST_JWT_SECRET, auth_headers
from tests.e2e.service_process import ServiceProcess
from tests.upstreams.jsonplaceholder import FakeUpstream, slow
from tests.upstreams.jsonplaceholder_data import todo

Client = AsyncTestClient[Litestar]
PROBLEM = "application/problem+json"


def settings_for(database_url: str, upstream_url: str = "http://127.0.0.1:9") -> Settings:
    return Settings(
        database_url=database_url,
        jwt_secret=TEST_JWT_SECRET,
        rate_limit_requests=100_000,
        jsonplaceholder_url=upstream_url,
        jsonplaceholder_cache_ttl=0,
        outbound_max_attempts=1,
        task_enrichment_timeout=1.5,
    )


async def count(engine: AsyncEngine, table: Any) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(select(func.count()).select_from(table))).scalar_one())


def keyed(headers: dict[str, str], key: str) -> dict[str, str]:
    return {**headers, "Idempotency-Key": key}


async def test_a_retry_gets_the_first_answer_and_writes_nothing(
    client: Client, alice: dict[str, str], clean_db: AsyncEngine
) -> None:
    first = await client.post("/api/v1/tasks", json={"title": "once"}, headers=keyed(alice, "create-1"))
    again = await client.post("/api/v1/tasks", json={"title": "once"}, headers=keyed(alice, "create-1"))

    assert first.status_code == again.status_code == 201
    assert first.headers["idempotent-replayed"] == "false"
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert again.headers["location"] == first.headers["location"]
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["content-type"] == first.headers["content-type"]
    assert await count(clean_db, tasks) == 1


async def test_json_key_order_and_spacing_do_not_make_another_request(
    client: Client, alice: dict[str, str], clean_db: AsyncEngine
) -> None:
    headers = {**keyed(alice, "same-json"), "Content-Type": "application/json"}
    first = await client.post("/api/v1/items", content=b'{"title": "a", "description": "b"}', headers=headers)
    again = await client.post("/api/v1/items", content=b'{"description":"b","title":"a"}', headers=headers)

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers["idempotent-replayed"] == "true"
    assert await count(clean_db, items) == 1


async def test_the_same_key_with_another_body_is_a_422(
    client: Client, alice: dict[str, str], clean_db: AsyncEngine
) -> None:
    await client.post("/api/v1/tasks", json={"title": "first"}, headers=keyed(alice, "k"))
    other = await client.post("/api/v1/tasks", json={"title": "second"}, headers=keyed(alice, "k"))
    elsewhere = await client.post("/api/v1/items", json={"title": "first"}, headers=keyed(alice, "k"))

    for response in (other, elsewhere):
        assert response.status_code == 422
        assert response.headers["content-type"].startswith(PROBLEM)
        assert response.json()["code"] == "idempotency_key_reused"
    assert await count(clean_db, tasks) == 1
    assert await count(clean_db, items) == 0


async def test_keys_belong_to_their_principal(
    client: Client, alice: dict[str, str], bob: dict[str, str], clean_db: AsyncEngine
) -> None:
    mine = await client.post("/api/v1/tasks", json={"title": "alice's"}, headers=keyed(alice, "shared-key"))
    theirs = await client.post("/api/v1/tasks", json={"title": "bob's"}, headers=keyed(bob, "shared-key"))

    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert theirs.headers["idempotent-replayed"] == "false"
    assert theirs.json()["id"] != mine.json()["id"]
    assert await count(clean_db, tasks) == 2


@pytest.mark.parametrize("key", ["", "with space", "tab\there", "é-not-ascii", "x" * 256])
async def test_a_malformed_key_is_a_422_problem(
    client: Client, alice: dict[str, str], clean_db: AsyncEngine, key: str
) -> None:
    headers = {name.encode(): value.encode() for name, value in alice.items()}
    headers[b"Idempotency-Key"] = key.encode("utf-8")  # raw bytes on the wire
    response = await client.post("/api/v1/tasks", json={"title": "t"}, headers=headers)

    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "invalid_idempotency_key"
    assert problem["errors"][0]["field"] == "Idempotency-Key"
    assert await count(clean_db, tasks) == 0


async def test_a_failed_request_is_not_remembered(client: Client, alice: dict[str, str], clean_db: AsyncEngine) -> None:
    missing = await client.post("/api/v1/tasks/999/restore", headers=keyed(alice, "restore"))
    assert missing.status_code == 404
    assert await count(clean_db, idempotency_keys) == 0

    created = await client.post("/api/v1/tasks", json={"title": "t"}, headers=alice)
    await client.delete(f"/api/v1/tasks/{created.json()['id']}", headers=alice)
    restored = await client.post(f"/api/v1/tasks/{created.json()['id']}/restore", headers=keyed(alice, "restore2"))
    assert restored.status_code == 200
    assert await count(clean_db, idempotency_keys) == 1


async def test_an_expired_key_runs_again(database_url: str, clean_db: AsyncEngine) -> None:
    settings = settings_for(database_url)
    alice = auth_headers("alice")
    async with AsyncTestClient(app=create_app(settings)) as client:
        first = await client.post("/api/v1/tasks", json={"title": "t"}, headers=keyed(alice, "old"))
        async with clean_db.begin() as connection:  # a day later
            past = datetime.now(UTC) - timedelta(days=2)
            await connection.execute(
                update(idempotency_keys).values(created_at=past, expires_at=past + timedelta(days=1))
            )
        again = await client.post("/api/v1/tasks", json={"title": "t"}, headers=keyed(alice, "old"))

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers["idempotent-replayed"] == "false"
    assert again.json()["id"] != first.json()["id"]
    assert await count(clean_db, idempotency_keys) == 1  # the new answer replaced the expired one


# Litestar's test client serves one request at a time: concurrency needs real server processes.
def serve(tmp_path: Path, database_url: str, upstream_url: str, name: str, workers: int = 1) -> ServiceProcess:
    metrics_dir = tmp_path / f"{name}-metrics"  # several workers share their metrics through files
    metrics_dir.mkdir()
    service = ServiceProcess(
        tmp_path / f"{name}.log",
        workers=workers,
        DATABASE_URL=database_url,
        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
        JSONPLACEHOLDER_URL=upstream_url,
        JSONPLACEHOLDER_CACHE_TTL="0",
        OUTBOUND_MAX_ATTEMPTS="1",
        TASK_ENRICHMENT_TIMEOUT="3",
        RATE_LIMIT_REQUESTS="100000",
        ENRICHMENT_RETRY_ENABLED="false",
        GITHUB_REFRESH_ENABLED="false",
    )
    try:
        service.wait_until_serving()
    except BaseException:
        service.stop()
        raise
    return service


async def test_duplicates_at_once_make_one_write_and_the_others_wait_with_409(
    tmp_path: Path, database_url: str, clean_db: AsyncEngine, fake_upstream: FakeUpstream
) -> None:
    fake_upstream.reply("/todos/7", slow(todo(7), 1.0))  # the first holds its key while the upstream answers
    service = serve(tmp_path, database_url, fake_upstream.url, "concurrent")
    body = {"title": "at once", "external_id": 7}
    headers = keyed(auth_headers("alice"), "burst")
    try:
        async with httpx.AsyncClient(base_url=service.url, timeout=10) as http:
            responses = await asyncio.gather(
                *(http.post("/api/v1/tasks", json=body, headers=headers) for _ in range(4))
            )
            retried = await http.post("/api/v1/tasks", json=body, headers=headers)
    finally:
        service.stop()

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201, 409, 409, 409], statuses
    for refused in (r for r in responses if r.status_code == 409):
        assert refused.json()["code"] == "idempotency_key_in_flight"
        assert int(refused.headers["retry-after"]) >= 1
    [created] = [r for r in responses if r.status_code == 201]
    assert retried.status_code == 201
    assert retried.headers["idempotent-replayed"] == "true"
    assert retried.json() == created.json()
    assert await count(clean_db, tasks) == 1
    assert fake_upstream.calls_to("/todos/7") == 1


async def test_a_replay_survives_a_restart_of_the_server(
    tmp_path: Path, database_url: str, clean_db: AsyncEngine, fake_upstream: FakeUpstream
) -> None:
    headers = keyed(auth_headers("alice"), "across-restarts")
    answers = []
    for run in range(2):
        service = serve(tmp_path, database_url, fake_upstream.url, f"run-{run}")
        try:
            async with httpx.AsyncClient(base_url=service.url, timeout=10) as http:
                answers.append(await http.post("/api/v1/tasks", json={"title": "durable"}, headers=headers))
        finally:
            service.stop()

    first, replay = answers
    assert (first.status_code, replay.status_code) == (201, 201)
    assert replay.headers["idempotent-replayed"] == "true"
    assert replay.json() == first.json()
    assert await count(clean_db, tasks) == 1


def test_every_post_of_the_api_takes_an_idempotency_key_and_documents_it() -> None:
    app = create_app(Settings(database_url="postgresql://unused/none", jwt_secret=TEST_JWT_SECRET))
    posts = [
        (route.path, handler)
        for route in app.routes
        if route.path.startswith("/api/v1")
        for handler in getattr(route, "route_handlers", [])
        if "POST" in handler.http_methods
    ]
    assert len(posts) == 9
    assert [path for path, handler in posts if not is_idempotent(handler)] == []

    document = app.openapi_schema.to_schema()
    documented = [(path, item["post"]) for path, item in document["paths"].items() if "post" in item]
    assert len(documented) == 9
    expected = {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[\\x21-\\x7E]{1,255}$"}
    for path, operation in documented:
        [key] = [p for p in operation["parameters"] if p["name"] == "Idempotency-Key"]
        assert (key["in"], key["schema"]) == ("header", expected), path
        assert {"409", "422"} <= set(operation["responses"]), path


async def test_a_key_without_credentials_is_a_401_and_stores_nothing(client: Client, clean_db: AsyncEngine) -> None:
    response = await client.post("/api/v1/tasks", json={"title": "t"}, headers={"Idempotency-Key": "anon"})

    assert response.status_code == 401
    assert await count(clean_db, idempotency_keys) == 0
