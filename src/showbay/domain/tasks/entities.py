"""The Task entity and its value objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from showbay.domain.errors import FieldProblem, ValidationFailed
from showbay.domain.text import text_problem

TITLE_MAX = 255
DESCRIPTION_MAX = 1000


class TaskStatus(StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


class TaskPriority(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return _PRIORITY_RANK[self]


_PRIORITY_RANK = {TaskPriority.LOW: 1, TaskPriority.MEDIUM: 2, TaskPriority.HIGH: 3}


@dataclass(frozen=True, slots=True)
class TaskDraft:
    """The user-editable fields of a task, validated on construction."""

    title: str
    description: str | None = None
    status: TaskStatus = TaskStatus.PENDING
    priority: TaskPriority = TaskPriority.MEDIUM
    due_date: datetime | None = None

    def __post_init__(self) -> None:
        problems = [
            text_problem("title", self.title, min_length=1, max_length=TITLE_MAX, strip=True),
            None
            if self.description is None
            else text_problem("description", self.description, min_length=0, max_length=DESCRIPTION_MAX, strip=False),
        ]
        if self.due_date is not None and self.due_date.tzinfo is None:
            problems.append(FieldProblem("due_date", "must carry a time zone"))
        found = [p for p in problems if p is not None]
        if found:
            raise ValidationFailed(*found)
        object.__setattr__(self, "title", self.title.strip())


@dataclass(slots=True)
class Task:
    """A unit of work owned by one principal.

    ``version`` grows by one with every change and backs optimistic concurrency (ETags).
    """

    owner_id: str
    title: str
    created_at: datetime
    updated_at: datetime
    description: str | None = None
    status: TaskStatus = TaskStatus.PENDING
    priority: TaskPriority = TaskPriority.MEDIUM
    due_date: datetime | None = None
    completed_at: datetime | None = None
    id: int | None = None
    version: int = 1

    @classmethod
    def create(cls, owner_id: str, draft: TaskDraft, now: datetime) -> Task:
        task = cls(owner_id=owner_id, title=draft.title, created_at=now, updated_at=now)
        task._apply(draft, now)
        return task

    def replace(self, draft: TaskDraft, now: datetime) -> None:
        """Overwrite every user-editable field (PUT semantics)."""
        self._apply(draft, now)
        self.updated_at = now
        self.version += 1

    def _apply(self, draft: TaskDraft, now: datetime) -> None:
        self.title = draft.title
        self.description = draft.description
        self.priority = draft.priority
        self.due_date = draft.due_date
        self._move_to(draft.status, now)

    def _move_to(self, status: TaskStatus, now: datetime) -> None:
        if status is not TaskStatus.COMPLETED:
            self.completed_at = None
        elif self.status is not TaskStatus.COMPLETED or self.completed_at is None:
            self.completed_at = now
        self.status = status

    def draft(self) -> TaskDraft:
        return TaskDraft(self.title, self.description, self.status, self.priority, self.due_date)

    @property
    def etag(self) -> str:
        return f'"{self.id}-{self.version}"'
