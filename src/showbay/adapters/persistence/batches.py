"""The rows a background job takes a batch at a time (retry claims, refresh claims, purges): one mechanism.

Each batch is picked by a ``SELECT … LIMIT … FOR UPDATE SKIP LOCKED`` inside the one statement that writes it,
so replicas running the same job at once never take the same row and never wait on each other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, RowMapping, Table, TextClause, delete, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession


async def claim_due(
    session: AsyncSession,
    table: Table,
    *,
    due: Sequence[ColumnElement[bool] | TextClause],
    order_by: Sequence[ColumnElement[Any]],
    limit: int,
    lease: Mapping[str, Any],
    returning: Sequence[ColumnElement[Any]],
) -> Sequence[RowMapping]:
    """Write ``lease`` (the claim's columns) to up to ``limit`` rows matching ``due``, first by ``order_by``,
    passing over rows another transaction holds; the claimed rows' ``returning`` columns, in no set order."""
    picked = (
        select(table.c.id)
        .where(*due)
        .order_by(*order_by)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    claimed = update(table).where(table.c.id.in_(picked)).values(lease).returning(*returning)
    return (await session.execute(claimed)).mappings().all()


async def release(session: AsyncSession, table: Table, ids: Sequence[object], lease: Mapping[str, Any]) -> None:
    """End the claims on the rows ``ids`` (claimed but not done): ``lease`` sets the claim's columns back."""
    if ids:
        await session.execute(update(table).where(table.c.id.in_(ids)).values(lease))


async def delete_batch(session: AsyncSession, table: Table, *, where: ColumnElement[bool], limit: int) -> int:
    """Delete up to ``limit`` rows matching ``where``, passing over rows another transaction holds; how many."""
    key = list(table.primary_key.columns)
    picked = select(*key).where(where).limit(limit).with_for_update(skip_locked=True)
    doomed = key[0].in_(picked.scalar_subquery()) if len(key) == 1 else tuple_(*key).in_(picked)
    return len((await session.execute(delete(table).where(doomed).returning(key[0]))).all())
