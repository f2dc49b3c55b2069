from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from showbay.domain.errors import ValidationFailed
from showbay.domain.tasks import Task, TaskDraft, TaskPriority, TaskStatus

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def test_draft_trims_the_title() -> None:
    assert TaskDraft("  plan  ").title == "plan"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": " \t "}, "title"),
        ({"title": "x" * 256}, "title"),
        ({"title": "a\x00b"}, "title"),
        ({"title": "ok", "description": "d" * 1001}, "description"),
        ({"title": "ok", "description": "\x00"}, "description"),
        ({"title": "ok", "due_date": datetime(2026, 1, 1)}, "due_date"),  # noqa: DTZ001
    ],
)
def test_draft_rejects_bad_fields(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        TaskDraft(**kwargs)  # type: ignore[arg-type]
    assert [p.field for p in caught.value.problems] == [field]


def test_draft_reports_every_bad_field_at_once() -> None:
    with pytest.raises(ValidationFailed) as caught:
        TaskDraft("", description="d" * 1001)
    assert {p.field for p in caught.value.problems} == {"title", "description"}


def test_title_of_exactly_255_characters_is_fine() -> None:
    assert len(TaskDraft("x" * 255).title) == 255


def test_create_applies_defaults_and_timestamps() -> None:
    task = Task.create("alice", TaskDraft("plan"), NOW)
    assert (task.status, task.priority, task.version) == (TaskStatus.PENDING, TaskPriority.MEDIUM, 1)
    assert task.created_at == task.updated_at == NOW
    assert task.completed_at is None


def test_creating_a_completed_task_sets_completed_at() -> None:
    task = Task.create("alice", TaskDraft("plan", status=TaskStatus.COMPLETED), NOW)
    assert task.completed_at == NOW


def test_completing_sets_completed_at_and_leaving_clears_it() -> None:
    task = Task.create("alice", TaskDraft("plan"), NOW)
    later = NOW + timedelta(hours=1)
    task.replace(TaskDraft("plan", status=TaskStatus.COMPLETED), later)
    assert task.completed_at == later
    assert task.version == 2
    task.replace(TaskDraft("plan", status=TaskStatus.IN_PROGRESS), later + timedelta(hours=1))
    assert task.completed_at is None


def test_staying_completed_keeps_the_original_completion_time() -> None:
    task = Task.create("alice", TaskDraft("plan", status=TaskStatus.COMPLETED), NOW)
    task.replace(TaskDraft("renamed", status=TaskStatus.COMPLETED), NOW + timedelta(days=1))
    assert task.completed_at == NOW
    assert task.updated_at == NOW + timedelta(days=1)


def test_priority_rank_orders_low_medium_high() -> None:
    ranks = [p.rank for p in (TaskPriority.LOW, TaskPriority.MEDIUM, TaskPriority.HIGH)]
    assert ranks == sorted(ranks)
    assert len(set(ranks)) == 3


def test_etag_names_id_and_version() -> None:
    task = Task.create("alice", TaskDraft("plan"), NOW)
    task.id = 7
    assert task.etag == '"7-1"'
