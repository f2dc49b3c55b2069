"""In-memory fakes of the sales ports."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

from showbay.application.sales.queries import PageRequest
from showbay.application.sales.read_models import (
    CustomerStats,
    ProductStats,
    RevenueBucket,
    StatusTotal,
    StoredTransaction,
    SummaryPage,
)
from showbay.domain.sales import Granularity, TransactionDraft


class FakeTransactionStore:
    def __init__(self) -> None:
        self.rows: list[TransactionDraft] = []

    async def add_many(self, drafts: Sequence[TransactionDraft]) -> list[int]:
        first = len(self.rows) + 1
        self.rows.extend(drafts)
        return list(range(first, first + len(drafts)))

    async def get(self, transaction_id: int) -> StoredTransaction | None:
        if not 1 <= transaction_id <= len(self.rows):
            return None
        return StoredTransaction(transaction_id, self.rows[transaction_id - 1], datetime(2026, 1, 1, tzinfo=UTC))


class FakeSalesReader:
    """Answers from fixed read models and counts the calls it gets."""

    def __init__(self, buckets: list[RevenueBucket] | None = None) -> None:
        self.buckets = buckets or []
        self.calls = 0
        self.totals = [StatusTotal("completed", 2, Decimal("30.00"))]
        self.last_ingest: datetime | None = datetime(2026, 3, 3, tzinfo=UTC)

    async def as_of(self) -> datetime | None:
        return self.last_ingest

    async def status_totals(self) -> list[StatusTotal]:
        self.calls += 1
        return self.totals

    async def revenue_buckets(self, granularity: Granularity, first: date, last: date) -> list[RevenueBucket]:
        return [b for b in self.buckets if first <= b.start <= last]

    async def products(self, page: PageRequest) -> SummaryPage[ProductStats]:
        return SummaryPage([], 0)

    async def customers(self, page: PageRequest) -> SummaryPage[CustomerStats]:
        return SummaryPage([], 0)

    async def transaction(self, transaction_id: int) -> StoredTransaction | None:
        return None
