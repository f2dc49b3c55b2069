"""Faults keep their meaning over HTTP: a database that refuses connections is a 503 problem with Retry-After
(never a 500), an HTTPException of status 503 keeps its status and headers, If-Match compares strongly."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.bootstrap.app import api_router, create_app
from showbay.bootstrap.settings import Settings
from showbay.domain.api_keys.material import new_key_material
from tests.conftest import TEST_JWT_SECRET
from tests.e2e.probes import ProbeController
from tests.redis_server import free_port

Client = AsyncTestClient[Litestar]


@pytest.fixture
async def no_database() -> AsyncIterator[Client]:
    """The service configured with a database that refuses every connection."""
    refused = f"postgresql://svc:db-pa55word@127.0.0.1:{free_port()}/showbay"
    settings = Settings(database_url=refused, jwt_secret=TEST_JWT_SECRET, db_connect_timeout=1)
    app = create_app(settings)
    app.register(api_router(settings, [ProbeController]))
    async with AsyncTestClient(app=app) as test_client:
        yield test_client


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/v1/tasks/1", None),
        ("GET", "/api/v1/tasks", None),
        ("POST", "/api/v1/tasks", {"title": "Lost?"}),
        ("GET", "/api/v1/items", None),
    ],
)
async def test_a_refused_database_is_a_503_database_unavailable_with_retry_after(
    no_database: Client, alice: dict[str, str], method: str, path: str, body: dict[str, str] | None
) -> None:
    response = await no_database.request(method, path, json=body, headers=alice)
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["retry-after"] == "1"
    problem = response.json()
    assert (problem["code"], problem["status"]) == ("database_unavailable", 503)
    assert "pa55word" not in response.text
    assert "127.0.0.1" not in response.text


async def test_an_api_key_that_cannot_be_checked_is_a_503_not_a_401_or_500(no_database: Client) -> None:
    key = new_key_material().plaintext
    response = await no_database.get("/api/v1/tasks", headers={"X-API-Key": key})
    assert response.status_code == 503
    assert response.json()["code"] == "database_unavailable"
    assert key not in response.text


async def test_ready_is_503_while_the_database_refuses(no_database: Client) -> None:
    response = await no_database.get("/ready")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    [database] = [d for d in response.json()["dependencies"] if d["name"] == "database"]
    assert database == {"name": "database", "ok": False, "detail": "DatabaseUnavailable"}


async def test_an_http_exception_of_status_503_keeps_its_status_and_headers(
    no_database: Client, alice: dict[str, str]
) -> None:
    response = await no_database.get("/api/v1/probes/unavailable", headers=alice)
    assert response.status_code == 503
    assert response.headers["retry-after"] == "7"
    assert (response.json()["code"], response.json()["detail"]) == ("service_unavailable", "maintenance")


async def test_if_match_with_a_weak_etag_is_412(client: Client, alice: dict[str, str], clean_db: AsyncEngine) -> None:
    created = await client.post("/api/v1/tasks", json={"title": "Strong"}, headers=alice)
    etag = created.headers["etag"]
    path = f"/api/v1/tasks/{created.json()['id']}"
    weak = await client.put(path, json={"title": "Weak"}, headers={**alice, "If-Match": f"W/{etag}"})
    assert weak.status_code == 412
    assert weak.json()["code"] == "precondition_failed"
    strong = await client.put(path, json={"title": "Strong"}, headers={**alice, "If-Match": etag})
    assert strong.status_code == 200
