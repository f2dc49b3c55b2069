"""A small known sales data set and an independent computation of every analytics number over it."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

TODAY = date(2026, 3, 3)

# Edges: the last second of January and the first of February (UTC), a +02:00 time that is still
# January 31 in UTC, a Sunday/Monday week boundary, a leap-free February end, other statuses, Unicode names.
FIELDS = ("occurred_at", "customer_id", "customer_name", "product", "quantity", "unit_price", "status")
_TABLE = [
    ("2026-01-31T23:59:59Z", "C1", "דוד כהן", "מחשב נייד", 1, "4299.00", "completed"),
    ("2026-02-01T00:00:00Z", "C1", "דוד כהן", "מחשב נייד", 2, "4299.00", "completed"),
    ("2026-02-01T01:30:00+02:00", "C2", "שרה לוי", "עכבר ארגונומי", 3, "189.90", "completed"),
    ("2026-02-01T10:00:00Z", "C2", "שרה לוי", "עכבר ארגונומי", 1, "189.90", "pending"),
    ("2026-02-01T11:00:00Z", "C3", "Zoë Ñandú", "טאבלט", 1, "1899.00", "cancelled"),
    ("2026-02-01T12:00:00Z", "C2", "שרה לוי", "טאבלט", 1, "1899.00", "completed"),
    ("2026-02-02T00:00:00Z", "C3", "Zoë Ñandú", "כבל USB-C", 7, "49.99", "completed"),
    ("2026-02-28T23:59:59.999999Z", "C4", "מיכל אברהם 🎉", "כבל USB-C", 1, "0.01", "completed"),
    ("2026-03-01T00:00:00Z", "C4", "מיכל אברהם 🎉", "מחשב נייד", 1, "3999.99", "completed"),
    ("2026-03-02T09:15:00Z", "C1", "דוד כהן", "כבל USB-C", 2, "49.99", "pending"),
    ("2026-03-03T08:00:00Z", "C5", "עומר פרץ", "טאבלט", 1, "0.00", "completed"),
]
ROWS: list[dict[str, Any]] = [dict(zip(FIELDS, row, strict=True)) for row in _TABLE]


def utc_day(row: dict[str, Any]) -> date:
    return datetime.fromisoformat(row["occurred_at"]).astimezone(UTC).date()


def amount(row: dict[str, Any]) -> Decimal:
    quantity: int = row["quantity"]
    return Decimal(row["unit_price"]) * quantity


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
