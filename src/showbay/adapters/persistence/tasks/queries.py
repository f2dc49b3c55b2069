"""The SQL behind the task list: filters, and the sort columns the shared keyset builder orders by."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    BindParameter,
    Column,
    ColumnElement,
    DateTime,
    Integer,
    Select,
    String,
    Text,
    any_,
    bindparam,
    cast,
    func,
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.sql.expression import ColumnClause

from showbay.adapters.persistence.keyset import Keyset
from showbay.adapters.persistence.tables import task_counts, tasks
from showbay.application.tasks.queries import SortField, TaskFilter, TaskQuery, TaskSort
from showbay.domain.tasks import TaskStatus

SORT_COLUMNS: dict[SortField, Column[Any]] = {
    SortField.CREATED_AT: tasks.c.created_at,
    SortField.UPDATED_AT: tasks.c.updated_at,
    SortField.DUE_DATE: tasks.c.due_sort,  # COALESCE(due_date, 'infinity'): never NULL, so row comparisons work
    SortField.PRIORITY: tasks.c.priority_rank,
    SortField.TITLE: tasks.c.title,
}
INFINITY: ColumnClause[Any] = literal_column("'infinity'::timestamp with time zone", DateTime(timezone=True))
KEYSET = Keyset(SORT_COLUMNS, tasks.c.id, nulls={SortField.DUE_DATE: INFINITY})
TEXT_SEARCH_CONFIG: ColumnClause[Any] = literal_column("'english'::regconfig")


def _statuses(spec: TaskFilter) -> list[str]:
    return sorted(s.value for s in spec.statuses)


def _priorities(spec: TaskFilter) -> list[str]:
    return sorted(p.value for p in spec.priorities)


@dataclass(frozen=True, slots=True)
class ListShape:
    """What a task list's SQL depends on besides its values: the statements are built once per shape, and a
    request only fills in the parameters (building and keying a ``Select`` per request was ~30 % of a list's CPU,
    docs/performance.md)."""

    statuses: bool
    priorities: bool
    tags: bool
    due_before: bool
    due_after: bool
    overdue: bool | None
    text: bool
    sort: TaskSort
    after: tuple[bool, ...] | None  # a keyset page: which of its position's values are empty
    offset: bool
    counters: bool  # the total is read from task_counts

    @classmethod
    def of(cls, query: TaskQuery) -> ListShape:
        spec = query.filter
        return cls(
            statuses=bool(spec.statuses),
            priorities=bool(spec.priorities),
            tags=bool(spec.tags),
            due_before=spec.due_before is not None,
            due_after=spec.due_after is not None,
            overdue=spec.overdue,
            text=spec.text is not None,
            sort=query.sort,
            after=None if query.after is None else KEYSET.empty_values(query.sort, query.after),
            offset=bool(query.offset),
            counters=counted_by_counters(spec),
        )


def _parameter(name: str, column: ColumnElement[Any]) -> BindParameter[Any]:
    return bindparam(name, type_=column.type)


STATUSES = bindparam("statuses", type_=ARRAY(String))
PRIORITIES = bindparam("priorities", type_=ARRAY(String))


def filter_conditions(shape: ListShape) -> list[ColumnElement[bool]]:
    """The conditions on ``tasks`` of a list of this shape, with named parameters (``list_parameters``)."""
    where: list[ColumnElement[bool]] = [tasks.c.owner_id == _parameter("owner_id", tasks.c.owner_id)]
    where.append(tasks.c.deleted_at.is_(None))
    if shape.statuses:
        where.append(tasks.c.status == any_(STATUSES))
    if shape.priorities:
        where.append(tasks.c.priority == any_(PRIORITIES))
    if shape.tags:
        where.append(tasks.c.tags.contains(bindparam("tags", type_=ARRAY(Text))))
    if shape.due_before:
        where.append(tasks.c.due_sort < _parameter("due_before", tasks.c.due_sort))
    if shape.due_after:
        where.extend([tasks.c.due_sort >= _parameter("due_after", tasks.c.due_sort), tasks.c.due_sort < INFINITY])
    now = _parameter("now", tasks.c.due_date)
    if shape.overdue is True:
        where.extend([tasks.c.due_date < now, tasks.c.status != TaskStatus.COMPLETED.value])
    elif shape.overdue is False:
        where.append(
            or_(tasks.c.due_date.is_(None), tasks.c.due_date >= now, tasks.c.status == TaskStatus.COMPLETED.value)
        )
    if shape.text:
        query = func.websearch_to_tsquery(TEXT_SEARCH_CONFIG, bindparam("text", type_=Text))
        where.append(tasks.c.search_vector.bool_op("@@")(query))
    return where


def counted_by_counters(spec: TaskFilter) -> bool:
    """True when ``spec`` filters by nothing but statuses and priorities (or nothing at all): its exact total is
    then a sum over ``task_counts`` (at most 144 rows: 9 keys in 16 stripes, kept by triggers) instead of a
    count over the tasks. Compared with the filter that has only those two, so a condition added to
    ``TaskFilter`` later is counted."""
    return spec == TaskFilter(statuses=spec.statuses, priorities=spec.priorities)


def count_statement(shape: ListShape, where: Sequence[ColumnElement[bool]]) -> Select[Any]:
    """The exact number of the owner's live tasks that match (``where``: the conditions on ``tasks``)."""
    if not shape.counters:
        return select(func.count()).select_from(tasks).where(*where, true())
    counters: list[ColumnElement[bool]] = [task_counts.c.owner_id == _parameter("owner_id", task_counts.c.owner_id)]
    if shape.statuses:
        counters.append(task_counts.c.status == any_(STATUSES))
    if shape.priorities:
        counters.append(task_counts.c.priority == any_(PRIORITIES))
    # sum(bigint) is numeric in PostgreSQL: cast back, so both drivers hand over an int, not a Decimal.
    return select(cast(func.coalesce(func.sum(task_counts.c.n), 0), BigInteger)).where(*counters)


@dataclass(frozen=True, slots=True)
class ListStatements:
    page: Select[Any]  # limit + 1 rows
    count: Select[Any] | None  # offset pages only


@lru_cache(maxsize=1024)  # shapes are bounded (flags x sorts x positions' empty values); a few hundred in use
def list_statements(shape: ListShape, columns: tuple[Column[Any], ...]) -> ListStatements:
    """The statements of every list of ``shape``, built once; ``list_parameters`` fills them in."""
    where = filter_conditions(shape)
    page = select(*columns).where(*where)
    if shape.after is not None:
        page = page.where(KEYSET.after_parameters(shape.sort, shape.after))
    page = page.order_by(*KEYSET.order_by(shape.sort)).limit(bindparam("limit", type_=Integer))
    if shape.offset:
        page = page.offset(bindparam("offset", type_=Integer))
    return ListStatements(page, None if shape.after is not None else count_statement(shape, where))


def list_parameters(owner_id: str, query: TaskQuery, now: datetime) -> dict[str, Any]:
    """The values of the parameters of ``list_statements(ListShape.of(query), …)`` for this request."""
    spec = query.filter
    values: dict[str, Any] = {"owner_id": owner_id, "limit": query.limit + 1}
    if query.offset:
        values["offset"] = query.offset
    if query.after is not None:
        values |= KEYSET.position_parameters(query.sort, query.after)
    optional = {
        "statuses": _statuses(spec) or None,
        "priorities": _priorities(spec) or None,
        "tags": list(spec.tags) or None,
        "due_before": spec.due_before,
        "due_after": spec.due_after,
        "now": None if spec.overdue is None else now,
        "text": spec.text,
    }
    return values | {name: value for name, value in optional.items() if value is not None}


def find_statements(
    owner_id: str, query: TaskQuery, columns: tuple[Column[Any], ...], now: datetime
) -> tuple[ListStatements, dict[str, Any]]:
    """The page query (``limit + 1`` rows) and, for offset pages, the count query, with this request's values."""
    return list_statements(ListShape.of(query), columns), list_parameters(owner_id, query, now)


__all__ = [
    "KEYSET",
    "SORT_COLUMNS",
    "ListShape",
    "ListStatements",
    "counted_by_counters",
    "find_statements",
    "list_parameters",
    "list_statements",
]
