"""dishka providers of what every context shares: settings, the database engines and the unit of work,
readiness (Redis's in ``providers/redis.py``), the clock, audit log and token verifier, and the outbound layer
(observer, monotonic clock, the default upstream policy)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import suppress

from dishka import AnyOf, Provider, Scope, provide
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from showbay import __version__
from showbay.adapters.audit.logging_audit import LoggingAuditLog
from showbay.adapters.clock import SystemClock
from showbay.adapters.observability.db_pool import InstrumentedAsyncPool, report_psycopg_pool_periodically
from showbay.adapters.observability.metrics import PrometheusOutboundObserver
from showbay.adapters.outbound import (
    CompositeObserver,
    MonotonicClock,
    OutboundCounters,
    OutboundObserver,
    UpstreamPolicy,
)
from showbay.adapters.persistence.database import (
    ReadEngine,
    create_engine,
    create_session_factory,
    read_only,
)
from showbay.adapters.persistence.fast_reads import ReadPool, open_read_pool
from showbay.adapters.persistence.transactions import SqlaDatabaseProbe, SqlaTransactionManager
from showbay.adapters.security.jwt_tokens import JwtSettings, PyJwtTokenVerifier
from showbay.adapters.security.token_cache import CachingTokenVerifier
from showbay.application.audit import AuditLog
from showbay.application.auth import TokenVerifier
from showbay.application.idempotency.ports import RequestTransaction
from showbay.application.ports import Clock, TransactionManager
from showbay.application.readiness import CheckReadiness
from showbay.bootstrap.settings import Settings


class SettingsProvider(Provider):
    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self._settings = settings

    @provide(scope=Scope.APP)
    def settings(self) -> Settings:
        return self._settings


class DatabaseProvider(Provider):
    @provide(scope=Scope.APP)
    async def engine(self, settings: Settings) -> AsyncIterator[AsyncEngine]:
        engine = create_engine(
            settings.require_database_url(),
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
            pool_timeout=settings.db_pool_timeout,
            connect_timeout=settings.db_connect_timeout,
            poolclass=InstrumentedAsyncPool,
        )
        yield engine
        await engine.dispose()

    @provide(scope=Scope.APP)
    async def read_engine(self, settings: Settings, engine: AsyncEngine) -> AsyncIterator[ReadEngine]:
        """DATABASE_REPLICA_URL when set (its own pool, labelled ``replica``), else the primary; read-only."""
        if not settings.database_replica_url:
            yield read_only(engine)
            return
        replica = create_engine(
            settings.database_replica_url,
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
            pool_timeout=settings.db_pool_timeout,
            connect_timeout=settings.db_connect_timeout,
            name="replica",
            poolclass=InstrumentedAsyncPool,
        )
        yield read_only(replica)
        await replica.dispose()

    @provide(scope=Scope.APP)
    async def read_pool(self, settings: Settings) -> AsyncIterator[ReadPool]:
        """psycopg's own pool for the hot single-row reads (adapters/persistence/fast_reads.py)."""
        configure = None
        if settings.otel_exporter_otlp_endpoint:  # OpenTelemetry is imported only when tracing is on
            from showbay.adapters.observability.tracing import trace_psycopg_connection

            configure = trace_psycopg_connection
        async with open_read_pool(
            settings.require_database_url(),
            settings.db_pool_size,
            configure,
            checkout_timeout=settings.db_pool_timeout,
            connect_timeout=settings.db_connect_timeout,
        ) as pool:
            reporter = asyncio.create_task(report_psycopg_pool_periodically(pool))
            try:
                yield pool
            finally:
                reporter.cancel()
                with suppress(asyncio.CancelledError):
                    await reporter

    @provide(scope=Scope.APP)
    def session_factory(self, engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
        return create_session_factory(engine)

    @provide(scope=Scope.REQUEST)
    async def session(self, factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
        async with factory() as session:
            yield session

    # One unit of work per request: the use cases commit it, the Idempotency-Key edge may hold their commits.
    transactions = provide(
        SqlaTransactionManager, scope=Scope.REQUEST, provides=AnyOf[TransactionManager, RequestTransaction]
    )


class ReadinessProvider(Provider):
    """Probes the database within READINESS_TIMEOUT (``RedisProvider`` adds Redis when REDIS_URL is set)."""

    @provide(scope=Scope.APP)
    def readiness(self, settings: Settings, engine: AsyncEngine) -> CheckReadiness:
        return CheckReadiness([SqlaDatabaseProbe(engine)], timeout=settings.readiness_timeout)


class CoreProvider(Provider):
    clock = provide(SystemClock, scope=Scope.APP, provides=Clock)
    audit = provide(LoggingAuditLog, scope=Scope.APP, provides=AuditLog)

    @provide(scope=Scope.APP)
    def token_verifier(self, settings: Settings) -> TokenVerifier:
        verifier = PyJwtTokenVerifier(
            JwtSettings(
                secret=settings.jwt_secret,
                public_key=settings.jwt_public_key,
                jwks_url=settings.jwt_jwks_url,
                algorithms=settings.jwt_algorithms,
                issuer=settings.jwt_issuer,
                audience=settings.jwt_audience,
                jwks_lifespan_seconds=settings.jwt_jwks_lifespan_seconds,
            )
        )
        return CachingTokenVerifier(verifier)  # bounded by each token's exp (adapters/security/token_cache.py)


USER_AGENT = f"showbay/{__version__}"


def upstream_policy(settings: Settings, name: str, base_url: str) -> UpstreamPolicy:
    """The outbound defaults from the settings, for one upstream."""
    return UpstreamPolicy(
        name=name,
        base_url=base_url,
        connect_timeout=settings.outbound_connect_timeout,
        attempt_timeout=settings.outbound_timeout,
        max_attempts=settings.outbound_max_attempts,
        backoff_initial=settings.outbound_backoff_initial,
        backoff_max=settings.outbound_backoff_max,
        budget=settings.outbound_budget,
        breaker_threshold=settings.outbound_breaker_threshold,
        breaker_cooldown=settings.outbound_breaker_cooldown,
        user_agent=USER_AGENT,
    )


class OutboundProvider(Provider):
    """Every outbound attempt and breaker transition is counted in-process and exported to Prometheus."""

    @provide(scope=Scope.APP)
    def observer(self) -> OutboundObserver:
        return CompositeObserver([OutboundCounters(), PrometheusOutboundObserver()])

    @provide(scope=Scope.APP)
    def clock(self) -> MonotonicClock:
        """Times the budgets, attempts and breaker cool-downs of every upstream client."""
        return time.monotonic
