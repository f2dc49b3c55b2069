"""sales: summary tables maintained by every ingest replace the materialized views and their refresh

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24

The plain views of 0006 (``v_*``) stay: they are the readable definition of every figure, and the summaries are
built from them here (one set-wise ``INSERT ... SELECT`` each). The materialized views, whose refresh rescanned
every transaction, and their bookkeeping table are dropped; the downgrade rebuilds them from the views.
"""

# ruff: noqa: S608 - every statement is built from constants of this module
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DAY = "(t.occurred_at AT TIME ZONE 'UTC')::date"

FILL = (
    "INSERT INTO sales_buckets (granularity, bucket_start, status, transactions, amount, customers)"
    " SELECT granularity, bucket_start, status, transactions, amount, customers FROM v_sales_buckets",
    f"""INSERT INTO sales_bucket_customers (granularity, bucket_start, status, customer_id)
    SELECT DISTINCT b.granularity, b.bucket_start, t.status, t.customer_id
    FROM sales_transactions t
    CROSS JOIN LATERAL (
        VALUES ('day'::text, {UTC_DAY}),
               ('week'::text, date_trunc('week', t.occurred_at AT TIME ZONE 'UTC')::date),
               ('month'::text, date_trunc('month', t.occurred_at AT TIME ZONE 'UTC')::date)
    ) AS b(granularity, bucket_start)""",
    "INSERT INTO sales_products (product, revenue, units, orders)"
    " SELECT product, revenue, units, orders FROM v_product_performance",
    # The name of the latest completed order is the view's; latest_at/latest_id say which order that was.
    f"""INSERT INTO sales_customers (customer_id, customer_name, latest_at, latest_id, orders, lifetime_value,
                                 first_order_date, last_order_date)
    SELECT DISTINCT ON (t.customer_id) t.customer_id, t.customer_name, t.occurred_at, t.id,
           count(*) OVER w, sum(t.amount) OVER w, min({UTC_DAY}) OVER w, max({UTC_DAY}) OVER w
    FROM sales_transactions t
    WHERE t.status = 'completed'
    WINDOW w AS (PARTITION BY t.customer_id)
    ORDER BY t.customer_id, t.occurred_at DESC, t.id DESC""",
    "INSERT INTO sales_summary_state (summary, row_count, updated_at)"
    " SELECT 'sales_products', count(*), now() FROM sales_products"
    " UNION ALL SELECT 'sales_customers', count(*), now() FROM sales_customers",
)

# As in 0006: name -> (source view, unique key, further indexes that follow the sorts).
MATERIALIZED = {
    "mv_sales_buckets": ("v_sales_buckets", "granularity, status, bucket_start", []),
    "mv_customer_analytics": (
        "v_customer_analytics",
        "customer_id",
        ["lifetime_value, customer_id", "orders, customer_id", "last_order_date, customer_id"],
    ),
    "mv_product_performance": ("v_product_performance", "product", []),
}


def _create_summaries() -> None:
    op.create_table(
        "sales_buckets",
        sa.Column("granularity", sa.String(5), nullable=False),
        sa.Column("bucket_start", sa.Date(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("transactions", sa.BigInteger(), nullable=False),
        sa.Column("amount", sa.Numeric(), nullable=False),
        sa.Column("customers", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "granularity IN ('day', 'week', 'month')", name=op.f("ck_sales_buckets_granularity_allowed")
        ),
        sa.PrimaryKeyConstraint("granularity", "bucket_start", "status", name=op.f("pk_sales_buckets")),
    )
    op.create_table(
        "sales_bucket_customers",
        sa.Column("granularity", sa.String(5), nullable=False),
        sa.Column("bucket_start", sa.Date(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("customer_id", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint(
            "granularity", "bucket_start", "status", "customer_id", name=op.f("pk_sales_bucket_customers")
        ),
    )
    op.create_table(
        "sales_products",
        sa.Column("product", sa.String(200), nullable=False),
        sa.Column("revenue", sa.Numeric(), nullable=False),
        sa.Column("units", sa.BigInteger(), nullable=False),
        sa.Column("orders", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("product", name=op.f("pk_sales_products")),
    )
    op.create_table(
        "sales_customers",
        sa.Column("customer_id", sa.String(64), nullable=False),
        sa.Column("customer_name", sa.String(200), nullable=False),
        sa.Column("latest_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("latest_id", sa.BigInteger(), nullable=False),
        sa.Column("orders", sa.BigInteger(), nullable=False),
        sa.Column("lifetime_value", sa.Numeric(), nullable=False),
        sa.Column("first_order_date", sa.Date(), nullable=False),
        sa.Column("last_order_date", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_sales_customers")),
    )
    op.create_table(
        "sales_summary_state",
        sa.Column("summary", sa.String(63), nullable=False),
        sa.Column("row_count", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("row_count >= 0", name=op.f("ck_sales_summary_state_row_count_not_negative")),
        sa.PrimaryKeyConstraint("summary", name=op.f("pk_sales_summary_state")),
    )


def upgrade() -> None:
    _create_summaries()
    # SHARE blocks ingests (ROW EXCLUSIVE) while the fill reads, so no row is summarised twice or missed.
    op.execute("LOCK TABLE sales_transactions IN SHARE MODE")
    op.execute("SET LOCAL work_mem = '256MB'")
    for statement in FILL:
        op.execute(statement)
    # Indexes after the fill: one sort each instead of maintaining them row by row.
    for columns in (["lifetime_value", "customer_id"], ["orders", "customer_id"], ["last_order_date", "customer_id"]):
        op.create_index(op.f(f"ix_sales_customers_{'_'.join(columns)}"), "sales_customers", columns)
    for name in reversed(MATERIALIZED):
        op.execute(f"DROP MATERIALIZED VIEW {name}")
    op.drop_table("sales_view_refreshes")


def downgrade() -> None:
    op.create_table(
        "sales_view_refreshes",
        sa.Column("view_name", sa.String(63), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("row_count", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("row_count >= 0", name=op.f("ck_sales_view_refreshes_row_count_not_negative")),
        sa.PrimaryKeyConstraint("view_name", name=op.f("pk_sales_view_refreshes")),
    )
    for name, (source, key, indexes) in MATERIALIZED.items():
        op.execute(f"CREATE MATERIALIZED VIEW {name} AS SELECT * FROM {source} WITH DATA")
        op.execute(f"CREATE UNIQUE INDEX uq_{name}_key ON {name} ({key})")
        for number, columns in enumerate(indexes, start=1):
            op.execute(f"CREATE INDEX ix_{name}_sort{number} ON {name} ({columns})")
        op.execute(
            f"INSERT INTO sales_view_refreshes (view_name, refreshed_at, row_count)"
            f" SELECT '{name}', now(), count(*) FROM {name}"
        )
    for table in (
        "sales_summary_state",
        "sales_customers",
        "sales_products",
        "sales_bucket_customers",
        "sales_buckets",
    ):
        op.drop_table(table)
