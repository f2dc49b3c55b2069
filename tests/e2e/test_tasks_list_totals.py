"""The list's ``total`` over HTTP equals a real COUNT, whether it comes from task_counts (status/priority filters
only) or from counting the tasks (any other filter), after creates, PATCHes, deletes and restores."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.e2e.test_tasks_api import create
from tests.e2e.test_tasks_patch_restore import patch

Client = AsyncTestClient[Litestar]
URL = "/api/v1/tasks"
STATUSES = ("pending", "in_progress", "completed")
PRIORITIES = ("low", "medium", "high")
OLD = "2020-01-01T00:00:00Z"


def _subsets(values: tuple[str, ...]) -> list[tuple[str, ...]]:
    return [c for size in range(len(values) + 1) for c in itertools.combinations(values, size)]


@pytest.fixture
async def tasks(client: Client, alice: dict[str, str], bob: dict[str, str]) -> Client:
    created = []
    for i, (status, priority) in enumerate(itertools.product(STATUSES, PRIORITIES)):
        for copy in range(i % 3 + 1):
            due = OLD if copy == 0 else None
            tags = ["home"] if (i + copy) % 2 else []
            body = {"title": f"invoice {i}.{copy}", "status": status, "priority": priority, "tags": tags}
            created.append(await create(client, alice, due_date=due, **body))
    await create(client, bob, title="not yours", priority="high")
    for task in created[::4]:
        assert (await patch(client, alice, task["id"], {"status": "completed", "priority": "low"})).status_code == 200
    for task in created[1::5]:
        assert (await client.delete(f"{URL}/{task['id']}", headers=alice)).status_code == 204
    restored = await client.post(f"{URL}/{created[1]['id']}/restore", headers=alice)
    assert restored.status_code == 200
    return client


async def _real(engine: AsyncEngine, where: str, **params: Any) -> int:
    async with engine.connect() as connection:
        statement = text(f"SELECT count(*) FROM tasks WHERE owner_id = 'alice' AND deleted_at IS NULL AND {where}")
        return int((await connection.execute(statement, params)).scalar_one())


async def _total(client: Client, headers: dict[str, str], **params: Any) -> int:
    response = await client.get(URL, params={"limit": 1, **params}, headers=headers)
    assert response.status_code == 200, response.text
    total: int = response.json()["pagination"]["total"]
    return total


async def test_every_status_and_priority_filter_has_the_exact_total(
    tasks: Client, clean_db: AsyncEngine, alice: dict[str, str]
) -> None:
    for statuses, priorities in itertools.product(_subsets(STATUSES), _subsets(PRIORITIES)):
        expected = await _real(
            clean_db,
            "(cardinality(CAST(:s AS text[])) = 0 OR status = ANY(:s)) "
            "AND (cardinality(CAST(:p AS text[])) = 0 OR priority = ANY(:p))",
            s=list(statuses),
            p=list(priorities),
        )
        assert await _total(tasks, alice, status=list(statuses), priority=list(priorities)) == expected


@pytest.mark.parametrize(
    ("params", "where"),
    [
        ({"tag": "home", "status": "pending"}, "'home' = ANY(tags) AND status = 'pending'"),
        ({"q": "invoice", "priority": "high"}, "priority = 'high'"),  # every title says invoice
        ({"overdue": "true"}, "due_date < now() AND status <> 'completed'"),
        ({"overdue": "false", "status": "pending"}, "(due_date IS NULL OR due_date >= now()) AND status = 'pending'"),
        ({"due_before": "2021-01-01T00:00:00Z"}, "due_date < '2021-01-01'"),
        ({"due_after": "2019-01-01T00:00:00Z", "priority": "low"}, "due_date >= '2019-01-01' AND priority = 'low'"),
    ],
)
async def test_other_filters_still_count_the_tasks(
    tasks: Client, clean_db: AsyncEngine, alice: dict[str, str], params: dict[str, str], where: str
) -> None:
    expected = await _real(clean_db, where)
    assert expected > 0
    assert await _total(tasks, alice, **params) == expected
