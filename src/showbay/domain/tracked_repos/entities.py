"""The TrackedRepo entity and the metadata GitHub reports for a repository."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from showbay.domain.tracked_repos.names import RepoRef


@dataclass(frozen=True, slots=True)
class RepoMetadata:
    """What GitHub says about a repository, under its canonical ``owner/name``."""

    ref: RepoRef
    description: str | None
    language: str | None
    stars: int
    forks: int
    open_issues: int
    watchers: int
    default_branch: str
    html_url: str
    archived: bool
    pushed_at: datetime | None


@dataclass(slots=True)
class TrackedRepo:
    """A GitHub repository whose metadata showbay keeps.

    ``last_checked_at`` moves with every look at GitHub; ``last_changed_at`` only when the metadata changed.
    ``version`` grows with every stored change and backs optimistic concurrency (ETags).
    """

    id: UUID
    metadata: RepoMetadata
    github_etag: str | None
    last_checked_at: datetime
    last_changed_at: datetime
    created_at: datetime
    updated_at: datetime
    version: int = 1

    @classmethod
    def track(cls, repo_id: UUID, metadata: RepoMetadata, github_etag: str | None, now: datetime) -> TrackedRepo:
        return cls(repo_id, metadata, github_etag, now, now, now, now)

    @property
    def ref(self) -> RepoRef:
        return self.metadata.ref

    @property
    def full_name(self) -> str:
        return self.metadata.ref.full_name

    def record_fetch(self, metadata: RepoMetadata, github_etag: str | None, now: datetime) -> bool:
        """GitHub answered with (possibly) new metadata; return whether anything changed."""
        changed = metadata != self.metadata
        self.last_checked_at = now
        self.github_etag = github_etag
        if changed:
            self.metadata = metadata
            self.last_changed_at = now
            self.updated_at = now
        self.version += 1
        return changed

    def record_not_modified(self, now: datetime) -> None:
        """GitHub confirmed the stored ETag: only the check time moves."""
        self.last_checked_at = now
        self.version += 1

    @property
    def etag(self) -> str:
        return f'"{self.id}-{self.version}"'
