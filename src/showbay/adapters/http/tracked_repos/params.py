"""The repos list's keyset cursor: the shared codec with the types of the repo sort fields."""

from __future__ import annotations

from uuid import UUID

from showbay.adapters.http.cursor import AwareDatetime, CursorCodec, Int32
from showbay.application.tracked_repos.queries import RepoSortField

SORT_DESCRIPTION = (
    "Comma-separated fields among stars, forks, pushed_at, name; a leading '-' sorts descending (e.g. -stars,name)"
)

CURSORS: CursorCodec[RepoSortField, UUID] = CursorCodec(
    {
        RepoSortField.STARS: Int32,
        RepoSortField.FORKS: Int32,
        RepoSortField.PUSHED_AT: AwareDatetime,
        RepoSortField.NAME: str,
    },
    UUID,
)
