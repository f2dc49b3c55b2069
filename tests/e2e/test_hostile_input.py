"""Hostile input is a precise 4xx, never a 500: bounds, strict decoding, NUL, forged cursors (issue 12)."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from showbay.application.listing import ID_MAX, OFFSET_MAX
from tests.conftest import auth_headers
from tests.e2e.items_support import create_item

Client = AsyncTestClient[Litestar]
HUGE = 10**20
LISTS = [
    "/api/v1/tasks",
    "/api/v1/items",
    "/api/v1/repos",
    "/api/v1/analytics/customers",
    "/api/v1/analytics/products",
    "/api/v1/external/posts",
]
ID_ROUTES = [
    ("GET", "/api/v1/tasks/{}", "task_id"),
    ("PUT", "/api/v1/tasks/{}", "task_id"),
    ("PATCH", "/api/v1/tasks/{}", "task_id"),
    ("DELETE", "/api/v1/tasks/{}", "task_id"),
    ("POST", "/api/v1/tasks/{}/restore", "task_id"),
    ("POST", "/api/v1/tasks/{}/enrich", "task_id"),
    ("GET", "/api/v1/items/{}", "item_id"),
    ("PUT", "/api/v1/items/{}", "item_id"),
    ("PATCH", "/api/v1/items/{}", "item_id"),
    ("DELETE", "/api/v1/items/{}", "item_id"),
    ("POST", "/api/v1/items/{}/external-data", "item_id"),
    ("GET", "/api/v1/transactions/{}", "transaction_id"),
    ("GET", "/api/v1/external/posts/{}", "post_id"),
]


def _fields(response: Any) -> list[str]:
    return [error["field"] for error in response.json()["errors"]]


PAGE_QUERIES = [
    (f"offset={HUGE}", "offset"),
    (f"offset={OFFSET_MAX + 1}", "offset"),
    ("offset=-1", "offset"),
    ("offset=%D9%A3", "offset"),  # an Arabic-Indic digit: int() would take it
    ("limit=0", "limit"),
    ("limit=101", "limit"),
    ("limit=1e2", "limit"),  # msgspec's lax mode reads these two as 100 and 5
    ("limit=5.0", "limit"),
]


def _validation_failure(response: Any, *fields: str) -> None:
    assert response.status_code == 422, (response.url, response.text)
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "validation_failed"
    assert _fields(response) == list(fields), response.url


@pytest.mark.parametrize("path", LISTS)
async def test_every_list_bounds_its_page_parameters(client: Client, alice: dict[str, str], path: str) -> None:
    for query, field in PAGE_QUERIES:
        _validation_failure(await client.get(f"{path}?{query}", headers=alice), field)


async def test_the_deepest_documented_offset_is_served(client: Client, alice: dict[str, str]) -> None:
    response = await client.get(f"/api/v1/items?offset={OFFSET_MAX}", headers=alice)
    assert response.status_code == 200, response.text
    assert response.json()["pagination"]["offset"] == OFFSET_MAX


@pytest.mark.parametrize("resource_id", [HUGE, ID_MAX + 1, 0, -1])
async def test_every_integer_path_id_is_bounded_by_bigint(client: Client, resource_id: int) -> None:
    for method, route, field in ID_ROUTES:
        body = {"title": "x"} if method in ("PUT", "PATCH") else None
        response = await client.request(method, route.format(resource_id), json=body, headers=auth_headers("alice"))
        _validation_failure(response, field)


async def test_an_integer_path_id_is_written_in_canonical_digits(client: Client, alice: dict[str, str]) -> None:
    item = await create_item(client, alice)
    assert (await client.get(f"/api/v1/items/{item['id']}", headers=alice)).status_code == 200
    for alias in (f"+{item['id']}", f"0{item['id']}", "%D9%A3", "1_0"):  # int() reads every one of them
        _validation_failure(await client.get(f"/api/v1/items/{alias}", headers=alice), "item_id")
    task = await client.post("/api/v1/tasks", json={"title": "t"}, headers=alice)
    patch = await client.patch(f"/api/v1/tasks/0{task.json()['id']}", json={"title": "u"}, headers=alice)
    _validation_failure(patch, "task_id")  # PATCH has its own before-request hook: it checks too
    too_long = await client.get(f"/api/v1/items/{'9' * 5000}", headers=alice)  # beyond int()'s 4300 digits
    assert too_long.status_code == 404, too_long.text  # no route matches: Litestar's own 404 problem
    assert too_long.json()["code"] == "not_found"


async def test_the_largest_bigint_id_is_simply_not_found(client: Client, alice: dict[str, str]) -> None:
    for path in (f"/api/v1/tasks/{ID_MAX}", f"/api/v1/items/{ID_MAX}", f"/api/v1/transactions/{ID_MAX}"):
        response = await client.get(path, headers=alice)
        assert response.status_code == 404, response.text


NUL_QUERIES = [
    ("/api/v1/tasks?sort=%00", "sort"),
    ("/api/v1/tasks?q=a%00b", "q"),
    ("/api/v1/tasks?tag=ok&tag=a%00", "tag"),
    ("/api/v1/items?q=a%00b", "q"),
    ("/api/v1/items?sort=title%00", "sort"),
    ("/api/v1/repos?owner=oc%00to", "owner"),
    ("/api/v1/repos?language=Py%00", "language"),
    ("/api/v1/analytics/customers?sort=%00", "sort"),
    ("/api/v1/analytics/products?sort=-revenue%00", "sort"),
    ("/api/v1/analytics/revenue?from=2026-01-01%00", "from"),
    ("/api/v1/items?cursor=%00", "cursor"),
    ("/api/v1/items?unknown=%00", "unknown"),
]


async def test_nul_in_any_query_value_is_a_422(client: Client, alice: dict[str, str]) -> None:
    for path, field in NUL_QUERIES:
        response = await client.get(path, headers=alice)
        _validation_failure(response, field)
        assert response.json()["errors"][0]["message"] == "must not contain the NUL character"


async def test_a_timestamp_query_takes_rfc3339_only(client: Client, alice: dict[str, str]) -> None:
    for value in ("0", "1700000000", "1.5", "yesterday"):
        _validation_failure(await client.get(f"/api/v1/tasks?due_before={value}", headers=alice), "due_before")
    ok = await client.get("/api/v1/tasks?due_before=2026-11-24T03:30:00Z", headers=alice)
    assert ok.status_code == 200, ok.text


STRICT_BODIES = [
    ("/api/v1/tasks", {"title": "x", "due_date": 0}, "due_date"),
    ("/api/v1/tasks", {"title": "x", "due_date": 1.5e9}, "due_date"),
    ("/api/v1/tasks", {"title": "x", "external_id": "3"}, "external_id"),
    ("/api/v1/tasks", {"title": 7}, "title"),
    ("/api/v1/tasks", {"title": "x", "tags": [1]}, "tags[0]"),
    ("/api/v1/items", {"title": "x", "external_ref": "3"}, "external_ref"),
    ("/api/v1/items", {"title": "x", "external_ref": 3.0}, "external_ref"),
]


async def test_bodies_are_decoded_strictly(client: Client, alice: dict[str, str]) -> None:
    for path, body, field in STRICT_BODIES:
        _validation_failure(await client.post(path, json=body, headers=alice), field)


async def test_strict_bodies_in_put_patch_and_batches(client: Client, alice: dict[str, str]) -> None:
    item = await create_item(client, alice)
    put = await client.put(f"/api/v1/items/{item['id']}", json={"title": "x", "external_ref": "1"}, headers=alice)
    _validation_failure(put, "external_ref")
    task = await client.post("/api/v1/tasks", json={"title": "t"}, headers=alice)
    patch = await client.patch(f"/api/v1/tasks/{task.json()['id']}", json={"due_date": 0}, headers=alice)
    _validation_failure(patch, "due_date")
    row = {
        "occurred_at": "2026-01-31T23:30:00Z",
        "customer_id": "c1",
        "customer_name": "Dana",
        "product": "Tea",
        "quantity": 3,
        "unit_price": "1.00",
        "status": "completed",
    }
    writer = auth_headers("ingest-bot", "sales:write")
    batch = await client.post("/api/v1/transactions/batch", json=[row, {**row, "quantity": "3"}], headers=writer)
    _validation_failure(batch, "[1].quantity")
    missing = await client.post("/api/v1/transactions/batch", json=[row, {"customer_id": "c1"}], headers=writer)
    assert missing.status_code == 422, missing.text
    assert _fields(missing)[0].startswith("[1].")
    one = await client.post("/api/v1/transactions", json={**row, "occurred_at": 1700000000}, headers=writer)
    _validation_failure(one, "occurred_at")


async def test_malformed_json_is_still_a_400(client: Client, alice: dict[str, str]) -> None:
    response = await client.post(
        "/api/v1/tasks", content=b'{"title": ', headers={**alice, "content-type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "bad_request"


def _forge(cursor: str, change: Any) -> str:
    document = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    change(document[2])
    raw = json.dumps(document).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _set(index: int, value: Any) -> Any:
    def change(values: list[Any]) -> None:
        values[index] = value

    return change


async def test_a_forged_cursor_is_an_invalid_cursor_not_a_500(client: Client, alice: dict[str, str]) -> None:
    for title in ("a", "b", "c"):
        await create_item(client, alice, title=title)
    first = await client.get("/api/v1/items?sort=title&limit=1", headers=alice)
    cursor = first.json()["pagination"]["next_cursor"]
    assert cursor, first.text
    forged = [_set(0, "nul\u0000title"), _set(1, HUGE), _set(1, -(2**63) - 1)]  # NUL, beyond and below bigint
    for change in forged:
        response = await client.get(f"/api/v1/items?sort=title&limit=1&cursor={_forge(cursor, change)}", headers=alice)
        assert response.status_code == 400, response.text
        assert response.json()["code"] == "invalid_cursor"
    repos_cursor = _forge(_cursor_of(1, "stars,name", [0, "a", "0b4f2c4e-8a1e-4c39-9d5a-6f1f0e1d2c3b"]), _set(0, 2**40))
    response = await client.get(f"/api/v1/repos?sort=stars,name&cursor={repos_cursor}", headers=alice)
    assert response.status_code == 400, response.text  # stars is an int4 column: 2^40 would overflow its cast
    assert response.json()["code"] == "invalid_cursor"


def _cursor_of(version: int, sort: str, values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps([version, sort, values]).encode()).decode().rstrip("=")


async def test_a_timestamp_with_any_rfc3339_offset_is_stored_as_its_utc_instant(
    client: Client, alice: dict[str, str]
) -> None:
    # RFC 3339 allows offsets up to ±23:59, PostgreSQL's timestamptz input only ±15:59: the instant goes in as UTC.
    far = "2026-06-01T23:44:46+20:52"
    created = await client.post("/api/v1/tasks", json={"title": "far east", "due_date": far}, headers=alice)
    assert created.status_code == 201, created.text
    assert created.json()["due_date"] == "2026-06-01T02:52:46Z"
    listed = await client.get("/api/v1/tasks?due_before=2026-06-02T10:00:00-13:30", headers=alice)
    assert listed.status_code == 200, listed.text
    assert [task["title"] for task in listed.json()["data"]] == ["far east"]
    writer = auth_headers("ingest-bot", "sales:write")
    row = {
        "occurred_at": far,
        "customer_id": "c1",
        "customer_name": "Dana",
        "product": "lamp",
        "quantity": 1,
        "status": "completed",
    }
    stored = await client.post("/api/v1/transactions", json={**row, "unit_price": "10.00"}, headers=writer)
    assert stored.status_code == 201, stored.text
    assert stored.json()["occurred_at"] == "2026-06-01T02:52:46Z"
