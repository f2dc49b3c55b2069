from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.bootstrap.app import create_app
from showbay.bootstrap.settings import Settings
from tests.conftest import TEST_JWT_SECRET
from tests.e2e.repos_support import github, repos_client  # noqa: F401 - fixtures of the repos tests

CLOSED_LOCAL_PORT = "http://127.0.0.1:9"


@pytest.fixture
async def client(database_url: str, clean_db: AsyncEngine) -> AsyncIterator[AsyncTestClient[Litestar]]:
    # A generous rate limit (tests that create many resources must not hit the production default of 120/min),
    # and no test reaches the internet: upstreams point at a closed local port unless a test brings a fake.
    app = create_app(
        Settings(
            database_url=database_url,
            jwt_secret=TEST_JWT_SECRET,
            rate_limit_requests=100_000,
            jsonplaceholder_url=CLOSED_LOCAL_PORT,
        )
    )
    async with AsyncTestClient(app=app) as test_client:
        yield test_client
