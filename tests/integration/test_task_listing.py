"""SqlaTaskStore.find against PostgreSQL: every filter, every sort, offset and keyset pages agree with a
reference ordering computed in Python."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from showbay.adapters.persistence.tasks.store import SqlaTaskStore
from showbay.application.tasks.queries import (
    SortField,
    TaskFilter,
    TaskPosition,
    TaskQuery,
    parse_task_sort,
    sort_value,
    task_position,
)
from showbay.domain.tasks import Task, TaskDraft, TaskPriority, TaskStatus

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
WORDS = ["alpha", "bravo", "charlie", "delta", "echo"]
TAGS = ["home", "work", "urgent", "later"]


def _drafts(count: int) -> Iterator[tuple[TaskDraft, datetime]]:
    rng = random.Random(7)
    for i in range(count):
        due = None if i % 4 == 0 else NOW + timedelta(days=rng.randint(-10, 10))
        draft = TaskDraft(
            title=rng.choice(WORDS),
            description=f"notes about {rng.choice(['groceries', 'invoices', 'gardening'])}",
            status=rng.choice(list(TaskStatus)),
            priority=rng.choice(list(TaskPriority)),
            due_date=due,
            tags=tuple(rng.sample(TAGS, rng.randint(0, 3))),
        )
        yield draft, NOW - timedelta(hours=rng.randint(0, 5))  # repeated created_at values exercise the tiebreak


@pytest.fixture
async def stored(clean_db: AsyncEngine) -> list[Task]:
    async with AsyncSession(clean_db) as session:
        store = SqlaTaskStore(session)
        tasks = [await store.add(Task.create("alice", draft, at)) for draft, at in _drafts(45)]
        doomed = await store.add(Task.create("alice", TaskDraft("alpha", tags=("home",)), NOW))
        doomed.delete(NOW)
        await store.save(doomed, expected_version=1)
        await store.add(Task.create("bob", TaskDraft("alpha", tags=("home",)), NOW))
        await session.commit()
    return tasks


def reference_order(tasks: list[Task], spec: str) -> list[int]:
    keys = parse_task_sort(spec)
    ordered = sorted(tasks, key=lambda t: t.id or 0, reverse=keys[-1].descending)
    for key in reversed(keys):
        ordered.sort(key=partial(_comparable, sort_field=key.field), reverse=key.descending)
    return [t.id or 0 for t in ordered]


def _comparable(task: Task, sort_field: SortField) -> tuple[int, object]:
    value = sort_value(task, sort_field)
    return (1, 0) if value is None else (0, value)  # no due date sorts after every date


async def _find(engine: AsyncEngine, query: TaskQuery) -> tuple[list[Task], int | None]:
    async with AsyncSession(engine) as session:
        return await SqlaTaskStore(session).find("alice", query, NOW)


SORTS = [
    "-created_at",
    "created_at",
    "updated_at",
    "-due_date",
    "due_date",
    "priority",
    "-priority",
    "title",
    "-title",
    "priority,-due_date",
    "-priority,title,created_at",
    "title,priority",
]


@pytest.mark.parametrize("spec", SORTS)
async def test_offset_pages_follow_the_sort_with_id_tiebreak(
    clean_db: AsyncEngine, stored: list[Task], spec: str
) -> None:
    sort, seen = parse_task_sort(spec), []
    for offset in range(0, 50, 10):
        found, total = await _find(clean_db, TaskQuery(sort=sort, limit=10, offset=offset))
        assert total == 45
        seen += [t.id for t in found[:10]]
    assert seen == reference_order(stored, spec)


@pytest.mark.parametrize("spec", SORTS)
async def test_keyset_pages_walk_the_same_order_without_gaps(
    clean_db: AsyncEngine, stored: list[Task], spec: str
) -> None:
    sort, seen = parse_task_sort(spec), []
    after: TaskPosition | None = None
    while True:
        found, total = await _find(clean_db, TaskQuery(sort=sort, limit=7, after=after))
        assert (total is None) == (after is not None)  # pages after a cursor skip the count
        seen += [t.id for t in found[:7]]
        if len(found) <= 7:
            break
        after = task_position(found[6], sort)
    assert seen == reference_order(stored, spec)


async def test_cursor_past_the_end_gives_an_empty_page(clean_db: AsyncEngine, stored: list[Task]) -> None:
    sort = parse_task_sort("created_at")
    last = max(stored, key=lambda t: (t.created_at, t.id or 0))
    found, _ = await _find(clean_db, TaskQuery(sort=sort, after=task_position(last, sort)))
    assert found == []


async def test_offset_past_the_end_gives_an_empty_page_with_the_total(
    clean_db: AsyncEngine, stored: list[Task]
) -> None:
    found, total = await _find(clean_db, TaskQuery(offset=1000))
    assert (found, total) == ([], 45)


def _expected(tasks: list[Task], keep: Callable[[Task], bool]) -> set[int]:
    return {t.id or 0 for t in tasks if keep(t)}


CASES = {
    "status any of": (
        TaskFilter(statuses=frozenset({TaskStatus.PENDING, TaskStatus.COMPLETED})),
        lambda t: t.status in (TaskStatus.PENDING, TaskStatus.COMPLETED),
    ),
    "priority any of": (
        TaskFilter(priorities=frozenset({TaskPriority.HIGH})),
        lambda t: t.priority is TaskPriority.HIGH,
    ),
    "tags all of": (TaskFilter(tags=("Home", "work")), lambda t: {"home", "work"} <= set(t.tags)),
    "due before": (TaskFilter(due_before=NOW), lambda t: t.due_date is not None and t.due_date < NOW),
    "due after": (TaskFilter(due_after=NOW), lambda t: t.due_date is not None and t.due_date >= NOW),
    "overdue": (
        TaskFilter(overdue=True),
        lambda t: t.due_date is not None and t.due_date < NOW and t.status is not TaskStatus.COMPLETED,
    ),
    "not overdue": (
        TaskFilter(overdue=False),
        lambda t: not (t.due_date is not None and t.due_date < NOW and t.status is not TaskStatus.COMPLETED),
    ),
    "full text (stemmed)": (TaskFilter(text="invoice"), lambda t: "invoices" in (t.description or "")),
    "full text with or": (
        TaskFilter(text="bravo or gardening"),
        lambda t: t.title == "bravo" or "gardening" in (t.description or ""),
    ),
    "full text with not": (
        TaskFilter(text="alpha -groceries"),
        lambda t: t.title == "alpha" and "groceries" not in (t.description or ""),
    ),
    "combined": (
        TaskFilter(
            priorities=frozenset({TaskPriority.LOW, TaskPriority.MEDIUM}),
            tags=("later",),
            due_after=NOW - timedelta(days=5),
        ),
        lambda t: (
            t.priority is not TaskPriority.HIGH
            and "later" in t.tags
            and t.due_date is not None
            and t.due_date >= NOW - timedelta(days=5)
        ),
    ),
    "nothing matches": (TaskFilter(tags=("no-such-tag",)), lambda t: False),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_filters_match_the_reference(clean_db: AsyncEngine, stored: list[Task], case: str) -> None:
    spec, keep = CASES[case]
    found, total = await _find(clean_db, TaskQuery(filter=spec, limit=100))
    expected = _expected(stored, keep)
    assert {t.id for t in found} == expected
    assert total == len(expected)
    if case != "nothing matches":
        assert expected, f"the fixture should exercise '{case}'"


async def test_deleted_and_foreign_tasks_never_show(clean_db: AsyncEngine, stored: list[Task]) -> None:
    found, total = await _find(clean_db, TaskQuery(filter=TaskFilter(tags=("home",)), limit=100))
    assert all(t.owner_id == "alice" and t.deleted_at is None for t in found)
    assert total == len(_expected(stored, lambda t: "home" in t.tags))
