"""The one ORDER BY and keyset predicate builder of every list (tasks, items, tracked repos, analytics).

A list names the SQL expression of each sort field and its unique tie-breaking column; the order is the
requested keys, then the tie (in the direction of the last key) unless the sort already holds it. "After a
position" is one row comparison, ``(a, b, id) > (:a, :b, :id)``, when every key runs the same way: PostgreSQL
turns it into an index range, so deep pages stay fast. Mixed directions need the expanded form
``a > :a OR (a = :a AND b < :b) OR ...``, bounded by the leading key so that the scan still starts at the
position. Sort expressions are never NULL (a nullable field sorts by a ``COALESCE`` of it, as the indexes do);
a position's ``None`` is bound as the stand-in that expression uses (``nulls``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, and_, bindparam, false, literal, or_, tuple_

from showbay.application.listing import Position, SortKey, SortValue

F = TypeVar("F", bound=str)


class Keyset(Generic[F]):
    """The sort expressions of one list and its tie-breaking column."""

    def __init__(
        self,
        columns: Mapping[F, ColumnElement[Any]],
        tie: ColumnElement[Any],
        *,
        tie_field: F | None = None,
        nulls: Mapping[F, ColumnElement[Any]] | None = None,
    ) -> None:
        self._columns, self._tie, self._tie_field, self._nulls = columns, tie, tie_field, nulls or {}

    def _ordering(self, sort: Sequence[SortKey[F]]) -> list[tuple[ColumnElement[Any], bool, F | None]]:
        keys: list[tuple[ColumnElement[Any], bool, F | None]] = [
            (self._columns[key.field], key.descending, key.field) for key in sort
        ]
        if self._tie_field is None or all(key.field != self._tie_field for key in sort):
            keys.append((self._tie, sort[-1].descending if sort else False, None))
        return keys

    def order_by(self, sort: Sequence[SortKey[F]]) -> list[ColumnElement[Any]]:
        return [column.desc() if descending else column.asc() for column, descending, _ in self._ordering(sort)]

    def _bound(self, column: ColumnElement[Any], field: F | None, value: SortValue | object) -> ColumnElement[Any]:
        if value is None:
            return self._stand_in(field)
        return literal(value, column.type)

    def _stand_in(self, field: F | None) -> ColumnElement[Any]:
        if field is None or field not in self._nulls:
            raise ValueError(f"no stand-in for an empty {field or 'tie'} value in a keyset position")
        return self._nulls[field]

    def after(self, sort: Sequence[SortKey[F]], position: Position[Any]) -> ColumnElement[bool]:
        """Rows strictly after ``position`` in the order ``order_by(sort)`` gives."""
        ordering = self._ordering(sort)
        given = self._given(sort, position)
        values = [self._bound(c, field, value) for (c, _, field), value in zip(ordering, given, strict=True)]
        return self._after(ordering, values)

    def _given(self, sort: Sequence[SortKey[F]], position: Position[Any]) -> list[object]:
        return [*position.values, position.id][: len(self._ordering(sort))]  # no id when the sort holds it

    def after_parameters(self, sort: Sequence[SortKey[F]], empty: Sequence[bool]) -> ColumnElement[bool]:
        """``after`` with the position's values as named parameters (``after_0``, ``after_1``…, see
        ``position_parameters``), for a statement built once and executed with many positions; ``empty`` says
        which of the position's values are ``None`` (bound as the expression's stand-in instead)."""
        ordering = self._ordering(sort)
        values = [
            self._stand_in(field) if is_empty else bindparam(f"after_{index}", type_=column.type)
            for index, ((column, _, field), is_empty) in enumerate(zip(ordering, empty, strict=True))
        ]
        return self._after(ordering, values)

    def position_parameters(self, sort: Sequence[SortKey[F]], position: Position[Any]) -> dict[str, object]:
        """The parameters of ``after_parameters`` for ``position`` (its empty values have none)."""
        return {f"after_{i}": value for i, value in enumerate(self._given(sort, position)) if value is not None}

    def empty_values(self, sort: Sequence[SortKey[F]], position: Position[Any]) -> tuple[bool, ...]:
        """Which of ``position``'s values ``after_parameters`` binds as stand-ins."""
        return tuple(value is None for value in self._given(sort, position))

    @staticmethod
    def _after(
        ordering: list[tuple[ColumnElement[Any], bool, F | None]], values: list[ColumnElement[Any]]
    ) -> ColumnElement[bool]:
        columns = [column for column, _, _ in ordering]
        directions = [descending for _, descending, _ in ordering]
        if len(set(directions)) == 1:
            row, bound = (columns[0], values[0]) if len(columns) == 1 else (tuple_(*columns), tuple_(*values))
            return row < bound if directions[0] else row > bound
        alternatives: list[ColumnElement[bool]] = []
        for index, (column, value, descending) in enumerate(zip(columns, values, directions, strict=True)):
            equal_before = [c == v for c, v in zip(columns[:index], values[:index], strict=True)]
            alternatives.append(and_(*equal_before, column < value if descending else column > value))
        lead = columns[0] <= values[0] if directions[0] else columns[0] >= values[0]
        return and_(lead, or_(false(), *alternatives))
