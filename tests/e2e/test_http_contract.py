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


async def test_options_allows_every_method_of_the_path(client: Client, alice: dict[str, str]) -> None:
    """Litestar's automatic OPTIONS lists one handler group only; ours lists what a 405 lists."""
    for path, methods in [
        ("/api/v1/tasks", "GET, OPTIONS, POST"),
        ("/api/v1/tasks/1", "DELETE, GET, OPTIONS, PATCH, PUT"),
        ("/api/v1/items/1", "DELETE, GET, OPTIONS, PATCH, PUT"),
        ("/api/v1/repos/0b7c1f1e-3c9a-4c1e-9d2a-5f6e7a8b9c0d", "DELETE, GET, OPTIONS, PUT"),
    ]:
        response = await client.options(path, headers=alice)
        assert response.status_code == 204
        assert response.headers["allow"] == methods, path
        not_allowed = await client.request("TRACE", path, headers=alice)
        assert not_allowed.status_code == 405
        assert sorted(m.strip() for m in not_allowed.headers["allow"].split(",")) == methods.split(", ")


async def test_if_match_must_have_the_entity_tag_syntax_and_compares_strongly(
    client: Client, alice: dict[str, str]
) -> None:
    created = await client.post("/api/v1/tasks", json={"title": "t"}, headers=alice)
    url, etag = created.headers["location"], created.headers["etag"]
    malformed = await client.patch(url, json={"title": "x"}, headers={**alice, "If-Match": "null"})
    assert malformed.status_code == 422
    assert malformed.json()["code"] == "validation_failed"
    weak = await client.patch(url, json={"title": "x"}, headers={**alice, "If-Match": f"W/{etag}"})
    assert weak.status_code == 412
    assert (await client.get(url, headers={**alice, "If-None-Match": f"W/{etag}"})).status_code == 304
    strong = await client.patch(url, json={"title": "x"}, headers={**alice, "If-Match": etag})
    assert strong.status_code == 200
