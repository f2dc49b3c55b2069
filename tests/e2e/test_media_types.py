"""Bodies that are not JSON are 415 on every write that takes a body, and change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.adapters.persistence.tables import tasks
from tests.e2e.items_support import PROBLEM, Client, create_item, item_rows

NOT_JSON = [
    pytest.param({"Content-Type": "text/plain"}, "text/plain", id="text"),
    pytest.param({"Content-Type": "application/x-www-form-urlencoded"}, "application/x-www-form-urlencoded", id="form"),
    pytest.param({"Content-Type": "application/xml"}, "application/xml", id="xml"),
    pytest.param({}, "unspecified", id="no-content-type"),
]
BODY = b'{"title": "looks like JSON but is not declared so"}'


async def task_rows(engine: AsyncEngine) -> list[dict[str, Any]]:
    # Not the generated sort columns: due_sort holds 'infinity', which Python's datetime cannot.
    stored = [c for c in tasks.c if c.name not in ("due_sort", "priority_rank", "search_vector")]
    async with engine.connect() as connection:
        return [dict(row) for row in (await connection.execute(select(*stored).order_by(tasks.c.id))).mappings()]


def assert_415(response: Any, media_type: str) -> None:
    assert response.status_code == 415, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    problem = response.json()
    assert (problem["status"], problem["code"]) == (415, "unsupported_media_type")
    assert f"'{media_type}'" in problem["detail"]


@pytest.mark.parametrize(("headers", "media_type"), NOT_JSON)
async def test_tasks_put(
    client: Client, alice: dict[str, str], clean_db: AsyncEngine, headers: dict[str, str], media_type: str
) -> None:
    created = await client.post("/api/v1/tasks", json={"title": "Keep me"}, headers=alice)
    assert created.status_code == 201
    before = await task_rows(clean_db)
    response = await client.put(created.headers["location"], content=BODY, headers={**alice, **headers})
    assert_415(response, media_type)
    assert await task_rows(clean_db) == before


@pytest.mark.parametrize(("headers", "media_type"), NOT_JSON)
async def test_items_post(
    client: Client, alice: dict[str, str], clean_db: AsyncEngine, headers: dict[str, str], media_type: str
) -> None:
    response = await client.post("/api/v1/items", content=BODY, headers={**alice, **headers})
    assert_415(response, media_type)
    assert await item_rows(clean_db) == []


@pytest.mark.parametrize(("headers", "media_type"), NOT_JSON)
async def test_items_put(
    client: Client, alice: dict[str, str], clean_db: AsyncEngine, headers: dict[str, str], media_type: str
) -> None:
    created = await create_item(client, alice)
    before = await item_rows(clean_db)
    response = await client.put(f"/api/v1/items/{created['id']}", content=BODY, headers={**alice, **headers})
    assert_415(response, media_type)
    assert await item_rows(clean_db) == before
