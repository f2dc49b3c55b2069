"""SqlaTransactionStore: appends transactions in the request's unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from showbay.adapters.persistence.tables import sales_transactions
from showbay.application.sales.read_models import StoredTransaction
from showbay.domain.sales import TransactionDraft, TransactionStatus


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
        statement = insert(sales_transactions).returning(sales_transactions.c.id, sort_by_parameter_order=True)
        result = await self._session.execute(statement, [transaction_to_row(d) for d in drafts])
        return list(result.scalars().all())

    async def get(self, transaction_id: int) -> StoredTransaction | None:
        statement = select(sales_transactions).where(sales_transactions.c.id == transaction_id)
        row = (await self._session.execute(statement)).first()
        return None if row is None else stored_transaction_from_row(row)
