"""How the list of tracked repos can be filtered, sorted and paged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from uuid import UUID

from showbay.domain.tracked_repos import TrackedRepo


class RepoSortField(StrEnum):
    STARS = "stars"
    FORKS = "forks"
    PUSHED_AT = "pushed_at"
    NAME = "name"


SortValue = int | str | datetime

NEVER_PUSHED = datetime(1970, 1, 1, tzinfo=UTC)
"""Where repos without a push (empty ones) sort: before every real push."""


@dataclass(frozen=True, slots=True)
class SortKey:
    field: RepoSortField
    descending: bool = False

    def __str__(self) -> str:
        return f"-{self.field}" if self.descending else str(self.field)

    def value_of(self, repo: TrackedRepo) -> SortValue:
        meta = repo.metadata
        values: dict[RepoSortField, SortValue] = {
            RepoSortField.STARS: meta.stars,
            RepoSortField.FORKS: meta.forks,
            RepoSortField.PUSHED_AT: meta.pushed_at or NEVER_PUSHED,
            RepoSortField.NAME: meta.ref.name.lower(),
        }
        return values[self.field]


DEFAULT_SORT = (SortKey(RepoSortField.NAME),)


@dataclass(frozen=True, slots=True)
class After:
    """Keyset position: the sort values and id of the last row of the previous page."""

    values: tuple[SortValue, ...]
    id: UUID


@dataclass(frozen=True, slots=True)
class RepoListQuery:
    owner: str | None = None
    language: str | None = None
    archived: bool | None = None
    sort: tuple[SortKey, ...] = DEFAULT_SORT
    limit: int = 20
    offset: int = 0
    after: After | None = None
    with_total: bool = True


@dataclass(frozen=True, slots=True)
class RepoPage:
    items: Sequence[TrackedRepo]
    total: int | None
    next_after: After | None = field(default=None)
