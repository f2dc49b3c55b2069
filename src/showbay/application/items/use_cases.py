"""One class per item operation."""

from __future__ import annotations

import asyncio

from showbay.application.errors import UPSTREAM_ERRORS, Raises
from showbay.application.items.ports import ItemReader, ItemStore
from showbay.application.items.queries import ItemPage, ItemQuery, item_position
from showbay.application.listing import Page
from showbay.application.placeholder.errors import ExternalPostNotFound
from showbay.application.placeholder.ports import PlaceholderGateway
from showbay.application.ports import Clock, TransactionManager
from showbay.application.principal import Principal
from showbay.domain.errors import StaleVersion, ValidationFailed, require_version
from showbay.domain.items import ExternalSnapshot, Item, ItemDraft, ItemHasNoExternalRef, ItemNotFound, ItemPatch


def check_version(item: Item, if_match: int | None) -> None:
    require_version("item", item.id, item.version, if_match)


async def load_item(store: ItemReader, principal: Principal, item_id: int) -> Item:
    """The caller's item or ``ItemNotFound``; any ``ItemStore`` is also a reader."""
    item = await store.get(principal.id, item_id)
    if item is None:
        raise ItemNotFound(item_id)
    return item


class CreateItem:
    """Create an item owned by the caller."""

    raises: Raises = ()

    def __init__(self, store: ItemStore, tx: TransactionManager, clock: Clock) -> None:
        self._store, self._tx, self._clock = store, tx, clock

    async def __call__(self, principal: Principal, draft: ItemDraft) -> Item:
        item = await self._store.add(Item.create(principal.id, draft, self._clock.now()))
        await self._tx.commit()
        return item


class GetItem:
    """Read one of the caller's items (through the reader: no unit of work for a plain read)."""

    raises: Raises = (ItemNotFound,)

    def __init__(self, reader: ItemReader) -> None:
        self._reader = reader

    async def __call__(self, principal: Principal, item_id: int) -> Item:
        return await load_item(self._reader, principal, item_id)


class ReplaceItem:
    """Replace every user-editable field (PUT), optionally only if the item is still at ``if_match``."""

    raises: Raises = (ItemNotFound, StaleVersion)

    def __init__(self, store: ItemStore, tx: TransactionManager, clock: Clock) -> None:
        self._store, self._tx, self._clock = store, tx, clock

    async def __call__(self, principal: Principal, item_id: int, draft: ItemDraft, if_match: int | None = None) -> Item:
        item = await load_item(self._store, principal, item_id)
        check_version(item, if_match)
        read_version = item.version
        item.replace(draft, self._clock.now())
        await self._store.save(item, expected_version=read_version)
        await self._tx.commit()
        return item


class PatchItem:
    """Apply a JSON merge patch (PATCH), optionally only if the item is still at ``if_match``."""

    raises: Raises = (ItemNotFound, StaleVersion, ValidationFailed)

    def __init__(self, store: ItemStore, tx: TransactionManager, clock: Clock) -> None:
        self._store, self._tx, self._clock = store, tx, clock

    async def __call__(self, principal: Principal, item_id: int, patch: ItemPatch, if_match: int | None = None) -> Item:
        item = await load_item(self._store, principal, item_id)
        check_version(item, if_match)
        draft = patch.apply_to(item.draft())
        if draft == item.draft():
            return item  # nothing changes: no new version
        read_version = item.version
        item.replace(draft, self._clock.now())
        await self._store.save(item, expected_version=read_version)
        await self._tx.commit()
        return item


class DeleteItem:
    """Delete one of the caller's items, optionally only if it is still at ``if_match``."""

    raises: Raises = (ItemNotFound, StaleVersion)

    def __init__(self, store: ItemStore, tx: TransactionManager) -> None:
        self._store, self._tx = store, tx

    async def __call__(self, principal: Principal, item_id: int, if_match: int | None = None) -> None:
        item = await load_item(self._store, principal, item_id)
        check_version(item, if_match)
        await self._store.delete(item)
        await self._tx.commit()


class ListItems:
    """A page of the caller's items: by offset (with the total) or after a keyset position (without)."""

    raises: Raises = ()

    def __init__(self, store: ItemStore) -> None:
        self._store = store

    async def __call__(self, principal: Principal, query: ItemQuery) -> ItemPage:
        found = await self._store.find(principal.id, query)
        total = None if query.after is not None else await self._store.count(principal.id, query.q)
        return Page.of(found, query.limit, total, lambda item: item_position(item, query.sort))


class FetchItemExternalData:
    """Merge the upstream post named by ``external_ref`` into the item's ``external_data``.

    The item is left untouched when the upstream fails (``Upstream*`` errors) or has no such post
    (``ExternalPostNotFound``); a concurrent edit while the upstream answered is ``StaleVersion``.
    """

    raises: Raises = (ItemNotFound, StaleVersion, ItemHasNoExternalRef, ExternalPostNotFound, *UPSTREAM_ERRORS)

    def __init__(self, store: ItemStore, gateway: PlaceholderGateway, tx: TransactionManager, clock: Clock) -> None:
        self._store, self._gateway, self._tx, self._clock = store, gateway, tx, clock

    async def __call__(self, principal: Principal, item_id: int, if_match: int | None = None) -> Item:
        item = await load_item(self._store, principal, item_id)
        check_version(item, if_match)
        if item.external_ref is None:
            raise ItemHasNoExternalRef(item_id)
        read_version = item.version
        # End the read transaction: no database connection waits on the upstream.
        await self._tx.commit()
        post, comments = await asyncio.gather(
            self._gateway.post(item.external_ref), self._gateway.post_comments(item.external_ref)
        )
        if post is None:
            raise ExternalPostNotFound(item.external_ref)
        snapshot = ExternalSnapshot(post.id, post.user_id, post.title, post.body, comments_count=len(comments))
        # When the upstream answered, not when a cache handed the answer out.
        item.attach_external(snapshot, self._clock.now(), fetched_at=post.fetched_at)
        await self._store.save(item, expected_version=read_version)
        await self._tx.commit()
        return item


__all__ = ["CreateItem", "DeleteItem", "FetchItemExternalData", "GetItem", "ListItems", "PatchItem", "ReplaceItem"]
