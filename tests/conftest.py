from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.adapters.persistence.database import create_engine
from showbay.adapters.persistence.tables import metadata
from showbay.adapters.security.jwt_tokens import mint_token
from showbay.bootstrap.migrate import upgrade
from tests.postgres import test_postgres_url
from tests.redis_server import NoRedis, test_redis_url

pytest_plugins = ["tests.upstreams.jsonplaceholder", "tests.upstreams.github"]

TEST_JWT_SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789"


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    with test_postgres_url() as url:
        upgrade(url)
        yield url


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    try:
        with test_redis_url() as url:
            yield url
    except NoRedis as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url, pool_size=5)
    yield engine
    await engine.dispose()


@pytest.fixture
async def clean_db(engine: AsyncEngine) -> AsyncEngine:
    """Every table emptied before the test."""
    names = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
    async with engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    return engine


def token_for(subject: str, *scopes: str, ttl: timedelta = timedelta(minutes=5)) -> str:
    return mint_token(TEST_JWT_SECRET, subject, scopes, ttl=ttl)


def auth_headers(subject: str = "alice", *scopes: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(subject, *scopes)}"}


@pytest.fixture
def alice() -> dict[str, str]:
    return auth_headers("alice")


@pytest.fixture
def bob() -> dict[str, str]:
    return auth_headers("bob")
