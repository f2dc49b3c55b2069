"""dishka provider of the idempotency context: the key store, its use cases and the key lifetime."""

from __future__ import annotations

from datetime import timedelta

from dishka import Provider, Scope, provide, provide_all

from showbay.adapters.persistence.idempotency.store import SqlaIdempotencyStore
from showbay.application.idempotency.ports import IdempotencyStore
from showbay.application.idempotency.use_cases import IdempotencyPolicy, PurgeExpiredIdempotencyKeys, RunIdempotently
from showbay.bootstrap.settings import Settings


class IdempotencyProvider(Provider):
    scope = Scope.REQUEST

    store = provide(SqlaIdempotencyStore, provides=IdempotencyStore)
    use_cases = provide_all(RunIdempotently, PurgeExpiredIdempotencyKeys)

    @provide(scope=Scope.APP)
    def policy(self, settings: Settings) -> IdempotencyPolicy:
        return IdempotencyPolicy(ttl=timedelta(seconds=settings.idempotency_key_ttl))
