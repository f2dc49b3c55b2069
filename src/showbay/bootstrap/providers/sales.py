"""dishka provider of the sales context."""

from __future__ import annotations

from dishka import Provider, Scope, provide, provide_all
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.adapters.persistence.database import ReadEngine
from showbay.adapters.persistence.sales.bulk_load import PsycopgTransactionCopier
from showbay.adapters.persistence.sales.check import SqlaSalesSummaryCheck
from showbay.adapters.persistence.sales.reader import SqlaSalesReader
from showbay.adapters.persistence.sales.store import SqlaTransactionStore
from showbay.application.ports import Clock
from showbay.application.sales.cache import DashboardCache
from showbay.application.sales.config import SalesConfig
from showbay.application.sales.ports import SalesReader, TransactionBulkLoader, TransactionStore
from showbay.application.sales.use_cases import (
    GetDashboard,
    GetRevenueSeries,
    GetTransaction,
    ImportTransactions,
    ListCustomers,
    ListProducts,
    RecordTransaction,
    RecordTransactions,
)
from showbay.bootstrap.settings import Settings


class SalesProvider(Provider):
    scope = Scope.REQUEST

    store = provide(SqlaTransactionStore, provides=TransactionStore)
    use_cases = provide_all(
        RecordTransactions,
        RecordTransaction,
        GetTransaction,
        GetDashboard,
        GetRevenueSeries,
        ListCustomers,
        ListProducts,
    )
    loader = provide(PsycopgTransactionCopier, scope=Scope.APP, provides=TransactionBulkLoader)
    importer = provide(ImportTransactions, scope=Scope.APP)

    @provide(scope=Scope.APP)
    def reader(self, engine: ReadEngine) -> SalesReader:
        """Analytics only read: they go to DATABASE_REPLICA_URL when set (read-only on the primary otherwise)."""
        return SqlaSalesReader(engine)

    @provide(scope=Scope.APP)
    def summary_check(self, engine: AsyncEngine) -> SqlaSalesSummaryCheck:
        """For ``showbay check-sales-summaries``: recomputes every figure on the primary."""
        return SqlaSalesSummaryCheck(engine)

    @provide(scope=Scope.APP)
    def config(self, settings: Settings) -> SalesConfig:
        return SalesConfig(currency=settings.sales_currency)

    @provide(scope=Scope.APP)
    def dashboard_cache(self, clock: Clock, settings: Settings) -> DashboardCache:
        return DashboardCache(clock, settings.sales_dashboard_cache_seconds)
