"""GET /api/v1/tasks over HTTP: the envelope, both pagination styles, and every bad-query problem."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.e2e.test_tasks_api import create

Client = AsyncTestClient[Litestar]
URL = "/api/v1/tasks"


async def listing(client: Client, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    response = await client.get(URL, params=params, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_empty_list_has_the_envelope(client: Client, alice: dict[str, str]) -> None:
    body = await listing(client, alice)
    assert body == {"data": [], "pagination": {"limit": 20, "offset": 0, "total": 0, "next_cursor": None}}


async def test_offset_pages_carry_total_and_a_cursor(
    client: Client, alice: dict[str, str], bob: dict[str, str]
) -> None:
    ids = [(await create(client, alice, title=f"t{i}"))["id"] for i in range(5)]
    await create(client, bob, title="not yours")
    first = await listing(client, alice, limit=2, sort="created_at")
    assert [t["id"] for t in first["data"]] == ids[:2]
    assert first["pagination"]["total"] == 5
    assert first["pagination"]["next_cursor"]
    last = await listing(client, alice, limit=2, offset=4, sort="created_at")
    assert [t["id"] for t in last["data"]] == ids[4:]
    assert last["pagination"] == {"limit": 2, "offset": 4, "total": 5, "next_cursor": None}


async def test_cursor_pages_walk_everything_once(client: Client, alice: dict[str, str]) -> None:
    ids = [(await create(client, alice, title=f"t{i}", priority=p))["id"] for i, p in enumerate(["low", "high"] * 3)]
    seen: list[int] = []
    params: dict[str, Any] = {"limit": 4, "sort": "-priority,title"}
    while True:
        page = await listing(client, alice, **params)
        seen += [t["id"] for t in page["data"]]
        if page["pagination"]["next_cursor"] is None:
            break
        assert page["pagination"]["offset"] is None or "cursor" not in params
        params["cursor"] = page["pagination"]["next_cursor"]
    assert seen == [ids[1], ids[3], ids[5], ids[0], ids[2], ids[4]]  # high before low, by rank; then title


async def test_filters_and_search_through_http(client: Client, alice: dict[str, str]) -> None:
    await create(client, alice, title="Buy milk", tags=["home", "errand"], priority="high")
    await create(client, alice, title="File taxes", tags=["home"], status="completed", due_date="2020-01-01T00:00:00Z")
    await create(client, alice, title="Fix bike", tags=["errand"], due_date="2020-01-01T00:00:00Z")
    assert [t["title"] for t in (await listing(client, alice, tag=["home", "ERRAND"]))["data"]] == ["Buy milk"]
    overdue = await listing(client, alice, overdue="true")
    assert [t["title"] for t in overdue["data"]] == ["Fix bike"]
    found = await listing(client, alice, q="taxes")
    assert [t["title"] for t in found["data"]] == ["File taxes"]
    any_of = await listing(client, alice, status=["completed", "in_progress"], priority=["medium"])
    assert [t["title"] for t in any_of["data"]] == ["File taxes"]
    dated = await listing(client, alice, due_before="2021-01-01T00:00:00Z", sort="title")
    assert [t["title"] for t in dated["data"]] == ["File taxes", "Fix bike"]


async def test_deleted_tasks_are_hidden_from_lists(client: Client, alice: dict[str, str]) -> None:
    kept = await create(client, alice, title="kept")
    gone = await create(client, alice, title="gone")
    await client.delete(f"{URL}/{gone['id']}", headers=alice)
    body = await listing(client, alice)
    assert [t["id"] for t in body["data"]] == [kept["id"]]
    assert body["pagination"]["total"] == 1


def _cursor(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("cursor", "status", "code"),
    [
        ("not a cursor!", 400, "invalid_cursor"),
        ("e30", 400, "invalid_cursor"),  # {}
        (_cursor([1, "-created_at", ["yesterday", 1]]), 400, "invalid_cursor"),
        (_cursor([1, "-created_at", ["2026-11-24T12:00:00", 1]]), 400, "invalid_cursor"),  # no time zone
        (_cursor([9, "-created_at", ["2026-11-24T12:00:00+00:00", 1]]), 400, "invalid_cursor"),  # unknown version
        (_cursor([1, "title", ["x", 1]]), 400, "invalid_cursor"),  # made for another sort order
        (_cursor([1, "-created_at", ["2026-11-24T12:00:00+00:00", -4]]), 400, "invalid_cursor"),  # no such id
        (_cursor([1, "-created_at", ["2026-11-24T12:00:00+00:00"]]), 400, "invalid_cursor"),  # the id is missing
        ("A" * 2049, 422, "validation_failed"),  # longer than the parameter allows
    ],
)
async def test_bad_cursor_is_a_400_problem(
    client: Client, alice: dict[str, str], cursor: str, status: int, code: str
) -> None:
    await create(client, alice)
    response = await client.get(URL, params={"cursor": cursor}, headers=alice)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == code


async def test_damaged_cursor_is_invalid_cursor(client: Client, alice: dict[str, str]) -> None:
    response = await client.get(URL, params={"cursor": "not a cursor!"}, headers=alice)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_cursor"


async def test_cursor_from_another_sort_is_rejected(client: Client, alice: dict[str, str]) -> None:
    for i in range(3):
        await create(client, alice, title=f"t{i}")
    cursor = (await listing(client, alice, limit=1, sort="title"))["pagination"]["next_cursor"]
    response = await client.get(URL, params={"cursor": cursor, "sort": "-title"}, headers=alice)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_cursor"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"sort": "colour"}, "sort"),
        ({"sort": "title, -due_date"}, "sort"),
        ({"sort": ""}, "sort"),
        ({"status": "done"}, "status"),
        ({"priority": "urgent"}, "priority"),
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"offset": -1}, "offset"),
        ({"offset": 2**40}, "offset"),
        ({"due_before": "tomorrow"}, "due_before"),
        ({"due_after": "2026-11-24T12:00:00"}, "due_after"),
        ({"overdue": "maybe"}, "overdue"),
        ({"q": "x" * 201}, "q"),
        ({"q": "  "}, "q"),
        ({"tag": "x" * 51}, "tag"),
        ({"tag": [f"t{i}" for i in range(21)]}, "tag"),
        ({"offset": 5, "cursor": _cursor([1, "-created_at", ["2026-11-24T12:00:00+00:00", 1]])}, "offset"),
    ],
)
async def test_bad_query_values_are_422_problems(
    client: Client, alice: dict[str, str], params: dict[str, Any], field: str
) -> None:
    response = await client.get(URL, params=params, headers=alice)
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["code"] == "validation_failed"
    assert field in [e["field"] for e in problem["errors"]], problem
