"""What is the tracked repos list's own: its filter and its sort fields (the rest is ``application.listing``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from uuid import UUID

from showbay.application.listing import LIMIT_DEFAULT, Page, Position, SortKey, SortValue, check_page, parse_sort
from showbay.domain.tracked_repos import TrackedRepo


class RepoSortField(StrEnum):
    STARS = "stars"
    FORKS = "forks"
    PUSHED_AT = "pushed_at"
    NAME = "name"


NEVER_PUSHED = datetime(1970, 1, 1, tzinfo=UTC)
"""Where repos without a push (empty ones) sort: before every real push."""

RepoSort = tuple[SortKey[RepoSortField], ...]
RepoPosition = Position[UUID]
RepoPage = Page[TrackedRepo, UUID]
DEFAULT_SORT = "name"


def parse_repo_sort(raw: str) -> RepoSort:
    return parse_sort(raw, RepoSortField, DEFAULT_SORT)


def sort_value(repo: TrackedRepo, field: RepoSortField) -> SortValue:
    meta = repo.metadata
    match field:
        case RepoSortField.STARS:
            return meta.stars
        case RepoSortField.FORKS:
            return meta.forks
        case RepoSortField.PUSHED_AT:
            return meta.pushed_at or NEVER_PUSHED
        case RepoSortField.NAME:
            return meta.ref.name.lower()


def repo_position(repo: TrackedRepo, sort: RepoSort) -> RepoPosition:
    return Position.of(repo, sort, sort_value, repo.id)


@dataclass(frozen=True, slots=True)
class RepoListQuery:
    owner: str | None = None
    language: str | None = None
    archived: bool | None = None
    sort: RepoSort = (SortKey(RepoSortField.NAME),)
    limit: int = LIMIT_DEFAULT
    offset: int = 0
    after: RepoPosition | None = None
    with_total: bool = True

    def __post_init__(self) -> None:
        check_page(self.sort, self.limit, self.offset, self.after)
