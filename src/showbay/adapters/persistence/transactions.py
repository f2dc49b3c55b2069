"""The unit of work of one request: an AsyncSession committed by the use case."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession


class SqlaTransactionManager:
    """The request's one AsyncSession, as the use cases' ``TransactionManager`` and the edge's
    ``RequestTransaction``: under an Idempotency-Key the edge holds the commits and commits once at the end."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._held = False

    async def commit(self) -> None:
        if self._held:
            await self._session.flush()
            return
        await self._session.commit()

    def hold_commits(self) -> None:
        self._held = True

    async def commit_held(self) -> None:
        self._held = False
        await self._session.commit()


class SqlaDatabaseProbe:
    """Readiness probe: the database answers a trivial query."""

    name = "database"

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def ping(self) -> None:
        async with self._engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
