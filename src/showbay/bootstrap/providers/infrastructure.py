"""dishka providers: the only place that knows the concrete adapter classes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

from dishka import AnyOf, Provider, Scope, provide, provide_all
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from showbay.adapters.audit.logging_audit import LoggingAuditLog
from showbay.adapters.clock import SystemClock
from showbay.adapters.observability.db_pool import InstrumentedAsyncPool
from showbay.adapters.persistence.api_keys.store import SqlaApiKeyStore
from showbay.adapters.persistence.database import (
    ReadEngine,
    create_engine,
    create_session_factory,
    read_only,
)
from showbay.adapters.persistence.fast_reads import PsycopgItemReader, PsycopgTaskReader, ReadPool, open_read_pool
from showbay.adapters.persistence.idempotency.store import SqlaIdempotencyStore
from showbay.adapters.persistence.items.store import SqlaItemStore
from showbay.adapters.persistence.tasks.store import SqlaTaskStore
from showbay.adapters.persistence.transactions import SqlaDatabaseProbe, SqlaTransactionManager
from showbay.adapters.redis_probe import RedisProbe
from showbay.adapters.security.jwt_tokens import JwtSettings, PyJwtTokenVerifier
from showbay.adapters.security.token_cache import CachingTokenVerifier
from showbay.application.api_keys.ports import ApiKeyStore
from showbay.application.api_keys.use_cases import AuthenticateApiKey, CreateApiKey, ListApiKeys, RevokeApiKey
from showbay.application.audit import AuditLog
from showbay.application.auth import TokenVerifier
from showbay.application.idempotency.ports import IdempotencyStore, RequestTransaction
from showbay.application.idempotency.use_cases import IdempotencyPolicy, PurgeExpiredIdempotencyKeys, RunIdempotently
from showbay.application.items.external_data import FetchItemExternalData
from showbay.application.items.ports import ItemReader, ItemStore
from showbay.application.items.use_cases import CreateItem, DeleteItem, GetItem, ListItems, PatchItem, ReplaceItem
from showbay.application.placeholder import PlaceholderGateway
from showbay.application.placeholder.use_cases import GetExternalPost, ListExternalPosts
from showbay.application.ports import Clock, DependencyProbe, TransactionManager
from showbay.application.readiness import CheckReadiness
from showbay.application.tasks.enrichment import EnrichTask, TaskEnricher
from showbay.application.tasks.enrichment_retry import EnrichmentRetryPolicy, RetryPendingEnrichments
from showbay.application.tasks.listing import ListTasks, PurgeDeletedTasks
from showbay.application.tasks.ports import TaskReader, TaskStore
from showbay.application.tasks.use_cases import CreateTask, DeleteTask, GetTask, PatchTask, ReplaceTask, RestoreTask
from showbay.bootstrap.providers.outbound import JsonPlaceholderProvider, OutboundProvider
from showbay.bootstrap.providers.sales import SalesProvider
from showbay.bootstrap.providers.tracked_repos import GitHubProvider, TrackedReposProvider
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
            yield pool

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


class RedisProvider(Provider):
    """Only registered when REDIS_URL is set."""

    @provide(scope=Scope.APP)
    async def redis(self, settings: Settings) -> AsyncIterator[Redis]:
        timeout = settings.readiness_timeout
        client = Redis.from_url(settings.redis_url or "", socket_connect_timeout=timeout, socket_timeout=timeout)
        yield client
        await client.aclose()


class ReadinessProvider(Provider):
    """Probes the database, and Redis when REDIS_URL is set, each within READINESS_TIMEOUT."""

    def __init__(self, with_redis: bool) -> None:
        super().__init__()
        self.provide(self._with_redis if with_redis else self._database_only, scope=Scope.APP)

    @staticmethod
    def _database_only(settings: Settings, engine: AsyncEngine) -> CheckReadiness:
        return CheckReadiness([SqlaDatabaseProbe(engine)], timeout=settings.readiness_timeout)

    @staticmethod
    def _with_redis(settings: Settings, engine: AsyncEngine, redis: Redis) -> CheckReadiness:
        probes: list[DependencyProbe] = [SqlaDatabaseProbe(engine), RedisProbe(redis)]
        return CheckReadiness(probes, timeout=settings.readiness_timeout)


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


class TasksProvider(Provider):
    scope = Scope.REQUEST

    store = provide(SqlaTaskStore, provides=TaskStore)
    reader = provide(PsycopgTaskReader, scope=Scope.APP, provides=TaskReader)
    # The hot reads need only APP-scoped dependencies: built once, not per request.
    hot_reads = provide_all(GetTask, ListTasks, scope=Scope.APP)
    use_cases = provide_all(
        CreateTask,
        ReplaceTask,
        PatchTask,
        DeleteTask,
        RestoreTask,
        PurgeDeletedTasks,
        EnrichTask,
        RetryPendingEnrichments,
    )

    @provide(scope=Scope.APP)
    def retry_policy(self, settings: Settings) -> EnrichmentRetryPolicy:
        return EnrichmentRetryPolicy(
            interval=timedelta(seconds=settings.enrichment_retry_interval),
            batch_size=settings.enrichment_retry_batch_size,
            max_attempts=settings.enrichment_retry_max_attempts,
            backoff_initial=timedelta(seconds=settings.enrichment_retry_backoff_initial),
            backoff_max=timedelta(seconds=settings.enrichment_retry_backoff_max),
        )

    @provide
    def enricher(self, gateway: PlaceholderGateway, clock: Clock, settings: Settings) -> TaskEnricher:
        return TaskEnricher(gateway, clock, settings.task_enrichment_timeout)


class ApiKeysProvider(Provider):
    scope = Scope.REQUEST

    store = provide(SqlaApiKeyStore, provides=ApiKeyStore)
    use_cases = provide_all(AuthenticateApiKey, CreateApiKey, ListApiKeys, RevokeApiKey)


class ItemsProvider(Provider):
    scope = Scope.REQUEST

    store = provide(SqlaItemStore, provides=ItemStore)
    reader = provide(PsycopgItemReader, scope=Scope.APP, provides=ItemReader)
    hot_reads = provide(GetItem, scope=Scope.APP)
    use_cases = provide_all(CreateItem, ReplaceItem, PatchItem, DeleteItem, ListItems, FetchItemExternalData)
    external = provide_all(ListExternalPosts, GetExternalPost)


class IdempotencyProvider(Provider):
    scope = Scope.REQUEST

    store = provide(SqlaIdempotencyStore, provides=IdempotencyStore)
    use_cases = provide_all(RunIdempotently, PurgeExpiredIdempotencyKeys)

    @provide(scope=Scope.APP)
    def policy(self, settings: Settings) -> IdempotencyPolicy:
        return IdempotencyPolicy(ttl=timedelta(seconds=settings.idempotency_key_ttl))


def default_providers(settings: Settings) -> list[Provider]:
    with_redis = bool(settings.redis_url)
    providers: list[Provider] = [SettingsProvider(settings), DatabaseProvider(), ReadinessProvider(with_redis)]
    providers += [CoreProvider(), TasksProvider(), ItemsProvider(), ApiKeysProvider()]
    providers += [OutboundProvider(), JsonPlaceholderProvider(), TrackedReposProvider(), GitHubProvider()]
    providers += [SalesProvider(), IdempotencyProvider()]
    if with_redis:
        providers.append(RedisProvider())
    return providers
