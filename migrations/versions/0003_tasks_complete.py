"""tasks, complete: tags, external id and enrichment, soft delete, sort/search keys and their indexes

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PRIORITY_RANK_SQL = "CASE priority WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 ELSE 0 END"
DUE_SORT_SQL = "COALESCE(due_date, 'infinity'::timestamp with time zone)"
SEARCH_VECTOR_SQL = "to_tsvector('english'::regconfig, (title::text || ' '::text) || COALESCE(description, ''::text))"
LIVE = sa.text("deleted_at IS NULL")
SORT_COLUMNS = ("created_at", "updated_at", "due_sort", "priority_rank", "title")


def upgrade() -> None:
    op.add_column(
        "tasks", sa.Column("tags", postgresql.ARRAY(sa.Text()), nullable=False, server_default=sa.text("'{}'::text[]"))
    )
    op.add_column("tasks", sa.Column("external_id", sa.Integer(), nullable=True))
    op.add_column("tasks", sa.Column("enrichment_status", sa.String(16), nullable=True))
    op.add_column("tasks", sa.Column("enrichment_fetched_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("tasks", sa.Column("enrichment_data", postgresql.JSONB(), nullable=True))
    op.add_column("tasks", sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "tasks",
        sa.Column("priority_rank", sa.SmallInteger(), sa.Computed(PRIORITY_RANK_SQL, persisted=True), nullable=False),
    )
    op.add_column(
        "tasks",
        sa.Column("due_sort", sa.DateTime(timezone=True), sa.Computed(DUE_SORT_SQL, persisted=True), nullable=False),
    )
    op.add_column(
        "tasks",
        sa.Column(
            "search_vector", postgresql.TSVECTOR(), sa.Computed(SEARCH_VECTOR_SQL, persisted=True), nullable=False
        ),
    )
    op.create_check_constraint(op.f("ck_tasks_tags_count"), "tasks", "cardinality(tags) <= 20")
    op.create_check_constraint(op.f("ck_tasks_external_id_positive"), "tasks", "external_id IS NULL OR external_id > 0")
    op.create_check_constraint(
        op.f("ck_tasks_enrichment_status_allowed"),
        "tasks",
        "enrichment_status IS NULL OR enrichment_status IN ('ok', 'pending', 'failed', 'not_found')",
    )
    op.create_check_constraint(
        op.f("ck_tasks_enrichment_needs_external_id"), "tasks", "(external_id IS NULL) = (enrichment_status IS NULL)"
    )
    # The skeleton's (owner_id, created_at, id) index becomes partial: lists never show deleted tasks.
    op.drop_index("ix_tasks_owner_id_created_at_id", table_name="tasks")
    for column in SORT_COLUMNS:
        op.create_index(f"ix_tasks_owner_id_{column}_id", "tasks", ["owner_id", column, "id"], postgresql_where=LIVE)
    op.create_index(
        "ix_tasks_owner_id_priority_rank_desc_due_sort_id",
        "tasks",
        ["owner_id", sa.text("priority_rank DESC"), "due_sort", "id"],
        postgresql_where=LIVE,
    )
    op.create_index(
        "ix_tasks_owner_id_due_date_open",
        "tasks",
        ["owner_id", "due_date"],
        postgresql_where=sa.text("deleted_at IS NULL AND status <> 'completed'"),
    )
    op.create_index("ix_tasks_tags", "tasks", ["tags"], postgresql_using="gin", postgresql_where=LIVE)
    op.create_index("ix_tasks_search_vector", "tasks", ["search_vector"], postgresql_using="gin", postgresql_where=LIVE)
    op.create_index("ix_tasks_deleted_at", "tasks", ["deleted_at"], postgresql_where=sa.text("deleted_at IS NOT NULL"))


def downgrade() -> None:
    for name in (
        "ix_tasks_deleted_at",
        "ix_tasks_search_vector",
        "ix_tasks_tags",
        "ix_tasks_owner_id_due_date_open",
        "ix_tasks_owner_id_priority_rank_desc_due_sort_id",
    ):
        op.drop_index(name, table_name="tasks")
    for column in SORT_COLUMNS:
        op.drop_index(f"ix_tasks_owner_id_{column}_id", table_name="tasks")
    op.create_index("ix_tasks_owner_id_created_at_id", "tasks", ["owner_id", "created_at", "id"])
    for name in ("enrichment_needs_external_id", "enrichment_status_allowed", "external_id_positive", "tags_count"):
        op.drop_constraint(op.f(f"ck_tasks_{name}"), "tasks", type_="check")
    for column in (
        "search_vector",
        "due_sort",
        "priority_rank",
        "deleted_at",
        "enrichment_data",
        "enrichment_fetched_at",
        "enrichment_status",
        "external_id",
        "tags",
    ):
        op.drop_column("tasks", column)
