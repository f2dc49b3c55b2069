"""SqlaApiKeyStore against PostgreSQL: round trips, lookups, revocation, last use, and the DB constraints."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from showbay.adapters.persistence.api_keys.store import SqlaApiKeyStore
from showbay.domain.api_keys import ApiKey, new_key_material

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def a_key(name: str = "billing", *scopes: str) -> ApiKey:
    material = new_key_material()
    return ApiKey(None, material.prefix, material.digest, name, f"service:{name}", frozenset(scopes), NOW)


async def test_round_trip_lookup_touch_and_revoke(clean_db: AsyncEngine) -> None:
    async with AsyncSession(clean_db) as session:
        store = SqlaApiKeyStore(session)
        added = await store.add(a_key("billing", "sales:write", "repos:write"))
        older = await store.add(replace(a_key("ingest"), created_at=NOW - timedelta(days=1)))
        await session.commit()
        assert added.id is not None
        assert await store.by_prefix(added.prefix) == added
        assert await store.by_prefix("zzzzzzzzzz") is None
        await store.touch(added.id, NOW + timedelta(minutes=5))
        await store.mark_revoked(added.id, NOW + timedelta(minutes=10))
        await store.mark_revoked(added.id, NOW + timedelta(minutes=20))  # the first revocation stays
        await session.commit()
        loaded = await store.get(added.id)
        listed = await store.list_all()
    assert loaded is not None
    assert loaded.scopes == frozenset({"sales:write", "repos:write"})
    assert loaded.last_used_at == NOW + timedelta(minutes=5)
    assert loaded.revoked_at == NOW + timedelta(minutes=10)
    assert [k.id for k in listed] == [added.id, older.id]


@pytest.mark.parametrize(
    ("column", "value"),
    [("prefix", "UPPER-CASE"), ("digest", "not-hex"), ("name", "   "), ("revoked_at", NOW - timedelta(days=1))],
)
async def test_constraints_live_in_the_database(clean_db: AsyncEngine, column: str, value: object) -> None:
    async with AsyncSession(clean_db) as session:
        with pytest.raises(IntegrityError):
            await SqlaApiKeyStore(session).add(replace(a_key(), **{column: value}))
    async with clean_db.connect() as connection:
        assert (await connection.execute(text("SELECT count(*) FROM api_keys"))).scalar_one() == 0


async def test_prefixes_are_unique(clean_db: AsyncEngine) -> None:
    key = a_key()
    async with AsyncSession(clean_db) as session:
        store = SqlaApiKeyStore(session)
        await store.add(key)
        with pytest.raises(IntegrityError, match="uq_api_keys_prefix"):
            await store.add(replace(key, digest="0" * 64))
