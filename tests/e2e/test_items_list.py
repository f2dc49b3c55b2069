"""GET /api/v1/items: search, sorting, offset pages with totals, keyset pages with cursors, and their errors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.bootstrap.app import create_app
from tests.e2e.items_support import Client, create_item, items_settings
from tests.upstreams.jsonplaceholder import FakeUpstream

TITLES = ["pear", "Apple", "banana", "apple pie", "Cherry", "100% juice", "fig_tree", "date"]


@pytest.fixture
async def client(database_url: str, clean_db: AsyncEngine, fake_upstream: FakeUpstream) -> AsyncIterator[Client]:
    app = create_app(items_settings(database_url, fake_upstream.url))
    async with AsyncTestClient(app=app) as test_client:
        yield test_client


@pytest.fixture
async def stocked(client: Client, alice: dict[str, str], bob: dict[str, str]) -> list[dict[str, Any]]:
    created = [await create_item(client, alice, title=title) for title in TITLES]
    await create_item(client, bob, title="bob's apple")
    return created


async def list_items(client: Client, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    response = await client.get("/api/v1/items", params=params, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_default_is_newest_first_with_offset_pagination(
    client: Client, alice: dict[str, str], stocked: list[dict[str, Any]]
) -> None:
    page = await list_items(client, alice, limit=3)
    assert [i["id"] for i in page["data"]] == [i["id"] for i in reversed(stocked)][:3]
    assert page["pagination"]["limit"] == 3
    assert page["pagination"]["offset"] == 0
    assert page["pagination"]["total"] == len(TITLES)
    assert page["pagination"]["next_cursor"]
    last = await list_items(client, alice, limit=3, offset=6)
    assert [i["id"] for i in last["data"]] == [stocked[1]["id"], stocked[0]["id"]]
    assert last["pagination"]["next_cursor"] is None


async def test_q_matches_part_of_the_title_case_insensitively(
    client: Client, alice: dict[str, str], stocked: list[dict[str, Any]]
) -> None:
    page = await list_items(client, alice, q="APPLE", sort="title")
    assert [i["title"] for i in page["data"]] == ["Apple", "apple pie"]
    assert page["pagination"]["total"] == 2


@pytest.mark.parametrize(("q", "expected"), [("%", ["100% juice"]), ("_", ["fig_tree"])])
async def test_q_treats_like_wildcards_literally(
    client: Client, alice: dict[str, str], stocked: list[dict[str, Any]], q: str, expected: list[str]
) -> None:
    page = await list_items(client, alice, q=q)
    assert [i["title"] for i in page["data"]] == expected


async def test_sort_by_several_fields_and_directions(
    client: Client, alice: dict[str, str], stocked: list[dict[str, Any]]
) -> None:
    ascending = await list_items(client, alice, sort="title", limit=100)
    descending = await list_items(client, alice, sort="-title,id", limit=100)
    assert [i["id"] for i in descending["data"]] == [i["id"] for i in reversed(ascending["data"])]
    by_id = await list_items(client, alice, sort="-updated_at,-id", limit=100)
    assert [i["id"] for i in by_id["data"]] == sorted((i["id"] for i in stocked), reverse=True)


@pytest.mark.parametrize("sort", ["title", "-title", "-created_at", "updated_at,-id", "id"])
async def test_keyset_pages_walk_the_whole_list_exactly_once(
    client: Client, alice: dict[str, str], stocked: list[dict[str, Any]], sort: str
) -> None:
    everything = [i["id"] for i in (await list_items(client, alice, sort=sort, limit=100))["data"]]
    seen: list[int] = []
    page = await list_items(client, alice, sort=sort, limit=3)
    seen += [i["id"] for i in page["data"]]
    while cursor := page["pagination"]["next_cursor"]:
        page = await list_items(client, alice, sort=sort, limit=3, cursor=cursor)
        assert page["pagination"]["offset"] is None
        assert page["pagination"]["total"] is None
        seen += [i["id"] for i in page["data"]]
    assert seen == everything
    assert len(seen) == len(TITLES)


async def test_keyset_survives_inserts_before_the_cursor(
    client: Client, alice: dict[str, str], stocked: list[dict[str, Any]]
) -> None:
    first = await list_items(client, alice, limit=4)
    await create_item(client, alice, title="newest")  # lands on page one of the default (newest first) order
    second = await list_items(client, alice, limit=4, cursor=first["pagination"]["next_cursor"])
    assert [i["id"] for i in second["data"]] == [i["id"] for i in reversed(stocked[:4])]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"sort": "owner_id"}, "sort"),
        ({"sort": "title,"}, "sort"),
        ({"sort": "title;drop"}, "sort"),
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"offset": -1}, "offset"),
        ({"q": "x" * 256}, "q"),
        ({"q": "nul\u0000"}, "q"),
    ],
)
async def test_invalid_query_values_are_422(
    client: Client, alice: dict[str, str], params: dict[str, Any], field: str
) -> None:
    response = await client.get("/api/v1/items", params=params, headers=alice)
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["code"] == "validation_failed"
    assert field in [e["field"] for e in problem["errors"]]


async def test_bad_cursors_are_400(client: Client, alice: dict[str, str], stocked: list[dict[str, Any]]) -> None:
    cursor = (await list_items(client, alice, sort="title", limit=2))["pagination"]["next_cursor"]
    for params, code in (
        ({"cursor": "not-a-cursor"}, "invalid_cursor"),
        ({"cursor": "WzEsIi1jcmVhdGVkX2F0LC1pZCIsWyJ0ZXh0IiwxXV0"}, "invalid_cursor"),  # "text" is no timestamp
        ({"cursor": cursor, "sort": "-title"}, "invalid_cursor"),  # made for another order
    ):
        response = await client.get("/api/v1/items", params=params, headers=alice)
        assert response.status_code == 400, (params, response.text)
        assert response.json()["code"] == code, params
    with_offset = await client.get(
        "/api/v1/items", params={"cursor": cursor, "sort": "title", "offset": 2}, headers=alice
    )
    assert with_offset.status_code == 422, with_offset.text  # the same answer as on every list
    assert with_offset.json()["code"] == "validation_failed"
    assert [e["field"] for e in with_offset.json()["errors"]] == ["offset"]
