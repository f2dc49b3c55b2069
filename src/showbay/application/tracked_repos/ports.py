"""Ports of the tracked repositories context, and what the GitHubGateway answers in the application's words (no
HTTP types)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from showbay.application.tracked_repos.queries import RepoListQuery, RepoPage
from showbay.domain.tracked_repos import RepoMetadata, RepoRef, TrackedRepo


@dataclass(frozen=True, slots=True)
class RateLimit:
    """GitHub's budget for our credentials as of the last answer."""

    limit: int
    remaining: int
    reset_at: datetime


@dataclass(frozen=True, slots=True)
class RepoFetched:
    """GitHub answered with the repository's metadata (under its canonical name) and an ETag for next time."""

    metadata: RepoMetadata
    etag: str | None
    rate: RateLimit | None = None


@dataclass(frozen=True, slots=True)
class RepoNotModified:
    """GitHub confirmed the ETag we sent (a 304, which costs no rate limit)."""

    rate: RateLimit | None = None


@dataclass(frozen=True, slots=True)
class RepoMissing:
    """GitHub has no repository by that name (or it is private to us)."""

    rate: RateLimit | None = None


RepoLookup = RepoFetched | RepoNotModified | RepoMissing


class GitHubGateway(Protocol):
    """GitHub's REST API, as far as tracking repositories needs it."""

    async def fetch_repo(self, ref: RepoRef, etag: str | None = None) -> RepoLookup:
        """Look ``ref`` up; with ``etag`` the request is conditional and may answer ``RepoNotModified``.

        Raises ``GitHubRateLimited`` when GitHub refuses us for a rate limit, and the other
        ``UpstreamUnavailable`` / ``UpstreamTimeout`` / ``UpstreamBadResponse`` errors for failures.
        """
        ...


class TrackedRepoStore(Protocol):
    """Keeps tracked repos. They are shared data: there is no owner scoping."""

    async def add(self, repo: TrackedRepo) -> TrackedRepo:
        """Insert; raise ``RepoAlreadyTracked`` (naming the existing id) when the name is tracked already."""
        ...

    async def get(self, repo_id: UUID, *, for_update: bool = False) -> TrackedRepo | None:
        """The tracked repo, or ``None``; ``for_update`` locks the row until the transaction ends."""
        ...

    async def find(self, ref: RepoRef) -> TrackedRepo | None:
        """The tracked repo with that name (case-insensitively), or ``None``."""
        ...

    async def list(self, query: RepoListQuery) -> RepoPage:
        """One page of tracked repos."""
        ...

    async def save(self, repo: TrackedRepo, expected_version: int) -> None:
        """Persist a change (ending any refresh claim); ``StaleVersion`` if the stored one moved on,
        ``RepoAlreadyTracked`` on a name clash."""
        ...

    async def delete(self, repo: TrackedRepo) -> None:
        """Remove it; ``StaleVersion`` if it changed since it was read."""
        ...

    async def claim_due(
        self, *, now: datetime, checked_before: datetime, claim_until: datetime, limit: int
    ) -> Sequence[TrackedRepo]:
        """Claim up to ``limit`` repos last checked before ``checked_before`` whose earlier claim (if any) ended
        before ``now``, oldest check first, until ``claim_until`` (or until they are saved or released). Rows
        another transaction is claiming are skipped, so concurrent refreshers never claim the same repo."""
        ...

    async def release(self, repo_ids: Sequence[UUID]) -> None:
        """Drop the claims on repos that were claimed but not refreshed."""
        ...
