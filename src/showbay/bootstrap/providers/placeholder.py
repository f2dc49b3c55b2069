"""dishka provider of the placeholder context: one pooled JSONPlaceholder client (APP scope), the caching gateway,
the circuit the enrichment retry consults, and the external-posts use cases."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import NewType

from dishka import Provider, Scope, provide, provide_all

from showbay.adapters.outbound import (
    BreakerCircuit,
    MonotonicClock,
    OutboundObserver,
    UpstreamClient,
    open_upstream,
)
from showbay.adapters.outbound.placeholder import AiohttpPlaceholderGateway, CachingPlaceholderGateway
from showbay.application.placeholder import PlaceholderCircuit, PlaceholderGateway
from showbay.application.placeholder.use_cases import GetExternalPost, ListExternalPosts
from showbay.application.ports import Clock
from showbay.bootstrap.providers.infrastructure import upstream_policy
from showbay.bootstrap.settings import Settings

PlaceholderClient = NewType("PlaceholderClient", UpstreamClient)


class PlaceholderProvider(Provider):
    use_cases = provide_all(ListExternalPosts, GetExternalPost, scope=Scope.REQUEST)

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
