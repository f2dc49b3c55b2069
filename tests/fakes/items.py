"""In-memory fakes of the items ports."""

from __future__ import annotations

import copy
from operator import attrgetter

from showbay.application.items.queries import ItemPosition, ItemQuery
from showbay.domain.errors import StaleVersion
from showbay.domain.items import Item


class FakeItemStore:
    def __init__(self) -> None:
        self.rows: dict[int, Item] = {}
        self._next_id = 1

    async def add(self, item: Item) -> Item:
        item.id = self._next_id
        self._next_id += 1
        self.rows[item.id] = copy.deepcopy(item)
        return item

    async def get(self, owner_id: str, item_id: int) -> Item | None:
        item = self.rows.get(item_id)
        return copy.deepcopy(item) if item is not None and item.owner_id == owner_id else None

    async def find(self, owner_id: str, query: ItemQuery) -> list[Item]:
        found = [i for i in self.rows.values() if i.owner_id == owner_id and self._matches(i, query.q)]
        found.sort(key=attrgetter("id"), reverse=query.sort[-1].descending)  # the id breaks ties
        for key in reversed(query.sort):
            found.sort(key=attrgetter(key.field), reverse=key.descending)
        if query.after is not None:
            position = query.after
            found = [i for i in found if self._after(i, query, position)]
        else:
            found = found[query.offset :]
        return [copy.deepcopy(i) for i in found[: query.limit + 1]]

    async def count(self, owner_id: str, q: str | None) -> int:
        return sum(1 for i in self.rows.values() if i.owner_id == owner_id and self._matches(i, q))

    async def save(self, item: Item, expected_version: int) -> None:
        assert item.id is not None
        if self.rows[item.id].version != expected_version:
            raise StaleVersion("item", item.id)
        self.rows[item.id] = copy.deepcopy(item)

    async def delete(self, item: Item) -> None:
        assert item.id is not None
        if self.rows[item.id].version != item.version:
            raise StaleVersion("item", item.id)
        del self.rows[item.id]

    @staticmethod
    def _matches(item: Item, q: str | None) -> bool:
        return q is None or q.lower() in item.title.lower()

    @staticmethod
    def _after(item: Item, query: ItemQuery, position: ItemPosition) -> bool:
        keys = [(key.field, key.descending) for key in query.sort] + [("id", query.sort[-1].descending)]
        for (field, descending), value in zip(keys, [*position.values, position.id], strict=True):
            mine = getattr(item, field)
            if mine != value:
                return bool(mine < value) if descending else bool(mine > value)
        return False
