"""SqlaTransactionStore: appends transactions and folds them into the summaries, in the request's unit of work."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from showbay.adapters.persistence.sales.summaries import API_SOURCE, COLUMNS, ingest_statement
from showbay.domain.sales import TransactionDraft

_INGEST = ingest_statement(API_SOURCE)


def transaction_columns(drafts: Sequence[TransactionDraft]) -> dict[str, list[object]]:
    """The drafts as one list per column (the array parameters of the ingest statement)."""
    columns: dict[str, list[object]] = {name: [] for name in COLUMNS}
    for d in drafts:
        for name, value in zip(
            COLUMNS,
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
            ),
            strict=True,
        ):
            columns[name].append(value)
    return columns


class SqlaTransactionStore:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_many(self, drafts: Sequence[TransactionDraft]) -> list[int]:
        result = await self._session.execute(_INGEST, transaction_columns(drafts))
        return list(result.scalars().all())
