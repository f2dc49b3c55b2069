"""Every table of showbay, on one MetaData with a naming convention. Alembic's env imports only this."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    DateTime,
    Identity,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

tasks = Table(
    "tasks",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("owner_id", String(255), nullable=False),
    Column("title", String(255), nullable=False),
    Column("description", Text, nullable=True),
    Column("status", String(16), nullable=False, server_default="pending"),
    Column("priority", String(8), nullable=False, server_default="medium"),
    Column("due_date", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("completed_at", DateTime(timezone=True), nullable=True),
    Column("version", Integer, nullable=False, server_default="1"),
    CheckConstraint("char_length(btrim(title)) BETWEEN 1 AND 255", name="title_length"),
    CheckConstraint("description IS NULL OR char_length(description) <= 1000", name="description_length"),
    CheckConstraint("status IN ('pending', 'in_progress', 'completed')", name="status_allowed"),
    CheckConstraint("priority IN ('low', 'medium', 'high')", name="priority_allowed"),
    CheckConstraint("(status = 'completed') = (completed_at IS NOT NULL)", name="completed_at_matches_status"),
    CheckConstraint("version >= 1", name="version_positive"),
    Index(None, "owner_id", "created_at", "id"),
)

sales_transactions = Table(
    "sales_transactions",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("customer_id", String(64), nullable=False),
    Column("customer_name", String(200), nullable=False),
    Column("product", String(200), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("unit_price", Numeric(12, 2), nullable=False),
    Column("amount", Numeric(18, 2), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    CheckConstraint("quantity > 0", name="quantity_positive"),
    CheckConstraint("unit_price >= 0", name="unit_price_not_negative"),
    CheckConstraint("amount = quantity * unit_price", name="amount_is_quantity_times_price"),
    CheckConstraint("currency ~ '^[A-Z]{3}$'", name="currency_iso4217"),
    CheckConstraint("status IN ('completed', 'pending', 'cancelled')", name="status_allowed"),
    CheckConstraint("btrim(customer_id) <> ''", name="customer_id_not_blank"),
    CheckConstraint("btrim(customer_name) <> ''", name="customer_name_not_blank"),
    CheckConstraint("btrim(product) <> ''", name="product_not_blank"),
)
"""Analytics never read this table directly: they read the materialized views of migration 0006."""

sales_view_refreshes = Table(
    "sales_view_refreshes",
    metadata,
    Column("view_name", String(63), primary_key=True),
    Column("refreshed_at", DateTime(timezone=True), nullable=False),
    Column("row_count", BigInteger, nullable=False),
    CheckConstraint("row_count >= 0", name="row_count_not_negative"),
)
"""When each materialized view was last refreshed (the ``as_of`` of answers) and how many rows it holds."""
