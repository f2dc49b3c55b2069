"""The analytics endpoints' numbers against an independent computation over the known data set."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.e2e.sales_fixtures import READER, Client, load_rows, sales_client
from tests.sales_data import ROWS, TODAY, cents, completed, expected_customers, expected_products, expected_series

__all__ = ["sales_client"]


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


async def test_daily_revenue_counts_completed_sales_per_utc_day(sales_client: Client, clean_db: AsyncEngine) -> None:
    await load_rows(sales_client, clean_db)
    response = await sales_client.get(
        "/api/v1/analytics/revenue", params={"from": "2026-01-30", "to": "2026-02-02"}, headers=READER
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["granularity"], body["from"], body["to"]) == ("day", "2026-01-30", "2026-02-02")
    got = [{k: v for k, v in point.items() if k != "period_end"} for point in body["data"]]
    assert got == expected_series("day", _days(date(2026, 1, 30), date(2026, 2, 2)))
    # The +02:00 sale at 01:30 local is January 31 in UTC; the pending and cancelled ones do not count.
    assert body["data"][1]["transactions"] == 2
    assert body["data"][2] == {
        "period_start": "2026-02-01",
        "period_end": "2026-02-01",
        "revenue": "10497.00",
        "transactions": 2,
        "average_value": "5248.50",
        "unique_customers": 2,
    }
    assert body["as_of"].endswith("Z")


@pytest.mark.parametrize(
    ("granularity", "first", "last", "starts", "bounds"),
    [
        ("week", "2026-01-28", "2026-02-03", [date(2026, 1, 26), date(2026, 2, 2)], ("2026-01-26", "2026-02-08")),
        (
            "month",
            "2026-01-31",
            "2026-03-01",
            [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)],
            ("2026-01-01", "2026-03-31"),
        ),
    ],
)
async def test_weekly_and_monthly_buckets_are_widened_and_split_at_utc_edges(
    sales_client: Client,
    clean_db: AsyncEngine,
    granularity: str,
    first: str,
    last: str,
    starts: list[date],
    bounds: tuple[str, str],
) -> None:
    await load_rows(sales_client, clean_db)
    response = await sales_client.get(
        "/api/v1/analytics/revenue", params={"from": first, "to": last, "granularity": granularity}, headers=READER
    )
    body = response.json()
    assert (body["from"], body["to"]) == bounds
    assert [{k: v for k, v in p.items() if k != "period_end"} for p in body["data"]] == expected_series(
        granularity, starts
    )
    if granularity == "month":
        assert [p["period_end"] for p in body["data"]] == ["2026-01-31", "2026-02-28", "2026-03-31"]
        # 23:59:59.999999 on February 28 stays in February; midnight March 1 opens March.
        assert body["data"][1]["unique_customers"] == 4
        assert body["data"][2]["revenue"] == "3999.99"


async def test_an_empty_range_is_a_zero_filled_answer(sales_client: Client, clean_db: AsyncEngine) -> None:
    await load_rows(sales_client, clean_db)
    response = await sales_client.get(
        "/api/v1/analytics/revenue",
        params={"from": "2025-06-01", "to": "2025-06-03"},
        headers=READER,
    )
    assert response.status_code == 200
    assert [(p["revenue"], p["transactions"], p["average_value"]) for p in response.json()["data"]] == [
        ("0.00", 0, "0.00")
    ] * 3


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-02-02", "to": "2026-02-01"}, "from"),
        ({"granularity": "year"}, "granularity"),
        ({"from": "2026-02-31"}, "from"),
        ({"from": "1900-01-01", "to": "2026-01-01"}, "to"),
    ],
)
async def test_invalid_ranges_are_422_problems(sales_client: Client, params: dict[str, str], field: str) -> None:
    response = await sales_client.get("/api/v1/analytics/revenue", params=params, headers=READER)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "validation_failed"
    assert [e["field"] for e in problem["errors"]] == [field]


async def test_dashboard_totals_status_counts_top_products_and_trend(
    sales_client: Client, clean_db: AsyncEngine
) -> None:
    await load_rows(sales_client, clean_db)
    response = await sales_client.get("/api/v1/analytics/dashboard", headers=READER)
    assert response.status_code == 200
    body = response.json()
    revenue = sum((Decimal(r["unit_price"]) * r["quantity"] for r in completed()), Decimal(0))
    assert body["total_revenue"] == cents(revenue)
    assert body["transactions"] == len(ROWS)
    assert body["completed_transactions"] == len(completed())
    assert body["average_order_value"] == cents(revenue / len(completed()))
    assert body["transactions_by_status"] == {
        status: sum(1 for r in ROWS if r["status"] == status) for status in ("completed", "pending", "cancelled")
    }
    products = expected_products()
    ranked = sorted(products, key=lambda name: -products[name]["revenue"])
    assert [(p["product"], p["revenue"]) for p in body["top_products"]] == [
        (name, cents(products[name]["revenue"])) for name in ranked
    ]
    trend = body["recent_trend"]
    assert len(trend) == 30
    assert trend[-1]["date"] == TODAY.isoformat()
    expected = {p["period_start"]: p for p in expected_series("day", _days(TODAY - timedelta(days=29), TODAY))}
    assert all(
        (t["revenue"], t["transactions"]) == (expected[t["date"]]["revenue"], expected[t["date"]]["transactions"])
        for t in trend
    )


async def test_dashboard_of_an_empty_store(sales_client: Client) -> None:
    body = (await sales_client.get("/api/v1/analytics/dashboard", headers=READER)).json()
    assert (body["total_revenue"], body["transactions"], body["average_order_value"]) == ("0.00", 0, "0.00")
    assert body["top_products"] == []
    assert {t["revenue"] for t in body["recent_trend"]} == {"0.00"}


async def test_customers_are_sorted_and_paginated(sales_client: Client, clean_db: AsyncEngine) -> None:
    await load_rows(sales_client, clean_db)
    expected = expected_customers()
    by_value = sorted(expected, key=lambda c: (-expected[c]["value"], c))
    first = (await sales_client.get("/api/v1/analytics/customers?limit=2", headers=READER)).json()
    second = (await sales_client.get("/api/v1/analytics/customers?limit=2&offset=2", headers=READER)).json()
    assert first["pagination"] == {"limit": 2, "offset": 0, "total": len(expected)}
    assert [c["customer_id"] for c in first["data"] + second["data"]] == by_value[:4]
    top = first["data"][0]
    entry = expected[top["customer_id"]]
    assert top["customer_name"] == entry["name"]
    assert top["lifetime_value"] == cents(entry["value"])
    assert top["orders"] == len(entry["days"])
    assert top["average_order_value"] == cents(entry["value"] / len(entry["days"]))
    assert (top["first_order_date"], top["last_order_date"]) == (
        min(entry["days"]).isoformat(),
        max(entry["days"]).isoformat(),
    )
    recent = (await sales_client.get("/api/v1/analytics/customers?sort=-last_order_date", headers=READER)).json()
    assert [c["customer_id"] for c in recent["data"]] == sorted(
        expected, key=lambda c: (max(expected[c]["days"]), c), reverse=True
    )
    names = {c["customer_name"] for c in recent["data"]}
    assert {"מיכל אברהם 🎉", "Zoë Ñandú", "עומר פרץ"} <= names


async def test_products_sorted_by_units_ascending(sales_client: Client, clean_db: AsyncEngine) -> None:
    await load_rows(sales_client, clean_db)
    expected = expected_products()
    body = (await sales_client.get("/api/v1/analytics/products?sort=units,product", headers=READER)).json()
    assert [(p["product"], p["units"], p["orders"], p["revenue"]) for p in body["data"]] == [
        (name, expected[name]["units"], expected[name]["orders"], cents(expected[name]["revenue"]))
        for name in sorted(expected, key=lambda n: (expected[n]["units"], n))
    ]
    assert body["pagination"]["total"] == len(expected)


@pytest.mark.parametrize("query", ["sort=price", "sort=-revenue,", "limit=0", "limit=101", "offset=-1"])
async def test_bad_list_parameters_are_422(sales_client: Client, query: str) -> None:
    response = await sales_client.get(f"/api/v1/analytics/products?{query}", headers=READER)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "validation_failed"


async def test_analytics_need_credentials(sales_client: Client) -> None:
    response = await sales_client.get("/api/v1/analytics/dashboard")
    assert response.status_code == 401


@pytest.mark.parametrize("sort", ["-lifetime_value", "orders", "-orders", "last_order_date", "-customer_id"])
async def test_keyset_pages_walk_every_customer_once_in_order(
    sales_client: Client, clean_db: AsyncEngine, sort: str
) -> None:
    await load_rows(sales_client, clean_db)
    everything = (await sales_client.get(f"/api/v1/analytics/customers?sort={sort}", headers=READER)).json()
    walked: list[str] = []
    cursor: str | None = None
    for _ in range(10):
        params = {"sort": sort, "limit": "2", **({"cursor": cursor} if cursor else {})}
        page = (await sales_client.get("/api/v1/analytics/customers", params=params, headers=READER)).json()
        walked += [c["customer_id"] for c in page["data"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert walked == [c["customer_id"] for c in everything["data"]]
    assert len(walked) == len(expected_customers())


async def test_bad_cursors(sales_client: Client, clean_db: AsyncEngine) -> None:
    await load_rows(sales_client, clean_db)
    first = (await sales_client.get("/api/v1/analytics/customers?limit=1&sort=orders", headers=READER)).json()
    cursor = first["next_cursor"]
    for query, status in [
        ("cursor=not-a-cursor", 400),
        (f"cursor={cursor}", 400),  # made for sort=orders, used with the default sort
        (f"cursor={cursor}&sort=orders&offset=1", 422),
    ]:
        response = await sales_client.get(f"/api/v1/analytics/customers?{query}", headers=READER)
        assert response.status_code == status, (query, response.text)
        assert response.json()["code"] == ("invalid_cursor" if status == 400 else "validation_failed")
    assert (await sales_client.get("/api/v1/analytics/customers?sort=orders,customer_id", headers=READER)).json()[
        "next_cursor"
    ] is None
