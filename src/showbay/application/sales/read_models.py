"""Read models of sales analytics: plain values, computed by SQL, never entities."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from showbay.application.listing import Page
from showbay.domain.sales import Granularity, TransactionDraft

T = TypeVar("T")
CENT = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    """Round to cents, half up (as accountants and PostgreSQL's ``round`` do)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def average(total: Decimal, count: int) -> Decimal:
    return money(total / count) if count else money(Decimal(0))


@dataclass(frozen=True, slots=True)
class StoredTransaction:
    id: int
    draft: TransactionDraft
    created_at: datetime


@dataclass(frozen=True, slots=True)
class StatusTotal:
    """Transactions of one status and the sum of their amounts."""

    status: str
    transactions: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class RevenueBucket:
    """Completed sales in one calendar bucket (a UTC day, an ISO week or a month)."""

    start: date
    transactions: int
    revenue: Decimal
    customers: int

    @property
    def average_value(self) -> Decimal:
        return average(self.revenue, self.transactions)


@dataclass(frozen=True, slots=True)
class RevenueSeries:
    granularity: Granularity
    start: date
    end: date
    buckets: list[RevenueBucket]
    as_of: datetime | None


@dataclass(frozen=True, slots=True)
class ProductStats:
    product: str
    revenue: Decimal
    units: int
    orders: int


@dataclass(frozen=True, slots=True)
class CustomerStats:
    customer_id: str
    customer_name: str
    orders: int
    lifetime_value: Decimal
    first_order_date: date
    last_order_date: date


@dataclass(frozen=True)
class SummaryPage(Page[T, str]):
    """A page of a summary table (its ``total`` from the summary's bookkeeping) and how recent it is."""

    as_of: datetime | None = None


@dataclass(frozen=True, slots=True)
class Dashboard:
    as_of: datetime | None
    total_revenue: Decimal
    completed_transactions: int
    transactions_by_status: dict[str, int]
    top_products: list[ProductStats]
    recent_trend: list[RevenueBucket]

    @property
    def transactions(self) -> int:
        return sum(self.transactions_by_status.values())

    @property
    def average_order_value(self) -> Decimal:
        return average(self.total_revenue, self.completed_transactions)
