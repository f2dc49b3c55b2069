"""EXPLAIN ANALYZE of the task list queries against a seeded database.

    DATABASE_URL=... .venv/bin/python bench/explain_tasks.py [--owner alice] [--verbose]

Prints, per filter/sort case, the plan's access path and the execution time, so docs/performance.md can
be refreshed after `showbay seed tasks --count 1000000`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from datetime import UTC, datetime, timedelta

from showbay.adapters.persistence.database import create_engine
from showbay.adapters.persistence.tasks.queries import find_statements
from showbay.adapters.persistence.tasks.store import TASK_COLUMNS
from showbay.application.tasks.queries import TaskFilter, TaskPosition, TaskQuery, parse_task_sort
from showbay.domain.tasks import TaskPriority, TaskStatus

NOW = datetime.now(UTC)
DEEP = TaskPosition((NOW - timedelta(days=300),), 10**9)


def cases() -> dict[str, TaskQuery]:
    sort = parse_task_sort
    return {
        "default (-created_at)": TaskQuery(),
        "sort updated_at": TaskQuery(sort=sort("updated_at")),
        "sort due_date": TaskQuery(sort=sort("due_date")),
        "sort -due_date": TaskQuery(sort=sort("-due_date")),
        "sort -priority": TaskQuery(sort=sort("-priority")),
        "sort title": TaskQuery(sort=sort("title")),
        "sort -priority,due_date (two keys)": TaskQuery(sort=sort("-priority,due_date")),
        "status=in_progress": TaskQuery(TaskFilter(statuses=frozenset({TaskStatus.IN_PROGRESS}))),
        "priority=high, sort due_date": TaskQuery(
            TaskFilter(priorities=frozenset({TaskPriority.HIGH})), sort=sort("due_date")
        ),
        "status=pending&priority=medium, sort -due_date (the bench's task_list_filtered)": TaskQuery(
            TaskFilter(statuses=frozenset({TaskStatus.PENDING}), priorities=frozenset({TaskPriority.MEDIUM})),
            sort=sort("-due_date"),
        ),
        "tag=urgent&tag=finance": TaskQuery(TaskFilter(tags=("urgent", "finance"))),
        "due_before=now-300d": TaskQuery(TaskFilter(due_before=NOW - timedelta(days=300)), sort=sort("due_date")),
        "due_after=now+30d": TaskQuery(TaskFilter(due_after=NOW + timedelta(days=30)), sort=sort("due_date")),
        "overdue=true": TaskQuery(TaskFilter(overdue=True), sort=sort("due_date")),
        "q=invoice receipts": TaskQuery(TaskFilter(text="invoice receipts")),
        "offset 10000": TaskQuery(offset=10_000),
        "keyset deep page (-created_at)": TaskQuery(after=DEEP),
    }


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--owner", default="alice")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    engine = create_engine(os.environ["DATABASE_URL"])
    async with engine.connect() as connection:
        for name, query in cases().items():
            statements, values = find_statements(args.owner, query, TASK_COLUMNS, NOW)
            for label, statement in (("page", statements.page), ("count", statements.count)):
                if statement is None:
                    continue
                compiled = statement.compile(dialect=engine.dialect)
                explain = f"EXPLAIN (ANALYZE, BUFFERS) {compiled}"
                rows = (await connection.exec_driver_sql(explain, compiled.construct_params(values))).scalars().all()
                access = [r.strip() for r in rows if "Scan" in r or "Sort" in r]
                timing = next(r for r in rows if r.startswith("Execution Time"))
                print(f"{name} [{label}]: {timing}")
                for line in rows if args.verbose else access[:3]:
                    print(f"    {line}")
    await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
