"""The materialized analytics views of migration 0006 and their concurrent refresh.

The views live on their own ``MetaData``: Alembic's autogenerate compares tables only, and these are not tables.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, Date, MetaData, Numeric, String, Table, func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.adapters.persistence.tables import sales_view_refreshes

views = MetaData()

mv_sales_buckets = Table(
    "mv_sales_buckets",
    views,
    Column("granularity", String),
    Column("bucket_start", Date),
    Column("status", String),
    Column("transactions", BigInteger),
    Column("amount", Numeric),
    Column("customers", BigInteger),
)

mv_customer_analytics = Table(
    "mv_customer_analytics",
    views,
    Column("customer_id", String),
    Column("customer_name", String),
    Column("orders", BigInteger),
    Column("lifetime_value", Numeric),
    Column("first_order_date", Date),
    Column("last_order_date", Date),
)

mv_product_performance = Table(
    "mv_product_performance",
    views,
    Column("product", String),
    Column("revenue", Numeric),
    Column("units", BigInteger),
    Column("orders", BigInteger),
)

MATERIALIZED_VIEWS = (mv_sales_buckets, mv_customer_analytics, mv_product_performance)
_LOCK = "SELECT pg_advisory_xact_lock(hashtext('showbay.sales_views'))"


class SqlaSalesViewRefresher:
    """``REFRESH MATERIALIZED VIEW CONCURRENTLY`` for every view in one transaction: readers are never blocked
    and see either the old or the new set of views. Refreshes across processes are serialized by an advisory lock.
    """

    def __init__(self, engine: AsyncEngine, work_mem: str = "256MB") -> None:
        self._engine = engine
        self._work_mem = work_mem

    async def refresh(self) -> datetime:
        async with self._engine.begin() as connection:
            await connection.execute(text("SELECT set_config('work_mem', :value, true)"), {"value": self._work_mem})
            await connection.execute(text(_LOCK))
            for view in MATERIALIZED_VIEWS:
                await connection.execute(text(f"REFRESH MATERIALIZED VIEW CONCURRENTLY {view.name}"))
                count = (await connection.execute(select(func.count()).select_from(view))).scalar_one()
                statement = insert(sales_view_refreshes).values(
                    view_name=view.name, refreshed_at=func.now(), row_count=count
                )
                await connection.execute(
                    statement.on_conflict_do_update(
                        index_elements=[sales_view_refreshes.c.view_name],
                        set_={"refreshed_at": statement.excluded.refreshed_at, "row_count": count},
                    )
                )
            as_of: datetime = (await connection.execute(select(func.now()))).scalar_one()
        return as_of
