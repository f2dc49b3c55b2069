"""An app whose clock stands still on the data set's 'today', and helpers to load and refresh sales."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, time
from typing import Any

import pytest
from dishka import Provider, Scope, provide
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.adapters.persistence.sales.views import SqlaSalesViewRefresher
from showbay.application.ports import Clock
from showbay.bootstrap.app import create_app
from showbay.bootstrap.settings import Settings
from tests.conftest import TEST_JWT_SECRET, auth_headers
from tests.sales_data import ROWS, TODAY

Client = AsyncTestClient  # type: ignore[type-arg]
WRITER = auth_headers("ingest-bot", "sales:write")
READER = auth_headers("analyst")


class FixedClock:
    def now(self) -> datetime:
        return datetime.combine(TODAY, time(15, 0), tzinfo=UTC)


class FixedClockProvider(Provider):
    @provide(scope=Scope.APP)
    def clock(self) -> Clock:
        return FixedClock()


def sales_settings(database_url: str, **overrides: Any) -> Settings:
    base: dict[str, Any] = {
        "database_url": database_url,
        "jwt_secret": TEST_JWT_SECRET,
        "sales_refresh_interval_seconds": 0.0,
        "sales_dashboard_cache_seconds": 0.0,
    }
    return Settings(**{**base, **overrides})


@pytest.fixture
async def sales_client(database_url: str, clean_db: AsyncEngine) -> AsyncIterator[Client]:
    await SqlaSalesViewRefresher(clean_db).refresh()  # clean_db empties tables, not materialized views
    app = create_app(sales_settings(database_url, sales_refresh_worker=False), providers=[FixedClockProvider()])
    async with AsyncTestClient(app=app) as client:
        yield client


async def load_rows(client: Client, engine: AsyncEngine, rows: list[dict[str, Any]] = ROWS) -> None:
    response = await client.post("/api/v1/transactions/batch", json=rows, headers=WRITER)
    assert response.status_code == 201, response.text
    await SqlaSalesViewRefresher(engine).refresh()
