"""``task_counts`` (migration 0010) against a real count of the live tasks, and its rebuild.

The triggers on ``tasks`` keep the counters exact for every write; only bypassing them
(``session_replication_role = replica``, ``ALTER TABLE tasks DISABLE TRIGGER``) makes them drift. The check
counts every live task (about a second per million), so it is an operator's tool (``showbay check-task-counts``),
never part of a request.
"""

# ruff: noqa: S608 - every statement is built from constants of this module
from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

_KEY = "owner_id, status, priority"
_REAL = f"SELECT {_KEY}, count(*) AS n FROM tasks WHERE deleted_at IS NULL GROUP BY {_KEY}"
_COUNTED = f"SELECT {_KEY}, sum(n) AS n FROM task_counts GROUP BY {_KEY} HAVING sum(n) <> 0"
DIFFERING = (
    f"SELECT count(*) FROM ({_REAL}) AS real FULL JOIN ({_COUNTED}) AS counted USING ({_KEY}) "
    "WHERE real.n IS DISTINCT FROM counted.n"
)
# As migration 0010 fills it: SHARE keeps writers out until the commit, so no task is counted twice or missed.
REBUILD = (
    "LOCK TABLE tasks IN SHARE MODE",
    "DELETE FROM task_counts",
    f"INSERT INTO task_counts ({_KEY}, stripe, n) SELECT {_KEY}, 0, n FROM ({_REAL}) AS real",
)


class SqlaTaskCountsCheck:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def differing_keys(self) -> int:
        """How many (owner, status, priority) keys the counters get wrong (0: exact), in one snapshot."""
        async with self._engine.connect() as connection:
            await connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
            return int((await connection.execute(text(DIFFERING))).scalar_one())

    async def rebuild(self) -> None:
        """Recount every live task into the counters, in one transaction."""
        async with self._engine.begin() as connection:
            for statement in REBUILD:
                await connection.execute(text(statement))
