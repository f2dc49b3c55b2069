"""The item endpoints over HTTP against a real PostgreSQL: CRUD, merge patch, ETags, owners, problems."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.bootstrap.app import create_app
from tests.e2e.items_support import PROBLEM, Client, create_item, item_rows, items_settings
from tests.upstreams.jsonplaceholder import FakeUpstream


@pytest.fixture
async def client(database_url: str, clean_db: AsyncEngine, fake_upstream: FakeUpstream) -> AsyncIterator[Client]:
    app = create_app(items_settings(database_url, fake_upstream.url))
    async with AsyncTestClient(app=app) as test_client:
        yield test_client


async def test_create_returns_201_location_etag_and_body(client: Client, alice: dict[str, str]) -> None:
    response = await client.post(
        "/api/v1/items", json={"title": "  Lamp  ", "description": "brass", "external_ref": 3}, headers=alice
    )
    assert response.status_code == 201
    body = response.json()
    assert response.headers["location"] == f"/api/v1/items/{body['id']}"
    assert response.headers["etag"] == f'"{body["id"]}-1"'
    assert (body["title"], body["description"], body["external_ref"]) == ("Lamp", "brass", 3)
    assert body["external_data"] is None
    assert body["external_fetched_at"] is None
    assert body["created_at"].endswith("Z")
    assert body["version"] == 1


async def test_get_returns_the_item_and_304_on_matching_etag(client: Client, alice: dict[str, str]) -> None:
    created = await create_item(client, alice)
    response = await client.get(f"/api/v1/items/{created['id']}", headers=alice)
    assert response.status_code == 200
    assert response.json() == created
    again = await client.get(
        f"/api/v1/items/{created['id']}", headers={**alice, "If-None-Match": response.headers["etag"]}
    )
    assert again.status_code == 304
    assert again.content == b""


async def test_put_replaces_every_editable_field(client: Client, alice: dict[str, str]) -> None:
    created = await create_item(client, alice, description="old", external_ref=5)
    response = await client.put(f"/api/v1/items/{created['id']}", json={"title": "New"}, headers=alice)
    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["description"], body["external_ref"], body["version"]) == ("New", None, None, 2)
    assert response.headers["etag"] == f'"{created["id"]}-2"'


@pytest.mark.parametrize("content_type", ["application/merge-patch+json", "application/json"])
async def test_patch_is_a_json_merge_patch(client: Client, alice: dict[str, str], content_type: str) -> None:
    created = await create_item(client, alice, description="keep me", external_ref=5)
    url = f"/api/v1/items/{created['id']}"
    response = await client.patch(
        url, content=b'{"title": "Renamed", "external_ref": null}', headers={**alice, "Content-Type": content_type}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["title"], body["description"], body["external_ref"]) == ("Renamed", "keep me", None)
    assert body["version"] == 2
    cleared = await client.patch(url, json={"description": None}, headers=alice)
    assert cleared.json()["description"] is None
    assert cleared.json()["title"] == "Renamed"


async def test_a_patch_that_changes_nothing_keeps_the_version(client: Client, alice: dict[str, str]) -> None:
    created = await create_item(client, alice, description="same")
    response = await client.patch(f"/api/v1/items/{created['id']}", json={"description": "same"}, headers=alice)
    assert response.status_code == 200
    assert response.json() == created


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": None}, "title"),
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"external_ref": 0}, "external_ref"),
        ({"description": "d" * 5001}, "description"),
        ({"description": "nul\u0000"}, "description"),
        ({"owner_id": "bob"}, "owner_id"),
        ({"external_data": {}}, "external_data"),
    ],
)
async def test_invalid_patches_are_422_and_change_nothing(
    client: Client, alice: dict[str, str], engine: AsyncEngine, body: dict[str, Any], field: str
) -> None:
    created = await create_item(client, alice)
    before = await item_rows(engine)
    response = await client.patch(f"/api/v1/items/{created['id']}", json=body, headers=alice)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "validation_failed"
    assert field in [error["field"] for error in response.json()["errors"]]
    assert await item_rows(engine) == before


async def test_delete_then_get_is_404(client: Client, alice: dict[str, str], engine: AsyncEngine) -> None:
    created = await create_item(client, alice)
    assert (await client.delete(f"/api/v1/items/{created['id']}", headers=alice)).status_code == 204
    missing = await client.get(f"/api/v1/items/{created['id']}", headers=alice)
    assert missing.status_code == 404
    assert missing.json()["code"] == "item_not_found"
    assert await item_rows(engine) == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 256}, "title"),
        ({"title": "nul\u0000byte"}, "title"),
        ({"title": "ok", "description": "d" * 5001}, "description"),
        ({"title": "ok", "description": "nul\u0000"}, "description"),
        ({"title": "ok", "external_ref": 0}, "external_ref"),
        ({"title": "ok", "external_ref": -3}, "external_ref"),
        ({"title": "ok", "external_ref": 2_147_483_648}, "external_ref"),
        ({"title": "ok", "external_data": {"post": {}}}, "external_data"),
        ({"title": "ok", "unknown": 1}, "unknown"),
        ({}, "title"),
        ({"title": 5}, "title"),
    ],
)
async def test_invalid_bodies_are_422_problems_and_write_nothing(
    client: Client, alice: dict[str, str], engine: AsyncEngine, body: dict[str, Any], field: str
) -> None:
    response = await client.post("/api/v1/items", json=body, headers=alice)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    problem = response.json()
    assert (problem["code"], problem["status"]) == ("validation_failed", 422)
    assert field in [error["field"] for error in problem["errors"]]
    assert await item_rows(engine) == []


async def test_invalid_put_changes_nothing(client: Client, alice: dict[str, str]) -> None:
    created = await create_item(client, alice)
    url = f"/api/v1/items/{created['id']}"
    response = await client.put(url, json={"title": "x" * 256}, headers=alice)
    assert response.status_code == 422
    assert (await client.get(url, headers=alice)).json() == created


async def test_malformed_json_is_400_and_writes_nothing(
    client: Client, alice: dict[str, str], engine: AsyncEngine
) -> None:
    response = await client.post(
        "/api/v1/items", content=b'{"title": "x",', headers={**alice, "Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"
    assert await item_rows(engine) == []


async def test_wrong_content_type_is_415(client: Client, alice: dict[str, str], engine: AsyncEngine) -> None:
    created = await create_item(client, alice)
    response = await client.patch(
        f"/api/v1/items/{created['id']}", content=b"title=x", headers={**alice, "Content-Type": "text/plain"}
    )
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert (await item_rows(engine))[0]["title"] == "A thing"


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
async def test_unknown_id_is_404_problem(client: Client, alice: dict[str, str], method: str) -> None:
    body = {"title": "x"} if method in ("PUT", "PATCH") else None
    response = await client.request(method, "/api/v1/items/999999", json=body, headers=alice)
    assert response.status_code == 404
    problem = response.json()
    assert problem["code"] == "item_not_found"
    assert problem["instance"] == "/api/v1/items/999999"


async def test_another_owners_item_is_404_everywhere_and_never_listed(
    client: Client, alice: dict[str, str], bob: dict[str, str], engine: AsyncEngine
) -> None:
    created = await create_item(client, alice, external_ref=1)
    url = f"/api/v1/items/{created['id']}"
    before = await item_rows(engine)
    assert (await client.get(url, headers=bob)).status_code == 404
    assert (await client.put(url, json={"title": "mine now"}, headers=bob)).status_code == 404
    assert (await client.patch(url, json={"title": "mine now"}, headers=bob)).status_code == 404
    assert (await client.delete(url, headers=bob)).status_code == 404
    assert (await client.post(f"{url}/external-data", headers=bob)).json()["code"] == "item_not_found"
    listed = await client.get("/api/v1/items", headers=bob)
    assert listed.json()["data"] == []
    assert listed.json()["pagination"]["total"] == 0
    assert await item_rows(engine) == before


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [("PUT", "", {"title": "second"}), ("PATCH", "", {"title": "second"}), ("DELETE", "", None)],
)
async def test_stale_if_match_is_412_and_changes_nothing(
    client: Client, alice: dict[str, str], engine: AsyncEngine, method: str, suffix: str, body: Any
) -> None:
    created = await create_item(client, alice)
    url = f"/api/v1/items/{created['id']}"
    first = f'"{created["id"]}-1"'
    assert (await client.patch(url, json={"title": "first"}, headers={**alice, "If-Match": first})).status_code == 200
    before = await item_rows(engine)
    stale = await client.request(method, url + suffix, json=body, headers={**alice, "If-Match": first})
    assert stale.status_code == 412
    assert stale.json()["code"] == "precondition_failed"
    assert await item_rows(engine) == before


async def test_current_if_match_is_accepted(client: Client, alice: dict[str, str]) -> None:
    created = await create_item(client, alice)
    url = f"/api/v1/items/{created['id']}"
    response = await client.delete(url, headers={**alice, "If-Match": f'"{created["id"]}-1"'})
    assert response.status_code == 204


async def test_missing_credentials_are_401(client: Client) -> None:
    for path in ("/api/v1/items", "/api/v1/items/1", "/api/v1/external/posts"):
        response = await client.get(path)
        assert response.status_code == 401
        assert response.json()["code"] == "unauthenticated"
