"""Listing items: sorting, offset and keyset pagination (the position a keyset page starts after)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from showbay.domain.errors import FieldProblem, ValidationFailed
from showbay.domain.items import Item

SORTABLE: dict[str, type] = {"id": int, "title": str, "created_at": datetime, "updated_at": datetime}
DEFAULT_SORT = "-created_at"

SortValue = int | str | datetime


@dataclass(frozen=True, slots=True)
class SortKey:
    field: str
    descending: bool = False

    def __str__(self) -> str:
        return f"-{self.field}" if self.descending else self.field


def parse_sort(raw: str | None) -> tuple[SortKey, ...]:
    """``-created_at,title`` → sort keys, always ending with ``id`` so that the order is total."""
    keys: list[SortKey] = []
    for part in (raw or DEFAULT_SORT).split(","):
        name = part.strip()
        key = SortKey(name[1:], descending=True) if name.startswith("-") else SortKey(name)
        if key.field not in SORTABLE:
            allowed = ", ".join(SORTABLE)
            raise ValidationFailed(FieldProblem("sort", f"cannot sort by '{key.field}'; use one of {allowed}"))
        if all(k.field != key.field for k in keys):  # a repeated field is redundant: the first one decides
            keys.append(key)
    if keys[-1].field != "id" and all(k.field != "id" for k in keys):
        keys.append(SortKey("id", descending=keys[-1].descending))
    return tuple(keys)


@dataclass(frozen=True, slots=True)
class ItemQuery:
    """What the store should return: ``after`` (keyset) and ``offset`` are never both in use."""

    sort: tuple[SortKey, ...]
    limit: int
    q: str | None = None
    offset: int = 0
    after: tuple[SortValue, ...] | None = None


@dataclass(frozen=True, slots=True)
class ItemPage:
    items: list[Item]
    limit: int
    offset: int | None
    total: int | None
    next_after: tuple[SortValue, ...] | None
    """The last item's sort values when another page follows (keyset position), else ``None``."""


def sort_values(item: Item, sort: tuple[SortKey, ...]) -> tuple[SortValue, ...]:
    values: tuple[SortValue, ...] = tuple(getattr(item, key.field) for key in sort)
    return values
