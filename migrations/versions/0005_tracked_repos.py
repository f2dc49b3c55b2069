"""tracked_repos: GitHub repositories whose metadata showbay keeps fresh

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # op.f(): the names are final; without it the naming convention would prefix them a second time.
    op.create_table(
        "tracked_repos",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner", sa.String(39), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("language", sa.String(100), nullable=True),
        sa.Column("stars", sa.Integer(), nullable=False),
        sa.Column("forks", sa.Integer(), nullable=False),
        sa.Column("open_issues", sa.Integer(), nullable=False),
        sa.Column("watchers", sa.Integer(), nullable=False),
        sa.Column("default_branch", sa.String(255), nullable=False),
        sa.Column("html_url", sa.Text(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("pushed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("github_etag", sa.String(255), nullable=True),
        sa.Column("last_checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("refresh_claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("now()")),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("now()")),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.CheckConstraint("owner ~ '^[A-Za-z0-9][A-Za-z0-9-]{0,38}$'", name=op.f("ck_tracked_repos_owner_format")),
        sa.CheckConstraint(
            "name ~ '^[A-Za-z0-9._-]{1,100}$' AND name NOT IN ('.', '..')", name=op.f("ck_tracked_repos_name_format")
        ),
        sa.CheckConstraint(
            "stars >= 0 AND forks >= 0 AND open_issues >= 0 AND watchers >= 0",
            name=op.f("ck_tracked_repos_counts_not_negative"),
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_tracked_repos_version_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracked_repos")),
    )
    op.create_index(
        "uq_tracked_repos_lower_owner_lower_name",
        "tracked_repos",
        [sa.text("lower(owner)"), sa.text("lower(name)")],
        unique=True,
    )
    op.create_index("ix_tracked_repos_lower_language", "tracked_repos", [sa.text("lower(language)")])
    op.create_index("ix_tracked_repos_stars_id", "tracked_repos", ["stars", "id"])
    op.create_index("ix_tracked_repos_forks_id", "tracked_repos", ["forks", "id"])
    op.create_index(
        "ix_tracked_repos_pushed_at_sort_id",
        "tracked_repos",
        [sa.text("coalesce(pushed_at, '1970-01-01 00:00:00+00'::timestamp with time zone)"), "id"],
    )
    op.create_index("ix_tracked_repos_lower_name_id", "tracked_repos", [sa.text("lower(name)"), "id"])
    op.create_index("ix_tracked_repos_last_checked_at", "tracked_repos", ["last_checked_at"])


def downgrade() -> None:
    op.drop_table("tracked_repos")
