"""The Task entity and its value objects."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from showbay.domain.errors import FieldProblem, ValidationFailed
from showbay.domain.tasks.enrichment import Enrichment, EnrichmentStatus
from showbay.domain.tasks.tags import normalize_tags
from showbay.domain.text import title_and_description_problems

TITLE_MAX = 255
DESCRIPTION_MAX = 1000
EXTERNAL_ID_MAX = 2**31 - 1


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
    """The user-editable fields of a task, validated (and normalized) on construction."""

    title: str
    description: str | None = None
    status: TaskStatus = TaskStatus.PENDING
    priority: TaskPriority = TaskPriority.MEDIUM
    due_date: datetime | None = None
    tags: tuple[str, ...] = ()
    external_id: int | None = None

    def __post_init__(self) -> None:
        problems = title_and_description_problems(
            self.title, self.description, title_max=TITLE_MAX, description_max=DESCRIPTION_MAX
        )
        if self.due_date is not None and self.due_date.tzinfo is None:
            problems.append(FieldProblem("due_date", "must carry a time zone"))
        if self.external_id is not None and not 0 < self.external_id <= EXTERNAL_ID_MAX:
            problems.append(FieldProblem("external_id", f"must be between 1 and {EXTERNAL_ID_MAX}"))
        try:
            tags = normalize_tags(self.tags)
        except ValidationFailed as failed:
            problems.extend(failed.problems)
        found = [p for p in problems if p is not None]
        if found:
            raise ValidationFailed(*found)
        object.__setattr__(self, "title", self.title.strip())
        object.__setattr__(self, "tags", tags)

    def merge(self, changes: Mapping[str, object]) -> TaskDraft:
        """A JSON merge patch (RFC 7396) applied to this draft: absent fields stay, given ones replace."""
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise ValidationFailed(*(FieldProblem(name, "is not an editable field") for name in sorted(unknown)))
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


_RETRY_ON_WRITE = frozenset({EnrichmentStatus.PENDING, EnrichmentStatus.FAILED})


@dataclass(slots=True)
class Task:
    """A unit of work owned by one principal.

    ``version`` grows by one with every change and backs optimistic concurrency (ETags).
    A deleted task keeps its row (``deleted_at``) until it is purged, and can be restored.
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
    tags: tuple[str, ...] = ()
    external_id: int | None = None
    enrichment: Enrichment | None = None
    deleted_at: datetime | None = None

    @classmethod
    def create(cls, owner_id: str, draft: TaskDraft, now: datetime) -> Task:
        task = cls(owner_id=owner_id, title=draft.title, created_at=now, updated_at=now)
        task._apply(draft, now)
        return task

    def replace(self, draft: TaskDraft, now: datetime) -> None:
        """Overwrite every user-editable field (PUT semantics)."""
        self._apply(draft, now)
        self.touch(now)

    def touch(self, now: datetime) -> None:
        """Record that the task changed: a new version (hence a new ETag)."""
        self.updated_at = now
        self.version += 1

    def delete(self, now: datetime) -> None:
        self.deleted_at = now
        self.touch(now)

    def restore(self, now: datetime) -> None:
        self.deleted_at = None
        self.touch(now)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def record_enrichment(self, enrichment: Enrichment) -> None:
        if self.external_id is None:
            raise ValueError("a task without an external_id has no enrichment")
        self.enrichment = enrichment

    @property
    def wants_enrichment(self) -> bool:
        """True when the task names an external todo and no answer about it is stored yet (pending) or the last
        one was unusable (failed); ``ok`` and ``not_found`` are answers, refreshed only on request."""
        return self.enrichment is not None and self.enrichment.status in _RETRY_ON_WRITE

    def _apply(self, draft: TaskDraft, now: datetime) -> None:
        self.title = draft.title
        self.description = draft.description
        self.priority = draft.priority
        self.due_date = draft.due_date
        self.tags = draft.tags
        if draft.external_id != self.external_id or (draft.external_id is not None and self.enrichment is None):
            self.enrichment = None if draft.external_id is None else Enrichment.pending()
        self.external_id = draft.external_id
        self._move_to(draft.status, now)

    def _move_to(self, status: TaskStatus, now: datetime) -> None:
        if status is not TaskStatus.COMPLETED:
            self.completed_at = None
        elif self.status is not TaskStatus.COMPLETED or self.completed_at is None:
            self.completed_at = now
        self.status = status

    def draft(self) -> TaskDraft:
        return TaskDraft(
            self.title, self.description, self.status, self.priority, self.due_date, self.tags, self.external_id
        )

    @property
    def etag(self) -> str:
        return f'"{self.id}-{self.version}"'
