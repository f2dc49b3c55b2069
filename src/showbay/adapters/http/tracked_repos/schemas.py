"""Request and response bodies of /api/v1/repos, and their conversion to and from the domain."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID

import msgspec

from showbay.adapters.http.lists import ListPage, envelope
from showbay.domain.tracked_repos import RepoRef, TrackedRepo
from showbay.domain.tracked_repos.names import NAME_MAX, OWNER_MAX

Owner = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=OWNER_MAX,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$",
        description="A GitHub account: letters, digits and hyphens, not starting with a hyphen",
        examples=["litestar-org"],
    ),
]
Name = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=NAME_MAX,
        pattern=r"^[A-Za-z0-9._-]+$",
        description="A repository name: letters, digits, '.', '-' and '_' ('.' and '..' are reserved)",
        examples=["litestar"],
    ),
]


class RepoWrite(msgspec.Struct, forbid_unknown_fields=True):
    """Which GitHub repository to track (POST) or to point a tracked repo at (PUT)."""

    owner: Owner
    name: Name

    def to_ref(self) -> RepoRef:
        return RepoRef(self.owner, self.name)


class RepoRead(msgspec.Struct):
    id: UUID
    owner: str
    name: str
    full_name: str
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
    last_checked_at: datetime
    last_changed_at: datetime
    created_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def from_repo(cls, repo: TrackedRepo) -> RepoRead:
        meta = repo.metadata
        return cls(
            id=repo.id,
            owner=meta.ref.owner,
            name=meta.ref.name,
            full_name=meta.ref.full_name,
            description=meta.description,
            language=meta.language,
            stars=meta.stars,
            forks=meta.forks,
            open_issues=meta.open_issues,
            watchers=meta.watchers,
            default_branch=meta.default_branch,
            html_url=meta.html_url,
            archived=meta.archived,
            pushed_at=None if meta.pushed_at is None else meta.pushed_at.astimezone(UTC),
            last_checked_at=repo.last_checked_at.astimezone(UTC),
            last_changed_at=repo.last_changed_at.astimezone(UTC),
            created_at=repo.created_at.astimezone(UTC),
            updated_at=repo.updated_at.astimezone(UTC),
            version=repo.version,
        )


RepoList = Annotated[ListPage[RepoRead], envelope("RepoList", "A page of tracked repositories")]
