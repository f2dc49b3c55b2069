"""Fixtures and helpers of the /api/v1/repos end-to-end tests (the fixtures are registered in conftest.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.adapters.persistence.tables import tracked_repos
from showbay.bootstrap.app import create_app
from showbay.bootstrap.settings import GitHubSettings, Settings
from tests.conftest import TEST_JWT_SECRET, auth_headers
from tests.upstreams.github import FakeGitHub, fake_github_in_thread

Client = AsyncTestClient  # type: ignore[type-arg]
WRITER = auth_headers("alice", "repos:write")
READER = auth_headers("bob")
URL = "/api/v1/repos"


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    """A fake GitHub serving from its own thread (the test client blocks the test's event loop)."""
    with fake_github_in_thread() as fake:
        yield fake


@pytest.fixture
async def repos_client(database_url: str, clean_db: AsyncEngine, github: FakeGitHub) -> AsyncIterator[Client]:
    settings = Settings(
        database_url=database_url,
        jwt_secret=TEST_JWT_SECRET,
        github=GitHubSettings(api_url=github.url, token="t0ken"),
        outbound_timeout=0.5,
        outbound_max_attempts=2,
        outbound_backoff_initial=0.01,
        outbound_backoff_max=0.02,
        outbound_budget=3.0,
    )
    async with AsyncTestClient(app=create_app(settings)) as test_client:
        yield test_client


async def rows(engine: AsyncEngine) -> list[dict[str, Any]]:
    async with engine.connect() as connection:
        result = await connection.execute(select(tracked_repos).order_by(tracked_repos.c.name))
        return [dict(row) for row in result.mappings()]


async def track(client: Client, full_name: str = "octo/hello") -> dict[str, Any]:
    owner, name = full_name.split("/")
    response = await client.post(URL, json={"owner": owner, "name": name}, headers=WRITER)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def assert_problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    return body
