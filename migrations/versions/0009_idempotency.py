"""idempotency_keys (stored first answers of POSTs with an Idempotency-Key); the retry schedule of task enrichment

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RETRY_DUE = "(enrichment_status = 'pending' OR enrichment_status = 'failed') AND deleted_at IS NULL"


def upgrade() -> None:
    op.create_table(
        "idempotency_keys",
        sa.Column("principal_id", sa.String(255), nullable=False),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("status_code", sa.SmallInteger(), nullable=False),
        sa.Column("headers", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("principal_id", "key", name=op.f("pk_idempotency_keys")),
        sa.CheckConstraint("key ~ '^[!-~]{1,255}$'", name=op.f("ck_idempotency_keys_key_visible_ascii")),
        sa.CheckConstraint(
            "fingerprint ~ '^[0-9a-f]{64}$'", name=op.f("ck_idempotency_keys_fingerprint_is_sha256_hex")
        ),
        sa.CheckConstraint("status_code BETWEEN 200 AND 299", name=op.f("ck_idempotency_keys_status_code_success")),
        sa.CheckConstraint("jsonb_typeof(headers) = 'object'", name=op.f("ck_idempotency_keys_headers_is_object")),
        sa.CheckConstraint("expires_at > created_at", name=op.f("ck_idempotency_keys_expires_after_created")),
    )
    op.create_index("ix_idempotency_keys_expires_at", "idempotency_keys", ["expires_at"])
    op.add_column("tasks", sa.Column("enrichment_attempts", sa.SmallInteger(), server_default="0", nullable=False))
    op.add_column("tasks", sa.Column("enrichment_next_attempt_at", sa.DateTime(timezone=True), nullable=True))
    op.create_check_constraint(op.f("ck_tasks_enrichment_attempts_not_negative"), "tasks", "enrichment_attempts >= 0")
    op.create_index(
        "ix_tasks_enrichment_next_attempt_at_retry",
        "tasks",
        ["enrichment_next_attempt_at"],
        postgresql_where=sa.text(RETRY_DUE),
    )


def downgrade() -> None:
    op.drop_index("ix_tasks_enrichment_next_attempt_at_retry", table_name="tasks")
    op.drop_constraint(op.f("ck_tasks_enrichment_attempts_not_negative"), "tasks", type_="check")
    op.drop_column("tasks", "enrichment_next_attempt_at")
    op.drop_column("tasks", "enrichment_attempts")
    op.drop_index("ix_idempotency_keys_expires_at", table_name="idempotency_keys")
    op.drop_table("idempotency_keys")
