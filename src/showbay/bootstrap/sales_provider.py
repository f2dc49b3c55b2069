"""dishka provider of the sales context, including the background refresher of the analytics views."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import datetime

from dishka import AsyncContainer, Provider, Scope, alias, provide, provide_all
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.adapters.observability.metrics import job_run
from showbay.adapters.persistence.database import ReadEngine
from showbay.adapters.persistence.sales.bulk_load import PsycopgTransactionCopier
from showbay.adapters.persistence.sales.reader import SqlaSalesReader
from showbay.adapters.persistence.sales.store import SqlaTransactionStore
from showbay.adapters.persistence.sales.views import SqlaSalesViewRefresher
from showbay.application.ports import Clock
from showbay.application.sales.analytics import GetDashboard, GetRevenueSeries, ListCustomers, ListProducts
from showbay.application.sales.cache import DashboardCache
from showbay.application.sales.config import SalesConfig
from showbay.application.sales.importing import ImportTransactions
from showbay.application.sales.ingestion import GetTransaction, RecordTransactions
from showbay.application.sales.ports import (
    RefreshRequests,
    SalesReader,
    SalesViewRefresher,
    TransactionBulkLoader,
    TransactionStore,
)
from showbay.application.sales.refresh import RefreshCoordinator
from showbay.bootstrap.settings import Settings


class MeteredViewRefresher:
    """Records every refresh of the analytics views as a background-job run (count, duration, last success)."""

    def __init__(self, inner: SalesViewRefresher) -> None:
        self._inner = inner

    async def refresh(self) -> datetime:
        with job_run("sales_views_refresh"):
            return await self._inner.refresh()


class SalesProvider(Provider):
    scope = Scope.REQUEST

    store = provide(SqlaTransactionStore, provides=TransactionStore)
    use_cases = provide_all(
        RecordTransactions, GetTransaction, GetDashboard, GetRevenueSeries, ListCustomers, ListProducts
    )
    loader = provide(PsycopgTransactionCopier, scope=Scope.APP, provides=TransactionBulkLoader)
    importer = provide(ImportTransactions, scope=Scope.APP)
    refresh_requests = alias(source=RefreshCoordinator, provides=RefreshRequests)

    @provide(scope=Scope.APP)
    def reader(self, engine: ReadEngine) -> SalesReader:
        """Analytics only read: they go to DATABASE_REPLICA_URL when set (read-only on the primary otherwise)."""
        return SqlaSalesReader(engine)

    @provide(scope=Scope.APP)
    def config(self, settings: Settings) -> SalesConfig:
        return SalesConfig(currency=settings.sales_currency)

    @provide(scope=Scope.APP)
    def dashboard_cache(self, clock: Clock, settings: Settings) -> DashboardCache:
        return DashboardCache(clock, settings.sales_dashboard_cache_seconds)

    @provide(scope=Scope.APP)
    def refresher(self, engine: AsyncEngine) -> SalesViewRefresher:
        return MeteredViewRefresher(SqlaSalesViewRefresher(engine))

    @provide(scope=Scope.APP)
    async def refresh_coordinator(
        self, refresher: SalesViewRefresher, cache: DashboardCache, settings: Settings
    ) -> AsyncIterator[RefreshCoordinator]:
        """With SALES_REFRESH_WORKER on, a background task refreshes after ingestion and every
        SALES_REFRESH_INTERVAL_SECONDS (0: only after ingestion); it stops when the container closes."""
        coordinator = RefreshCoordinator(refresher, cache, settings.sales_refresh_interval_seconds)
        worker = asyncio.create_task(coordinator.run()) if settings.sales_refresh_worker else None
        yield coordinator
        if worker is not None:
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker


async def start_sales_refresh(container: AsyncContainer) -> None:
    """App startup hook: create the coordinator now so its schedule runs before the first ingestion."""
    await container.get(RefreshCoordinator)
