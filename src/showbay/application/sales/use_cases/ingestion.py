"""Ingestion use cases: record transactions (one or a batch, all or nothing) and read one back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from showbay.application.errors import Raises
from showbay.application.ports import TransactionManager
from showbay.application.sales.config import SalesConfig
from showbay.application.sales.errors import TransactionNotFound
from showbay.application.sales.ports import SalesReader, TransactionStore
from showbay.application.sales.read_models import StoredTransaction
from showbay.domain.errors import FieldProblem, ValidationFailed
from showbay.domain.sales import TransactionDraft, parse_transaction

MAX_BATCH = 10_000
MAX_REPORTED_PROBLEMS = 100


@dataclass(frozen=True, slots=True)
class TransactionInput:
    """A transaction as a client sent it, before validation."""

    occurred_at: datetime
    customer_id: str
    customer_name: str
    product: str
    quantity: int
    unit_price: Decimal
    amount: Decimal | None = None
    currency: str | None = None
    status: str = "completed"

    def to_draft(self, currency: str, prefix: str = "") -> TransactionDraft:
        return parse_transaction(
            occurred_at=self.occurred_at,
            customer_id=self.customer_id,
            customer_name=self.customer_name,
            product=self.product,
            quantity=self.quantity,
            unit_price=self.unit_price,
            amount=self.amount,
            currency=self.currency or currency,
            status=self.status,
            deployment_currency=currency,
            prefix=prefix,
        )


class RecordTransactions:
    """Store one transaction or a batch, all or nothing; the store updates the analytics summaries in the same
    unit of work, so the figures change when the commit does."""

    raises: Raises = (ValidationFailed,)

    def __init__(self, store: TransactionStore, tx: TransactionManager, config: SalesConfig) -> None:
        self._store, self._tx, self._config = store, tx, config

    async def __call__(self, rows: Sequence[TransactionInput], *, batch: bool) -> list[int]:
        if not 1 <= len(rows) <= MAX_BATCH:
            raise ValidationFailed(FieldProblem("body", f"a batch holds 1 to {MAX_BATCH} transactions"))
        drafts: list[TransactionDraft] = []
        problems: list[FieldProblem] = []
        for index, row in enumerate(rows):
            try:
                drafts.append(row.to_draft(self._config.currency, prefix=f"[{index}]." if batch else ""))
            except ValidationFailed as exc:
                problems.extend(exc.problems)
        if problems:
            raise ValidationFailed(*problems[:MAX_REPORTED_PROBLEMS])
        ids = await self._store.add_many(drafts)
        await self._tx.commit()
        return ids


class GetTransaction:
    """Read one stored transaction."""

    raises: Raises = (TransactionNotFound,)

    def __init__(self, reader: SalesReader) -> None:
        self._reader = reader

    async def __call__(self, transaction_id: int) -> StoredTransaction:
        found = await self._reader.transaction(transaction_id)
        if found is None:
            raise TransactionNotFound(transaction_id)
        return found


class RecordTransaction:
    """Store one transaction and return it as stored.

    Read back in the request's own unit of work: the reader (a replica, or another connection) may not see it
    yet, and under an Idempotency-Key the commit comes only after the answer is built.
    """

    raises: Raises = RecordTransactions.raises

    def __init__(self, record: RecordTransactions, store: TransactionStore) -> None:
        self._record, self._store = record, store

    async def __call__(self, row: TransactionInput) -> StoredTransaction:
        [transaction_id] = await self._record([row], batch=False)
        stored = await self._store.get(transaction_id)
        if stored is None:  # inserted a moment ago in this very unit of work: a bug, not the client's 404
            raise RuntimeError(f"transaction {transaction_id} vanished from its own unit of work")
        return stored
