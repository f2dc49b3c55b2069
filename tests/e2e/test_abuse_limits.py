"""Body limits (413, nothing stored), CORS allow-list, and the security headers."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.bootstrap.app import api_router, create_app
from showbay.bootstrap.settings import Settings
from tests.conftest import TEST_JWT_SECRET
from tests.e2e.probes import ProbeController
from tests.e2e.test_tasks_api import count_tasks

Client = AsyncTestClient[Litestar]
MIB = 1024 * 1024
ALLOWED = "https://app.showbay.test"


@pytest.fixture
async def client(database_url: str, clean_db: AsyncEngine) -> AsyncIterator[Client]:
    settings = Settings(database_url=database_url, jwt_secret=TEST_JWT_SECRET, cors_origins=(ALLOWED,))
    app = create_app(settings)
    app.register(api_router(settings, [ProbeController]))
    async with AsyncTestClient(app=app) as test_client:
        yield test_client


async def test_a_body_over_one_mib_is_a_413_problem_and_nothing_is_stored(
    client: Client, alice: dict[str, str], clean_db: AsyncEngine
) -> None:
    response = await client.post("/api/v1/tasks", json={"title": "x", "description": "y" * MIB}, headers=alice)
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "payload_too_large"
    assert await count_tasks(clean_db) == 0


async def test_the_limit_counts_streamed_bytes_not_only_content_length(
    database_url: str, alice: dict[str, str], clean_db: AsyncEngine
) -> None:
    async def chunks() -> AsyncIterator[bytes]:  # chunked: no Content-Length to refuse early
        yield b'{"title": "x", "description": "'
        for _ in range(5):
            yield b"y" * (MIB // 4)
        yield b'"}'

    app = create_app(Settings(database_url=database_url, jwt_secret=TEST_JWT_SECRET))
    # httpx types an ASGI app's scope as a plain mapping, litestar as TypedDicts: the same protocol.
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with app.lifespan(), httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        response = await http.post(
            "/api/v1/tasks", content=chunks(), headers={**alice, "Content-Type": "application/json"}
        )
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert await count_tasks(clean_db) == 0


async def test_a_route_may_declare_a_larger_limit(client: Client, alice: dict[str, str]) -> None:
    accepted = await client.post("/api/v1/probes/batch", json={"rows": "z" * (2 * MIB)}, headers=alice)
    assert accepted.status_code == 201
    refused = await client.post("/api/v1/probes/batch", json={"rows": "z" * (5 * MIB)}, headers=alice)
    assert refused.status_code == 413


async def test_a_disallowed_origin_gets_no_cors_headers(client: Client, alice: dict[str, str]) -> None:
    evil = await client.get("/health", headers={"Origin": "https://evil.test"})
    assert evil.status_code == 200
    assert not [name for name in evil.headers if name.lower().startswith("access-control-")]
    preflight = await client.options(
        "/api/v1/tasks",
        headers={"Origin": "https://evil.test", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers
    allowed = await client.get("/api/v1/tasks/1", headers={**alice, "Origin": ALLOWED})
    assert allowed.headers["access-control-allow-origin"] == ALLOWED


async def test_no_origin_is_allowed_by_default(database_url: str, clean_db: AsyncEngine) -> None:
    app = create_app(Settings(database_url=database_url, jwt_secret=TEST_JWT_SECRET))
    async with AsyncTestClient(app=app) as client:
        response = await client.get("/health", headers={"Origin": ALLOWED})
    assert "access-control-allow-origin" not in response.headers


async def test_every_response_has_nosniff_and_api_responses_are_not_stored(
    client: Client, alice: dict[str, str]
) -> None:
    for response in (
        await client.get("/health"),
        await client.get("/nope"),  # answered by the router itself, outside route middleware
        await client.get("/api/v1/tasks/1"),
        await client.get("/api/v1/tasks/1", headers=alice),
        await client.post("/api/v1/tasks", json={"title": "ok"}, headers=alice),
    ):
        assert response.headers["x-content-type-options"] == "nosniff", response.url
    for response in (
        await client.get("/api/v1/tasks/1"),
        await client.get("/api/v1/tasks/1", headers=alice),
        await client.post("/api/v1/tasks", json={"title": "ok"}, headers=alice),
    ):
        assert response.headers["cache-control"] == "no-store", response.url


async def test_a_weak_jwt_secret_stops_the_start(database_url: str) -> None:
    app = create_app(Settings(database_url=database_url, jwt_secret="short"))
    with pytest.raises(ExceptionGroup) as raised:  # the lifespan's task group wraps it
        async with app.lifespan():
            pass
    assert raised.group_contains(ValueError, match="JWT_SECRET must have at least 32 bytes", depth=None)
