"""Request and response bodies of /api/v1/transactions and /api/v1/analytics. Money is a decimal string with two
decimals; dates are ISO dates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated

import msgspec

from showbay.adapters.http.text import DECIMAL_2, NOT_BLANK
from showbay.application.sales.read_models import (
    CustomerStats,
    Dashboard,
    ProductStats,
    RevenueBucket,
    StoredTransaction,
    money,
)
from showbay.application.sales.use_cases import MAX_BATCH, TransactionInput
from showbay.domain.sales import Granularity, TransactionStatus
from showbay.domain.sales.transactions import CUSTOMER_ID_MAX, NAME_MAX, QUANTITY_MAX

Money = Annotated[Decimal, msgspec.Meta(description='Decimal string with two decimals, e.g. "1523.46"')]
Name = Annotated[
    str,
    msgspec.Meta(min_length=1, max_length=NAME_MAX, pattern=NOT_BLANK, description="Unicode, stored unchanged"),
]
UnitPrice = Annotated[
    str,
    msgspec.Meta(
        pattern=DECIMAL_2 % 10, description='≥ 0 and < 10000000000, at most two decimals, as a string: "19.99"'
    ),
]
Amount = Annotated[
    str,
    msgspec.Meta(
        pattern=DECIMAL_2 % 16, description="quantity * unit_price as a decimal string with at most two decimals"
    ),
]


class TransactionWrite(msgspec.Struct, forbid_unknown_fields=True):
    """One sales transaction. ``amount`` may be omitted; when present it must equal quantity * unit_price."""

    occurred_at: Annotated[datetime, msgspec.Meta(tz=True, description="RFC 3339 with a time zone")]
    customer_id: Annotated[str, msgspec.Meta(min_length=1, max_length=CUSTOMER_ID_MAX, pattern=NOT_BLANK)]
    customer_name: Name
    product: Name
    quantity: Annotated[int, msgspec.Meta(ge=1, le=QUANTITY_MAX)]
    unit_price: UnitPrice
    status: TransactionStatus
    amount: Amount | None = None
    currency: Annotated[str, msgspec.Meta(pattern="^[A-Z]{3}$", description="ISO 4217")] | None = None

    def to_input(self) -> TransactionInput:
        return TransactionInput(
            occurred_at=self.occurred_at,
            customer_id=self.customer_id,
            customer_name=self.customer_name,
            product=self.product,
            quantity=self.quantity,
            unit_price=Decimal(self.unit_price),
            amount=None if self.amount is None else Decimal(self.amount),
            currency=self.currency,
            status=self.status.value,
        )


TransactionBatch = Annotated[list[TransactionWrite], msgspec.Meta(min_length=1, max_length=MAX_BATCH)]


class TransactionRead(msgspec.Struct):
    id: int
    occurred_at: datetime
    customer_id: str
    customer_name: str
    product: str
    quantity: int
    unit_price: Money
    amount: Money
    currency: str
    status: TransactionStatus
    created_at: datetime

    @classmethod
    def of(cls, stored: StoredTransaction) -> TransactionRead:
        d = stored.draft
        return cls(
            id=stored.id,
            occurred_at=d.occurred_at.astimezone(UTC),
            customer_id=d.customer_id,
            customer_name=d.customer_name,
            product=d.product,
            quantity=d.quantity,
            unit_price=money(d.unit_price),
            amount=money(d.amount),
            currency=d.currency,
            status=d.status,
            created_at=stored.created_at.astimezone(UTC),
        )


class BatchCreated(msgspec.Struct):
    """Every row of the batch was stored; ``ids`` are in the order of the request."""

    inserted: int
    ids: list[int]


def utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(UTC)


class AnalyticsPagination(msgspec.Struct):
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
    pagination: AnalyticsPagination
    as_of: datetime | None


class CustomerPage(msgspec.Struct):
    data: list[CustomerRead]
    pagination: AnalyticsPagination
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
