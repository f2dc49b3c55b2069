from __future__ import annotations

from uuid import uuid4

import pytest

from showbay.application.errors import UpstreamError, UpstreamTimeout
from showbay.application.tracked_repos.errors import GitHubRateLimited
from showbay.application.tracked_repos.use_cases import (
    GetTrackedRepo,
    RefreshTrackedRepo,
    ReplaceTrackedRepo,
    TrackRepo,
    UntrackRepo,
)
from showbay.domain.errors import StaleVersion
from showbay.domain.tracked_repos import (
    GitHubRepoNotFound,
    RepoAlreadyTracked,
    RepoRef,
    TrackedRepo,
    TrackedRepoNotFound,
)
from tests.fakes.clock import FakeClock
from tests.fakes.shared import FakeTransactionManager
from tests.fakes.tracked_repos import FakeGitHubGateway, FakeTrackedRepoStore, metadata


@pytest.fixture
def store() -> FakeTrackedRepoStore:
    return FakeTrackedRepoStore()


@pytest.fixture
def github() -> FakeGitHubGateway:
    gateway = FakeGitHubGateway()
    gateway.publish(metadata("octo/hello"))
    return gateway


@pytest.fixture
def track(
    store: FakeTrackedRepoStore, github: FakeGitHubGateway, tx: FakeTransactionManager, clock: FakeClock
) -> TrackRepo:
    return TrackRepo(store, github, tx, clock)


async def test_track_fetches_unconditionally_stores_and_commits(
    track: TrackRepo, store: FakeTrackedRepoStore, github: FakeGitHubGateway, tx: FakeTransactionManager
) -> None:
    repo = await track(RepoRef("octo", "hello"))
    assert store.rows[repo.id].metadata == metadata("octo/hello")
    assert store.rows[repo.id].github_etag == '"v1"'
    assert github.calls == [("octo/hello", None)]
    assert tx.commits == 1


async def test_track_unknown_repo_stores_nothing(
    track: TrackRepo, store: FakeTrackedRepoStore, tx: FakeTransactionManager
) -> None:
    with pytest.raises(GitHubRepoNotFound):
        await track(RepoRef("octo", "nope"))
    assert (store.rows, tx.commits) == ({}, 0)


async def test_tracking_twice_is_a_conflict_naming_the_id_without_asking_github(
    track: TrackRepo, github: FakeGitHubGateway
) -> None:
    first = await track(RepoRef("octo", "hello"))
    with pytest.raises(RepoAlreadyTracked) as caught:
        await track(RepoRef("OCTO", "Hello"))
    assert caught.value.existing_id == first.id
    assert len(github.calls) == 1


async def test_renamed_repo_is_stored_under_its_canonical_name(
    track: TrackRepo, github: FakeGitHubGateway, store: FakeTrackedRepoStore
) -> None:
    github.renamed["octo/old-hello"] = "octo/hello"
    repo = await track(RepoRef("octo", "old-hello"))
    assert store.rows[repo.id].full_name == "octo/hello"
    with pytest.raises(RepoAlreadyTracked):
        await track(RepoRef("octo", "hello"))


async def test_renamed_repo_whose_canonical_name_is_tracked_is_a_conflict(
    track: TrackRepo, github: FakeGitHubGateway, store: FakeTrackedRepoStore
) -> None:
    first = await track(RepoRef("octo", "hello"))
    github.renamed["octo/old-hello"] = "octo/hello"
    with pytest.raises(RepoAlreadyTracked) as caught:
        await track(RepoRef("octo", "old-hello"))
    assert caught.value.existing_id == first.id
    assert list(store.rows) == [first.id]


@pytest.mark.parametrize("error", [GitHubRateLimited(30.0), UpstreamTimeout("github", "slow")])
async def test_upstream_failure_stores_nothing(
    track: TrackRepo,
    github: FakeGitHubGateway,
    store: FakeTrackedRepoStore,
    tx: FakeTransactionManager,
    error: UpstreamError,
) -> None:
    github.errors.append(error)
    with pytest.raises(type(error)):
        await track(RepoRef("octo", "hello"))
    assert (store.rows, tx.commits) == ({}, 0)


async def _tracked(track: TrackRepo) -> TrackedRepo:
    return await track(RepoRef("octo", "hello"))


async def test_get_unknown_is_not_found(store: FakeTrackedRepoStore) -> None:
    with pytest.raises(TrackedRepoNotFound):
        await GetTrackedRepo(store)(uuid4())


async def test_refresh_with_unchanged_etag_moves_only_last_checked_at(
    track: TrackRepo,
    store: FakeTrackedRepoStore,
    github: FakeGitHubGateway,
    tx: FakeTransactionManager,
    clock: FakeClock,
) -> None:
    repo = await _tracked(track)
    clock.advance(3600)
    refreshed = await RefreshTrackedRepo(store, github, tx, clock)(repo.id)
    assert github.calls[-1] == ("octo/hello", '"v1"')
    assert refreshed.last_checked_at == clock.now()
    assert (refreshed.last_changed_at, refreshed.metadata) == (repo.last_changed_at, repo.metadata)
    assert store.rows[repo.id].version == 2


async def test_refresh_with_new_metadata_stores_it(
    track: TrackRepo,
    store: FakeTrackedRepoStore,
    github: FakeGitHubGateway,
    tx: FakeTransactionManager,
    clock: FakeClock,
) -> None:
    repo = await _tracked(track)
    github.publish(metadata("octo/hello", stars=99), '"v2"')
    clock.advance(60)
    await RefreshTrackedRepo(store, github, tx, clock)(repo.id)
    stored = store.rows[repo.id]
    assert (stored.metadata.stars, stored.github_etag, stored.last_changed_at) == (99, '"v2"', clock.now())


async def test_refresh_of_a_repo_gone_from_github_changes_nothing(
    track: TrackRepo,
    store: FakeTrackedRepoStore,
    github: FakeGitHubGateway,
    tx: FakeTransactionManager,
    clock: FakeClock,
) -> None:
    repo = await _tracked(track)
    github.repos.clear()
    with pytest.raises(GitHubRepoNotFound):
        await RefreshTrackedRepo(store, github, tx, clock)(repo.id)
    assert store.rows[repo.id] == repo
    assert tx.commits == 1


async def test_refresh_with_stale_if_match_asks_nobody(
    track: TrackRepo,
    store: FakeTrackedRepoStore,
    github: FakeGitHubGateway,
    tx: FakeTransactionManager,
    clock: FakeClock,
) -> None:
    repo = await _tracked(track)
    with pytest.raises(StaleVersion):
        await RefreshTrackedRepo(store, github, tx, clock)(repo.id, if_match=7)
    assert len(github.calls) == 1


async def test_replace_with_the_same_name_is_a_conditional_refresh(
    track: TrackRepo,
    store: FakeTrackedRepoStore,
    github: FakeGitHubGateway,
    tx: FakeTransactionManager,
    clock: FakeClock,
) -> None:
    repo = await _tracked(track)
    await ReplaceTrackedRepo(store, github, tx, clock)(repo.id, RepoRef("Octo", "HELLO"))
    assert github.calls[-1] == ("octo/hello", '"v1"')


async def test_replace_with_another_name_points_the_row_at_it(
    track: TrackRepo,
    store: FakeTrackedRepoStore,
    github: FakeGitHubGateway,
    tx: FakeTransactionManager,
    clock: FakeClock,
) -> None:
    repo = await _tracked(track)
    github.publish(metadata("octo/other", stars=5), '"o1"')
    replaced = await ReplaceTrackedRepo(store, github, tx, clock)(repo.id, RepoRef("octo", "other"))
    assert github.calls[-1] == ("octo/other", None)
    assert store.rows[repo.id].full_name == "octo/other"
    assert replaced.last_changed_at == clock.now()


async def test_replace_with_a_name_tracked_elsewhere_is_a_conflict(
    track: TrackRepo,
    store: FakeTrackedRepoStore,
    github: FakeGitHubGateway,
    tx: FakeTransactionManager,
    clock: FakeClock,
) -> None:
    repo = await _tracked(track)
    github.publish(metadata("octo/other"))
    other = await track(RepoRef("octo", "other"))
    with pytest.raises(RepoAlreadyTracked) as caught:
        await ReplaceTrackedRepo(store, github, tx, clock)(repo.id, RepoRef("octo", "other"))
    assert caught.value.existing_id == other.id
    assert store.rows[repo.id].full_name == "octo/hello"


async def test_replace_with_an_unknown_name_changes_nothing(
    track: TrackRepo,
    store: FakeTrackedRepoStore,
    github: FakeGitHubGateway,
    tx: FakeTransactionManager,
    clock: FakeClock,
) -> None:
    repo = await _tracked(track)
    with pytest.raises(GitHubRepoNotFound):
        await ReplaceTrackedRepo(store, github, tx, clock)(repo.id, RepoRef("octo", "nope"))
    assert store.rows[repo.id] == repo


async def test_untrack_removes_and_honours_if_match(
    track: TrackRepo, store: FakeTrackedRepoStore, tx: FakeTransactionManager
) -> None:
    repo = await _tracked(track)
    with pytest.raises(StaleVersion):
        await UntrackRepo(store, tx)(repo.id, if_match=2)
    await UntrackRepo(store, tx)(repo.id, if_match=1)
    assert store.rows == {}
    with pytest.raises(TrackedRepoNotFound):
        await UntrackRepo(store, tx)(repo.id)
