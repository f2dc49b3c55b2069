"""POST /api/v1/transactions and /transactions/batch: validation, all-or-nothing, scopes, limits, refresh."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.adapters.persistence.sales.views import SqlaSalesViewRefresher
from showbay.adapters.persistence.tables import sales_transactions
from showbay.bootstrap.app import create_app
from tests.e2e.sales_fixtures import READER, WRITER, Client, FixedClockProvider, load_rows, sales_client, sales_settings
from tests.sales_data import ROWS

__all__ = ["sales_client"]
ROW: dict[str, Any] = ROWS[2]


async def stored(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(select(func.count()).select_from(sales_transactions))).scalar_one())


async def test_create_one_returns_201_location_and_the_unchanged_row(sales_client: Client) -> None:
    response = await sales_client.post("/api/v1/transactions", json=ROW, headers=WRITER)
    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["location"] == f"/api/v1/transactions/{body['id']}"
    assert body["occurred_at"] == "2026-01-31T23:30:00Z"
    assert (body["customer_name"], body["product"]) == (ROW["customer_name"], ROW["product"])
    assert (body["unit_price"], body["amount"], body["currency"], body["status"]) == (
        "189.90",
        "569.70",
        "ILS",
        "completed",
    )
    again = await sales_client.get(response.headers["location"], headers=READER)
    assert again.json() == body


async def test_unknown_transaction_is_404(sales_client: Client) -> None:
    response = await sales_client.get("/api/v1/transactions/999999", headers=READER)
    assert response.status_code == 404
    assert response.json()["code"] == "transaction_not_found"


async def test_writing_needs_the_sales_write_scope(sales_client: Client, clean_db: AsyncEngine) -> None:
    for path, body in (("/api/v1/transactions", ROW), ("/api/v1/transactions/batch", [ROW])):
        response = await sales_client.post(path, json=body, headers=READER)
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
    assert await stored(clean_db) == 0


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"quantity": 0}, "[2].quantity"),
        ({"amount": "1.00"}, "[2].amount"),
        ({"unit_price": "1.001"}, "[2].unit_price"),
        ({"unit_price": "-1"}, "[2].unit_price"),
        ({"customer_name": "bad\u0000name"}, "[2].customer_name"),
        ({"product": "   "}, "[2].product"),
        ({"currency": "USD"}, "[2].currency"),
        ({"status": "refunded"}, "[2].status"),
        ({"occurred_at": "2026-02-01T10:00:00"}, "[2].occurred_at"),
        ({"colour": "red"}, "[2].colour"),
    ],
)
async def test_a_batch_with_one_bad_row_stores_nothing_and_names_the_row(
    sales_client: Client, clean_db: AsyncEngine, bad: dict[str, Any], field: str
) -> None:
    rows = [dict(row) for row in ROWS[:5]]
    rows[2].update(bad)
    response = await sales_client.post("/api/v1/transactions/batch", json=rows, headers=WRITER)
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["code"] == "validation_failed"
    assert [e["field"] for e in problem["errors"]] == [field]
    assert await stored(clean_db) == 0


async def test_every_bad_row_is_named(sales_client: Client, clean_db: AsyncEngine) -> None:
    rows = [dict(row) for row in ROWS[:4]]
    rows[0]["product"] = " "  # shape errors (wrong types) stop at the first row; rule violations are all named
    rows[3]["amount"] = "0.01"
    response = await sales_client.post("/api/v1/transactions/batch", json=rows, headers=WRITER)
    assert [e["field"] for e in response.json()["errors"]] == ["[0].product", "[3].amount"]
    assert await stored(clean_db) == 0


async def test_a_batch_of_10000_rows_is_stored_and_10001_is_refused(
    sales_client: Client, clean_db: AsyncEngine
) -> None:
    rows = [ROW] * 10_000
    body = json.dumps(rows, ensure_ascii=False).encode()
    assert len(body) > 1024 * 1024  # over the default body limit of the API
    headers = {**WRITER, "Content-Type": "application/json"}
    response = await sales_client.post("/api/v1/transactions/batch", content=body, headers=headers)
    assert response.status_code == 201, response.text[:300]
    created = response.json()
    assert created["inserted"] == 10_000
    assert created["ids"] == sorted(created["ids"])
    too_many = await sales_client.post("/api/v1/transactions/batch", json=[*rows, ROW], headers=WRITER)
    assert too_many.status_code == 422
    assert await stored(clean_db) == 10_000


async def test_an_oversized_body_is_413_and_an_empty_batch_422(sales_client: Client, clean_db: AsyncEngine) -> None:
    body = b"[" + b" " * (16 * 1024 * 1024) + b"]"
    headers = {**WRITER, "Content-Type": "application/json"}
    response = await sales_client.post("/api/v1/transactions/batch", content=body, headers=headers)
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    empty = await sales_client.post("/api/v1/transactions/batch", json=[], headers=WRITER)
    assert empty.status_code == 422
    malformed = await sales_client.post("/api/v1/transactions/batch", content=b"[{", headers=headers)
    assert malformed.status_code == 400
    assert await stored(clean_db) == 0


async def _wait_for_transactions(client: Client, count: int) -> dict[str, Any]:
    """Poll until the background refresh shows ``count`` transactions (generous deadline: CI machines are busy)."""
    deadline = asyncio.get_running_loop().time() + 60
    while asyncio.get_running_loop().time() < deadline:
        body: dict[str, Any] = (await client.get("/api/v1/analytics/dashboard", headers=READER)).json()
        if body["transactions"] == count:
            return body
        await asyncio.sleep(0.05)
    raise AssertionError(f"the views never showed {count} transactions")


async def test_ingestion_refreshes_the_views_in_the_background(database_url: str, clean_db: AsyncEngine) -> None:
    await SqlaSalesViewRefresher(clean_db).refresh()
    app = create_app(sales_settings(database_url), providers=[FixedClockProvider()])
    async with AsyncTestClient(app=app) as client:
        before = (await client.get("/api/v1/analytics/dashboard", headers=READER)).json()
        assert before["transactions"] == 0
        response = await client.post("/api/v1/transactions/batch", json=ROWS, headers=WRITER)
        assert response.status_code == 201
        after = await _wait_for_transactions(client, len(ROWS))
        assert after["as_of"] > before["as_of"]


async def test_dashboard_is_cached_until_ingestion(database_url: str, clean_db: AsyncEngine) -> None:
    await SqlaSalesViewRefresher(clean_db).refresh()
    settings = sales_settings(database_url, sales_dashboard_cache_seconds=600.0, sales_refresh_worker=False)
    async with AsyncTestClient(app=create_app(settings, providers=[FixedClockProvider()])) as client:
        await load_rows(client, clean_db, ROWS[:3])
        assert (await client.get("/api/v1/analytics/dashboard", headers=READER)).json()["transactions"] == 3
        async with clean_db.begin() as connection:  # a write that bypasses the API does not clear the cache
            await connection.execute(text("UPDATE sales_transactions SET status = 'pending'"))
        await SqlaSalesViewRefresher(clean_db).refresh()
        cached = (await client.get("/api/v1/analytics/dashboard", headers=READER)).json()
        assert cached["transactions_by_status"]["completed"] == 3
        await load_rows(client, clean_db, ROWS[3:4])
        fresh = (await client.get("/api/v1/analytics/dashboard", headers=READER)).json()
        assert fresh["transactions_by_status"] == {"completed": 0, "pending": 4, "cancelled": 0}


async def test_one_bad_transaction_is_422_and_a_non_json_body_415(sales_client: Client, clean_db: AsyncEngine) -> None:
    bad = await sales_client.post("/api/v1/transactions", json={**ROW, "unit_price": "1.999"}, headers=WRITER)
    assert bad.status_code == 422
    assert (bad.json()["code"], bad.json()["errors"][0]["field"]) == ("validation_failed", "unit_price")
    wrong_type = await sales_client.post(
        "/api/v1/transactions", content=b"occurred_at=now", headers={**WRITER, "Content-Type": "text/plain"}
    )
    assert wrong_type.status_code == 415
    assert wrong_type.json()["code"] == "unsupported_media_type"
    assert await stored(clean_db) == 0
