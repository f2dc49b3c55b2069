"""SqlaIdempotencyStore: the IdempotencyStore port on PostgreSQL, in the request's session."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, literal, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from showbay.adapters.persistence.batches import delete_batch
from showbay.adapters.persistence.tables import idempotency_keys
from showbay.application.idempotency.keys import IdempotentRequest, RecordedResponse, StoredAnswer

t = idempotency_keys
_LOCK_SEED = 0x1DE4  # its own hash function: no clash with other advisory locks (sales views use hashtext)


class SqlaIdempotencyStore:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def lock(self, principal_id: str, key: str) -> bool:
        # A transaction-level advisory lock: released by the commit or rollback, or when a crashed process's
        # connection goes, so a key is never stuck "in flight". A key has no spaces: "principal key" is unique.
        lock_id = func.hashtextextended(literal(f"{principal_id} {key}"), _LOCK_SEED)
        result = await self._session.execute(select(func.pg_try_advisory_xact_lock(lock_id)))
        return bool(result.scalar_one())

    async def find(self, principal_id: str, key: str, now: datetime) -> StoredAnswer | None:
        statement = select(t).where(t.c.principal_id == principal_id, t.c.key == key, t.c.expires_at > now)
        row = (await self._session.execute(statement)).mappings().one_or_none()
        if row is None:
            return None
        request = IdempotentRequest(row["principal_id"], row["key"], row["method"], row["path"], row["fingerprint"])
        response = RecordedResponse(row["status_code"], dict(row["headers"]), bytes(row["body"]))
        return StoredAnswer(request, response, row["created_at"], row["expires_at"])

    async def save(self, answer: StoredAnswer) -> None:
        request, response = answer.request, answer.response
        values = {
            "principal_id": request.principal_id,
            "key": request.key,
            "method": request.method,
            "path": request.path,
            "fingerprint": request.fingerprint,
            "status_code": response.status,
            "headers": response.headers,
            "body": response.body,
            "created_at": answer.created_at,
            "expires_at": answer.expires_at,
        }
        statement = insert(t).values(values)
        replaced = {name: statement.excluded[name] for name in values if name not in ("principal_id", "key")}
        await self._session.execute(
            statement.on_conflict_do_update(index_elements=[t.c.principal_id, t.c.key], set_=replaced)
        )

    async def purge_expired(self, now: datetime, batch_size: int) -> int:
        return await delete_batch(self._session, t, where=t.c.expires_at <= now, limit=batch_size)
