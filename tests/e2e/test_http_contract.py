"""Conventions every response follows: request ids, ops endpoints, docs."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient

Client = AsyncTestClient[Litestar]


async def test_request_id_is_generated_when_absent(client: Client) -> None:
    response = await client.get("/health")
    assert len(response.headers["x-request-id"]) == 32


async def test_sane_request_id_is_echoed_and_insane_one_replaced(client: Client, alice: dict[str, str]) -> None:
    echoed = await client.get("/api/v1/tasks/1", headers={**alice, "X-Request-ID": "abc-123"})
    assert echoed.headers["x-request-id"] == "abc-123"
    assert echoed.json()["request_id"] == "abc-123"
    replaced = await client.get("/health", headers={"X-Request-ID": "bad id with spaces"})
    assert replaced.headers["x-request-id"] != "bad id with spaces"


async def test_health_and_ready(client: Client) -> None:
    assert (await client.get("/health")).json() == {"status": "ok"}
    ready = await client.get("/ready")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "dependencies": [{"name": "database", "ok": True}]}


async def test_docs_are_served(client: Client) -> None:
    for path in ("/docs", "/redoc"):
        response = await client.get(path)
        assert response.status_code == 200
        assert "text/html" in response.headers["content-type"]
    schema = (await client.get("/openapi.json")).json()
    assert schema["components"]["securitySchemes"]["BearerAuth"]["scheme"] == "bearer"


async def test_unknown_route_is_a_404_problem(client: Client) -> None:
    response = await client.get("/nope")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
