"""SqlaItemStore against PostgreSQL: round trips with external data, owner scoping, keyset, DB constraints."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from showbay.adapters.persistence.items.store import SqlaItemStore
from showbay.application.items.queries import ItemQuery, item_position, parse_item_sort
from showbay.domain.errors import StaleVersion
from showbay.domain.items import ExternalSnapshot, Item, ItemDraft

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


async def test_round_trip_keeps_every_field_including_external_data(clean_db: AsyncEngine) -> None:
    async with AsyncSession(clean_db) as session:
        store = SqlaItemStore(session)
        added = await store.add(Item.create("alice", ItemDraft("lamp", "brass", 3), NOW))
        added.attach_external(ExternalSnapshot(3, 1, "post ü", "body\nline", 5), NOW + timedelta(seconds=1))
        await store.save(added, expected_version=1)
        await session.commit()
        assert added.id is not None
        loaded = await store.get("alice", added.id)
        assert await store.get("bob", added.id) is None
    assert loaded == added


async def test_save_and_delete_with_a_stale_version_raise(clean_db: AsyncEngine) -> None:
    async with AsyncSession(clean_db) as session:
        store = SqlaItemStore(session)
        item = await store.add(Item.create("alice", ItemDraft("lamp"), NOW))
        item.replace(ItemDraft("renamed"), NOW)
        await store.save(item, expected_version=1)
        with pytest.raises(StaleVersion):
            await store.save(item, expected_version=1)
        item.version = 1
        with pytest.raises(StaleVersion):
            await store.delete(item)


async def test_keyset_with_mixed_directions_matches_the_full_order(clean_db: AsyncEngine) -> None:
    async with AsyncSession(clean_db) as session:
        store = SqlaItemStore(session)
        for n, title in enumerate(["b", "a", "b", "c", "a", "b"]):
            await store.add(Item.create("alice", ItemDraft(title), NOW + timedelta(seconds=n % 2)))
        sort = parse_item_sort("-title,created_at")
        everything = await store.find("alice", ItemQuery(sort=sort, limit=100))
        walked: list[Item] = []
        page = await store.find("alice", ItemQuery(sort=sort, limit=2))
        while True:
            walked += page[:2]  # the store reads one row more: it says that another page follows
            if len(page) <= 2:
                break
            page = await store.find("alice", ItemQuery(sort=sort, limit=2, after=item_position(page[1], sort)))
    assert [i.id for i in walked] == [i.id for i in everything]
    assert [i.title for i in everything] == ["c", "b", "b", "b", "a", "a"]


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO items (owner_id, title) VALUES ('a', '   ')",
        "INSERT INTO items (owner_id, title, description) VALUES ('a', 't', repeat('d', 5001))",
        "INSERT INTO items (owner_id, title, external_ref) VALUES ('a', 't', 0)",
        "INSERT INTO items (owner_id, title, external_ref, external_data) VALUES ('a', 't', 1, '{}')",
        "INSERT INTO items (owner_id, title, external_ref, external_fetched_at) VALUES ('a', 't', 1, now())",
        "INSERT INTO items (owner_id, title, external_data, external_fetched_at) VALUES ('a', 't', '{}', now())",
        "INSERT INTO items (owner_id, title, external_ref, external_data, external_fetched_at)"
        " VALUES ('a', 't', 1, '[1]', now())",
        "INSERT INTO items (owner_id, title, version) VALUES ('a', 't', 0)",
    ],
)
async def test_database_constraints_reject_invalid_rows(clean_db: AsyncEngine, statement: str) -> None:
    async with clean_db.connect() as connection:
        with pytest.raises(IntegrityError):
            await connection.execute(text(statement))
