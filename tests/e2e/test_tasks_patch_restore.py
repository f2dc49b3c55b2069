"""PATCH as a JSON merge patch, tags and external ids, soft delete and restore, over HTTP."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.e2e.test_tasks_api import create

Client = AsyncTestClient[Litestar]
MERGE_PATCH = "application/merge-patch+json"


async def patch(client: Client, headers: dict[str, str], task_id: int, body: Any, media_type: str = MERGE_PATCH) -> Any:
    return await client.patch(
        f"/api/v1/tasks/{task_id}", content=json.dumps(body).encode(), headers={**headers, "Content-Type": media_type}
    )


async def test_tags_are_trimmed_lower_cased_and_deduplicated(client: Client, alice: dict[str, str]) -> None:
    created = await create(client, alice, tags=[" Home ", "home", "URGENT", "errand"], external_id=None)
    assert created["tags"] == ["home", "urgent", "errand"]
    assert created["external_id"] is None
    assert created["enrichment"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"tags": ["ok", "  "]}, "tags"),
        ({"tags": ["x" * 51]}, "tags"),
        ({"tags": [f"t{i}" for i in range(21)]}, "tags"),
        ({"tags": ["nul\u0000"]}, "tags"),
        ({"tags": "home"}, "tags"),
        ({"external_id": 0}, "external_id"),
        ({"external_id": -3}, "external_id"),
    ],
)
async def test_invalid_tags_and_external_ids_are_422(
    client: Client, alice: dict[str, str], body: dict[str, Any], field: str
) -> None:
    response = await client.post("/api/v1/tasks", json={"title": "t", **body}, headers=alice)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "validation_failed"
    # A bad tag is named with its position (tags[1]), a bad list by its name.
    assert field in [e["field"].split("[")[0] for e in response.json()["errors"]]
    listed = await client.get("/api/v1/tasks", headers=alice)
    assert listed.json()["pagination"]["total"] == 0


@pytest.mark.parametrize("media_type", [MERGE_PATCH, "application/json"])
async def test_patch_changes_only_the_given_fields(client: Client, alice: dict[str, str], media_type: str) -> None:
    created = await create(client, alice, description="keep me", priority="high", tags=["a"])
    response = await patch(client, alice, created["id"], {"title": "renamed", "tags": ["b", "a"]}, media_type)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["title"], body["description"], body["priority"], body["tags"]) == (
        "renamed",
        "keep me",
        "high",
        ["b", "a"],
    )
    assert body["version"] == 2
    assert response.headers["etag"] == f'"{created["id"]}-2"'


async def test_patch_null_clears_nullable_fields(client: Client, alice: dict[str, str]) -> None:
    created = await create(client, alice, description="d", due_date="2027-01-01T00:00:00Z", tags=["a"])
    response = await patch(client, alice, created["id"], {"description": None, "due_date": None, "tags": None})
    body = response.json()
    assert (body["description"], body["due_date"], body["tags"]) == (None, None, [])


async def test_patch_to_completed_sets_completed_at(client: Client, alice: dict[str, str]) -> None:
    created = await create(client, alice)
    body = (await patch(client, alice, created["id"], {"status": "completed"})).json()
    assert body["completed_at"] is not None


async def test_empty_patch_changes_nothing(client: Client, alice: dict[str, str]) -> None:
    created = await create(client, alice)
    response = await patch(client, alice, created["id"], {})
    assert response.status_code == 200
    assert response.json() == created


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": None}, "title"),
        ({"title": "  "}, "title"),
        ({"status": None}, "status"),
        ({"priority": "urgent"}, "priority"),
        ({"unknown": 1}, "unknown"),
        ({"due_date": "2027-01-01T00:00:00"}, "due_date"),
    ],
)
async def test_invalid_patch_is_422_and_changes_nothing(
    client: Client, alice: dict[str, str], body: dict[str, Any], field: str
) -> None:
    created = await create(client, alice)
    response = await patch(client, alice, created["id"], body)
    assert response.status_code == 422, response.text
    assert field in [e["field"] for e in response.json()["errors"]]
    assert (await client.get(f"/api/v1/tasks/{created['id']}", headers=alice)).json() == created


async def test_patch_body_must_be_an_object(client: Client, alice: dict[str, str]) -> None:
    created = await create(client, alice)
    response = await patch(client, alice, created["id"], [{"op": "replace", "path": "/title", "value": "x"}])
    assert response.status_code == 422
    assert (await client.get(f"/api/v1/tasks/{created['id']}", headers=alice)).json() == created


@pytest.mark.parametrize("media_type", ["application/json-patch+json", "text/plain"])
async def test_patch_rejects_other_media_types_with_415(client: Client, alice: dict[str, str], media_type: str) -> None:
    created = await create(client, alice)
    response = await patch(client, alice, created["id"], {"title": "x"}, media_type)
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert (await client.get(f"/api/v1/tasks/{created['id']}", headers=alice)).json() == created


async def test_patch_with_stale_if_match_is_412(client: Client, alice: dict[str, str]) -> None:
    created = await create(client, alice)
    stale = {**alice, "If-Match": f'"{created["id"]}-1"'}
    assert (await patch(client, stale, created["id"], {"title": "one"})).status_code == 200
    response = await patch(client, stale, created["id"], {"title": "two"})
    assert response.status_code == 412
    assert response.json()["code"] == "precondition_failed"
    assert (await client.get(f"/api/v1/tasks/{created['id']}", headers=alice)).json()["title"] == "one"


async def test_patch_of_unknown_or_foreign_task_is_404(
    client: Client, alice: dict[str, str], bob: dict[str, str]
) -> None:
    created = await create(client, alice)
    assert (await patch(client, alice, 999999, {"title": "x"})).status_code == 404
    response = await patch(client, bob, created["id"], {"title": "x"})
    assert response.status_code == 404
    assert response.json()["code"] == "task_not_found"


async def test_deleted_task_is_404_everywhere_and_restore_brings_it_back(client: Client, alice: dict[str, str]) -> None:
    created = await create(client, alice)
    url = f"/api/v1/tasks/{created['id']}"
    assert (await client.delete(url, headers=alice)).status_code == 204
    assert (await client.get(url, headers=alice)).status_code == 404
    assert (await client.put(url, json={"title": "x"}, headers=alice)).status_code == 404
    assert (await patch(client, alice, created["id"], {"title": "x"})).status_code == 404
    assert (await client.delete(url, headers=alice)).status_code == 404
    assert (await client.get("/api/v1/tasks", headers=alice)).json()["data"] == []

    restored = await client.post(f"{url}/restore", headers=alice)
    assert restored.status_code == 200
    body = restored.json()
    assert body["title"] == created["title"]
    assert body["version"] == 3  # delete and restore are both changes
    assert restored.headers["etag"] == f'"{created["id"]}-3"'
    assert (await client.get(url, headers=alice)).json() == body
    again = await client.post(f"{url}/restore", headers=alice)
    assert again.json() == body  # restoring a live task changes nothing


async def test_restore_of_unknown_or_foreign_task_is_404(
    client: Client, alice: dict[str, str], bob: dict[str, str]
) -> None:
    created = await create(client, alice)
    await client.delete(f"/api/v1/tasks/{created['id']}", headers=alice)
    for headers, task_id in ((bob, created["id"]), (alice, 999999)):
        response = await client.post(f"/api/v1/tasks/{task_id}/restore", headers=headers)
        assert response.status_code == 404
        assert response.json()["code"] == "task_not_found"
    assert (await client.get(f"/api/v1/tasks/{created['id']}", headers=alice)).status_code == 404


async def test_restore_with_stale_if_match_is_412(client: Client, alice: dict[str, str]) -> None:
    created = await create(client, alice)
    await client.delete(f"/api/v1/tasks/{created['id']}", headers=alice)
    stale = {**alice, "If-Match": f'"{created["id"]}-1"'}
    response = await client.post(f"/api/v1/tasks/{created['id']}/restore", headers=stale)
    assert response.status_code == 412
    assert (await client.get(f"/api/v1/tasks/{created['id']}", headers=alice)).status_code == 404


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
async def test_two_concurrent_updates_with_the_same_if_match_one_wins(
    client: Client, alice: dict[str, str], method: str
) -> None:
    created = await create(client, alice)
    url = f"/api/v1/tasks/{created['id']}"
    headers = {**alice, "If-Match": f'"{created["id"]}-1"', "Content-Type": "application/json"}
    responses = await asyncio.gather(
        *(client.request(method, url, content=json.dumps({"title": who}).encode(), headers=headers) for who in "AB")
    )
    assert sorted(r.status_code for r in responses) == [200, 412]
    winner = next(r for r in responses if r.status_code == 200).json()
    loser = next(r for r in responses if r.status_code == 412).json()
    assert loser["code"] == "precondition_failed"
    current = (await client.get(url, headers=alice)).json()
    assert current == winner
    assert current["version"] == 2
