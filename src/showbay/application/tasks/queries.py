"""What is the task list's own: its filter and its sort fields (the rest is ``application.listing``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from showbay.application.listing import LIMIT_DEFAULT, Page, Position, SortKey, SortValue, check_page, parse_sort
from showbay.domain.errors import FieldProblem, ValidationFailed
from showbay.domain.tasks import Task, TaskPriority, TaskStatus
from showbay.domain.tasks.tags import TAGS_MAX, normalize_tag
from showbay.domain.text import text_problem

SEARCH_MAX = 200
DEFAULT_SORT = "-created_at"


class SortField(StrEnum):
    CREATED_AT = "created_at"
    UPDATED_AT = "updated_at"
    DUE_DATE = "due_date"
    PRIORITY = "priority"
    TITLE = "title"


def sort_value(task: Task, field: SortField) -> SortValue:
    """The task's key for ``field``; priority sorts by rank (low < medium < high), not by name."""
    match field:
        case SortField.CREATED_AT:
            return task.created_at
        case SortField.UPDATED_AT:
            return task.updated_at
        case SortField.DUE_DATE:
            return task.due_date
        case SortField.PRIORITY:
            return task.priority.rank
        case SortField.TITLE:
            return task.title


TaskSort = tuple[SortKey[SortField], ...]
TaskPosition = Position[int]
TaskPage = Page[Task, int]


def parse_task_sort(raw: str) -> TaskSort:
    """``-due_date,priority`` → sort keys; an unknown field is a validation failure (``parse_sort``)."""
    return parse_sort(raw, SortField, DEFAULT_SORT)


def task_position(task: Task, sort: TaskSort) -> TaskPosition:
    assert task.id is not None
    return Position.of(task, sort, sort_value, task.id)


@dataclass(frozen=True, slots=True)
class TaskFilter:
    """Every condition is optional; statuses and priorities match any of, tags all of."""

    statuses: frozenset[TaskStatus] = frozenset()
    priorities: frozenset[TaskPriority] = frozenset()
    tags: tuple[str, ...] = ()
    due_before: datetime | None = None
    due_after: datetime | None = None
    overdue: bool | None = None
    text: str | None = None

    def __post_init__(self) -> None:
        problems = [
            FieldProblem(name, "must carry a time zone")
            for name, moment in (("due_before", self.due_before), ("due_after", self.due_after))
            if moment is not None and moment.tzinfo is None
        ]
        if self.text is not None:
            problem = text_problem("q", self.text, min_length=1, max_length=SEARCH_MAX, strip=True)
            problems.extend([problem] if problem else [])
        if problems:
            raise ValidationFailed(*problems)
        tags = tuple(dict.fromkeys(normalize_tag(t, "tag") for t in self.tags))
        if len(tags) > TAGS_MAX:
            raise ValidationFailed(FieldProblem("tag", f"at most {TAGS_MAX} distinct tags (a task has no more)"))
        object.__setattr__(self, "tags", tags)


@dataclass(frozen=True, slots=True)
class TaskQuery:
    filter: TaskFilter = field(default_factory=TaskFilter)
    sort: TaskSort = (SortKey(SortField.CREATED_AT, descending=True),)
    limit: int = LIMIT_DEFAULT
    offset: int = 0
    after: TaskPosition | None = None
    """Keyset pagination: the tasks after this position (``offset`` must then be 0)."""

    def __post_init__(self) -> None:
        check_page(self.sort, self.limit, self.offset, self.after)
