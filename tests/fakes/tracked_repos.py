"""In-memory fakes of the tracked-repos ports."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from showbay.application.errors import UpstreamError
from showbay.application.tracked_repos.ports import RateLimit, RepoFetched, RepoLookup, RepoMissing, RepoNotModified
from showbay.application.tracked_repos.queries import RepoListQuery, RepoPage
from showbay.domain.errors import StaleVersion
from showbay.domain.tracked_repos import RepoAlreadyTracked, RepoMetadata, RepoRef, TrackedRepo


def metadata(full_name: str = "octo/hello", **changes: Any) -> RepoMetadata:
    base = RepoMetadata(
        ref=RepoRef.parse(full_name),
        description="a repo",
        language="Python",
        stars=10,
        forks=2,
        open_issues=1,
        watchers=3,
        default_branch="main",
        html_url=f"https://github.com/{full_name}",
        archived=False,
        pushed_at=datetime(2026, 11, 1, tzinfo=UTC),
    )
    return replace(base, **changes)


@dataclass
class FakeGitHubGateway:
    """Repos by lower-case full name; ``renamed`` maps an old name to the canonical one; ``errors`` are raised
    (once each, in order) before answering."""

    repos: dict[str, RepoMetadata] = field(default_factory=dict)
    etags: dict[str, str] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)
    errors: list[UpstreamError] = field(default_factory=list)
    rate: RateLimit | None = None
    calls: list[tuple[str, str | None]] = field(default_factory=list)

    def publish(self, meta: RepoMetadata, etag: str = '"v1"') -> None:
        self.repos[meta.ref.full_name.lower()] = meta
        self.etags[meta.ref.full_name.lower()] = etag

    async def fetch_repo(self, ref: RepoRef, etag: str | None = None) -> RepoLookup:
        self.calls.append((ref.full_name, etag))
        if self.errors:
            raise self.errors.pop(0)
        key = self.renamed.get(ref.full_name.lower(), ref.full_name.lower())
        if key not in self.repos:
            return RepoMissing(self.rate)
        if etag is not None and etag == self.etags[key]:
            return RepoNotModified(self.rate)
        return RepoFetched(self.repos[key], self.etags[key], self.rate)


class FakeTrackedRepoStore:
    def __init__(self) -> None:
        self.rows: dict[UUID, TrackedRepo] = {}
        self.claims: dict[UUID, datetime] = {}

    def _clash(self, repo: TrackedRepo) -> None:
        for other in self.rows.values():
            if other.id != repo.id and other.ref.same_as(repo.ref):
                raise RepoAlreadyTracked(other.full_name, other.id)

    async def add(self, repo: TrackedRepo) -> TrackedRepo:
        self._clash(repo)
        self.rows[repo.id] = copy.deepcopy(repo)
        return repo

    async def get(self, repo_id: UUID, *, for_update: bool = False) -> TrackedRepo | None:
        repo = self.rows.get(repo_id)
        return copy.deepcopy(repo) if repo is not None else None

    async def find(self, ref: RepoRef) -> TrackedRepo | None:
        return next((copy.deepcopy(r) for r in self.rows.values() if r.ref.same_as(ref)), None)

    async def list(self, query: RepoListQuery) -> RepoPage:
        items = sorted(self.rows.values(), key=lambda r: r.full_name.lower())
        return RepoPage([copy.deepcopy(r) for r in items[query.offset : query.offset + query.limit]], len(items))

    async def save(self, repo: TrackedRepo, expected_version: int) -> None:
        if self.rows[repo.id].version != expected_version:
            raise StaleVersion("tracked repo", repo.id)
        self._clash(repo)
        self.rows[repo.id] = copy.deepcopy(repo)
        self.claims.pop(repo.id, None)

    async def delete(self, repo: TrackedRepo) -> None:
        if self.rows[repo.id].version != repo.version:
            raise StaleVersion("tracked repo", repo.id)
        del self.rows[repo.id]

    async def claim_due(
        self, *, now: datetime, checked_before: datetime, claim_until: datetime, limit: int
    ) -> Sequence[TrackedRepo]:
        free = (r for r in self.rows.values() if r.id not in self.claims or self.claims[r.id] < now)
        due = sorted((r for r in free if r.last_checked_at < checked_before), key=lambda r: r.last_checked_at)[:limit]
        self.claims.update((r.id, claim_until) for r in due)
        return [copy.deepcopy(r) for r in due]

    async def release(self, repo_ids: Sequence[UUID]) -> None:
        for repo_id in repo_ids:
            self.claims.pop(repo_id, None)
