"""SqlaApiKeyStore: the ApiKeyStore port on PostgreSQL through SQLAlchemy Core."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import RowMapping, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from showbay.adapters.persistence.tables import api_keys
from showbay.domain.api_keys import ApiKey


def api_key_from_row(row: RowMapping) -> ApiKey:
    return ApiKey(
        id=row["id"],
        prefix=row["prefix"],
        digest=row["digest"],
        name=row["name"],
        principal_id=row["principal_id"],
        scopes=frozenset(row["scopes"]),
        created_at=row["created_at"],
        last_used_at=row["last_used_at"],
        revoked_at=row["revoked_at"],
    )


def api_key_to_row(key: ApiKey) -> dict[str, Any]:
    return {
        "prefix": key.prefix,
        "digest": key.digest,
        "name": key.name,
        "principal_id": key.principal_id,
        "scopes": sorted(key.scopes),
        "created_at": key.created_at,
        "last_used_at": key.last_used_at,
        "revoked_at": key.revoked_at,
    }


class SqlaApiKeyStore:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, key: ApiKey) -> ApiKey:
        result = await self._session.execute(insert(api_keys).values(api_key_to_row(key)).returning(api_keys))
        return api_key_from_row(result.mappings().one())

    async def by_prefix(self, prefix: str) -> ApiKey | None:
        return await self._one(select(api_keys).where(api_keys.c.prefix == prefix))

    async def get(self, key_id: int) -> ApiKey | None:
        return await self._one(select(api_keys).where(api_keys.c.id == key_id))

    async def list_all(self) -> list[ApiKey]:
        result = await self._session.execute(select(api_keys).order_by(api_keys.c.created_at.desc(), api_keys.c.id))
        return [api_key_from_row(row) for row in result.mappings()]

    async def mark_revoked(self, key_id: int, revoked_at: datetime) -> None:
        await self._session.execute(
            update(api_keys)
            .where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None))
            .values(revoked_at=revoked_at)
        )

    async def touch(self, key_id: int, used_at: datetime) -> None:
        await self._session.execute(update(api_keys).where(api_keys.c.id == key_id).values(last_used_at=used_at))

    async def _one(self, query: Any) -> ApiKey | None:
        row = (await self._session.execute(query)).mappings().one_or_none()
        return None if row is None else api_key_from_row(row)
