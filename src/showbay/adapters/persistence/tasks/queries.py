"""The SQL behind the task list: filters, and the sort columns the shared keyset builder orders by."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    ColumnElement,
    DateTime,
    Select,
    Text,
    cast,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.sql.expression import ColumnClause

from showbay.adapters.persistence.keyset import Keyset
from showbay.adapters.persistence.tables import task_counts, tasks
from showbay.application.tasks.queries import SortField, TaskFilter, TaskQuery
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


def filter_conditions(owner_id: str, spec: TaskFilter, now: datetime) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [tasks.c.owner_id == owner_id, tasks.c.deleted_at.is_(None)]
    if spec.statuses:
        where.append(tasks.c.status.in_(_statuses(spec)))
    if spec.priorities:
        where.append(tasks.c.priority.in_(_priorities(spec)))
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


def counted_by_counters(spec: TaskFilter) -> bool:
    """True when ``spec`` filters by nothing but statuses and priorities (or nothing at all): its exact total is
    then a sum over ``task_counts`` (at most 144 rows: 9 keys in 16 stripes, kept by triggers) instead of a
    count over the tasks. Compared with the filter that has only those two, so a condition added to
    ``TaskFilter`` later is counted."""
    return spec == TaskFilter(statuses=spec.statuses, priorities=spec.priorities)


def count_statement(owner_id: str, spec: TaskFilter, where: Sequence[ColumnElement[bool]]) -> Select[Any]:
    """The exact number of the owner's live tasks that match ``spec`` (``where``: its conditions on ``tasks``)."""
    if not counted_by_counters(spec):
        return select(func.count()).select_from(tasks).where(*where, true())
    counters: list[ColumnElement[bool]] = [task_counts.c.owner_id == owner_id]
    if spec.statuses:
        counters.append(task_counts.c.status.in_(_statuses(spec)))
    if spec.priorities:
        counters.append(task_counts.c.priority.in_(_priorities(spec)))
    # sum(bigint) is numeric in PostgreSQL: cast back, so both drivers hand over an int, not a Decimal.
    return select(cast(func.coalesce(func.sum(task_counts.c.n), 0), BigInteger)).where(*counters)


def find_statement(
    owner_id: str, query: TaskQuery, columns: Sequence[Column[Any]], now: datetime
) -> tuple[Select[Any], Select[Any] | None]:
    """The page query (``limit + 1`` rows) and, for offset pages, the count query."""
    where = filter_conditions(owner_id, query.filter, now)
    page = select(*columns).where(*where)
    if query.after is not None:
        page = page.where(KEYSET.after(query.sort, query.after))
    page = page.order_by(*KEYSET.order_by(query.sort)).limit(query.limit + 1).offset(query.offset or None)
    count = None if query.after is not None else count_statement(owner_id, query.filter, where)
    return page, count


__all__ = ["KEYSET", "SORT_COLUMNS", "count_statement", "counted_by_counters", "filter_conditions", "find_statement"]
