"""The SQL behind the task list: filters, ordering by the generated sort keys, keyset positions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    DateTime,
    Select,
    Text,
    and_,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
    tuple_,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.sql.expression import ColumnClause

from showbay.adapters.persistence.tables import tasks
from showbay.application.tasks.queries import SortField, SortKey, SortValue, TaskFilter, TaskPosition, TaskQuery
from showbay.domain.tasks import TaskStatus

SORT_COLUMNS: dict[SortField, Column[Any]] = {
    SortField.CREATED_AT: tasks.c.created_at,
    SortField.UPDATED_AT: tasks.c.updated_at,
    SortField.DUE_DATE: tasks.c.due_sort,  # COALESCE(due_date, 'infinity'): never NULL, so row comparisons work
    SortField.PRIORITY: tasks.c.priority_rank,
    SortField.TITLE: tasks.c.title,
}
INFINITY: ColumnClause[Any] = literal_column("'infinity'::timestamp with time zone", DateTime(timezone=True))
TEXT_SEARCH_CONFIG: ColumnClause[Any] = literal_column("'english'::regconfig")


def _bound(field: SortField, value: SortValue) -> ColumnElement[Any]:
    if field is SortField.DUE_DATE and value is None:
        return INFINITY
    return literal(value, SORT_COLUMNS[field].type)


def filter_conditions(owner_id: str, spec: TaskFilter, now: datetime) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [tasks.c.owner_id == owner_id, tasks.c.deleted_at.is_(None)]
    if spec.statuses:
        where.append(tasks.c.status.in_(sorted(s.value for s in spec.statuses)))
    if spec.priorities:
        where.append(tasks.c.priority.in_(sorted(p.value for p in spec.priorities)))
    if spec.tags:
        where.append(tasks.c.tags.contains(literal(list(spec.tags), ARRAY(Text))))
    if spec.due_before is not None:
        where.append(tasks.c.due_sort < spec.due_before)
    if spec.due_after is not None:
        where.extend([tasks.c.due_sort >= spec.due_after, tasks.c.due_sort < INFINITY])
    if spec.overdue is True:
        where.extend([tasks.c.due_date < now, tasks.c.status != TaskStatus.COMPLETED.value])
    elif spec.overdue is False:
        where.append(
            or_(tasks.c.due_date.is_(None), tasks.c.due_date >= now, tasks.c.status == TaskStatus.COMPLETED.value)
        )
    if spec.text is not None:
        query = func.websearch_to_tsquery(TEXT_SEARCH_CONFIG, spec.text)
        where.append(tasks.c.search_vector.bool_op("@@")(query))
    return where


def _order_by(sort: Sequence[SortKey]) -> list[ColumnElement[Any]]:
    columns: list[ColumnElement[Any]] = [
        SORT_COLUMNS[k.field].desc() if k.descending else SORT_COLUMNS[k.field].asc() for k in sort
    ]
    columns.append(tasks.c.id.desc() if sort[-1].descending else tasks.c.id.asc())
    return columns


def after_position(sort: Sequence[SortKey], position: TaskPosition) -> ColumnElement[bool]:
    """Rows strictly after ``position`` in the order of ``sort`` (the id follows the last key's direction).

    When every key runs the same way this is one row comparison, which PostgreSQL turns into an index range
    (deep pages stay fast); mixed directions need the expanded form, bounded by the leading key.
    """
    columns = [SORT_COLUMNS[k.field] for k in sort] + [tasks.c.id]
    values = [_bound(k.field, v) for k, v in zip(sort, position.values, strict=True)] + [literal(position.id)]
    directions = [k.descending for k in sort] + [sort[-1].descending]
    if len(set(directions)) == 1:
        row, bound = tuple_(*columns), tuple_(*values)
        return row < bound if directions[0] else row > bound
    alternatives: list[ColumnElement[bool]] = []
    for index, (column, value, descending) in enumerate(zip(columns, values, directions, strict=True)):
        equal_before = [c == v for c, v in zip(columns[:index], values[:index], strict=True)]
        alternatives.append(and_(*equal_before, column < value if descending else column > value))
    lead = columns[0] <= values[0] if directions[0] else columns[0] >= values[0]
    return and_(lead, or_(false(), *alternatives))


def find_statement(
    owner_id: str, query: TaskQuery, columns: Sequence[Column[Any]], now: datetime
) -> tuple[Select[Any], Select[Any] | None]:
    """The page query (``limit + 1`` rows) and, for offset pages, the count query."""
    where = filter_conditions(owner_id, query.filter, now)
    page = select(*columns).where(*where)
    if query.after is not None:
        page = page.where(after_position(query.sort, query.after))
    page = page.order_by(*_order_by(query.sort)).limit(query.limit + 1).offset(query.offset or None)
    count = None if query.after is not None else select(func.count()).select_from(tasks).where(*where, true())
    return page, count


__all__ = ["SORT_COLUMNS", "filter_conditions", "find_statement"]
