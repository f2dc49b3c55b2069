"""SqlaTransactionStore: appends transactions and folds them into the summaries, in the request's unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from showbay.adapters.persistence.sales.summaries import API_SOURCE, COLUMNS, column_values, ingest_statement
from showbay.adapters.persistence.tables import sales_transactions
from showbay.application.sales.read_models import StoredTransaction
from showbay.domain.sales import TransactionDraft, TransactionStatus

_INGEST = ingest_statement(API_SOURCE)


def transaction_columns(drafts: Sequence[TransactionDraft]) -> dict[str, list[object]]:
    """The drafts as one list per column (the array parameters of the ingest statement)."""
    columns: dict[str, list[object]] = {name: [] for name in COLUMNS}
    for d in drafts:
        for name, value in zip(COLUMNS, column_values(d), strict=True):
            columns[name].append(value)
    return columns


def stored_transaction_from_row(r: Any) -> StoredTransaction:
    draft = TransactionDraft(
        occurred_at=r.occurred_at,
        customer_id=r.customer_id,
        customer_name=r.customer_name,
        product=r.product,
        quantity=r.quantity,
        unit_price=r.unit_price,
        amount=r.amount,
        currency=r.currency,
        status=TransactionStatus(r.status),
    )
    return StoredTransaction(r.id, draft, r.created_at)


class SqlaTransactionStore:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_many(self, drafts: Sequence[TransactionDraft]) -> list[int]:
        result = await self._session.execute(_INGEST, transaction_columns(drafts))
        return list(result.scalars().all())

    async def get(self, transaction_id: int) -> StoredTransaction | None:
        statement = select(sales_transactions).where(sales_transactions.c.id == transaction_id)
        row = (await self._session.execute(statement)).first()
        return None if row is None else stored_transaction_from_row(row)
