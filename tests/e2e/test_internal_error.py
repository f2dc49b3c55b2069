"""A bug in a route is a 500 problem with code internal_error and the request id, and leaks nothing about itself."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.bootstrap.app import api_router, create_app
from showbay.bootstrap.settings import Settings
from tests.conftest import TEST_JWT_SECRET
from tests.e2e.items_support import PROBLEM, Client
from tests.e2e.probes import ProbeController

EXPLODE = "/api/v1/probes/explode"  # raises RuntimeError("cannot reach postgresql://svc:db-pa55word@db:5432/...")
INTERNALS = ["db-pa55word", "postgresql://", "RuntimeError", "Traceback", "probes.py", "cannot reach"]


@pytest.fixture
async def client(database_url: str, clean_db: AsyncEngine) -> AsyncIterator[Client]:
    settings = Settings(database_url=database_url, jwt_secret=TEST_JWT_SECRET)
    app = create_app(settings)
    app.register(api_router(settings, [ProbeController]))
    async with AsyncTestClient(app=app) as test_client:
        yield test_client


async def test_a_bug_is_500_internal_error_with_the_request_id_and_no_internals(
    client: Client, alice: dict[str, str]
) -> None:
    response = await client.post(EXPLODE, headers={**alice, "X-Request-ID": "bug-1"})
    assert response.status_code == 500
    assert response.headers["content-type"].startswith(PROBLEM)
    problem = response.json()
    assert (problem["status"], problem["code"], problem["request_id"]) == (500, "internal_error", "bug-1")
    assert "request id" in problem["detail"]
    assert response.headers["x-request-id"] == "bug-1"
    for internal in INTERNALS:
        assert internal not in response.text


async def test_without_a_request_id_the_500_carries_the_generated_one(client: Client, alice: dict[str, str]) -> None:
    response = await client.post(EXPLODE, headers=alice)
    assert response.status_code == 500
    problem = response.json()
    assert problem["code"] == "internal_error"
    assert problem["request_id"]
    assert problem["request_id"] == response.headers["x-request-id"]
