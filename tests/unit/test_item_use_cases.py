"""Item use cases with in-memory fakes: ownership, versions, merge patch, listing and the bridge."""

from __future__ import annotations

from typing import Any

import pytest

from showbay.application.errors import UpstreamTimeout, UpstreamUnavailable
from showbay.application.items.queries import ItemQuery, parse_item_sort
from showbay.application.items.use_cases import (
    CreateItem,
    DeleteItem,
    FetchItemExternalData,
    GetItem,
    ListItems,
    PatchItem,
    ReplaceItem,
)
from showbay.application.listing import Position
from showbay.application.placeholder import ExternalComment, ExternalPost
from showbay.application.placeholder.errors import ExternalPostNotFound
from showbay.application.placeholder.use_cases import GetExternalPost, ListExternalPosts
from showbay.application.principal import Principal
from showbay.domain.errors import StaleVersion, ValidationFailed
from showbay.domain.items import Item, ItemDraft, ItemHasNoExternalRef, ItemNotFound, ItemPatch
from tests.fakes.clock import FakeClock
from tests.fakes.items import FakeItemStore
from tests.fakes.placeholder import FakePlaceholderGateway
from tests.fakes.shared import FakeTransactionManager

ALICE, BOB = Principal("alice"), Principal("bob")


@pytest.fixture
def store() -> FakeItemStore:
    return FakeItemStore()


@pytest.fixture
def gateway() -> FakePlaceholderGateway:
    fake = FakePlaceholderGateway()
    fake.posts_by_id[1] = ExternalPost(1, 9, "post one", "text")
    fake.comments_by_post[1] = (ExternalComment(1, 1, "n", "e@x.org", "b"), ExternalComment(2, 1, "n", "e@x.org", "b"))
    return fake


async def _create(store: FakeItemStore, tx: FakeTransactionManager, clock: FakeClock, **draft: Any) -> Item:
    return await CreateItem(store, tx, clock)(ALICE, ItemDraft(**{"title": "t", **draft}))


async def test_create_then_get_only_for_the_owner(
    store: FakeItemStore, tx: FakeTransactionManager, clock: FakeClock
) -> None:
    item = await _create(store, tx, clock)
    assert item.id is not None
    assert tx.commits == 1
    assert (await GetItem(store)(ALICE, item.id)).title == "t"
    with pytest.raises(ItemNotFound):
        await GetItem(store)(BOB, item.id)


async def test_replace_and_delete_check_if_match(
    store: FakeItemStore, tx: FakeTransactionManager, clock: FakeClock
) -> None:
    item = await _create(store, tx, clock)
    assert item.id is not None
    with pytest.raises(StaleVersion):
        await ReplaceItem(store, tx, clock)(ALICE, item.id, ItemDraft("new"), if_match=7)
    with pytest.raises(StaleVersion):
        await DeleteItem(store, tx)(ALICE, item.id, if_match=7)
    assert store.rows[item.id].title == "t"
    assert tx.commits == 1
    await DeleteItem(store, tx)(ALICE, item.id, if_match=1)
    assert store.rows == {}


async def test_patch_without_a_change_writes_nothing(
    store: FakeItemStore, tx: FakeTransactionManager, clock: FakeClock
) -> None:
    item = await _create(store, tx, clock, description="d")
    assert item.id is not None
    same = await PatchItem(store, tx, clock)(ALICE, item.id, ItemPatch(description="d"))
    assert same.version == 1
    assert tx.commits == 1
    changed = await PatchItem(store, tx, clock)(ALICE, item.id, ItemPatch(description=None))
    assert (changed.description, changed.version, tx.commits) == (None, 2, 2)


async def test_list_pages_by_cursor(store: FakeItemStore, tx: FakeTransactionManager, clock: FakeClock) -> None:
    for title in ("b", "a", "c"):
        await _create(store, tx, clock, title=title)
    list_items = ListItems(store)
    sort = parse_item_sort("title")
    first = await list_items(ALICE, ItemQuery(sort, limit=2))
    assert [i.title for i in first.items] == ["a", "b"]
    assert first.total == 3
    assert first.next is not None
    assert first.next.values == ("b",)
    second = await list_items(ALICE, ItemQuery(sort, limit=2, after=first.next))
    assert [i.title for i in second.items] == ["c"]
    assert (second.next, second.total) == (None, None)


def test_a_query_refuses_offset_with_a_keyset_position() -> None:
    with pytest.raises(ValidationFailed) as caught:
        ItemQuery(parse_item_sort("title"), limit=2, offset=1, after=Position(("x",), 1))
    assert [p.field for p in caught.value.problems] == ["offset"]


async def test_the_bridge_stores_the_post_and_comment_count(
    store: FakeItemStore, tx: FakeTransactionManager, clock: FakeClock, gateway: FakePlaceholderGateway
) -> None:
    item = await _create(store, tx, clock, external_ref=1)
    assert item.id is not None
    clock.advance(60)
    fetched = await FetchItemExternalData(store, gateway, tx, clock)(ALICE, item.id)
    assert fetched.external_data is not None
    assert (fetched.external_data.title, fetched.external_data.comments_count) == ("post one", 2)
    assert fetched.external_fetched_at == clock.now()
    assert store.rows[item.id] == fetched


async def test_the_bridge_needs_an_external_ref(
    store: FakeItemStore, tx: FakeTransactionManager, clock: FakeClock, gateway: FakePlaceholderGateway
) -> None:
    item = await _create(store, tx, clock)
    assert item.id is not None
    with pytest.raises(ItemHasNoExternalRef):
        await FetchItemExternalData(store, gateway, tx, clock)(ALICE, item.id)
    assert gateway.calls == []


@pytest.mark.parametrize("failure", [UpstreamUnavailable("jp", "down", 1.0), UpstreamTimeout("jp", "slow"), None])
async def test_a_failed_bridge_leaves_the_item_as_it_was(
    store: FakeItemStore,
    tx: FakeTransactionManager,
    clock: FakeClock,
    gateway: FakePlaceholderGateway,
    failure: UpstreamUnavailable | None,
) -> None:
    item = await _create(store, tx, clock, external_ref=1 if failure else 404)
    assert item.id is not None
    gateway.fail_with = failure
    before = store.rows[item.id]
    with pytest.raises(UpstreamUnavailable if isinstance(failure, UpstreamUnavailable) else Exception) as caught:
        await FetchItemExternalData(store, gateway, tx, clock)(ALICE, item.id)
    if failure is None:
        assert isinstance(caught.value, ExternalPostNotFound)
    assert store.rows[item.id] == before


async def test_an_edit_while_the_upstream_answers_is_a_stale_version(
    store: FakeItemStore, tx: FakeTransactionManager, clock: FakeClock, gateway: FakePlaceholderGateway
) -> None:
    item = await _create(store, tx, clock, external_ref=1)
    assert item.id is not None
    item_id = item.id

    def concurrent_edit() -> None:
        store.rows[item_id].version += 1
        store.rows[item_id].title = "edited meanwhile"
        gateway.during_call = None

    gateway.during_call = concurrent_edit
    with pytest.raises(StaleVersion):
        await FetchItemExternalData(store, gateway, tx, clock)(ALICE, item_id)
    assert store.rows[item_id].title == "edited meanwhile"
    assert store.rows[item_id].external_data is None


async def test_browsing_external_posts(gateway: FakePlaceholderGateway) -> None:
    assert (await GetExternalPost(gateway)(1)).title == "post one"
    with pytest.raises(ExternalPostNotFound):
        await GetExternalPost(gateway)(2)
    page = await ListExternalPosts(gateway)(0, 10)
    assert (len(page.posts), page.total) == (1, 1)
