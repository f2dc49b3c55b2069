"""Ports of the sales analytics context."""

from __future__ import annotations

from collections.abc import AsyncIterable, Sequence
from datetime import date, datetime
from typing import Protocol

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


class TransactionStore(Protocol):
    """Appends transactions inside the current unit of work."""

    async def add_many(self, drafts: Sequence[TransactionDraft]) -> list[int]:
        """Insert every draft (all or nothing once committed) and return their ids in order."""
        ...


class TransactionBulkLoader(Protocol):
    """Streams large amounts of transactions into storage in one transaction (PostgreSQL COPY)."""

    async def load(self, drafts: AsyncIterable[TransactionDraft]) -> int:
        """Store every draft the iterable yields, commit, and return how many were stored."""
        ...


class SalesReader(Protocol):
    """Read-only queries over the analytics views. Revenue counts completed transactions only."""

    async def as_of(self) -> datetime | None:
        """When the analytics views were last refreshed (``None``: never)."""
        ...

    async def status_totals(self) -> list[StatusTotal]:
        """Transaction counts and amounts per status, over all time."""
        ...

    async def revenue_buckets(self, granularity: Granularity, first: date, last: date) -> list[RevenueBucket]:
        """Completed sales per bucket whose start lies in ``first..last``, ascending; empty buckets are absent."""
        ...

    async def products(self, page: PageRequest) -> Page[ProductStats]:
        """One page of products by completed sales."""
        ...

    async def customers(self, page: PageRequest) -> Page[CustomerStats]:
        """One page of customers with at least one completed order."""
        ...

    async def transaction(self, transaction_id: int) -> StoredTransaction | None:
        """One stored transaction (from the table itself, not a view)."""
        ...


class SalesViewRefresher(Protocol):
    """Recomputes the materialized analytics views without blocking their readers."""

    async def refresh(self) -> datetime:
        """Refresh every view and return the new ``as_of``."""
        ...


class RefreshRequests(Protocol):
    """Where ingestion asks for the views to be refreshed soon (asynchronously)."""

    def request_refresh(self) -> None: ...
