"""SqlaTransactionStore: appends transactions in the request's unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from showbay.adapters.persistence.tables import sales_transactions
from showbay.domain.sales import TransactionDraft


def transaction_to_row(draft: TransactionDraft) -> dict[str, Any]:
    return {
        "occurred_at": draft.occurred_at,
        "customer_id": draft.customer_id,
        "customer_name": draft.customer_name,
        "product": draft.product,
        "quantity": draft.quantity,
        "unit_price": draft.unit_price,
        "amount": draft.amount,
        "currency": draft.currency,
        "status": draft.status.value,
    }


class SqlaTransactionStore:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_many(self, drafts: Sequence[TransactionDraft]) -> list[int]:
        statement = insert(sales_transactions).returning(sales_transactions.c.id, sort_by_parameter_order=True)
        result = await self._session.execute(statement, [transaction_to_row(d) for d in drafts])
        return list(result.scalars().all())
