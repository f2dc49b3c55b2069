"""Which list totals are read from task_counts: a filter on statuses and priorities only (or none)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from showbay.adapters.persistence.tasks.queries import counted_by_counters
from showbay.application.tasks.queries import TaskFilter
from showbay.domain.tasks import TaskPriority, TaskStatus

NOW = datetime(2026, 12, 1, tzinfo=UTC)
STATUS = frozenset({TaskStatus.PENDING})
PRIORITY = frozenset({TaskPriority.HIGH, TaskPriority.LOW})


@pytest.mark.parametrize(
    "spec", [TaskFilter(), TaskFilter(statuses=STATUS), TaskFilter(priorities=PRIORITY), TaskFilter(STATUS, PRIORITY)]
)
def test_statuses_and_priorities_alone_are_counted_by_the_counters(spec: TaskFilter) -> None:
    assert counted_by_counters(spec)


@pytest.mark.parametrize(
    "spec",
    [
        TaskFilter(STATUS, PRIORITY, tags=("home",)),
        TaskFilter(STATUS, due_before=NOW),
        TaskFilter(due_after=NOW),
        TaskFilter(priorities=PRIORITY, overdue=True),
        TaskFilter(overdue=False),
        TaskFilter(text="invoice"),
    ],
)
def test_any_other_condition_counts_the_tasks(spec: TaskFilter) -> None:
    assert not counted_by_counters(spec)
