"""dishka providers: the only place that knows the concrete adapter classes. One module per context, plus
``infrastructure`` for what they share; ``default_providers`` lists them all."""

from __future__ import annotations

from dishka import Provider

from showbay.bootstrap.providers.api_keys import ApiKeysProvider
from showbay.bootstrap.providers.idempotency import IdempotencyProvider
from showbay.bootstrap.providers.infrastructure import (
    CoreProvider,
    DatabaseProvider,
    OutboundProvider,
    ReadinessProvider,
    SettingsProvider,
)
from showbay.bootstrap.providers.items import ItemsProvider
from showbay.bootstrap.providers.placeholder import PlaceholderProvider
from showbay.bootstrap.providers.sales import SalesProvider
from showbay.bootstrap.providers.tasks import TasksProvider
from showbay.bootstrap.providers.tracked_repos import TrackedReposProvider
from showbay.bootstrap.settings import Settings


def default_providers(settings: Settings) -> list[Provider]:
    providers: list[Provider] = [SettingsProvider(settings), DatabaseProvider(), ReadinessProvider()]
    providers += [CoreProvider(), OutboundProvider()]
    providers += [TasksProvider(), ItemsProvider(), ApiKeysProvider(), PlaceholderProvider(), TrackedReposProvider()]
    providers += [SalesProvider(), IdempotencyProvider()]
    if settings.redis_url:
        from showbay.bootstrap.providers.redis import RedisProvider

        providers.append(RedisProvider())
    return providers


__all__ = ["default_providers"]
