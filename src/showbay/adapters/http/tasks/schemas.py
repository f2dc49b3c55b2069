"""Request and response bodies of /api/v1/tasks, and their conversion to and from the domain."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import msgspec
from msgspec import UNSET, UnsetType

from showbay.adapters.http.lists import ListPage, envelope
from showbay.adapters.http.text import NOT_BLANK
from showbay.domain.tasks import EnrichmentStatus, Task, TaskDraft, TaskPriority, TaskStatus
from showbay.domain.tasks.entities import DESCRIPTION_MAX, EXTERNAL_ID_MAX, TITLE_MAX
from showbay.domain.tasks.tags import TAG_MAX_LENGTH, TAGS_MAX

Title = Annotated[
    str, msgspec.Meta(min_length=1, max_length=TITLE_MAX, pattern=NOT_BLANK, description="1..255 characters, not blank")
]
Description = Annotated[str, msgspec.Meta(max_length=DESCRIPTION_MAX)]
AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True, description="RFC 3339 with a time zone")]
Tag = Annotated[
    str, msgspec.Meta(min_length=1, max_length=TAG_MAX_LENGTH, pattern=NOT_BLANK, description="1..50 characters")
]
# Litestar's schema drops the constraints of a list's items; the same constraints, spelled for the schema.
TAG_SCHEMA = {"type": "string", "minLength": 1, "maxLength": TAG_MAX_LENGTH, "pattern": NOT_BLANK}
Tags = Annotated[
    list[Tag],
    msgspec.Meta(
        max_length=TAGS_MAX,
        description="0..20 tags, not blank; trimmed, lower-cased and de-duplicated",
        extra_json_schema={"extra": {"items": TAG_SCHEMA}},
    ),
]
ExternalId = Annotated[
    int, msgspec.Meta(ge=1, le=EXTERNAL_ID_MAX, description="A JSONPlaceholder todo id; its data is fetched")
]


class TaskWrite(msgspec.Struct, forbid_unknown_fields=True):
    """Every user-editable field of a task (POST and PUT)."""

    title: Title
    description: Description | None = None
    status: TaskStatus = TaskStatus.PENDING
    priority: TaskPriority = TaskPriority.MEDIUM
    due_date: AwareDatetime | None = None
    tags: Tags = msgspec.field(default_factory=list)
    external_id: ExternalId | None = None

    def to_draft(self) -> TaskDraft:
        return TaskDraft(
            self.title, self.description, self.status, self.priority, self.due_date, tuple(self.tags), self.external_id
        )


class TaskPatch(msgspec.Struct, forbid_unknown_fields=True):
    """A JSON merge patch (RFC 7396): absent fields stay as they are, ``null`` clears a nullable field."""

    title: Title | UnsetType = UNSET
    description: Description | UnsetType | None = UNSET
    status: TaskStatus | UnsetType = UNSET
    priority: TaskPriority | UnsetType = UNSET
    due_date: AwareDatetime | UnsetType | None = UNSET
    tags: Tags | UnsetType | None = UNSET
    external_id: ExternalId | UnsetType | None = UNSET

    def changes(self) -> dict[str, object]:
        given = {name: getattr(self, name) for name in self.__struct_fields__}
        changes = {name: value for name, value in given.items() if value is not UNSET}
        if "tags" in changes:
            changes["tags"] = tuple(changes["tags"] or ())
        return changes


class EnrichmentRead(msgspec.Struct):
    status: EnrichmentStatus
    fetched_at: datetime | None
    data: dict[str, Any] | None


class TaskRead(msgspec.Struct):
    id: int
    title: str
    description: str | None
    status: TaskStatus
    priority: TaskPriority
    due_date: datetime | None
    tags: list[str]
    external_id: int | None
    enrichment: EnrichmentRead | None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    version: int

    @classmethod
    def from_task(cls, task: Task) -> TaskRead:
        assert task.id is not None
        enrichment = task.enrichment
        return cls(
            id=task.id,
            title=task.title,
            description=task.description,
            status=task.status,
            priority=task.priority,
            due_date=utc(task.due_date),
            tags=list(task.tags),
            external_id=task.external_id,
            enrichment=None
            if enrichment is None
            else EnrichmentRead(enrichment.status, utc(enrichment.fetched_at), enrichment.data),
            created_at=task.created_at.astimezone(UTC),
            updated_at=task.updated_at.astimezone(UTC),
            completed_at=utc(task.completed_at),
            version=task.version,
        )


TaskList = Annotated[ListPage[TaskRead], envelope("TaskList", "A page of tasks")]


def utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(UTC)
