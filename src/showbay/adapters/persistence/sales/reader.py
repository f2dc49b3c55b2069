"""SqlaSalesReader: the SalesReader port over the summary tables (Core selects into read models)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, Table, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.adapters.persistence.keyset import Keyset
from showbay.adapters.persistence.sales.store import stored_transaction_from_row
from showbay.adapters.persistence.tables import (
    sales_buckets,
    sales_customers,
    sales_products,
    sales_summary_state,
    sales_transactions,
)
from showbay.application.sales.queries import PageRequest
from showbay.application.sales.read_models import (
    CustomerStats,
    ProductStats,
    RevenueBucket,
    StatusTotal,
    StoredTransaction,
    SummaryPage,
)
from showbay.domain.sales import Granularity, TransactionStatus

_buckets = sales_buckets.c
_CUSTOMERS: Keyset[str] = Keyset(
    {
        "lifetime_value": sales_customers.c.lifetime_value,
        "orders": sales_customers.c.orders,
        "last_order_date": sales_customers.c.last_order_date,
        "customer_id": sales_customers.c.customer_id,
    },
    sales_customers.c.customer_id,
    tie_field="customer_id",
)
_PRODUCTS: Keyset[str] = Keyset(
    {
        "revenue": sales_products.c.revenue,
        "units": sales_products.c.units,
        "orders": sales_products.c.orders,
        "product": sales_products.c.product,
    },
    sales_products.c.product,
    tie_field="product",
)


def _ordered(statement: Select[Any], page: PageRequest, keyset: Keyset[str]) -> Select[Any]:
    """ORDER BY the requested keys, then the unique tie (one index scan for a single key); with
    ``page.after`` only rows after that position."""
    if page.after is not None:
        statement = statement.where(keyset.after(page.sort, page.after))
    return statement.order_by(*keyset.order_by(page.sort)).limit(page.limit).offset(page.offset)


class SqlaSalesReader:
    """Each method uses its own pooled connection, so a use case may run several of them concurrently."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def _rows(self, statement: Select[Any]) -> list[Any]:
        async with self._engine.connect() as connection:
            return list((await connection.execute(statement)).all())

    async def _page(self, summary: Table, statement: Select[Any]) -> tuple[list[Any], int, datetime | None]:
        """The page's rows and, from the summary bookkeeping, the row count and ``as_of`` (no COUNT(*))."""
        state = sales_summary_state.c
        meta = select(
            select(state.row_count).where(state.summary == summary.name).scalar_subquery(),
            select(func.max(state.updated_at)).scalar_subquery(),
        )
        async with self._engine.connect() as connection:
            total, as_of = (await connection.execute(meta)).one()  # first, so that the rows are at least as new
            rows = list((await connection.execute(statement)).all())
        return rows, int(total or 0), as_of

    async def as_of(self) -> datetime | None:
        rows = await self._rows(select(func.max(sales_summary_state.c.updated_at)))
        found: datetime | None = rows[0][0]
        return found

    async def status_totals(self) -> list[StatusTotal]:
        statement = (
            select(_buckets.status, func.sum(_buckets.transactions), func.sum(_buckets.amount))
            .where(_buckets.granularity == Granularity.MONTH.value)
            .group_by(_buckets.status)
        )
        return [StatusTotal(status, int(count), amount) for status, count, amount in await self._rows(statement)]

    async def revenue_buckets(self, granularity: Granularity, first: date, last: date) -> list[RevenueBucket]:
        statement = (
            select(_buckets.bucket_start, _buckets.transactions, _buckets.amount, _buckets.customers)
            .where(
                _buckets.granularity == granularity.value,
                _buckets.status == TransactionStatus.COMPLETED.value,
                _buckets.bucket_start.between(first, last),
            )
            .order_by(_buckets.bucket_start)
        )
        return [RevenueBucket(start, int(n), amount, int(c)) for start, n, amount, c in await self._rows(statement)]

    async def products(self, page: PageRequest) -> SummaryPage[ProductStats]:
        view = sales_products
        columns = select(view.c.product, view.c.revenue, view.c.units, view.c.orders)
        rows, total, as_of = await self._page(view, _ordered(columns, page, _PRODUCTS))
        items = [ProductStats(r.product, r.revenue, int(r.units), int(r.orders)) for r in rows]
        return SummaryPage(items, total, as_of=as_of)

    async def customers(self, page: PageRequest) -> SummaryPage[CustomerStats]:
        view = sales_customers
        statement = _ordered(select(view), page, _CUSTOMERS)
        rows, total, as_of = await self._page(view, statement)
        items = [
            CustomerStats(
                r.customer_id, r.customer_name, int(r.orders), r.lifetime_value, r.first_order_date, r.last_order_date
            )
            for r in rows
        ]
        return SummaryPage(items, total, as_of=as_of)

    async def transaction(self, transaction_id: int) -> StoredTransaction | None:
        rows = await self._rows(select(sales_transactions).where(sales_transactions.c.id == transaction_id))
        return stored_transaction_from_row(rows[0]) if rows else None
