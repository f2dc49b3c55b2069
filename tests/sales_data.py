"""A small known sales data set and an independent computation of every analytics number over it."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

TODAY = date(2026, 3, 3)

# Edges: the last second of January and the first of February (UTC), a +02:00 time that is still
# January 31 in UTC, a Sunday/Monday week boundary, a leap-free February end, other statuses, Unicode names.
ROWS: list[dict[str, Any]] = [
    {"occurred_at": "2026-01-31T23:59:59Z", "customer_id": "C1", "customer_name": "דוד כהן", "product": "מחשב נייד", "quantity": 1, "unit_price": "4299.00", "status": "completed"},
    {"occurred_at": "2026-02-01T00:00:00Z", "customer_id": "C1", "customer_name": "דוד כהן", "product": "מחשב נייד", "quantity": 2, "unit_price": "4299.00", "status": "completed"},
    {"occurred_at": "2026-02-01T01:30:00+02:00", "customer_id": "C2", "customer_name": "שרה לוי", "product": "עכבר ארגונומי", "quantity": 3, "unit_price": "189.90", "status": "completed"},
    {"occurred_at": "2026-02-01T10:00:00Z", "customer_id": "C2", "customer_name": "שרה לוי", "product": "עכבר ארגונומי", "quantity": 1, "unit_price": "189.90", "status": "pending"},
    {"occurred_at": "2026-02-01T11:00:00Z", "customer_id": "C3", "customer_name": "Zoë Ñandú", "product": "טאבלט", "quantity": 1, "unit_price": "1899.00", "status": "cancelled"},
    {"occurred_at": "2026-02-01T12:00:00Z", "customer_id": "C2", "customer_name": "שרה לוי", "product": "טאבלט", "quantity": 1, "unit_price": "1899.00", "status": "completed"},
    {"occurred_at": "2026-02-02T00:00:00Z", "customer_id": "C3", "customer_name": "Zoë Ñandú", "product": "כבל USB-C", "quantity": 7, "unit_price": "49.99", "status": "completed"},
    {"occurred_at": "2026-02-28T23:59:59.999999Z", "customer_id": "C4", "customer_name": "מיכל אברהם 🎉", "product": "כבל USB-C", "quantity": 1, "unit_price": "0.01", "status": "completed"},
    {"occurred_at": "2026-03-01T00:00:00Z", "customer_id": "C4", "customer_name": "מיכל אברהם 🎉", "product": "מחשב נייד", "quantity": 1, "unit_price": "3999.99", "status": "completed"},
    {"occurred_at": "2026-03-02T09:15:00Z", "customer_id": "C1", "customer_name": "דוד כהן", "product": "כבל USB-C", "quantity": 2, "unit_price": "49.99", "status": "pending"},
    {"occurred_at": "2026-03-03T08:00:00Z", "customer_id": "C5", "customer_name": "עומר פרץ", "product": "טאבלט", "quantity": 1, "unit_price": "0.00", "status": "completed"},
]  # fmt: skip


def utc_day(row: dict[str, Any]) -> date:
    return datetime.fromisoformat(row["occurred_at"]).astimezone(UTC).date()


def amount(row: dict[str, Any]) -> Decimal:
    return Decimal(row["unit_price"]) * row["quantity"]


def cents(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def completed() -> list[dict[str, Any]]:
    return [row for row in ROWS if row["status"] == "completed"]


def bucket_of(day: date, granularity: str) -> date:
    if granularity == "week":
        return day - timedelta(days=day.weekday())
    if granularity == "month":
        return date(day.year, day.month, 1)
    return day


def expected_series(granularity: str, starts: list[date]) -> list[dict[str, Any]]:
    revenue: dict[date, Decimal] = defaultdict(Decimal)
    count: dict[date, int] = defaultdict(int)
    customers: dict[date, set[str]] = defaultdict(set)
    for row in completed():
        start = bucket_of(utc_day(row), granularity)
        revenue[start] += amount(row)
        count[start] += 1
        customers[start].add(row["customer_id"])
    return [
        {
            "period_start": start.isoformat(),
            "revenue": cents(revenue[start]),
            "transactions": count[start],
            "average_value": cents(revenue[start] / count[start]) if count[start] else "0.00",
            "unique_customers": len(customers[start]),
        }
        for start in starts
    ]


def expected_products() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for row in completed():
        entry = found.setdefault(row["product"], {"revenue": Decimal(0), "units": 0, "orders": 0})
        entry["revenue"] += amount(row)
        entry["units"] += row["quantity"]
        entry["orders"] += 1
    return found


def expected_customers() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for row in completed():
        entry = found.setdefault(row["customer_id"], {"name": row["customer_name"], "value": Decimal(0), "days": []})
        entry["value"] += amount(row)
        entry["days"].append(utc_day(row))
    return found
