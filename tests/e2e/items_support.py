"""Helpers shared by the items end-to-end tests: app settings pointing at the fake upstream, DB snapshots."""

from __future__ import annotations

import dataclasses
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.adapters.persistence.tables import items
from showbay.bootstrap.settings import Settings
from tests.conftest import TEST_JWT_SECRET

Client = AsyncTestClient[Litestar]
PROBLEM = "application/problem+json"

# Fast, deterministic outbound behaviour for tests: short timeouts, tiny back-off, no cache unless asked.
FAST_OUTBOUND: dict[str, Any] = {
    "outbound_connect_timeout": 1.0,
    "outbound_timeout": 0.3,
    "outbound_max_attempts": 3,
    "outbound_backoff_initial": 0.01,
    "outbound_backoff_max": 0.02,
    "outbound_budget": 5.0,
    "outbound_breaker_threshold": 100,
    "outbound_breaker_cooldown": 30.0,
    "jsonplaceholder_cache_ttl": 0.0,
}


def items_settings(database_url: str, upstream_url: str, **overrides: Any) -> Settings:
    base = Settings(database_url=database_url, jwt_secret=TEST_JWT_SECRET, jsonplaceholder_url=upstream_url)
    return dataclasses.replace(base, **{**FAST_OUTBOUND, **overrides})


async def create_item(client: Client, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    response = await client.post("/api/v1/items", json={"title": "A thing", **body}, headers=headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def item_rows(engine: AsyncEngine) -> list[dict[str, Any]]:
    """Every stored item, as the database has it (to prove a failed call changed nothing)."""
    async with engine.connect() as connection:
        result = await connection.execute(select(items).order_by(items.c.id))
        return [dict(row) for row in result.mappings()]
