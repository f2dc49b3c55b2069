"""sales: transactions, analytics views and their materialized versions

Revision ID: 0006
Revises: 0001
Create Date: 2026-11-24
"""

# ruff: noqa: S608 - every statement is built from constants of this module
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DAY = "(t.occurred_at AT TIME ZONE 'UTC')::date"

# The views of seed 004, completed sales only. Plain views: always current, slow at scale.
V_DAILY_REVENUE = f"""
CREATE VIEW v_daily_revenue AS
SELECT {UTC_DAY} AS day,
       count(*) AS transactions,
       sum(t.amount) AS revenue,
       round(avg(t.amount), 2) AS average_value,
       count(DISTINCT t.customer_id) AS unique_customers
FROM sales_transactions t
WHERE t.status = 'completed'
GROUP BY 1
"""

V_CUSTOMER_ANALYTICS = f"""
CREATE VIEW v_customer_analytics AS
SELECT t.customer_id,
       (array_agg(t.customer_name ORDER BY t.occurred_at DESC, t.id DESC))[1] AS customer_name,
       count(*) AS orders,
       sum(t.amount) AS lifetime_value,
       min({UTC_DAY}) AS first_order_date,
       max({UTC_DAY}) AS last_order_date
FROM sales_transactions t
WHERE t.status = 'completed'
GROUP BY t.customer_id
"""

V_PRODUCT_PERFORMANCE = """
CREATE VIEW v_product_performance AS
SELECT t.product,
       sum(t.amount) AS revenue,
       sum(t.quantity)::bigint AS units,
       count(*) AS orders
FROM sales_transactions t
WHERE t.status = 'completed'
GROUP BY t.product
"""

# Every status per UTC day, ISO week and month: the revenue series and the dashboard's totals.
V_SALES_BUCKETS = f"""
CREATE VIEW v_sales_buckets AS
SELECT b.granularity,
       b.bucket_start,
       t.status,
       count(*) AS transactions,
       sum(t.amount) AS amount,
       count(DISTINCT t.customer_id) AS customers
FROM sales_transactions t
CROSS JOIN LATERAL (
    VALUES ('day'::text, {UTC_DAY}),
           ('week'::text, date_trunc('week', t.occurred_at AT TIME ZONE 'UTC')::date),
           ('month'::text, date_trunc('month', t.occurred_at AT TIME ZONE 'UTC')::date)
) AS b(granularity, bucket_start)
GROUP BY b.granularity, b.bucket_start, t.status
"""

# name -> (source view, unique key for REFRESH ... CONCURRENTLY, further indexes that follow the sorts)
MATERIALIZED = {
    "mv_sales_buckets": ("v_sales_buckets", "granularity, status, bucket_start", []),
    "mv_customer_analytics": (
        "v_customer_analytics",
        "customer_id",
        ["lifetime_value, customer_id", "orders, customer_id", "last_order_date, customer_id"],
    ),
    "mv_product_performance": ("v_product_performance", "product", []),
}


def upgrade() -> None:
    op.create_table(
        "sales_transactions",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("customer_id", sa.String(64), nullable=False),
        sa.Column("customer_name", sa.String(200), nullable=False),
        sa.Column("product", sa.String(200), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price", sa.Numeric(12, 2), nullable=False),
        sa.Column("amount", sa.Numeric(18, 2), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("now()")),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_sales_transactions_quantity_positive")),
        sa.CheckConstraint("unit_price >= 0", name=op.f("ck_sales_transactions_unit_price_not_negative")),
        sa.CheckConstraint(
            "amount = quantity * unit_price", name=op.f("ck_sales_transactions_amount_is_quantity_times_price")
        ),
        sa.CheckConstraint("currency ~ '^[A-Z]{3}$'", name=op.f("ck_sales_transactions_currency_iso4217")),
        sa.CheckConstraint(
            "status IN ('completed', 'pending', 'cancelled')", name=op.f("ck_sales_transactions_status_allowed")
        ),
        sa.CheckConstraint("btrim(customer_id) <> ''", name=op.f("ck_sales_transactions_customer_id_not_blank")),
        sa.CheckConstraint("btrim(customer_name) <> ''", name=op.f("ck_sales_transactions_customer_name_not_blank")),
        sa.CheckConstraint("btrim(product) <> ''", name=op.f("ck_sales_transactions_product_not_blank")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sales_transactions")),
    )
    op.create_table(
        "sales_view_refreshes",
        sa.Column("view_name", sa.String(63), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("row_count", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("row_count >= 0", name=op.f("ck_sales_view_refreshes_row_count_not_negative")),
        sa.PrimaryKeyConstraint("view_name", name=op.f("pk_sales_view_refreshes")),
    )
    for statement in (V_DAILY_REVENUE, V_CUSTOMER_ANALYTICS, V_PRODUCT_PERFORMANCE, V_SALES_BUCKETS):
        op.execute(statement)
    for name, (source, key, indexes) in MATERIALIZED.items():
        op.execute(f"CREATE MATERIALIZED VIEW {name} AS SELECT * FROM {source} WITH DATA")
        op.execute(f"CREATE UNIQUE INDEX uq_{name}_key ON {name} ({key})")
        for number, columns in enumerate(indexes, start=1):
            op.execute(f"CREATE INDEX ix_{name}_sort{number} ON {name} ({columns})")
        op.execute(f"INSERT INTO sales_view_refreshes (view_name, refreshed_at, row_count) VALUES ('{name}', now(), 0)")


def downgrade() -> None:
    for name in reversed(MATERIALIZED):
        op.execute(f"DROP MATERIALIZED VIEW {name}")
    for view in ("v_sales_buckets", "v_product_performance", "v_customer_analytics", "v_daily_revenue"):
        op.execute(f"DROP VIEW {view}")
    op.drop_table("sales_view_refreshes")
    op.drop_table("sales_transactions")
