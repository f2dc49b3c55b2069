"""PsycopgTransactionCopier: bulk loads through PostgreSQL ``COPY ... FROM STDIN`` (psycopg 3 ``cursor.copy``)."""

from __future__ import annotations

from collections.abc import AsyncIterable

import psycopg
from psycopg import AsyncConnection
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.adapters.persistence.availability import is_unavailable_driver_error
from showbay.adapters.persistence.sales.summaries import (
    COLUMNS,
    CREATE_STAGING,
    STAGING_TABLE,
    column_values,
    ingest_statement,
)
from showbay.application.errors import DatabaseUnavailable
from showbay.domain.sales import TransactionDraft

_COPY = f"COPY {STAGING_TABLE} ({', '.join(COLUMNS)}) FROM STDIN"
_INGEST = str(ingest_statement(STAGING_TABLE))


class PsycopgTransactionCopier:
    """Streams drafts through COPY into a temporary staging table, then stores and summarises them with the same
    statement as the API, in one transaction: all rows land, counted in the summaries, or none do."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def load(self, drafts: AsyncIterable[TransactionDraft]) -> int:
        async with self._engine.connect() as connection:
            raw = await connection.get_raw_connection()
            driver: AsyncConnection[object] = raw.driver_connection  # type: ignore[assignment]
            try:
                return await self._copy(driver, drafts)
            except psycopg.OperationalError as error:
                if not is_unavailable_driver_error(error, driver):
                    raise
                await connection.invalidate()  # SQLAlchemy did not see it: do not pool a broken connection
                raise DatabaseUnavailable() from error

    @staticmethod
    async def _copy(driver: AsyncConnection[object], drafts: AsyncIterable[TransactionDraft]) -> int:
        loaded = 0
        async with driver.transaction(), driver.cursor() as cursor:
            await cursor.execute(CREATE_STAGING)
            async with cursor.copy(_COPY) as copy:
                async for d in drafts:
                    await copy.write_row(column_values(d))
                    loaded += 1
            if loaded:
                await cursor.execute(_INGEST)
        return loaded
