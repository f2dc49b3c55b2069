"""/api/v1/items: create, list, read, replace, merge-patch, delete, and fetch the linked external data."""

from __future__ import annotations

from typing import Annotated, Any

from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, delete, get, patch, put
from litestar.params import Body, QueryParameter
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from showbay.adapters.http.conditional import (
    IfMatch,
    IfNoneMatch,
    current_or_not_modified,
    expected_version,
    location,
    tagged,
)
from showbay.adapters.http.errors import errors_of
from showbay.adapters.http.idempotency import idempotent_post
from showbay.adapters.http.items.params import CURSORS
from showbay.adapters.http.items.schemas import ItemList, ItemMergePatch, ItemRead, ItemWrite
from showbay.adapters.http.lists import CURSOR_RULES, list_page
from showbay.adapters.http.paging import (
    LIMIT_DEFAULT,
    Limit,
    OptionalOffset,
    ResourceId,
    cursor_parameter,
    sort_parameter,
)
from showbay.adapters.http.security import OWNER
from showbay.application.errors import UPSTREAM_ERRORS, InvalidCursor
from showbay.application.items.errors import ItemHasNoExternalRef, ItemNotFound
from showbay.application.items.queries import SORTABLE, ItemQuery, parse_item_sort
from showbay.application.items.use_cases import (
    CreateItem,
    DeleteItem,
    FetchItemExternalData,
    GetItem,
    ListItems,
    PatchItem,
    ReplaceItem,
)
from showbay.application.placeholder.errors import ExternalPostNotFound
from showbay.application.principal import Principal
from showbay.domain.errors import StaleVersion
from showbay.domain.items import Item

Cursor = Annotated[str | None, cursor_parameter("A next_cursor from the previous page (keyset pages)")]
Sort = Annotated[
    str | None,
    sort_parameter(
        SORTABLE,
        "Comma-separated fields among id, title, created_at, updated_at; '-' = descending. Default -created_at",
    ),
]
Search = Annotated[
    str | None, QueryParameter(max_length=255, pattern=r"^[^\x00]*$", description="Case-insensitive part of the title")
]
MergePatchBody = Annotated[
    ItemMergePatch,
    Body(
        media_type="application/merge-patch+json",
        description="RFC 7396 JSON merge patch (application/json is accepted too)",
    ),
]
AuthedRequest = Request[Principal, Any, Any]


def _item_response(item: Item, status_code: int = 200, headers: dict[str, str] | None = None) -> Response[ItemRead]:
    return tagged(ItemRead.from_item(item), item.etag, status_code, headers)


class ItemController(Controller):
    path = "/items"
    tags = ["items"]
    opt = {"access": OWNER}

    @idempotent_post(
        "/",
        operation_id="createItem",
        summary="Create an item",
        status_code=HTTP_201_CREATED,
        responses=errors_of(body=True),
    )
    async def create_item(
        self, request: AuthedRequest, data: Annotated[ItemWrite, Body()], create: FromDishka[CreateItem]
    ) -> Response[ItemRead]:
        item = await create(request.user, data.to_draft())
        return _item_response(item, HTTP_201_CREATED, location(request, item.id))

    @get(
        "/",
        operation_id="listItems",
        description=CURSOR_RULES,
        summary="List your items (search, sort, offset or keyset pages)",
        responses=errors_of(InvalidCursor),
    )
    async def list_items(
        self,
        request: AuthedRequest,
        list_items: FromDishka[ListItems],
        *,
        limit: Limit = LIMIT_DEFAULT,
        offset: OptionalOffset = None,
        cursor: Cursor = None,
        sort: Sort = None,
        q: Search = None,
    ) -> ItemList:
        keys = parse_item_sort(sort)
        after = None if cursor is None else CURSORS.decode(cursor, keys)
        query = ItemQuery(keys, limit, q or None, offset or 0, after)
        return list_page(query, await list_items(request.user, query), ItemRead.from_item, CURSORS)

    @get(
        "/{item_id:int}",
        operation_id="getItem",
        summary="Get an item",
        responses=errors_of(ItemNotFound, conditional=True),
    )
    async def get_item(
        self,
        request: AuthedRequest,
        item_id: ResourceId,
        get_item: FromDishka[GetItem],
        if_none_match: IfNoneMatch = None,
    ) -> Response[ItemRead]:
        item = await get_item(request.user, item_id)
        return current_or_not_modified(if_none_match, item.etag, ItemRead.from_item(item))

    @put(
        "/{item_id:int}",
        operation_id="replaceItem",
        summary="Replace an item's editable fields",
        responses=errors_of(ItemNotFound, StaleVersion, body=True),
    )
    async def replace_item(
        self,
        request: AuthedRequest,
        item_id: ResourceId,
        data: Annotated[ItemWrite, Body()],
        replace: FromDishka[ReplaceItem],
        if_match: IfMatch = None,
    ) -> Response[ItemRead]:
        item = await replace(request.user, item_id, data.to_draft(), expected_version(if_match, item_id))
        return _item_response(item)

    @patch(
        "/{item_id:int}",
        operation_id="patchItem",
        summary="Change some of an item's fields (JSON merge patch)",
        responses=errors_of(ItemNotFound, StaleVersion, body=True),
    )
    async def patch_item(
        self,
        request: AuthedRequest,
        item_id: ResourceId,
        data: MergePatchBody,
        patch_item: FromDishka[PatchItem],
        if_match: IfMatch = None,
    ) -> Response[ItemRead]:
        item = await patch_item(request.user, item_id, data.to_patch(), expected_version(if_match, item_id))
        return _item_response(item)

    @delete(
        "/{item_id:int}",
        operation_id="deleteItem",
        summary="Delete an item",
        status_code=HTTP_204_NO_CONTENT,
        responses=errors_of(ItemNotFound, StaleVersion),
    )
    async def delete_item(
        self,
        request: AuthedRequest,
        item_id: ResourceId,
        remove: FromDishka[DeleteItem],
        if_match: IfMatch = None,
    ) -> None:
        await remove(request.user, item_id, expected_version(if_match, item_id))

    @idempotent_post(
        "/{item_id:int}/external-data",
        operation_id="fetchItemExternalData",
        summary="Fetch the linked JSONPlaceholder post (and its comment count) into the item",
        status_code=200,
        responses=errors_of(ItemNotFound, StaleVersion, ItemHasNoExternalRef, ExternalPostNotFound, *UPSTREAM_ERRORS),
    )
    async def fetch_external_data(
        self,
        request: AuthedRequest,
        item_id: ResourceId,
        fetch: FromDishka[FetchItemExternalData],
        if_match: IfMatch = None,
    ) -> Response[ItemRead]:
        item = await fetch(request.user, item_id, expected_version(if_match, item_id))
        return _item_response(item)
