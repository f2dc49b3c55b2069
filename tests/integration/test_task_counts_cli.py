"""`showbay check-task-counts [--repair]` against PostgreSQL: consistent counters pass, counters that drifted
(writes with the triggers bypassed, as ``session_replication_role = replica`` does) fail, and --repair rebuilds
them from the tasks."""

from __future__ import annotations

import psycopg
from click.testing import CliRunner

from showbay.adapters.persistence.database import to_async_url
from showbay.bootstrap.cli.main import main


def _execute(database_url: str, *statements: str) -> None:
    plain = to_async_url(database_url).replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as connection:
        for statement in statements:
            connection.execute(statement)


def test_the_check_passes_fails_on_drift_and_repairs(database_url: str, clean_db: object) -> None:
    env = {"DATABASE_URL": database_url}
    _execute(database_url, "INSERT INTO tasks (owner_id, title) SELECT 'alice', 't' || g FROM generate_series(1, 5) g")
    consistent = CliRunner().invoke(main, ["check-task-counts"], env=env)
    assert consistent.exit_code == 0, consistent.output
    assert "task_counts: consistent" in consistent.output

    _execute(  # two writes the triggers do not see: one key counts 3 too many, another is missing
        database_url,
        "SET session_replication_role = replica",
        "INSERT INTO tasks (owner_id, title, priority) VALUES ('bob', 'b', 'high')",
        "UPDATE tasks SET deleted_at = now() WHERE id IN (SELECT id FROM tasks WHERE owner_id = 'alice' LIMIT 3)",
    )
    drifted = CliRunner().invoke(main, ["check-task-counts"], env=env)
    assert drifted.exit_code == 1
    assert "task_counts: 2 differing keys" in drifted.output

    repaired = CliRunner().invoke(main, ["check-task-counts", "--repair"], env=env)
    assert repaired.exit_code == 0, repaired.output
    assert "task_counts: 2 differing keys" in repaired.output
    assert "rebuilt: consistent" in repaired.output
    again = CliRunner().invoke(main, ["check-task-counts"], env=env)
    assert again.exit_code == 0, again.output
    assert "task_counts: consistent" in again.output
