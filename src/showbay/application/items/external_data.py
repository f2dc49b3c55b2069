"""The bridge: fetch the item's JSONPlaceholder post (and its comment count) and store it on the item."""

from __future__ import annotations

import asyncio

from showbay.application.items.ports import ItemStore
from showbay.application.items.use_cases import check_version, load_item
from showbay.application.placeholder import PlaceholderGateway
from showbay.application.ports import Clock, TransactionManager
from showbay.application.principal import Principal
from showbay.domain.items import ExternalPostNotFound, ExternalSnapshot, Item, ItemHasNoExternalRef


class FetchItemExternalData:
    """Merge the upstream post named by ``external_ref`` into the item's ``external_data``.

    The item is left untouched when the upstream fails (``Upstream*`` errors) or has no such post
    (``ExternalPostNotFound``); a concurrent edit while the upstream answered is ``StaleVersion``.
    """

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
