"""The four task endpoints over HTTP, against a real PostgreSQL migrated by Alembic."""

from __future__ import annotations

from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.adapters.persistence.tables import tasks

Client = AsyncTestClient[Litestar]
PROBLEM = "application/problem+json"


async def count_tasks(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(select(func.count()).select_from(tasks))).scalar_one())


async def create(client: Client, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    response = await client.post("/api/v1/tasks", json={"title": "Write docs", **body}, headers=headers)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def test_create_returns_201_location_etag_and_body(client: Client, alice: dict[str, str]) -> None:
    response = await client.post(
        "/api/v1/tasks",
        json={
            "title": "  Ship it  ",
            "description": "all of it",
            "priority": "high",
            "due_date": "2026-12-01T10:00:00+02:00",
        },
        headers=alice,
    )
    assert response.status_code == 201
    body = response.json()
    assert response.headers["location"] == f"/api/v1/tasks/{body['id']}"
    assert response.headers["etag"] == f'"{body["id"]}-1"'
    assert body["title"] == "Ship it"
    assert body["status"] == "pending"
    assert body["priority"] == "high"
    assert body["due_date"] == "2026-12-01T08:00:00Z"
    assert body["created_at"].endswith("Z")
    assert body["completed_at"] is None


async def test_get_returns_the_task_and_304_on_matching_etag(client: Client, alice: dict[str, str]) -> None:
    created = await create(client, alice)
    response = await client.get(f"/api/v1/tasks/{created['id']}", headers=alice)
    assert response.status_code == 200
    assert response.json() == created
    etag = response.headers["etag"]
    not_modified = await client.get(f"/api/v1/tasks/{created['id']}", headers={**alice, "If-None-Match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""


async def test_put_to_completed_sets_completed_at_and_back_clears_it(client: Client, alice: dict[str, str]) -> None:
    created = await create(client, alice)
    url = f"/api/v1/tasks/{created['id']}"
    done = await client.put(url, json={"title": "Write docs", "status": "completed"}, headers=alice)
    assert done.status_code == 200
    assert done.json()["completed_at"] is not None
    assert done.json()["version"] == 2
    again = await client.put(url, json={"title": "Write docs", "status": "pending"}, headers=alice)
    assert again.json()["completed_at"] is None
    assert again.json()["status"] == "pending"


async def test_put_replaces_every_editable_field(client: Client, alice: dict[str, str]) -> None:
    created = await create(client, alice, description="old", priority="high")
    response = await client.put(f"/api/v1/tasks/{created['id']}", json={"title": "New"}, headers=alice)
    body = response.json()
    assert (body["title"], body["description"], body["priority"]) == ("New", None, "medium")


async def test_delete_is_soft_then_get_is_404(client: Client, alice: dict[str, str], engine: AsyncEngine) -> None:
    created = await create(client, alice)
    response = await client.delete(f"/api/v1/tasks/{created['id']}", headers=alice)
    assert response.status_code == 204
    missing = await client.get(f"/api/v1/tasks/{created['id']}", headers=alice)
    assert missing.status_code == 404
    assert missing.json()["code"] == "task_not_found"
    assert await count_tasks(engine) == 1  # the row stays (restorable) until `showbay purge-deleted`
    async with engine.connect() as connection:
        deleted_at = (await connection.execute(select(tasks.c.deleted_at))).scalar_one()
    assert deleted_at is not None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 256}, "title"),
        ({"title": "ok", "status": "done"}, "status"),
        ({"title": "ok", "priority": "urgent"}, "priority"),
        ({"title": "ok", "description": "d" * 1001}, "description"),
        ({"title": "nul\u0000byte"}, "title"),
        ({"title": "ok", "description": "nul\u0000"}, "description"),
        ({"title": "ok", "due_date": "2026-12-01T10:00:00"}, "due_date"),
        ({"title": "ok", "unknown": 1}, "unknown"),
        ({}, "title"),
        ({"title": 5}, "title"),
    ],
)
async def test_invalid_bodies_are_422_problems_and_write_nothing(
    client: Client, alice: dict[str, str], engine: AsyncEngine, body: dict[str, Any], field: str
) -> None:
    response = await client.post("/api/v1/tasks", json=body, headers=alice)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    problem = response.json()
    assert problem["code"] == "validation_failed"
    assert problem["status"] == 422
    assert problem["title"] == "Unprocessable Content"
    assert field in [error["field"] for error in problem["errors"]]
    assert await count_tasks(engine) == 0


async def test_invalid_put_changes_nothing(client: Client, alice: dict[str, str]) -> None:
    created = await create(client, alice)
    url = f"/api/v1/tasks/{created['id']}"
    response = await client.put(url, json={"title": "x" * 256}, headers=alice)
    assert response.status_code == 422
    assert (await client.get(url, headers=alice)).json() == created


async def test_malformed_json_is_400(client: Client, alice: dict[str, str], engine: AsyncEngine) -> None:
    response = await client.post(
        "/api/v1/tasks", content=b'{"title": "x",', headers={**alice, "Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["code"] == "bad_request"
    assert await count_tasks(engine) == 0


async def test_wrong_content_type_is_415(client: Client, alice: dict[str, str], engine: AsyncEngine) -> None:
    response = await client.post(
        "/api/v1/tasks", content=b"title=x", headers={**alice, "Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert await count_tasks(engine) == 0


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
async def test_unknown_id_is_404_problem(client: Client, alice: dict[str, str], method: str) -> None:
    response = await client.request(
        method, "/api/v1/tasks/999999", json={"title": "x"} if method == "PUT" else None, headers=alice
    )
    assert response.status_code == 404
    problem = response.json()
    assert problem["code"] == "task_not_found"
    assert problem["instance"] == "/api/v1/tasks/999999"
    assert problem["type"].endswith("/task-not-found")


async def test_non_integer_id_is_404(client: Client, alice: dict[str, str]) -> None:
    response = await client.get("/api/v1/tasks/abc", headers=alice)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


async def test_another_owners_task_is_404_everywhere(
    client: Client, alice: dict[str, str], bob: dict[str, str]
) -> None:
    created = await create(client, alice)
    url = f"/api/v1/tasks/{created['id']}"
    assert (await client.get(url, headers=bob)).status_code == 404
    assert (await client.put(url, json={"title": "mine now"}, headers=bob)).status_code == 404
    assert (await client.delete(url, headers=bob)).status_code == 404
    assert (await client.get(url, headers=alice)).json() == created


async def test_stale_if_match_is_412_and_changes_nothing(client: Client, alice: dict[str, str]) -> None:
    created = await create(client, alice)
    url = f"/api/v1/tasks/{created['id']}"
    first_etag = f'"{created["id"]}-1"'
    ok = await client.put(url, json={"title": "first"}, headers={**alice, "If-Match": first_etag})
    assert ok.status_code == 200
    stale = await client.put(url, json={"title": "second"}, headers={**alice, "If-Match": first_etag})
    assert stale.status_code == 412
    assert stale.json()["code"] == "precondition_failed"
    stale_delete = await client.delete(url, headers={**alice, "If-Match": first_etag})
    assert stale_delete.status_code == 412
    assert (await client.get(url, headers=alice)).json()["title"] == "first"


async def test_missing_and_bad_credentials_are_401_with_www_authenticate(client: Client) -> None:
    for headers in ({}, {"Authorization": "Bearer not-a-jwt"}, {"Authorization": "Basic abc"}):
        response = await client.get("/api/v1/tasks/1", headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert response.json()["code"] == "unauthenticated"
