"""ORDER BY and keyset predicates for the tracked repos list; the expressions match the indexes."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, func, or_, text

from showbay.adapters.persistence.tables import tracked_repos as t
from showbay.application.tracked_repos.queries import After, RepoSortField, SortKey

_SORT_EXPRESSIONS: dict[RepoSortField, ColumnElement[object]] = {
    RepoSortField.STARS: t.c.stars,
    RepoSortField.FORKS: t.c.forks,
    # The same text as the index ix_tracked_repos_pushed_at_sort_id, so the planner can use it.
    RepoSortField.PUSHED_AT: func.coalesce(t.c.pushed_at, text("'1970-01-01 00:00:00+00'::timestamp with time zone")),
    RepoSortField.NAME: func.lower(t.c.name),
}


def _keys(sort: Sequence[SortKey]) -> list[tuple[ColumnElement[object], bool]]:
    """The sort expressions with their directions; the id breaks ties in the last key's direction."""
    keys = [(_SORT_EXPRESSIONS[key.field], key.descending) for key in sort]
    return [*keys, (t.c.id, sort[-1].descending if sort else False)]


def order_by(sort: Sequence[SortKey]) -> list[ColumnElement[object]]:
    return [expression.desc() if descending else expression.asc() for expression, descending in _keys(sort)]


def keyset_after(sort: Sequence[SortKey], after: After) -> ColumnElement[bool]:
    """Rows strictly after ``after`` in the order ``order_by(sort)`` gives."""
    values: list[object] = [*after.values, after.id]
    keys = _keys(sort)
    alternatives = []
    for i, (expression, descending) in enumerate(keys):
        equal_before = [keys[j][0] == values[j] for j in range(i)]
        beyond = expression < values[i] if descending else expression > values[i]
        alternatives.append(and_(*equal_before, beyond))
    return or_(*alternatives)
