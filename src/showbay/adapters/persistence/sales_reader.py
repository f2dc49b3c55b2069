"""SqlaSalesReader: the SalesReader port over the materialized views (Core selects into read models)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, func, literal, select, tuple_
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.adapters.persistence.sales.views import (
    mv_customer_analytics,
    mv_product_performance,
    mv_sales_buckets,
)
from showbay.adapters.persistence.tables import sales_transactions, sales_view_refreshes
from showbay.application.sales.queries import PageRequest
from showbay.application.sales.read_models import (
    CustomerStats,
    Page,
    ProductStats,
    RevenueBucket,
    StatusTotal,
    StoredTransaction,
)
from showbay.domain.sales import Granularity, TransactionDraft, TransactionStatus

_buckets = mv_sales_buckets.c
_CUSTOMER_SORT = {
    "lifetime_value": mv_customer_analytics.c.lifetime_value,
    "orders": mv_customer_analytics.c.orders,
    "last_order_date": mv_customer_analytics.c.last_order_date,
    "customer_id": mv_customer_analytics.c.customer_id,
}
_PRODUCT_SORT = {
    "revenue": mv_product_performance.c.revenue,
    "units": mv_product_performance.c.units,
    "orders": mv_product_performance.c.orders,
    "product": mv_product_performance.c.product,
}


def _ordered(statement: Select[Any], page: PageRequest, columns: dict[str, Any], tie: Any) -> Select[Any]:
    """ORDER BY the requested keys, then the unique ``tie`` in the first key's direction (one index scan);
    with ``page.after`` (single key) only rows after that position: a row comparison the index serves."""
    if page.after is not None:
        key = page.sort[0]
        column = columns[key.field]
        mine = column if column is tie else tuple_(column, tie)
        theirs = (
            literal(page.after.tie) if column is tie else tuple_(literal(page.after.value), literal(page.after.tie))
        )
        statement = statement.where(mine < theirs if key.descending else mine > theirs)
    order: list[ColumnElement[Any]] = [columns[k.field].desc() if k.descending else columns[k.field] for k in page.sort]
    if all(k.field != tie.name for k in page.sort):
        order.append(tie.desc() if page.sort[0].descending else tie)
    return statement.order_by(*order).limit(page.limit).offset(page.offset)


class SqlaSalesReader:
    """Each method uses its own pooled connection, so a use case may run several of them concurrently."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def _rows(self, statement: Select[Any]) -> list[Any]:
        async with self._engine.connect() as connection:
            return list((await connection.execute(statement)).all())

    async def _page(self, view: Table, statement: Select[Any]) -> tuple[list[Any], int, datetime | None]:
        """The page's rows and, from the refresh bookkeeping, the view's row count and ``as_of`` (no COUNT(*))."""
        meta = select(sales_view_refreshes.c.row_count, sales_view_refreshes.c.refreshed_at).where(
            sales_view_refreshes.c.view_name == view.name
        )
        async with self._engine.connect() as connection:
            rows = list((await connection.execute(statement)).all())
            found = (await connection.execute(meta)).first()
        return (rows, int(found[0]), found[1]) if found else (rows, 0, None)

    async def as_of(self) -> datetime | None:
        rows = await self._rows(select(func.min(sales_view_refreshes.c.refreshed_at)))
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

    async def products(self, page: PageRequest) -> Page[ProductStats]:
        view = mv_product_performance
        rows, total, as_of = await self._page(view, _ordered(select(view), page, _PRODUCT_SORT, view.c.product))
        items = [ProductStats(r.product, r.revenue, int(r.units), int(r.orders)) for r in rows]
        return Page(items, total, page.limit, page.offset, as_of)

    async def customers(self, page: PageRequest) -> Page[CustomerStats]:
        view = mv_customer_analytics
        statement = _ordered(select(view), page, _CUSTOMER_SORT, view.c.customer_id)
        rows, total, as_of = await self._page(view, statement)
        items = [
            CustomerStats(
                r.customer_id, r.customer_name, int(r.orders), r.lifetime_value, r.first_order_date, r.last_order_date
            )
            for r in rows
        ]
        return Page(items, total, page.limit, page.offset, as_of)

    async def transaction(self, transaction_id: int) -> StoredTransaction | None:
        rows = await self._rows(select(sales_transactions).where(sales_transactions.c.id == transaction_id))
        if not rows:
            return None
        r = rows[0]
        draft = TransactionDraft(
            occurred_at=r.occurred_at,
            customer_id=r.customer_id,
            customer_name=r.customer_name,
            product=r.product,
            quantity=r.quantity,
            unit_price=r.unit_price,
            amount=r.amount,
            currency=r.currency,
            status=TransactionStatus(r.status),
        )
        return StoredTransaction(r.id, draft, r.created_at)
