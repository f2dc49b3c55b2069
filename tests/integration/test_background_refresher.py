"""The refresher as the app composes it: real providers, PostgreSQL, and the fake GitHub on a local port."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from dishka import AsyncContainer, make_async_container
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from showbay.adapters.persistence.tracked_repos.store import SqlaTrackedRepoStore
from showbay.bootstrap.jobs.runner import BackgroundJobs
from showbay.bootstrap.jobs.tracked_repos import BackgroundRefresher
from showbay.bootstrap.providers import default_providers
from showbay.bootstrap.settings import GitHubSettings, Settings
from showbay.domain.tracked_repos import RepoMetadata, RepoRef, TrackedRepo
from tests.conftest import TEST_JWT_SECRET
from tests.redis_server import free_port
from tests.upstreams.github import FakeGitHub

LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


@pytest.fixture
async def container(database_url: str, fake_github: FakeGitHub) -> AsyncIterator[AsyncContainer]:
    github = GitHubSettings(api_url=fake_github.url, refresh_batch_size=5, refresh_idle_delay=0.05)
    settings = Settings(database_url=database_url, jwt_secret=TEST_JWT_SECRET, github=github, outbound_timeout=1.0)
    container = make_async_container(*default_providers(settings))
    yield container
    await container.close()


async def stale_repo(engine: AsyncEngine, fake: FakeGitHub) -> TrackedRepo:
    fake.publish("octo/hello", '"e2"', stargazers_count=77)
    meta = RepoMetadata(
        RepoRef("octo", "hello"), None, None, 1, 0, 0, 0, "main", "https://github.com/octo/hello", False, None
    )
    repo = TrackedRepo.track(uuid4(), meta, '"e1"', LONG_AGO)
    async with AsyncSession(engine) as session:
        await SqlaTrackedRepoStore(session).add(repo)
        await session.commit()
    return repo


async def stars(engine: AsyncEngine, repo: TrackedRepo) -> int:
    async with AsyncSession(engine) as session:
        loaded = await SqlaTrackedRepoStore(session).get(repo.id)
    assert loaded is not None
    return loaded.metadata.stars


async def test_one_round_refreshes_due_repos_and_says_when_to_come_back(
    clean_db: AsyncEngine, fake_github: FakeGitHub, container: AsyncContainer
) -> None:
    repo = await stale_repo(clean_db, fake_github)
    delay = await BackgroundRefresher(container).run_once()
    assert delay == 0.05  # less than a full batch: wait the idle delay
    assert await stars(clean_db, repo) == 77
    assert [(c.headers.get("If-None-Match"), c.status) for c in fake_github.calls] == [('"e1"', 200)]


async def test_started_loop_refreshes_in_the_background_and_stops(
    clean_db: AsyncEngine, fake_github: FakeGitHub, container: AsyncContainer
) -> None:
    repo = await stale_repo(clean_db, fake_github)
    jobs = BackgroundJobs([BackgroundRefresher(container)])
    await jobs.start()
    try:
        for _ in range(300):  # bounded wait for the first round to commit
            if await stars(clean_db, repo) == 77:
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.2)  # a few more (idle) rounds
    finally:
        await jobs.stop()
    assert await stars(clean_db, repo) == 77
    assert len(fake_github.calls) == 1, "the repo is fresh now: later rounds find nothing due"


def test_the_token_stays_out_of_settings_reprs() -> None:
    settings = Settings(github=GitHubSettings(token="ghp_s3cret"))
    assert "ghp_s3cret" not in repr(settings)


async def test_the_loop_skips_a_round_with_a_warning_while_the_database_refuses(
    fake_github: FakeGitHub, caplog: pytest.LogCaptureFixture
) -> None:
    github = GitHubSettings(api_url=fake_github.url, refresh_idle_delay=0.05)
    refused = f"postgresql://svc:pw@127.0.0.1:{free_port()}/nowhere"
    settings = Settings(database_url=refused, jwt_secret=TEST_JWT_SECRET, github=github, db_connect_timeout=1)
    container = make_async_container(*default_providers(settings))
    jobs = BackgroundJobs([BackgroundRefresher(container)])
    try:
        await jobs.start()
        for _ in range(200):
            await asyncio.sleep(0.02)
            if len([r for r in caplog.records if r.name == "showbay.jobs"]) >= 2:
                break
        await jobs.stop()
    finally:
        await container.close()
    skipped = [r for r in caplog.records if r.name == "showbay.jobs"]
    assert len(skipped) >= 2  # it keeps trying, every idle delay
    assert all(r.levelname == "WARNING" and r.exc_info is None for r in skipped)
    assert "database is unavailable" in skipped[0].getMessage()
