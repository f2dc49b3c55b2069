"""The one optimistic version check of every store: a write touches the row only at the version its caller read.

``UPDATE … WHERE id = :id AND version = :expected RETURNING id`` (or the ``DELETE``) matches no row once another
writer has moved the version on (or the row is gone); the store then raises ``StaleVersion``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Delete, Table, Update, delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from showbay.domain.errors import StaleVersion


async def update_at_version(
    session: AsyncSession,
    table: Table,
    row_id: object,
    expected_version: int,
    values: Mapping[str, Any],
    *,
    resource: str,
) -> None:
    """Write ``values`` to the row ``row_id`` if it is still at ``expected_version``, else ``StaleVersion``."""
    statement = update(table).where(table.c.id == row_id, table.c.version == expected_version).values(values)
    await _one_row_or_stale(session, statement.returning(table.c.id), resource, row_id)


async def delete_at_version(
    session: AsyncSession, table: Table, row_id: object, expected_version: int, *, resource: str
) -> None:
    """Delete the row ``row_id`` if it is still at ``expected_version``, else ``StaleVersion``."""
    statement = delete(table).where(table.c.id == row_id, table.c.version == expected_version)
    await _one_row_or_stale(session, statement.returning(table.c.id), resource, row_id)


async def _one_row_or_stale(session: AsyncSession, statement: Update | Delete, resource: str, row_id: object) -> None:
    if (await session.execute(statement)).one_or_none() is None:
        raise StaleVersion(resource, row_id)
