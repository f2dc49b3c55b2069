"""tasks: task_counts, the live tasks per (owner, status, priority), kept exact by triggers on tasks

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01

The exact ``total`` of a list filtered by status and priority only (or not filtered) becomes a sum over at most
144 rows (9 keys x 16 stripes) instead of a count over every matching task. Statement-level triggers with
transition tables keep the counters for every write path (the API, COPY in ``showbay seed tasks``, the purge
job, bulk SQL): one trigger per event, since PostgreSQL refuses transition tables on a trigger for several
events, all calling one function.

That function adds each statement's deltas, aggregated per (owner, status, priority), to the stripe of the
writing connection (``pg_backend_pid() % 16``): a counter is the sum of its up to 16 stripe rows, so concurrent
writers of one (owner, status, priority) each lock their own row instead of queueing on one until they commit
(one row per key halved one owner's create throughput; measured in docs/performance.md, "Against the floor",
round 4). A stripe may go negative (a task counted in one stripe, deleted through another); the sum is exact.
The deltas are added in key order, so concurrent statements that do share rows lock them in the same order and
cannot deadlock on them (a transaction writing tasks in several statements still can). An UPDATE that changes
none of the four columns (enrichment, title, tags...) nets to no delta and touches no counter. A stripe row
that falls to 0 is kept: a task moving from one status to another and back does not delete and re-insert it. TRUNCATE empties the counters (DELETE, not
TRUNCATE: ``TRUNCATE tasks, task_counts`` has the table open when the trigger runs).
"""

# ruff: noqa: S608 - every statement is built from constants of this module
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY = "owner_id, status, priority"
STRIPES = 16


def _add(deltas: str) -> str:
    """Add ``deltas`` (rows of owner_id, status, priority, d) to this connection's stripe of the counters,
    locking them in key order."""
    return f"""
        INSERT INTO task_counts AS c ({KEY}, stripe, n)
        SELECT {KEY}, pg_backend_pid() % {STRIPES}, sum(d) FROM ({deltas}) AS deltas
        GROUP BY {KEY} HAVING sum(d) <> 0
        ORDER BY {KEY}
        ON CONFLICT ({KEY}, stripe) DO UPDATE SET n = c.n + excluded.n;"""


NEW = f"SELECT {KEY}, 1 AS d FROM new_tasks WHERE deleted_at IS NULL"
OLD = f"SELECT {KEY}, -1 AS d FROM old_tasks WHERE deleted_at IS NULL"

FUNCTION = f"""
CREATE FUNCTION task_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN {_add(NEW)}
    ELSIF TG_OP = 'UPDATE' THEN {_add(f"{NEW} UNION ALL {OLD}")}
    ELSIF TG_OP = 'DELETE' THEN {_add(OLD)}
    ELSE
        DELETE FROM task_counts;
    END IF;
    RETURN NULL;
END
$$"""

TRIGGERS = {
    "task_counts_after_insert": "INSERT ON tasks REFERENCING NEW TABLE AS new_tasks",
    "task_counts_after_update": "UPDATE ON tasks REFERENCING NEW TABLE AS new_tasks OLD TABLE AS old_tasks",
    "task_counts_after_delete": "DELETE ON tasks REFERENCING OLD TABLE AS old_tasks",
    "task_counts_after_truncate": "TRUNCATE ON tasks",
}

FILL = (
    f"INSERT INTO task_counts ({KEY}, stripe, n) "
    f"SELECT {KEY}, 0, count(*) FROM tasks WHERE deleted_at IS NULL GROUP BY {KEY}"
)


def upgrade() -> None:
    op.create_table(
        "task_counts",
        sa.Column("owner_id", sa.String(255), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("priority", sa.String(8), nullable=False),
        sa.Column("stripe", sa.SmallInteger(), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("owner_id", "status", "priority", "stripe", name=op.f("pk_task_counts")),
    )
    # SHARE keeps writers (ROW EXCLUSIVE) out from before the triggers exist until the commit, so no task is
    # counted twice or missed; readers go on.
    op.execute("LOCK TABLE tasks IN SHARE MODE")
    op.execute(FUNCTION)
    for name, event in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} AFTER {event} FOR EACH STATEMENT EXECUTE FUNCTION task_counts_apply()")
    op.execute(FILL)


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name} ON tasks")
    op.execute("DROP FUNCTION task_counts_apply()")
    op.drop_table("task_counts")
