"""One class per tracked-repo operation. GitHub is asked through the GitHubGateway, rows kept by the store."""

from __future__ import annotations

from uuid import UUID, uuid4

from showbay.application.errors import UpstreamBadResponse
from showbay.application.ports import Clock, TransactionManager
from showbay.application.tracked_repos.github import RepoFetched, RepoLookup, RepoMissing
from showbay.application.tracked_repos.ports import GitHubGateway, TrackedRepoStore
from showbay.application.tracked_repos.queries import RepoListQuery, RepoPage
from showbay.domain.errors import StaleVersion
from showbay.domain.tracked_repos import (
    GitHubRepoNotFound,
    RepoAlreadyTracked,
    RepoRef,
    TrackedRepo,
    TrackedRepoNotFound,
)


async def _load(store: TrackedRepoStore, repo_id: UUID, if_match: int | None = None) -> TrackedRepo:
    repo = await store.get(repo_id, for_update=True)
    if repo is None:
        raise TrackedRepoNotFound(repo_id)
    if if_match is not None and if_match != repo.version:
        raise StaleVersion("tracked repo", repo_id)
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

    def __init__(self, store: TrackedRepoStore) -> None:
        self._store = store

    async def __call__(self, repo_id: UUID) -> TrackedRepo:
        repo = await self._store.get(repo_id)
        if repo is None:
            raise TrackedRepoNotFound(repo_id)
        return repo


class ListTrackedRepos:
    """One page of tracked repos, filtered and sorted."""

    def __init__(self, store: TrackedRepoStore) -> None:
        self._store = store

    async def __call__(self, query: RepoListQuery) -> RepoPage:
        return await self._store.list(query)


class RefreshTrackedRepo:
    """Ask GitHub again, conditionally (``If-None-Match`` with the stored ETag): a 304 only moves
    ``last_checked_at``; changed metadata is stored and moves ``last_changed_at``."""

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

    def __init__(self, store: TrackedRepoStore, tx: TransactionManager) -> None:
        self._store, self._tx = store, tx

    async def __call__(self, repo_id: UUID, if_match: int | None = None) -> None:
        repo = await _load(self._store, repo_id, if_match)
        await self._store.delete(repo)
        await self._tx.commit()
