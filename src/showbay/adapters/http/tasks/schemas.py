"""Request and response bodies of /api/v1/tasks, and their conversion to and from the domain."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import msgspec

from showbay.domain.tasks import Task, TaskDraft, TaskPriority, TaskStatus
from showbay.domain.tasks.entities import DESCRIPTION_MAX, TITLE_MAX

Title = Annotated[str, msgspec.Meta(min_length=1, max_length=TITLE_MAX, description="1..255 characters, not blank")]
Description = Annotated[str, msgspec.Meta(max_length=DESCRIPTION_MAX)]
AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True, description="RFC 3339 with a time zone")]


class TaskWrite(msgspec.Struct, forbid_unknown_fields=True):
    """Every user-editable field of a task (POST and PUT)."""

    title: Title
    description: Description | None = None
    status: TaskStatus = TaskStatus.PENDING
    priority: TaskPriority = TaskPriority.MEDIUM
    due_date: AwareDatetime | None = None

    def to_draft(self) -> TaskDraft:
        return TaskDraft(self.title, self.description, self.status, self.priority, self.due_date)


class TaskRead(msgspec.Struct):
    id: int
    title: str
    description: str | None
    status: TaskStatus
    priority: TaskPriority
    due_date: datetime | None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    version: int

    @classmethod
    def from_task(cls, task: Task) -> TaskRead:
        assert task.id is not None
        return cls(
            id=task.id,
            title=task.title,
            description=task.description,
            status=task.status,
            priority=task.priority,
            due_date=utc(task.due_date),
            created_at=task.created_at.astimezone(UTC),
            updated_at=task.updated_at.astimezone(UTC),
            completed_at=utc(task.completed_at),
            version=task.version,
        )


def utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(UTC)
