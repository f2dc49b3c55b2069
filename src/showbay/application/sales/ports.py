"""Ports of the sales analytics context."""

from __future__ import annotations

from collections.abc import AsyncIterable, Sequence
from datetime import date, datetime
from typing import Protocol

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


class TransactionStore(Protocol):
    """Appends transactions inside the current unit of work, and the analytics summaries with them."""

    async def add_many(self, drafts: Sequence[TransactionDraft]) -> list[int]:
        """Insert every draft (all or nothing once committed) and return their ids in order."""
        ...

    async def get(self, transaction_id: int) -> StoredTransaction | None:
        """One transaction as stored, seen from the current unit of work (even before it commits)."""
        ...


class TransactionBulkLoader(Protocol):
    """Streams large amounts of transactions into storage, summaries included, in one transaction (COPY)."""

    async def load(self, drafts: AsyncIterable[TransactionDraft]) -> int:
        """Store every draft the iterable yields, commit, and return how many were stored."""
        ...


class SalesReader(Protocol):
    """Read-only queries over the analytics summaries. Revenue counts completed transactions only."""

    async def as_of(self) -> datetime | None:
        """When an ingest last changed the summaries (``None``: never); every answer includes all ingests
        committed by then."""
        ...

    async def status_totals(self) -> list[StatusTotal]:
        """Transaction counts and amounts per status, over all time."""
        ...

    async def revenue_buckets(self, granularity: Granularity, first: date, last: date) -> list[RevenueBucket]:
        """Completed sales per bucket whose start lies in ``first..last``, ascending; empty buckets are absent."""
        ...

    async def products(self, page: PageRequest) -> SummaryPage[ProductStats]:
        """One page of products by completed sales."""
        ...

    async def customers(self, page: PageRequest) -> SummaryPage[CustomerStats]:
        """One page of customers with at least one completed order."""
        ...

    async def transaction(self, transaction_id: int) -> StoredTransaction | None:
        """One stored transaction (from the table itself, not a view)."""
        ...
