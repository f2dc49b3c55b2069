"""dishka providers for the outbound side: the observer, and one pooled client per upstream (APP scope)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import NewType

from dishka import Provider, Scope, provide

from showbay import __version__
from showbay.adapters.observability.metrics import PrometheusOutboundObserver
from showbay.adapters.outbound import (
    BreakerCircuit,
    CompositeObserver,
    MonotonicClock,
    OutboundCounters,
    OutboundObserver,
    UpstreamClient,
    UpstreamPolicy,
    open_upstream,
)
from showbay.adapters.outbound.placeholder import AiohttpPlaceholderGateway, CachingPlaceholderGateway
from showbay.application.placeholder import PlaceholderCircuit, PlaceholderGateway
from showbay.application.ports import Clock
from showbay.bootstrap.settings import Settings

USER_AGENT = f"showbay/{__version__}"
PlaceholderClient = NewType("PlaceholderClient", UpstreamClient)


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


class JsonPlaceholderProvider(Provider):
    @provide(scope=Scope.APP)
    async def client(
        self, settings: Settings, observer: OutboundObserver, clock: MonotonicClock
    ) -> AsyncIterator[PlaceholderClient]:
        policy = upstream_policy(settings, "jsonplaceholder", settings.jsonplaceholder_url)
        async with open_upstream(policy, observer, clock=clock) as client:
            yield PlaceholderClient(client)

    @provide(scope=Scope.APP)
    def gateway(self, client: PlaceholderClient, settings: Settings, clock: Clock) -> PlaceholderGateway:
        return CachingPlaceholderGateway(AiohttpPlaceholderGateway(client, clock), settings.jsonplaceholder_cache_ttl)

    @provide(scope=Scope.APP)
    def circuit(self, client: PlaceholderClient) -> PlaceholderCircuit:
        return BreakerCircuit(client.breaker)
