"""dishka providers: the only place that knows the concrete adapter classes."""

from __future__ import annotations

from collections.abc import AsyncIterator

from dishka import Provider, Scope, provide, provide_all
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from showbay.adapters.clock import SystemClock
from showbay.adapters.persistence.database import create_engine, create_session_factory
from showbay.adapters.persistence.task_store import SqlaTaskStore
from showbay.adapters.persistence.transactions import SqlaDatabaseProbe, SqlaTransactionManager
from showbay.adapters.security.jwt_tokens import JwtSettings, PyJwtTokenVerifier
from showbay.application.auth import TokenVerifier
from showbay.application.ports import Clock, TransactionManager
from showbay.application.readiness import CheckReadiness
from showbay.application.tasks.ports import TaskStore
from showbay.application.tasks.use_cases import CreateTask, DeleteTask, GetTask, ReplaceTask
from showbay.bootstrap.sales_provider import SalesProvider
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
        )
        yield engine
        await engine.dispose()

    @provide(scope=Scope.APP)
    def session_factory(self, engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
        return create_session_factory(engine)

    @provide(scope=Scope.REQUEST)
    async def session(self, factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
        async with factory() as session:
            yield session

    transactions = provide(SqlaTransactionManager, scope=Scope.REQUEST, provides=TransactionManager)

    @provide(scope=Scope.APP)
    def readiness(self, engine: AsyncEngine) -> CheckReadiness:
        return CheckReadiness([SqlaDatabaseProbe(engine)])


class CoreProvider(Provider):
    clock = provide(SystemClock, scope=Scope.APP, provides=Clock)

    @provide(scope=Scope.APP)
    def token_verifier(self, settings: Settings) -> TokenVerifier:
        return PyJwtTokenVerifier(
            JwtSettings(
                secret=settings.jwt_secret,
                public_key=settings.jwt_public_key,
                jwks_url=settings.jwt_jwks_url,
                algorithms=settings.jwt_algorithms,
                issuer=settings.jwt_issuer,
                audience=settings.jwt_audience,
            )
        )


class TasksProvider(Provider):
    scope = Scope.REQUEST

    store = provide(SqlaTaskStore, provides=TaskStore)
    use_cases = provide_all(CreateTask, GetTask, ReplaceTask, DeleteTask)


def default_providers(settings: Settings) -> list[Provider]:
    return [SettingsProvider(settings), DatabaseProvider(), CoreProvider(), TasksProvider(), SalesProvider()]
