"""In-memory fakes of the sales ports."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from showbay.application.sales.queries import PageRequest
from showbay.application.sales.read_models import (
    CustomerStats,
    Page,
    ProductStats,
    RevenueBucket,
    StatusTotal,
    StoredTransaction,
)
from showbay.domain.sales import Granularity, TransactionDraft


class FakeTransactionStore:
    def __init__(self) -> None:
        self.rows: list[TransactionDraft] = []

    async def add_many(self, drafts: Sequence[TransactionDraft]) -> list[int]:
        first = len(self.rows) + 1
        self.rows.extend(drafts)
        return list(range(first, first + len(drafts)))


class FakeRefreshRequests:
    def __init__(self) -> None:
        self.requests = 0

    def request_refresh(self) -> None:
        self.requests += 1


class FakeSalesReader:
    """Answers from fixed read models and counts the calls it gets."""

    def __init__(self, buckets: list[RevenueBucket] | None = None) -> None:
        self.buckets = buckets or []
        self.calls = 0
        self.totals = [StatusTotal("completed", 2, Decimal("30.00"))]

    async def as_of(self) -> datetime | None:
        return datetime(2026, 3, 3, tzinfo=UTC)

    async def status_totals(self) -> list[StatusTotal]:
        self.calls += 1
        return self.totals

    async def revenue_buckets(self, granularity: Granularity, first: date, last: date) -> list[RevenueBucket]:
        return [b for b in self.buckets if first <= b.start <= last]

    async def products(self, page: PageRequest) -> Page[ProductStats]:
        return Page([], 0, page.limit, page.offset, None)

    async def customers(self, page: PageRequest) -> Page[CustomerStats]:
        return Page([], 0, page.limit, page.offset, None)

    async def transaction(self, transaction_id: int) -> StoredTransaction | None:
        return None


class FakeViewRefresher:
    """Counts refreshes; each one takes a moment so that requests can pile up meanwhile."""

    def __init__(self) -> None:
        self.refreshes = 0
        self.release = asyncio.Event()
        self.release.set()

    async def refresh(self) -> datetime:
        await self.release.wait()
        self.refreshes += 1
        return datetime(2026, 3, 3, tzinfo=UTC) + timedelta(seconds=self.refreshes)
