"""What is the items list's own: its sort fields (their value types) and its search (the rest is
``application.listing``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from showbay.application.listing import Page, Position, SortKey, SortValue, check_page, parse_sort
from showbay.domain.items import Item

SORTABLE: dict[str, type] = {"id": int, "title": str, "created_at": datetime, "updated_at": datetime}
"""The sort fields and the type of their values; ``id`` is also the tie-breaker."""
DEFAULT_SORT = "-created_at"

ItemSort = tuple[SortKey[str], ...]
ItemPosition = Position[int]
ItemPage = Page[Item, int]


def parse_item_sort(raw: str | None) -> ItemSort:
    """``-created_at,title`` → sort keys (``-created_at`` when absent); the id breaks ties."""
    return parse_sort(raw, SORTABLE, DEFAULT_SORT)


def sort_value(item: Item, field: str) -> SortValue:
    value: SortValue = getattr(item, field)
    return value


def item_position(item: Item, sort: ItemSort) -> ItemPosition:
    assert item.id is not None
    return Position.of(item, sort, sort_value, item.id)


@dataclass(frozen=True, slots=True)
class ItemQuery:
    """What the store should return: ``after`` (keyset) and ``offset`` are never both in use."""

    sort: ItemSort
    limit: int
    q: str | None = None
    offset: int = 0
    after: ItemPosition | None = None

    def __post_init__(self) -> None:
        check_page(self.sort, self.limit, self.offset, self.after)
