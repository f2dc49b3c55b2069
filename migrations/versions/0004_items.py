"""items: the user's items and the JSONPlaceholder post data fetched for them

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_items_owner_id_created_at_id": ["owner_id", "created_at", "id"],
    "ix_items_owner_id_updated_at_id": ["owner_id", "updated_at", "id"],
    "ix_items_owner_id_title_id": ["owner_id", "title", "id"],
}


def upgrade() -> None:
    # op.f(): the names are final; without it the naming convention would prefix them a second time.
    op.create_table(
        "items",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("owner_id", sa.String(255), nullable=False),
        sa.Column("title", sa.String(255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("external_ref", sa.Integer(), nullable=True),
        sa.Column("external_data", postgresql.JSONB(), nullable=True),
        sa.Column("external_fetched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("now()")),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("now()")),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.CheckConstraint("char_length(btrim(title)) BETWEEN 1 AND 255", name=op.f("ck_items_title_length")),
        sa.CheckConstraint(
            "description IS NULL OR char_length(description) <= 5000", name=op.f("ck_items_description_length")
        ),
        sa.CheckConstraint("external_ref IS NULL OR external_ref >= 1", name=op.f("ck_items_external_ref_positive")),
        sa.CheckConstraint(
            "external_data IS NULL OR jsonb_typeof(external_data) = 'object'",
            name=op.f("ck_items_external_data_is_object"),
        ),
        sa.CheckConstraint(
            "(external_data IS NULL) = (external_fetched_at IS NULL)", name=op.f("ck_items_external_fetched_at_matches")
        ),
        sa.CheckConstraint(
            "external_data IS NULL OR external_ref IS NOT NULL", name=op.f("ck_items_external_data_needs_ref")
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_items_version_positive")),
        sa.PrimaryKeyConstraint("id", name="pk_items"),
    )
    for name, columns in INDEXES.items():
        op.create_index(name, "items", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="items")
    op.drop_table("items")
