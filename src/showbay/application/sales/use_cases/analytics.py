"""Analytics use cases: dashboard, revenue series, customers and products (read side, no unit of work)."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from showbay.application.errors import Raises
from showbay.application.listing import Page, Position, SortKey, check_page
from showbay.application.ports import Clock
from showbay.application.sales.cache import DashboardCache
from showbay.application.sales.config import SalesConfig
from showbay.application.sales.ports import SalesReader
from showbay.application.sales.queries import (
    CUSTOMER_DEFAULT_SORT,
    CUSTOMER_SORT_FIELDS,
    PRODUCT_DEFAULT_SORT,
    PRODUCT_SORT_FIELDS,
    CustomerPosition,
    PageRequest,
    SalesSort,
)
from showbay.application.sales.read_models import (
    CustomerStats,
    Dashboard,
    ProductStats,
    RevenueBucket,
    RevenueSeries,
    SummaryPage,
)
from showbay.domain.errors import FieldProblem, ValidationFailed
from showbay.domain.sales import Granularity


def _filled(granularity: Granularity, first: date, last: date, found: list[RevenueBucket]) -> list[RevenueBucket]:
    by_start = {bucket.start: bucket for bucket in found}
    return [
        by_start.get(start) or RevenueBucket(start, 0, Decimal("0.00"), 0) for start in granularity.starts(first, last)
    ]


def utc_today(clock: Clock) -> date:
    return clock.now().astimezone(UTC).date()


class GetDashboard:
    """Totals, counts by status, top products and the recent daily trend; the queries run concurrently."""

    raises: Raises = ()

    def __init__(self, reader: SalesReader, cache: DashboardCache, clock: Clock, config: SalesConfig) -> None:
        self._reader, self._cache, self._clock, self._config = reader, cache, clock, config

    async def __call__(self) -> Dashboard:
        today = utc_today(self._clock)
        as_of = await self._reader.as_of()
        return await self._cache.get_or_load(today, as_of, lambda: self._load(today, as_of))

    async def _load(self, today: date, as_of: datetime | None) -> Dashboard:
        """``as_of`` was read first: the figures include at least every ingest it stands for."""
        first = today - timedelta(days=self._config.trend_days - 1)
        top = PageRequest(self._config.top_products, 0, (SortKey("revenue", descending=True),))
        totals, products, trend = await asyncio.gather(
            self._reader.status_totals(),
            self._reader.products(top),
            self._reader.revenue_buckets(Granularity.DAY, first, today),
        )
        completed = next((t for t in totals if t.status == "completed"), None)
        return Dashboard(
            as_of=as_of,
            total_revenue=completed.amount if completed else Decimal("0.00"),
            completed_transactions=completed.transactions if completed else 0,
            transactions_by_status={
                status: next((t.transactions for t in totals if t.status == status), 0)
                for status in ("completed", "pending", "cancelled")
            },
            top_products=products.items,
            recent_trend=_filled(Granularity.DAY, first, today, trend),
        )


class GetRevenueSeries:
    """Completed revenue per day, week or month over a date range widened to whole buckets, zero-filled."""

    raises: Raises = (ValidationFailed,)

    DEFAULT_SPAN = {Granularity.DAY: 30, Granularity.WEEK: 12 * 7, Granularity.MONTH: 365}

    def __init__(self, reader: SalesReader, clock: Clock, config: SalesConfig) -> None:
        self._reader, self._clock, self._config = reader, clock, config

    async def __call__(self, granularity: Granularity, first: date | None, last: date | None) -> RevenueSeries:
        last = last or utc_today(self._clock)
        first = first or last - timedelta(days=self.DEFAULT_SPAN[granularity] - 1)
        if first > last:
            raise ValidationFailed(FieldProblem("from", "must not be after 'to'"))
        if last.year > 9998:
            raise ValidationFailed(FieldProblem("to", "must be before 9999-01-01"))
        start, end = granularity.bucket_start(first), granularity.bucket_end(last)
        if granularity.bucket_count(start, end) > self._config.max_buckets:
            problem = FieldProblem("to", f"the range spans more than {self._config.max_buckets} {granularity} buckets")
            raise ValidationFailed(problem)
        as_of = await self._reader.as_of()  # first: the buckets then include at least what it stands for
        found = await self._reader.revenue_buckets(granularity, start, end)
        return RevenueSeries(granularity, start, end, _filled(granularity, start, end, found), as_of)


class ListCustomers:
    """Customers with completed orders, sortable by lifetime value, orders, last order date or id.

    Offset pages for any sort; with a single sort field the page also says where the next one starts
    (keyset paging, which stays fast however deep the client reads: an index serves each single field).
    """

    raises: Raises = (ValidationFailed,)

    SORTABLE = CUSTOMER_SORT_FIELDS
    DEFAULT_SORT = CUSTOMER_DEFAULT_SORT

    def __init__(self, reader: SalesReader) -> None:
        self._reader = reader

    async def __call__(
        self, limit: int, offset: int, sort: SalesSort, after: CustomerPosition | None = None
    ) -> SummaryPage[CustomerStats]:
        check_page(sort, limit, offset, after)
        if after is not None and len(sort) != 1:
            raise ValidationFailed(FieldProblem("cursor", "works with a single sort field only"))
        found = await self._reader.customers(PageRequest(limit + 1, offset, sort, after))
        keyset = len(sort) == 1
        page = Page.of(found.items, limit, found.total, lambda c: Position.of(c, sort, getattr, c.customer_id))
        return dataclasses.replace(found, items=page.items, next=page.next if keyset else None)


class ListProducts:
    """Products by completed sales, sortable by revenue, units, orders or name (offset pages)."""

    raises: Raises = (ValidationFailed,)

    SORTABLE = PRODUCT_SORT_FIELDS
    DEFAULT_SORT = PRODUCT_DEFAULT_SORT

    def __init__(self, reader: SalesReader) -> None:
        self._reader = reader

    async def __call__(self, limit: int, offset: int, sort: SalesSort) -> SummaryPage[ProductStats]:
        check_page(sort, limit, offset, None)
        return await self._reader.products(PageRequest(limit, offset, sort))
