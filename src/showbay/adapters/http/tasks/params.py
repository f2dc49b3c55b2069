"""Query parameters of GET /api/v1/tasks and their translation into a TaskQuery."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from litestar.params import QueryParameter

from showbay.adapters.http.cursor import AwareDatetime, CursorCodec
from showbay.adapters.http.paging import LIMIT_DEFAULT, Cursor, Limit, OptionalOffset, sort_parameter
from showbay.adapters.http.tasks.schemas import TAG_SCHEMA, Tag
from showbay.adapters.http.text import NOT_BLANK
from showbay.application.listing import ID_MAX, ID_MIN
from showbay.application.tasks.queries import (
    DEFAULT_SORT,
    SEARCH_MAX,
    SortField,
    TaskFilter,
    TaskQuery,
    parse_task_sort,
)
from showbay.domain.tasks import TaskPriority, TaskStatus
from showbay.domain.tasks.tags import TAGS_MAX

StatusParam = Annotated[
    list[TaskStatus] | None, QueryParameter(name="status", description="Any of these statuses (repeatable)")
]
PriorityParam = Annotated[
    list[TaskPriority] | None, QueryParameter(name="priority", description="Any of these priorities (repeatable)")
]
TagParam = Annotated[
    list[Tag] | None,
    QueryParameter(
        name="tag",
        max_items=TAGS_MAX,
        description="Has all of these tags (repeatable)",
        schema_extra={"items": TAG_SCHEMA},
    ),
]
DueBeforeParam = Annotated[datetime | None, QueryParameter(name="due_before", description="due_date < this (RFC 3339)")]
DueAfterParam = Annotated[datetime | None, QueryParameter(name="due_after", description="due_date >= this (RFC 3339)")]
OverdueParam = Annotated[
    bool | None,
    QueryParameter(name="overdue", description="true: due in the past and not completed; false: everything else"),
]
SearchParam = Annotated[
    str | None,
    QueryParameter(
        name="q",
        min_length=1,
        max_length=SEARCH_MAX,
        pattern=NOT_BLANK,
        description='Full-text search over title and description (words, "phrases", or, -not)',
    ),
]
SortParam = Annotated[
    str,
    sort_parameter(
        (f.value for f in SortField),
        "Comma-separated keys of created_at, updated_at, due_date, priority (by rank), title; "
        "prefix - for descending. The id breaks ties. Tasks without a due date sort last ascending.",
    ),
]
LimitParam = Limit
OffsetParam = OptionalOffset
CursorParam = Cursor

CURSORS: CursorCodec[SortField, int] = CursorCodec(
    {
        SortField.CREATED_AT: AwareDatetime,
        SortField.UPDATED_AT: AwareDatetime,
        SortField.DUE_DATE: AwareDatetime | None,
        SortField.PRIORITY: Annotated[int, msgspec.Meta(ge=1, le=3)],
        SortField.TITLE: str,
    },
    Annotated[int, msgspec.Meta(ge=ID_MIN, le=ID_MAX)],
)


def build_query(
    *,
    status: list[TaskStatus] | None,
    priority: list[TaskPriority] | None,
    tag: list[str] | None,
    due_before: datetime | None,
    due_after: datetime | None,
    overdue: bool | None,
    q: str | None,
    sort: str,
    limit: int,
    offset: int | None,
    cursor: str | None,
) -> TaskQuery:
    spec = TaskFilter(
        statuses=frozenset(status or ()),
        priorities=frozenset(priority or ()),
        tags=tuple(tag or ()),
        due_before=due_before,
        due_after=due_after,
        overdue=overdue,
        text=q,
    )
    keys = parse_task_sort(sort)
    after = None if cursor is None else CURSORS.decode(cursor, keys)
    return TaskQuery(spec, keys, limit, offset or 0, after)


__all__ = ["CURSORS", "DEFAULT_SORT", "LIMIT_DEFAULT", "build_query"]
