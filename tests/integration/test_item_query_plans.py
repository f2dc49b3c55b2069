"""EXPLAIN-shape test: an item keyset page is a range of the (owner_id, key, id) index, as the task list's."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.adapters.persistence.items.store import find_statement
from showbay.application.items.queries import ItemPosition, ItemQuery, parse_item_sort

NOW = datetime.now(UTC)


@pytest.fixture(scope="module")
async def seeded(engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    async with engine.begin() as connection:
        await connection.execute(text("TRUNCATE items RESTART IDENTITY CASCADE"))
        await connection.execute(
            text(
                "INSERT INTO items (owner_id, title, created_at, updated_at, version) "
                "SELECT 'owner-' || (g % 10), 'item ' || g, now() - g * interval '1 minute', now(), 1 "
                "FROM generate_series(1, 20000) AS g"
            )
        )
    async with engine.connect() as connection:
        await (await connection.execution_options(isolation_level="AUTOCOMMIT")).execute(text("ANALYZE items"))
    yield engine
    async with engine.begin() as connection:
        await connection.execute(text("TRUNCATE items RESTART IDENTITY CASCADE"))


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


async def _index_conditions(engine: AsyncEngine, query: ItemQuery) -> list[str]:
    sql = find_statement("owner-1", query).compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True})
    async with engine.connect() as connection:
        raw = (await connection.execute(text(f"EXPLAIN (FORMAT JSON) {sql}"))).scalar_one()
    document = raw if isinstance(raw, list) else json.loads(raw)
    return [node.get("Index Cond", "") for node in _nodes(document[0]["Plan"]) if "Index Name" in node]


@pytest.mark.parametrize("sort", ["-created_at", "title"])
async def test_a_keyset_page_bounds_the_index_scan_by_a_row_comparison(seeded: AsyncEngine, sort: str) -> None:
    keys = parse_item_sort(sort)
    position = ItemPosition((NOW - timedelta(days=3),) if sort == "-created_at" else ("item 5",), 10**9)
    conditions = await _index_conditions(seeded, ItemQuery(sort=keys, limit=20, after=position))
    assert any("ROW(" in condition.upper() for condition in conditions), conditions
