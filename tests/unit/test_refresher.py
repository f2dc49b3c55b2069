from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest

from showbay.application.errors import UpstreamBadResponse, UpstreamUnavailable
from showbay.application.tracked_repos.errors import GitHubRateLimited
from showbay.application.tracked_repos.ports import RateLimit
from showbay.application.tracked_repos.use_cases import BatchReport, RefreshDueRepos, RefreshPolicy
from showbay.domain.tracked_repos import TrackedRepo
from tests.fakes.clock import FakeClock
from tests.fakes.shared import FakeTransactionManager
from tests.fakes.tracked_repos import FakeGitHubGateway, FakeTrackedRepoStore, metadata

POLICY = RefreshPolicy(interval=timedelta(hours=1), batch_size=2, rate_limit_reserve=5)


@pytest.fixture
def github() -> FakeGitHubGateway:
    return FakeGitHubGateway()


@pytest.fixture
def store() -> FakeTrackedRepoStore:
    return FakeTrackedRepoStore()


def seed(store: FakeTrackedRepoStore, github: FakeGitHubGateway, clock: FakeClock, *names: str) -> list[TrackedRepo]:
    repos = []
    for name in names:
        meta = metadata(name)
        github.publish(meta)
        repo = TrackedRepo.track(uuid4(), meta, '"v1"', clock.now())
        store.rows[repo.id] = repo
        repos.append(repo)
        clock.advance(1)
    return repos


def refresher(store: FakeTrackedRepoStore, github: FakeGitHubGateway, clock: FakeClock) -> RefreshDueRepos:
    return RefreshDueRepos(store, github, FakeTransactionManager(), clock, POLICY)


async def test_only_due_repos_are_refreshed_oldest_first_in_batches(
    store: FakeTrackedRepoStore, github: FakeGitHubGateway, clock: FakeClock
) -> None:
    seed(store, github, clock, "a/one", "a/two", "a/three")
    clock.advance(3600)
    github.publish(metadata("a/one", stars=50), '"v2"')
    report = await refresher(store, github, clock)()
    assert [name for name, _ in github.calls] == ["a/one", "a/two"]
    assert all(etag == '"v1"' for _, etag in github.calls)
    assert (report.claimed, report.changed, report.not_modified) == (2, 1, 1)
    assert report.next_run_in(POLICY, clock.now()) == 0.0
    second = await refresher(store, github, clock)()
    assert second.claimed == 1
    assert second.next_run_in(POLICY, clock.now()) == POLICY.idle_delay.total_seconds()


async def test_nothing_due_means_no_request(
    store: FakeTrackedRepoStore, github: FakeGitHubGateway, clock: FakeClock
) -> None:
    seed(store, github, clock, "a/one")
    report = await refresher(store, github, clock)()
    assert (report.claimed, github.calls) == (0, [])


async def test_low_remaining_rate_limit_pauses_until_the_reset(
    store: FakeTrackedRepoStore, github: FakeGitHubGateway, clock: FakeClock
) -> None:
    seed(store, github, clock, "a/one", "a/two")
    clock.advance(3600)
    reset = clock.now() + timedelta(minutes=20)
    github.rate = RateLimit(limit=60, remaining=4, reset_at=reset)
    report = await refresher(store, github, clock)()
    assert len(github.calls) == 1
    assert report.pause_until == reset
    assert report.next_run_in(POLICY, clock.now()) == 1200.0


async def test_rate_limited_answer_pauses_for_retry_after_and_keeps_the_row(
    store: FakeTrackedRepoStore, github: FakeGitHubGateway, clock: FakeClock
) -> None:
    (repo,) = seed(store, github, clock, "a/one")
    clock.advance(3600)
    github.errors.append(GitHubRateLimited(90.0))
    report = await refresher(store, github, clock)()
    assert report.next_run_in(POLICY, clock.now()) == 90.0
    assert store.rows[repo.id] == repo
    assert store.claims == {}, "the unrefreshed repo is released for whoever comes after the pause"


async def test_unavailable_github_stops_the_batch_without_marking(
    store: FakeTrackedRepoStore, github: FakeGitHubGateway, clock: FakeClock
) -> None:
    first, _ = seed(store, github, clock, "a/one", "a/two")
    clock.advance(3600)
    github.errors.append(UpstreamUnavailable("github", "circuit open"))
    report = await refresher(store, github, clock)()
    assert (report.failed, len(github.calls)) == (1, 1)
    assert store.rows[first.id] == first
    assert store.claims == {}
    assert report.next_run_in(POLICY, clock.now()) == POLICY.idle_delay.total_seconds()


async def test_bad_response_marks_the_repo_checked_and_goes_on(
    store: FakeTrackedRepoStore, github: FakeGitHubGateway, clock: FakeClock
) -> None:
    first, _ = seed(store, github, clock, "a/one", "a/two")
    clock.advance(3600)
    github.errors.append(UpstreamBadResponse("github", "not json"))
    report = await refresher(store, github, clock)()
    assert (report.failed, report.not_modified, len(github.calls)) == (1, 1, 2)
    assert store.rows[first.id].last_checked_at == clock.now()
    assert store.rows[first.id].metadata == first.metadata


async def test_repo_gone_from_github_is_marked_checked(
    store: FakeTrackedRepoStore, github: FakeGitHubGateway, clock: FakeClock
) -> None:
    (repo,) = seed(store, github, clock, "a/one")
    github.repos.clear()
    clock.advance(3600)
    report = await refresher(store, github, clock)()
    assert report.missing == 1
    assert store.rows[repo.id].last_checked_at == clock.now()


async def test_rename_onto_a_tracked_name_keeps_the_old_row_checked(
    store: FakeTrackedRepoStore, github: FakeGitHubGateway, clock: FakeClock
) -> None:
    old, _taken = seed(store, github, clock, "a/old", "a/new")
    github.renamed["a/old"] = "a/new"
    github.publish(metadata("a/new"), '"n2"')
    clock.advance(3600)
    report = await refresher(store, github, clock)()
    assert report.changed == 1
    assert store.rows[old.id].full_name == "a/old"
    assert store.rows[old.id].github_etag == '"v1"'
    assert store.rows[old.id].last_checked_at == clock.now()


def test_an_empty_report_waits_the_idle_delay() -> None:
    assert BatchReport().next_run_in(POLICY, FakeClock().now()) == 60.0


async def test_claimed_repos_are_not_claimed_again_while_the_lease_runs(
    store: FakeTrackedRepoStore, github: FakeGitHubGateway, clock: FakeClock
) -> None:
    seed(store, github, clock, "a/one")
    clock.advance(3600)
    await store.claim_due(now=clock.now(), checked_before=clock.now(), claim_until=clock.now() + POLICY.lease, limit=5)
    report = await refresher(store, github, clock)()
    assert (report.claimed, github.calls) == (0, [])
    clock.advance(POLICY.lease.total_seconds() + 1)
    assert (await refresher(store, github, clock)()).claimed == 1


class ChangingStore(FakeTrackedRepoStore):
    """Someone refreshes the repo interactively while the batch waits for GitHub."""

    async def save(self, repo: TrackedRepo, expected_version: int) -> None:
        self.rows[repo.id].version += 1
        await super().save(repo, expected_version)


async def test_a_repo_changed_meanwhile_is_left_alone(github: FakeGitHubGateway, clock: FakeClock) -> None:
    store = ChangingStore()
    (repo,) = seed(store, github, clock, "a/one")
    clock.advance(3600)
    report = await refresher(store, github, clock)()
    assert report.claimed == 1
    assert store.rows[repo.id].last_checked_at == repo.last_checked_at
