"""dishka provider of the tracked repositories context: store, use cases, refresh policy and one pooled GitHub
client for the app's lifetime (APP scope), on the shared outbound layer."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import timedelta

from dishka import Provider, Scope, provide, provide_all

from showbay.adapters.outbound import MonotonicClock, OutboundObserver, open_upstream
from showbay.adapters.outbound.tracked_repos.gateway import AiohttpGitHubGateway, github_headers, hands_back
from showbay.adapters.persistence.tracked_repos.store import SqlaTrackedRepoStore
from showbay.application.ports import Clock
from showbay.application.tracked_repos.ports import GitHubGateway, TrackedRepoStore
from showbay.application.tracked_repos.use_cases import (
    GetTrackedRepo,
    ListTrackedRepos,
    RefreshDueRepos,
    RefreshPolicy,
    RefreshTrackedRepo,
    ReplaceTrackedRepo,
    TrackRepo,
    UntrackRepo,
)
from showbay.bootstrap.providers.infrastructure import upstream_policy
from showbay.bootstrap.settings import Settings


class TrackedReposProvider(Provider):
    scope = Scope.REQUEST

    store = provide(SqlaTrackedRepoStore, provides=TrackedRepoStore)
    use_cases = provide_all(
        TrackRepo,
        GetTrackedRepo,
        ListTrackedRepos,
        ReplaceTrackedRepo,
        RefreshTrackedRepo,
        UntrackRepo,
        RefreshDueRepos,
    )

    @provide(scope=Scope.APP)
    def refresh_policy(self, settings: Settings) -> RefreshPolicy:
        github = settings.github
        return RefreshPolicy(
            interval=timedelta(seconds=github.refresh_interval),
            batch_size=github.refresh_batch_size,
            rate_limit_reserve=github.rate_limit_reserve,
            idle_delay=timedelta(seconds=github.refresh_idle_delay),
        )

    @provide(scope=Scope.APP)
    async def gateway(
        self, settings: Settings, observer: OutboundObserver, clock: Clock, monotonic: MonotonicClock
    ) -> AsyncIterator[GitHubGateway]:
        policy = dataclasses.replace(
            upstream_policy(settings, "github", settings.github.api_url), hands_back=hands_back
        )
        headers = github_headers(settings.github.token)
        async with open_upstream(policy, observer, headers=headers, clock=monotonic) as client:
            yield AiohttpGitHubGateway(client, clock)
