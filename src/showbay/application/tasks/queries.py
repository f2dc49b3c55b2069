"""What the task list can ask for: filters, sort keys, and pages (offset or keyset)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from showbay.application.paging import LIMIT_DEFAULT, LIMIT_MAX, OFFSET_MAX
from showbay.domain.errors import FieldProblem, ValidationFailed
from showbay.domain.tasks import Task, TaskPriority, TaskStatus
from showbay.domain.tasks.tags import TAGS_MAX, normalize_tag
from showbay.domain.text import text_problem

SEARCH_MAX = 200
DEFAULT_SORT = "-created_at"

SortValue = datetime | int | str | None


class SortField(StrEnum):
    CREATED_AT = "created_at"
    UPDATED_AT = "updated_at"
    DUE_DATE = "due_date"
    PRIORITY = "priority"
    TITLE = "title"

    def value_of(self, task: Task) -> SortValue:
        """The task's key for this field; priority sorts by rank (low < medium < high), not by name."""
        match self:
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


@dataclass(frozen=True, slots=True)
class SortKey:
    field: SortField
    descending: bool = False

    def __str__(self) -> str:
        return f"-{self.field}" if self.descending else str(self.field)


def parse_sort(spec: str) -> tuple[SortKey, ...]:
    """``-due_date,priority`` → sort keys; an unknown field is a validation failure, a repeated one is redundant
    (the first occurrence decides the order)."""
    keys: list[SortKey] = []
    for part in (p.strip() for p in spec.split(",")):
        name = part.removeprefix("-")
        try:
            key = SortKey(SortField(name), descending=part.startswith("-"))
        except ValueError:
            allowed = ", ".join(f.value for f in SortField)
            raise ValidationFailed(FieldProblem("sort", f"unknown sort field '{name}'; use {allowed}")) from None
        if all(k.field is not key.field for k in keys):
            keys.append(key)
    return tuple(keys)


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
class TaskPosition:
    """Where a keyset page ends: the last task's sort values (in sort-key order) and its id."""

    values: tuple[SortValue, ...]
    id: int

    @classmethod
    def of(cls, task: Task, sort: Sequence[SortKey]) -> TaskPosition:
        assert task.id is not None
        return cls(tuple(key.field.value_of(task) for key in sort), task.id)


@dataclass(frozen=True, slots=True)
class TaskQuery:
    filter: TaskFilter = field(default_factory=TaskFilter)
    sort: tuple[SortKey, ...] = (SortKey(SortField.CREATED_AT, descending=True),)
    limit: int = LIMIT_DEFAULT
    offset: int = 0
    after: TaskPosition | None = None
    """Keyset pagination: the tasks after this position (``offset`` must then be 0)."""

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= LIMIT_MAX:
            raise ValidationFailed(FieldProblem("limit", f"must be between 1 and {LIMIT_MAX}"))
        if not 0 <= self.offset <= OFFSET_MAX:
            raise ValidationFailed(FieldProblem("offset", f"must be between 0 and {OFFSET_MAX}"))
        if self.after is not None and self.offset:
            raise ValidationFailed(FieldProblem("offset", "cannot be combined with cursor"))
        if self.after is not None and len(self.after.values) != len(self.sort):
            raise ValidationFailed(FieldProblem("cursor", "does not fit the sort order"))


@dataclass(frozen=True, slots=True)
class TaskPage:
    items: list[Task]
    next: TaskPosition | None
    """Where the next page starts, or ``None`` on the last page."""
    total: int | None = None
    """Every matching task (offset pages only; keyset pages skip the count)."""
