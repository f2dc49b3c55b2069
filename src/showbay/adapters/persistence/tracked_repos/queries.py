"""The sort expressions of the tracked repos list for the shared keyset builder; they match the indexes."""

from __future__ import annotations

from sqlalchemy import func, text

from showbay.adapters.persistence.keyset import Keyset
from showbay.adapters.persistence.tables import tracked_repos as t
from showbay.application.tracked_repos.queries import RepoSortField

KEYSET = Keyset(
    {
        RepoSortField.STARS: t.c.stars,
        RepoSortField.FORKS: t.c.forks,
        # The same text as the index ix_tracked_repos_pushed_at_sort_id, so the planner can use it.
        RepoSortField.PUSHED_AT: func.coalesce(
            t.c.pushed_at, text("'1970-01-01 00:00:00+00'::timestamp with time zone")
        ),
        RepoSortField.NAME: func.lower(t.c.name),
    },
    t.c.id,
)
