"""One class per tracked-repo operation, and the background refresh of due repos (small batches, paused on a low
rate limit). GitHub is asked through the GitHubGateway, rows kept by the store."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID, uuid4

from showbay.application.errors import UPSTREAM_ERRORS, Raises, UpstreamBadResponse, UpstreamError
from showbay.application.ports import Clock, TransactionManager
from showbay.application.tracked_repos.errors import GitHubRateLimited
from showbay.application.tracked_repos.ports import (
    GitHubGateway,
    RepoFetched,
    RepoLookup,
    RepoMissing,
    TrackedRepoStore,
)
from showbay.application.tracked_repos.queries import RepoListQuery, RepoPage
from showbay.domain.errors import StaleVersion, require_version
from showbay.domain.tracked_repos import (
    GitHubRepoNotFound,
    RepoAlreadyTracked,
    RepoRef,
    TrackedRepo,
    TrackedRepoNotFound,
)

logger = logging.getLogger("showbay.refresher")


async def _load(store: TrackedRepoStore, repo_id: UUID, if_match: int | None = None) -> TrackedRepo:
    repo = await store.get(repo_id, for_update=True)
    if repo is None:
        raise TrackedRepoNotFound(repo_id)
    require_version("tracked repo", repo_id, repo.version, if_match)
    return repo


async def _ensure_untracked(store: TrackedRepoStore, ref: RepoRef, except_id: UUID | None = None) -> None:
    existing = await store.find(ref)
    if existing is not None and existing.id != except_id:
        raise RepoAlreadyTracked(existing.full_name, existing.id)


def apply_lookup(repo: TrackedRepo, lookup: RepoLookup, clock: Clock) -> bool:
    """Record GitHub's answer on ``repo``; return whether the metadata changed."""
    if isinstance(lookup, RepoMissing):
        raise GitHubRepoNotFound(repo.full_name)
    if isinstance(lookup, RepoFetched):
        return repo.record_fetch(lookup.metadata, lookup.etag, clock.now())
    repo.record_not_modified(clock.now())
    return False


class TrackRepo:
    """Start tracking a GitHub repository: fetch its metadata and store it under its canonical name."""

    raises: Raises = (RepoAlreadyTracked, GitHubRepoNotFound, GitHubRateLimited, *UPSTREAM_ERRORS)

    def __init__(self, store: TrackedRepoStore, github: GitHubGateway, tx: TransactionManager, clock: Clock) -> None:
        self._store, self._github, self._tx, self._clock = store, github, tx, clock

    async def __call__(self, ref: RepoRef) -> TrackedRepo:
        await _ensure_untracked(self._store, ref)
        lookup = await self._github.fetch_repo(ref)
        if isinstance(lookup, RepoMissing):
            raise GitHubRepoNotFound(ref.full_name)
        if not isinstance(lookup, RepoFetched):
            raise UpstreamBadResponse("github", "GitHub answered 304 to an unconditional request")
        if not lookup.metadata.ref.same_as(ref):
            await _ensure_untracked(self._store, lookup.metadata.ref)
        repo = await self._store.add(TrackedRepo.track(uuid4(), lookup.metadata, lookup.etag, self._clock.now()))
        await self._tx.commit()
        return repo


class GetTrackedRepo:
    """Read one tracked repo."""

    raises: Raises = (TrackedRepoNotFound,)

    def __init__(self, store: TrackedRepoStore) -> None:
        self._store = store

    async def __call__(self, repo_id: UUID) -> TrackedRepo:
        repo = await self._store.get(repo_id)
        if repo is None:
            raise TrackedRepoNotFound(repo_id)
        return repo


class ListTrackedRepos:
    """One page of tracked repos, filtered and sorted."""

    raises: Raises = ()

    def __init__(self, store: TrackedRepoStore) -> None:
        self._store = store

    async def __call__(self, query: RepoListQuery) -> RepoPage:
        return await self._store.list(query)


class RefreshTrackedRepo:
    """Ask GitHub again, conditionally (``If-None-Match`` with the stored ETag): a 304 only moves
    ``last_checked_at``; changed metadata is stored and moves ``last_changed_at``."""

    raises: Raises = (TrackedRepoNotFound, StaleVersion, GitHubRepoNotFound, GitHubRateLimited, *UPSTREAM_ERRORS)

    def __init__(self, store: TrackedRepoStore, github: GitHubGateway, tx: TransactionManager, clock: Clock) -> None:
        self._store, self._github, self._tx, self._clock = store, github, tx, clock

    async def __call__(self, repo_id: UUID, if_match: int | None = None) -> TrackedRepo:
        repo = await _load(self._store, repo_id, if_match)
        read_version = repo.version
        apply_lookup(repo, await self._github.fetch_repo(repo.ref, repo.github_etag), self._clock)
        await self._store.save(repo, expected_version=read_version)
        await self._tx.commit()
        return repo


class ReplaceTrackedRepo:
    """PUT: point the tracked repo at ``owner/name``. The same name (in any case) is a conditional refresh;
    another name is fetched afresh and must not be tracked already."""

    raises: Raises = (
        TrackedRepoNotFound,
        StaleVersion,
        RepoAlreadyTracked,
        GitHubRepoNotFound,
        GitHubRateLimited,
        *UPSTREAM_ERRORS,
    )

    def __init__(self, store: TrackedRepoStore, github: GitHubGateway, tx: TransactionManager, clock: Clock) -> None:
        self._store, self._github, self._tx, self._clock = store, github, tx, clock

    async def __call__(self, repo_id: UUID, ref: RepoRef, if_match: int | None = None) -> TrackedRepo:
        repo = await _load(self._store, repo_id, if_match)
        read_version = repo.version
        if ref.same_as(repo.ref):
            lookup = await self._github.fetch_repo(repo.ref, repo.github_etag)
        else:
            await _ensure_untracked(self._store, ref, except_id=repo.id)
            lookup = await self._github.fetch_repo(ref)
            if isinstance(lookup, RepoMissing):
                raise GitHubRepoNotFound(ref.full_name)
        apply_lookup(repo, lookup, self._clock)
        await self._store.save(repo, expected_version=read_version)
        await self._tx.commit()
        return repo


class UntrackRepo:
    """Stop tracking a repository (optionally only if it is still at ``if_match``)."""

    raises: Raises = (TrackedRepoNotFound, StaleVersion)

    def __init__(self, store: TrackedRepoStore, tx: TransactionManager) -> None:
        self._store, self._tx = store, tx

    async def __call__(self, repo_id: UUID, if_match: int | None = None) -> None:
        repo = await _load(self._store, repo_id, if_match)
        await self._store.delete(repo)
        await self._tx.commit()


@dataclass(frozen=True, slots=True)
class RefreshPolicy:
    interval: timedelta = timedelta(hours=1)
    """A repo is due when its last check is older than this."""
    batch_size: int = 10
    """Repos claimed (and locked) per transaction."""
    rate_limit_reserve: int = 50
    """Stop and wait for GitHub's reset when fewer requests than this remain (left for interactive calls)."""
    idle_delay: timedelta = timedelta(minutes=1)
    """How long to wait when nothing was due or GitHub failed."""
    lease: timedelta = timedelta(minutes=10)
    """How long a claim keeps other replicas off a repo; a replica that dies mid-batch frees it this late."""


@dataclass(slots=True)
class BatchReport:
    claimed: int = 0
    changed: int = 0
    not_modified: int = 0
    missing: int = 0
    failed: int = 0
    pause_until: datetime | None = None

    def next_run_in(self, policy: RefreshPolicy, now: datetime) -> float:
        """Seconds to wait before the next batch."""
        if self.pause_until is not None:
            return max((self.pause_until - now).total_seconds(), 1.0)
        if self.claimed == policy.batch_size and self.failed == 0:
            return 0.0  # a full batch: more may be due
        return policy.idle_delay.total_seconds()


class RefreshDueRepos:
    """Refresh one batch of due repos.

    The batch is claimed in one short transaction (``FOR UPDATE SKIP LOCKED`` plus a lease), so a replica
    running at the same time skips it; then each repo is fetched outside any transaction and saved in its own.
    No row lock or connection is held while GitHub answers.
    """

    raises: Raises = ()

    def __init__(
        self,
        store: TrackedRepoStore,
        github: GitHubGateway,
        tx: TransactionManager,
        clock: Clock,
        policy: RefreshPolicy,
    ) -> None:
        self._store, self._github, self._tx, self._clock, self._policy = store, github, tx, clock, policy

    async def __call__(self) -> BatchReport:
        report = BatchReport()
        now = self._clock.now()
        policy = self._policy
        due = await self._store.claim_due(
            now=now, checked_before=now - policy.interval, claim_until=now + policy.lease, limit=policy.batch_size
        )
        await self._tx.commit()
        report.claimed = len(due)
        for done, repo in enumerate(due):
            if not await self._refresh(repo, report):
                await self._store.release([r.id for r in due[done:]])  # others may take them after the pause
                await self._tx.commit()
                break
        return report

    async def _refresh(self, repo: TrackedRepo, report: BatchReport) -> bool:
        """Refresh one repo and save it; return whether the batch may go on (False: the repo was not saved)."""
        before = dataclasses.replace(repo)
        try:
            lookup = await self._github.fetch_repo(repo.ref, repo.github_etag)
        except GitHubRateLimited as exc:
            report.pause_until = self._clock.now() + timedelta(seconds=exc.retry_after or 60)
            return False
        except UpstreamBadResponse as exc:
            logger.warning("GitHub answered badly for %s: %s", repo.full_name, exc)
            report.failed += 1
            repo.record_not_modified(self._clock.now())  # checked; try again after the interval
        except UpstreamError as exc:
            logger.warning("GitHub unavailable while refreshing %s: %s", repo.full_name, exc)
            report.failed += 1
            return False
        else:
            if isinstance(lookup, RepoFetched) and repo.record_fetch(lookup.metadata, lookup.etag, self._clock.now()):
                report.changed += 1
            elif isinstance(lookup, RepoFetched):
                report.not_modified += 1
            else:
                report.missing += isinstance(lookup, RepoMissing)
                report.not_modified += not isinstance(lookup, RepoMissing)
                repo.record_not_modified(self._clock.now())
            rate = lookup.rate
            if rate is not None and rate.remaining < self._policy.rate_limit_reserve:
                report.pause_until = rate.reset_at
        await self._save(repo, before)
        await self._tx.commit()
        return report.pause_until is None

    async def _save(self, repo: TrackedRepo, before: TrackedRepo) -> None:
        try:
            await self._store.save(repo, expected_version=before.version)
        except StaleVersion:
            logger.info("%s changed while it was refreshed (an interactive refresh?): left as it is", repo.full_name)
        except RepoAlreadyTracked as exc:
            logger.warning("%s was renamed to %s, which is tracked already", before.full_name, exc.full_name)
            before.record_not_modified(self._clock.now())
            await self._store.save(before, expected_version=before.version - 1)
