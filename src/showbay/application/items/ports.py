"""Ports of the items context."""

from __future__ import annotations

from typing import Protocol

from showbay.application.items.queries import ItemQuery
from showbay.domain.items import Item


class ItemReader(Protocol):
    """Reads one item outside any unit of work: a single statement, for requests that only read."""

    async def get(self, owner_id: str, item_id: int) -> Item | None:
        """The owner's item, or ``None`` (also for another owner's item)."""
        ...


class ItemStore(Protocol):
    """Keeps items. Every read and write is scoped to one owner."""

    async def add(self, item: Item) -> Item:
        """Insert a new item and return it with its id."""
        ...

    async def get(self, owner_id: str, item_id: int) -> Item | None:
        """The owner's item, or ``None`` (also for another owner's item)."""
        ...

    async def find(self, owner_id: str, query: ItemQuery) -> list[Item]:
        """Up to ``query.limit + 1`` of the owner's items (the extra one says that another page follows) whose
        title contains ``query.q``, in ``query.sort`` order (the id breaks ties), after the ``query.after``
        position (keyset) or skipping ``query.offset``."""
        ...

    async def count(self, owner_id: str, q: str | None) -> int:
        """How many of the owner's items match ``q``."""
        ...

    async def save(self, item: Item, expected_version: int) -> None:
        """Persist a changed item; raise ``StaleVersion`` if the stored one is not ``expected_version``."""
        ...

    async def delete(self, item: Item) -> None:
        """Remove the item; raise ``StaleVersion`` if it changed since it was read."""
        ...
