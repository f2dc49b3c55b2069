"""tasks: an index for the status/priority filters, so the list's total is an index-only count

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_tasks_owner_id_status_priority"


def upgrade() -> None:
    op.create_index(INDEX, "tasks", ["owner_id", "status", "priority"], postgresql_where=sa.text("deleted_at IS NULL"))


def downgrade() -> None:
    op.drop_index(INDEX, table_name="tasks")
