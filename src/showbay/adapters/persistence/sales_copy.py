"""PsycopgTransactionCopier: bulk loads through PostgreSQL ``COPY ... FROM STDIN`` (psycopg 3 ``cursor.copy``)."""

from __future__ import annotations

from collections.abc import AsyncIterable

import psycopg
from psycopg import AsyncConnection
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.adapters.persistence.availability import is_unavailable_driver_error
from showbay.application.errors import DatabaseUnavailable
from showbay.domain.sales import TransactionDraft

COLUMNS = (
    "occurred_at",
    "customer_id",
    "customer_name",
    "product",
    "quantity",
    "unit_price",
    "amount",
    "currency",
    "status",
)
_COPY = f"COPY sales_transactions ({', '.join(COLUMNS)}) FROM STDIN"


class PsycopgTransactionCopier:
    """Streams drafts into ``sales_transactions`` in one transaction: all rows land or none do."""

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
        async with driver.transaction(), driver.cursor() as cursor, cursor.copy(_COPY) as copy:
            async for d in drafts:
                await copy.write_row(
                    (
                        d.occurred_at,
                        d.customer_id,
                        d.customer_name,
                        d.product,
                        d.quantity,
                        d.unit_price,
                        d.amount,
                        d.currency,
                        d.status.value,
                    )
                )
                loaded += 1
        return loaded
