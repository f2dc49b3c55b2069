"""Response bodies of /api/v1/analytics. Money is a decimal string with two decimals; dates are ISO dates."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import msgspec

from showbay.adapters.http.sales.schemas import Money, utc
from showbay.application.sales.read_models import CustomerStats, Dashboard, ProductStats, RevenueBucket, money
from showbay.domain.sales import Granularity


class Pagination(msgspec.Struct):
    limit: int
    offset: int
    total: int


class ProductRead(msgspec.Struct):
    product: str
    revenue: Money
    units: int
    orders: int

    @classmethod
    def of(cls, p: ProductStats) -> ProductRead:
        return cls(p.product, money(p.revenue), p.units, p.orders)


class CustomerRead(msgspec.Struct):
    customer_id: str
    customer_name: str
    orders: int
    lifetime_value: Money
    average_order_value: Money
    first_order_date: date
    last_order_date: date

    @classmethod
    def of(cls, c: CustomerStats) -> CustomerRead:
        average = money(c.lifetime_value / c.orders) if c.orders else money(Decimal(0))
        return cls(
            c.customer_id,
            c.customer_name,
            c.orders,
            money(c.lifetime_value),
            average,
            c.first_order_date,
            c.last_order_date,
        )


class ProductPage(msgspec.Struct):
    data: list[ProductRead]
    pagination: Pagination
    as_of: datetime | None


class CustomerPage(msgspec.Struct):
    data: list[CustomerRead]
    pagination: Pagination
    as_of: datetime | None
    next_cursor: str | None = None
    """With a single sort field: pass it as ``cursor`` for the next page (null on the last page)."""


class RevenuePoint(msgspec.Struct):
    period_start: date
    period_end: date
    revenue: Money
    transactions: int
    average_value: Money
    unique_customers: int


def revenue_point(granularity: Granularity, bucket: RevenueBucket) -> RevenuePoint:
    return RevenuePoint(
        period_start=bucket.start,
        period_end=granularity.bucket_end(bucket.start),
        revenue=money(bucket.revenue),
        transactions=bucket.transactions,
        average_value=bucket.average_value,
        unique_customers=bucket.customers,
    )


class RevenueSeriesRead(msgspec.Struct):
    """Buckets cover ``from``..``to``: the requested range widened to whole weeks (Monday first) or months."""

    granularity: Granularity
    from_: date = msgspec.field(name="from")
    to: date
    data: list[RevenuePoint] = msgspec.field(default_factory=list)
    as_of: datetime | None = None


class StatusCounts(msgspec.Struct):
    completed: int
    pending: int
    cancelled: int


class TrendPoint(msgspec.Struct):
    date: date
    revenue: Money
    transactions: int


class DashboardRead(msgspec.Struct):
    as_of: datetime | None
    total_revenue: Money
    transactions: int
    completed_transactions: int
    average_order_value: Money
    transactions_by_status: StatusCounts
    top_products: list[ProductRead]
    recent_trend: list[TrendPoint]

    @classmethod
    def of(cls, d: Dashboard) -> DashboardRead:
        counts = d.transactions_by_status
        return cls(
            as_of=utc(d.as_of),
            total_revenue=money(d.total_revenue),
            transactions=d.transactions,
            completed_transactions=d.completed_transactions,
            average_order_value=d.average_order_value,
            transactions_by_status=StatusCounts(counts["completed"], counts["pending"], counts["cancelled"]),
            top_products=[ProductRead.of(p) for p in d.top_products],
            recent_trend=[TrendPoint(b.start, money(b.revenue), b.transactions) for b in d.recent_trend],
        )
