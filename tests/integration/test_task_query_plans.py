"""EXPLAIN-shape tests: on a seeded table the list queries are served by the indexes built for them.

The table here is small (30,000 rows over 10 owners), so this checks the plan's shape, not its speed;
docs/performance.md has the numbers for 1,000,000 rows.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.adapters.persistence.tasks.queries import find_statements
from showbay.adapters.persistence.tasks.seed import seed_tasks
from showbay.adapters.persistence.tasks.store import TASK_COLUMNS
from showbay.application.tasks.queries import TaskFilter, TaskPosition, TaskQuery, parse_task_sort
from showbay.domain.tasks import TaskPriority, TaskStatus

NOW = datetime.now(UTC)
OWNERS = [f"owner-{i}" for i in range(10)]


@pytest.fixture(scope="module")
async def seeded(engine: AsyncEngine, database_url: str) -> AsyncIterator[AsyncEngine]:
    """Seeded once for the module (its tests only read), emptied afterwards for the tests that follow."""
    async with engine.begin() as connection:
        await connection.execute(text("TRUNCATE tasks RESTART IDENTITY"))
    seed_tasks(database_url, 30_000, OWNERS, seed=3)
    yield engine
    async with engine.begin() as connection:
        await connection.execute(text("TRUNCATE tasks RESTART IDENTITY"))


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


async def _plan(engine: AsyncEngine, query: TaskQuery, *, count: bool = False) -> list[dict[str, Any]]:
    statements, values = find_statements(OWNERS[0], query, TASK_COLUMNS, NOW)
    statement = statements.count if count else statements.page
    assert statement is not None
    compiled = statement.compile(dialect=engine.dialect)  # named parameters, as both adapters send it
    explain = f"EXPLAIN (FORMAT JSON) {compiled}"
    async with engine.connect() as connection:
        raw = (await connection.exec_driver_sql(explain, compiled.construct_params(values))).scalar_one()
    document = raw if isinstance(raw, list) else json.loads(raw)
    return list(_nodes(document[0]["Plan"]))


SORTED_PAGES = {
    "-created_at": "ix_tasks_owner_id_created_at_id",
    "created_at": "ix_tasks_owner_id_created_at_id",
    "-updated_at": "ix_tasks_owner_id_updated_at_id",
    "due_date": "ix_tasks_owner_id_due_sort_id",
    "-due_date": "ix_tasks_owner_id_due_sort_id",
    "priority": "ix_tasks_owner_id_priority_rank_id",
    "-priority": "ix_tasks_owner_id_priority_rank_id",
    "title": "ix_tasks_owner_id_title_id",
    "-priority,due_date": "ix_tasks_owner_id_priority_rank_desc_due_sort_id",
}


@pytest.mark.parametrize(("sort", "index"), list(SORTED_PAGES.items()))
async def test_sorted_pages_read_the_sort_index_without_sorting(seeded: AsyncEngine, sort: str, index: str) -> None:
    nodes = await _plan(seeded, TaskQuery(sort=parse_task_sort(sort)))
    assert index in {n.get("Index Name") for n in nodes}
    assert not any(n["Node Type"] == "Sort" for n in nodes)


FILTERED_PAGES = {
    "status": TaskFilter(statuses=frozenset({TaskStatus.IN_PROGRESS})),
    "priority": TaskFilter(priorities=frozenset({TaskPriority.HIGH, TaskPriority.LOW})),
    "due window": TaskFilter(due_after=NOW, due_before=NOW + timedelta(days=7)),
    "overdue": TaskFilter(overdue=True),
}


@pytest.mark.parametrize("case", list(FILTERED_PAGES))
async def test_filtered_pages_use_an_index_of_the_owner(seeded: AsyncEngine, case: str) -> None:
    nodes = await _plan(seeded, TaskQuery(FILTERED_PAGES[case], sort=parse_task_sort("due_date")))
    assert any(str(n.get("Index Name", "")).startswith("ix_tasks_owner_id_") for n in nodes)
    assert not any(n["Node Type"] == "Seq Scan" for n in nodes)


@pytest.mark.parametrize(
    ("spec", "index"),
    [(TaskFilter(tags=("urgent", "finance")), "ix_tasks_tags"), (TaskFilter(text="invoice"), "ix_tasks_search_vector")],
)
async def test_tag_and_text_search_use_their_gin_index(seeded: AsyncEngine, spec: TaskFilter, index: str) -> None:
    nodes = await _plan(seeded, TaskQuery(spec), count=True)
    assert index in {n.get("Index Name") for n in nodes}


async def test_keyset_page_starts_inside_the_index(seeded: AsyncEngine) -> None:
    sort = parse_task_sort("-created_at")
    nodes = await _plan(seeded, TaskQuery(sort=sort, after=TaskPosition((NOW - timedelta(days=200),), 10**9)))
    scans = [n for n in nodes if n.get("Index Name") == "ix_tasks_owner_id_created_at_id"]
    assert scans
    assert "ROW(" in scans[0]["Index Cond"].upper() or "created_at, id) <" in scans[0]["Index Cond"]


@pytest.mark.parametrize(
    "spec",
    [
        TaskFilter(),
        TaskFilter(statuses=frozenset({TaskStatus.PENDING}), priorities=frozenset({TaskPriority.HIGH})),
        TaskFilter(statuses=frozenset({TaskStatus.PENDING, TaskStatus.IN_PROGRESS})),
    ],
)
async def test_the_total_of_a_status_and_priority_filter_reads_only_the_counters(
    seeded: AsyncEngine, spec: TaskFilter
) -> None:
    nodes = await _plan(seeded, TaskQuery(spec), count=True)
    relations = {n["Relation Name"] for n in nodes if "Relation Name" in n}
    assert relations == {"task_counts"}, nodes


async def test_a_status_filter_with_another_condition_is_counted_on_its_index(seeded: AsyncEngine) -> None:
    spec = TaskFilter(statuses=frozenset({TaskStatus.PENDING}), due_before=NOW + timedelta(days=400))
    nodes = await _plan(seeded, TaskQuery(spec), count=True)
    assert {n["Relation Name"] for n in nodes if "Relation Name" in n} == {"tasks"}
    assert any(str(n.get("Index Name", "")).startswith("ix_tasks_owner_id_") for n in nodes), nodes
