"""The one listing toolkit of every list: sort keys, keyset positions, pages, and the bounds of a page request.

Every list (tasks, items, tracked repos, analytics customers and products) sorts by ``sort=-field,other``,
pages by ``offset`` (with a total) or after a keyset ``Position`` (the last row's sort values and its id, which
breaks ties), and answers a ``Page``. Each context's ``queries.py`` adds only what is its own: its filter, its
sort fields and how a row yields their values. The cursor string that carries a position through a URL is an
HTTP-edge concern (``adapters/http/cursor.py``), the keyset SQL a persistence one (``adapters/persistence/keyset.py``).

The bounds (docs/api.md, "Bounds") are defined once, here, and published by the HTTP adapter in the OpenAPI
schema: a page size of 1..100 (default 20), an offset of at most 100,000 rows (deeper reading uses the keyset
``cursor``; an offset scan that deep costs the database for every page), and integer ids that fit
PostgreSQL's ``bigint`` (a larger id cannot exist, and would fail inside the driver).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from showbay.domain.errors import FieldProblem, ValidationFailed

LIMIT_MIN = 1
LIMIT_MAX = 100
LIMIT_DEFAULT = 20
OFFSET_MAX = 100_000
ID_MIN = 1
ID_MAX = 2**63 - 1

SortValue = datetime | date | Decimal | int | str | None
"""A row's value for one sort field (``None`` only where the field may be empty, e.g. a task's due date)."""

F = TypeVar("F", bound=str)
"""A list's sort fields: a ``StrEnum`` or plain ``str`` names."""
Id = TypeVar("Id")
"""The type of a row's tie-breaking id (``int``, ``UUID``, ``str``)."""
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SortKey(Generic[F]):
    field: F
    descending: bool = False

    def __str__(self) -> str:
        return f"-{self.field}" if self.descending else str(self.field)


def parse_sort(raw: str | None, allowed: Iterable[F], default: str) -> tuple[SortKey[F], ...]:
    """``-due_date,priority`` → sort keys (``default`` when ``raw`` is ``None``); an unknown field is a
    ``ValidationFailed`` on ``sort``, never ignored. A repeated field is redundant (the first occurrence decides
    the order): the schema's pattern cannot forbid repeats, so the server does not either."""
    fields = {str(f): f for f in allowed}
    keys: list[SortKey[F]] = []
    for part in (p.strip() for p in (default if raw is None else raw).split(",")):
        name = part.removeprefix("-")
        field = fields.get(name)
        if field is None:
            raise ValidationFailed(FieldProblem("sort", f"unknown sort field '{name}'; use {', '.join(fields)}"))
        if all(key.field != field for key in keys):
            keys.append(SortKey(field, descending=part.startswith("-")))
    return tuple(keys)


# Position and Page have no __slots__: a frozen slotted dataclass cannot be built through an alias such as
# ``TaskPosition = Position[int]`` (typing sets ``__orig_class__`` on the new instance).
@dataclass(frozen=True)
class Position(Generic[Id]):
    """Where a keyset page ends: the last row's sort values (in sort-key order) and its id, which breaks ties
    (in the direction of the last key)."""

    values: tuple[SortValue, ...]
    id: Id

    @classmethod
    def of(cls, row: T, sort: Sequence[SortKey[F]], value: Callable[[T, F], SortValue], row_id: Id) -> Position[Id]:
        return cls(tuple(value(row, key.field) for key in sort), row_id)


@dataclass(frozen=True)
class Page(Generic[T, Id]):
    items: list[T]
    total: int | None = None
    """Every matching row (offset pages; keyset pages may skip the count)."""
    next: Position[Id] | None = None
    """Where the next page starts, or ``None`` on the last page (and on lists without keyset pages)."""

    @classmethod
    def of(
        cls, found: Sequence[T], limit: int, total: int | None, position: Callable[[T], Position[Id]]
    ) -> Page[T, Id]:
        """The page from up to ``limit + 1`` rows: the extra row only says that another page follows."""
        items = list(found[:limit])
        more = len(found) > limit and bool(items)
        return cls(items, total, position(items[-1]) if more else None)


def check_page(sort: Sequence[SortKey[Any]], limit: int, offset: int, after: Position[Any] | None) -> None:
    """The rules of every page request: ``limit`` 1..100, ``offset`` 0..100,000, no ``offset`` with a cursor,
    and a position that has a value for each sort key. Each failure is a ``ValidationFailed`` naming the
    query parameter (422 ``validation_failed``)."""
    problems: list[FieldProblem] = []
    if not LIMIT_MIN <= limit <= LIMIT_MAX:
        problems.append(FieldProblem("limit", f"must be between {LIMIT_MIN} and {LIMIT_MAX}"))
    if not 0 <= offset <= OFFSET_MAX:
        problems.append(FieldProblem("offset", f"must be between 0 and {OFFSET_MAX}"))
    elif after is not None and offset:
        problems.append(FieldProblem("offset", "cannot be combined with cursor"))
    if after is not None and len(after.values) != len(sort):
        problems.append(FieldProblem("cursor", "does not fit the sort order"))
    if problems:
        raise ValidationFailed(*problems)
