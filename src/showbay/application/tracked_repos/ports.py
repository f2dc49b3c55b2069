"""Ports of the tracked repositories context."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from showbay.application.tracked_repos.github import RepoLookup
from showbay.application.tracked_repos.queries import RepoListQuery, RepoPage
from showbay.domain.tracked_repos import RepoRef, TrackedRepo


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
        """Persist a change; ``StaleVersion`` if the stored one moved on, ``RepoAlreadyTracked`` on a name clash."""
        ...

    async def delete(self, repo: TrackedRepo) -> None:
        """Remove it; ``StaleVersion`` if it changed since it was read."""
        ...

    async def claim_due(self, checked_before: datetime, limit: int) -> Sequence[TrackedRepo]:
        """Lock up to ``limit`` repos last checked before ``checked_before``, oldest first, skipping rows
        another transaction holds, so concurrent refreshers never pick the same repo."""
        ...
