"""SqlaTrackedRepoStore: the TrackedRepoStore port on PostgreSQL through SQLAlchemy Core."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import Select, func, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from showbay.adapters.persistence.batches import claim_due, release
from showbay.adapters.persistence.tables import tracked_repos
from showbay.adapters.persistence.tracked_repos.queries import KEYSET
from showbay.adapters.persistence.tracked_repos.rows import repo_from_row, repo_to_row
from showbay.adapters.persistence.versions import delete_at_version, update_at_version
from showbay.application.listing import Page
from showbay.application.tracked_repos.queries import RepoListQuery, RepoPage, repo_position
from showbay.domain.tracked_repos import RepoAlreadyTracked, RepoRef, TrackedRepo

_UNIQUE_NAME = "uq_tracked_repos_lower_owner_lower_name"
_RESOURCE = "tracked repo"
t = tracked_repos


def _constraint(exc: IntegrityError) -> str | None:
    diag = getattr(exc.orig, "diag", None)
    return getattr(diag, "constraint_name", None)


class SqlaTrackedRepoStore:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, repo: TrackedRepo) -> TrackedRepo:
        try:
            async with self._session.begin_nested():
                result = await self._session.execute(insert(t).values(id=repo.id, **repo_to_row(repo)).returning(t))
                row = result.mappings().one()
        except IntegrityError as exc:
            await self._raise_duplicate(exc, repo.ref)
            raise
        return repo_from_row(row)

    async def _raise_duplicate(self, exc: IntegrityError, ref: RepoRef) -> None:
        if _constraint(exc) == _UNIQUE_NAME and (existing := await self.find(ref)) is not None:
            raise RepoAlreadyTracked(existing.full_name, existing.id) from exc

    async def get(self, repo_id: UUID, *, for_update: bool = False) -> TrackedRepo | None:
        statement = select(t).where(t.c.id == repo_id)
        if for_update:
            statement = statement.with_for_update()
        row = (await self._session.execute(statement)).mappings().one_or_none()
        return None if row is None else repo_from_row(row)

    async def find(self, ref: RepoRef) -> TrackedRepo | None:
        statement = select(t).where(
            func.lower(t.c.owner) == ref.owner.lower(), func.lower(t.c.name) == ref.name.lower()
        )
        row = (await self._session.execute(statement)).mappings().one_or_none()
        return None if row is None else repo_from_row(row)

    async def list(self, query: RepoListQuery) -> RepoPage:
        filtered = self._filtered(query)
        page = filtered.order_by(*KEYSET.order_by(query.sort)).limit(query.limit + 1)
        if query.after is not None:
            page = page.where(KEYSET.after(query.sort, query.after))
        else:
            page = page.offset(query.offset)
        rows = (await self._session.execute(page)).mappings().all()
        total = None
        if query.with_total:
            count = select(func.count()).select_from(filtered.subquery())
            total = int((await self._session.execute(count)).scalar_one())
        found = [repo_from_row(row) for row in rows]
        return Page.of(found, query.limit, total, lambda repo: repo_position(repo, query.sort))

    @staticmethod
    def _filtered(query: RepoListQuery) -> Select[tuple[object, ...]]:
        statement = select(t)
        if query.owner is not None:
            statement = statement.where(func.lower(t.c.owner) == query.owner.lower())
        if query.language is not None:
            statement = statement.where(func.lower(t.c.language) == query.language.lower())
        if query.archived is not None:
            statement = statement.where(t.c.archived.is_(query.archived))
        return statement

    async def save(self, repo: TrackedRepo, expected_version: int) -> None:
        try:
            async with self._session.begin_nested():
                values = {**repo_to_row(repo), "refresh_claimed_until": None}
                await update_at_version(self._session, t, repo.id, expected_version, values, resource=_RESOURCE)
        except IntegrityError as exc:
            await self._raise_duplicate(exc, repo.ref)
            raise

    async def delete(self, repo: TrackedRepo) -> None:
        await delete_at_version(self._session, t, repo.id, repo.version, resource=_RESOURCE)

    async def claim_due(
        self, *, now: datetime, checked_before: datetime, claim_until: datetime, limit: int
    ) -> Sequence[TrackedRepo]:
        rows = await claim_due(
            self._session,
            t,
            due=[
                t.c.last_checked_at < checked_before,
                or_(t.c.refresh_claimed_until.is_(None), t.c.refresh_claimed_until < now),
            ],
            order_by=[t.c.last_checked_at, t.c.id],
            limit=limit,
            lease={"refresh_claimed_until": claim_until},
            returning=list(t.c),
        )
        return sorted((repo_from_row(row) for row in rows), key=lambda r: (r.last_checked_at, str(r.id)))

    async def release(self, repo_ids: Sequence[UUID]) -> None:
        await release(self._session, t, repo_ids, {"refresh_claimed_until": None})
