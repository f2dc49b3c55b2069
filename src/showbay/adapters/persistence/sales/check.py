"""SqlaSalesSummaryCheck: the summary tables against the plain views of migration 0006, recomputed from scratch.

The views are the definition of every figure; the summaries are maintained incrementally by each ingest. This check
scans every transaction (seconds per million rows), so it is an operator's tool (``showbay check-sales-summaries``),
never part of a request.
"""

# ruff: noqa: S608 - every statement is built from constants of this module
from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

_CUSTOMER_COLUMNS = "customer_id, customer_name, orders, lifetime_value, first_order_date, last_order_date"
_BUCKET_COLUMNS = "granularity, bucket_start, status, transactions, amount, customers"

_DIFFERENCES = {
    "sales_buckets": ("sales_buckets", "v_sales_buckets", _BUCKET_COLUMNS),
    "sales_products": ("sales_products", "v_product_performance", "product, revenue, units, orders"),
    "sales_customers": ("sales_customers", "v_customer_analytics", _CUSTOMER_COLUMNS),
    "sales_bucket_customers": (
        "sales_bucket_customers",
        """(SELECT b.granularity, b.bucket_start, t.status, t.customer_id FROM sales_transactions t
           CROSS JOIN LATERAL (VALUES ('day'::text, (t.occurred_at AT TIME ZONE 'UTC')::date),
               ('week'::text, date_trunc('week', t.occurred_at AT TIME ZONE 'UTC')::date),
               ('month'::text, date_trunc('month', t.occurred_at AT TIME ZONE 'UTC')::date))
           AS b(granularity, bucket_start) GROUP BY 1, 2, 3, 4) AS keys""",
        "granularity, bucket_start, status, customer_id",
    ),
    "sales_summary_state": (
        # Zero counts left out on both sides: a state row is written by the first ingest, not by the migration alone.
        "(SELECT summary, row_count FROM sales_summary_state WHERE row_count > 0) AS state",
        "(SELECT * FROM (SELECT 'sales_customers' AS summary, count(*) AS row_count FROM sales_customers"
        " UNION ALL SELECT 'sales_products', count(*) FROM sales_products) AS c WHERE row_count > 0) AS counted",
        "summary, row_count",
    ),
}


def _symmetric_difference(summary: str, definition: str, columns: str) -> str:
    """Rows in one and not the other, either way (with multiplicity): zero when they are equal."""
    mine, theirs = f"SELECT {columns} FROM {summary}", f"SELECT {columns} FROM {definition}"
    return f"SELECT count(*) FROM (({mine} EXCEPT ALL {theirs}) UNION ALL ({theirs} EXCEPT ALL {mine})) AS d"


class SqlaSalesSummaryCheck:
    def __init__(self, engine: AsyncEngine, work_mem: str = "256MB") -> None:
        self._engine = engine
        self._work_mem = work_mem

    async def differences(self) -> dict[str, int]:
        """Per summary table, how many rows differ from the definition (all zero: consistent), in one snapshot."""
        found: dict[str, int] = {}
        async with self._engine.connect() as connection:
            await connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
            await connection.execute(text("SELECT set_config('work_mem', :value, true)"), {"value": self._work_mem})
            for name, (summary, definition, columns) in _DIFFERENCES.items():
                query = text(_symmetric_difference(summary, definition, columns))
                found[name] = int((await connection.execute(query)).scalar_one())
        return found
