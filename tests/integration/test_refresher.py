"""The background refresh against PostgreSQL and a local fake of GitHub: replicas share the work, each repo
is refreshed once, and an unchanged ETag changes nothing but the check time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from showbay.adapters.outbound import UpstreamPolicy, open_upstream
from showbay.adapters.outbound.tracked_repos.gateway import AiohttpGitHubGateway, github_headers, hands_back
from showbay.adapters.persistence.tracked_repos.store import SqlaTrackedRepoStore
from showbay.adapters.persistence.transactions import SqlaTransactionManager
from showbay.application.tracked_repos.use_cases import BatchReport, RefreshDueRepos, RefreshPolicy
from showbay.domain.tracked_repos import RepoMetadata, RepoRef, TrackedRepo
from tests.fakes.clock import FakeClock
from tests.upstreams.github import FakeGitHub

LONG_AGO = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
POLICY = RefreshPolicy(interval=timedelta(hours=1), batch_size=3, rate_limit_reserve=5)


@pytest.fixture
async def gateway(fake_github: FakeGitHub) -> AsyncIterator[AiohttpGitHubGateway]:
    upstream = UpstreamPolicy(name="github", base_url=fake_github.url, attempt_timeout=2.0, hands_back=hands_back)
    async with open_upstream(upstream, headers=github_headers(None)) as client:
        yield AiohttpGitHubGateway(client, FakeClock(NOW))


def stored(full_name: str, stars: int) -> TrackedRepo:
    meta = RepoMetadata(
        RepoRef.parse(full_name), "d", "Python", stars, 7, 3, 5, "main", f"https://github.com/{full_name}", False, None
    )
    return TrackedRepo.track(uuid4(), meta, '"e1"', LONG_AGO)


async def seed(engine: AsyncEngine, fake: FakeGitHub, count: int) -> list[TrackedRepo]:
    repos = [stored(f"octo/repo{i}", 42) for i in range(count)]
    async with AsyncSession(engine) as session:
        store = SqlaTrackedRepoStore(session)
        for repo in repos:
            fake.publish(repo.full_name, '"e2"', stargazers_count=100, description="d", pushed_at=None)
            await store.add(repo)
        await session.commit()
    return repos


async def one_batch(engine: AsyncEngine, gateway: AiohttpGitHubGateway) -> BatchReport:
    async with AsyncSession(engine, expire_on_commit=False) as session:
        use_case = RefreshDueRepos(
            SqlaTrackedRepoStore(session), gateway, SqlaTransactionManager(session), FakeClock(NOW), POLICY
        )
        return await use_case()


async def replica(engine: AsyncEngine, gateway: AiohttpGitHubGateway) -> list[BatchReport]:
    """One replica's loop, run until nothing is due."""
    reports = []
    while (report := await one_batch(engine, gateway)).claimed:
        reports.append(report)
    return reports


async def load(engine: AsyncEngine, repo: TrackedRepo) -> TrackedRepo:
    async with AsyncSession(engine) as session:
        loaded = await SqlaTrackedRepoStore(session).get(repo.id)
    assert loaded is not None
    return loaded


async def test_two_refreshers_at_once_refresh_each_repo_once(
    clean_db: AsyncEngine, fake_github: FakeGitHub, gateway: AiohttpGitHubGateway
) -> None:
    repos = await seed(clean_db, fake_github, 10)
    fake_github.delay = 0.02  # slow answers keep each batch's locks held while the other replica claims
    first, second = await asyncio.gather(replica(clean_db, gateway), replica(clean_db, gateway))
    assert sorted(len(fake_github.calls_for(r.full_name)) for r in repos) == [1] * 10
    assert sum(r.claimed for r in first + second) == 10
    assert first, "both replicas took part"
    assert second, "both replicas took part"
    for repo in repos:
        loaded = await load(clean_db, repo)
        assert (loaded.metadata.stars, loaded.last_checked_at, loaded.last_changed_at) == (100, NOW, NOW)


async def test_unchanged_etag_moves_only_last_checked_at(
    clean_db: AsyncEngine, fake_github: FakeGitHub, gateway: AiohttpGitHubGateway
) -> None:
    (repo,) = await seed(clean_db, fake_github, 1)
    fake_github.publish(repo.full_name, '"e1"', stargazers_count=999)  # GitHub says: same ETag as stored
    report = await one_batch(clean_db, gateway)
    assert (report.claimed, report.changed, report.not_modified) == (1, 0, 1)
    loaded = await load(clean_db, repo)
    assert (loaded.metadata.stars, loaded.last_changed_at, loaded.last_checked_at) == (42, LONG_AGO, NOW)
    assert [(c.headers.get("If-None-Match"), c.status) for c in fake_github.calls] == [('"e1"', 304)]
    assert fake_github.remaining == fake_github.limit


async def test_low_rate_limit_pauses_after_the_answer_that_reported_it(
    clean_db: AsyncEngine, fake_github: FakeGitHub, gateway: AiohttpGitHubGateway
) -> None:
    await seed(clean_db, fake_github, 3)
    fake_github.remaining = 6  # the first answer leaves 5 (= the reserve), the second 4 (below it)
    report = await one_batch(clean_db, gateway)
    assert len(fake_github.calls) == 2
    assert report.pause_until is not None
    assert report.next_run_in(POLICY, NOW) > 3600
