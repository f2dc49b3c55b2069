"""SqlaItemStore: the ItemStore port on PostgreSQL through SQLAlchemy Core."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, Select, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from showbay.adapters.persistence.keyset import Keyset
from showbay.adapters.persistence.tables import items
from showbay.adapters.persistence.versions import delete_at_version, update_at_version
from showbay.application.items.queries import SORTABLE, ItemQuery
from showbay.domain.items import ExternalSnapshot, Item


def snapshot_to_json(snapshot: ExternalSnapshot | None) -> dict[str, Any] | None:
    if snapshot is None:
        return None
    post = {"id": snapshot.post_id, "user_id": snapshot.user_id, "title": snapshot.title, "body": snapshot.body}
    return {"post": post, "comments_count": snapshot.comments_count}


def snapshot_from_json(document: dict[str, Any] | None) -> ExternalSnapshot | None:
    if document is None:
        return None
    post = document["post"]
    return ExternalSnapshot(post["id"], post["user_id"], post["title"], post["body"], document["comments_count"])


def item_from_row(row: Mapping[Any, Any]) -> Item:
    return Item(
        id=row["id"],
        owner_id=row["owner_id"],
        title=row["title"],
        description=row["description"],
        external_ref=row["external_ref"],
        external_data=snapshot_from_json(row["external_data"]),
        external_fetched_at=row["external_fetched_at"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        version=row["version"],
    )


def item_to_row(item: Item) -> dict[str, Any]:
    return {
        "owner_id": item.owner_id,
        "title": item.title,
        "description": item.description,
        "external_ref": item.external_ref,
        "external_data": snapshot_to_json(item.external_data),
        "external_fetched_at": item.external_fetched_at,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
        "version": item.version,
    }


KEYSET: Keyset[str] = Keyset({field: items.c[field] for field in SORTABLE}, items.c.id, tie_field="id")


def _matching(owner_id: str, q: str | None) -> list[ColumnElement[bool]]:
    conditions = [items.c.owner_id == owner_id]
    if q:
        conditions.append(items.c.title.icontains(q, autoescape=True))
    return conditions


def find_statement(owner_id: str, query: ItemQuery) -> Select[Any]:
    """One page of the owner's items and one row more (there is a next page when it comes back): a keyset page
    starts after ``query.after``, else at ``query.offset``."""
    statement = select(items).where(*_matching(owner_id, query.q))
    if query.after is not None:
        statement = statement.where(KEYSET.after(query.sort, query.after))
    elif query.offset:
        statement = statement.offset(query.offset)
    return statement.order_by(*KEYSET.order_by(query.sort)).limit(query.limit + 1)


def _get_statement(owner_id: str, item_id: int) -> Select[Any]:
    return select(items).where(items.c.id == item_id, items.c.owner_id == owner_id)


class SqlaItemStore:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, item: Item) -> Item:
        result = await self._session.execute(insert(items).values(item_to_row(item)).returning(items))
        return item_from_row(result.mappings().one())

    async def get(self, owner_id: str, item_id: int) -> Item | None:
        result = await self._session.execute(_get_statement(owner_id, item_id))
        row = result.mappings().one_or_none()
        return None if row is None else item_from_row(row)

    async def find(self, owner_id: str, query: ItemQuery) -> list[Item]:
        result = await self._session.execute(find_statement(owner_id, query))
        return [item_from_row(row) for row in result.mappings()]

    async def count(self, owner_id: str, q: str | None) -> int:
        result = await self._session.execute(select(func.count()).select_from(items).where(*_matching(owner_id, q)))
        return int(result.scalar_one())

    async def save(self, item: Item, expected_version: int) -> None:
        await update_at_version(self._session, items, item.id, expected_version, item_to_row(item), resource="item")

    async def delete(self, item: Item) -> None:
        await delete_at_version(self._session, items, item.id, item.version, resource="item")
