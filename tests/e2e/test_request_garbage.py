"""A served request leaves no reference cycle behind: its scope, Request and dishka containers are freed by
reference counting when it ends, not by the cyclic collector (whose collections were the hot path's stalls,
docs/performance.md). Any cycle shows up in ``gc.garbage`` under ``DEBUG_SAVEALL``."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator

import pytest
from dishka import AsyncContainer
from litestar import Litestar, Request
from litestar.testing import AsyncTestClient

REQUESTS = 20


@pytest.fixture
def saved_garbage() -> Iterator[list[object]]:
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        yield gc.garbage
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def cyclic(garbage: list[object]) -> Counter[str]:
    gc.collect()
    return Counter(type(o).__name__ for o in garbage if isinstance(o, Request | AsyncContainer))


async def test_api_requests_leave_no_request_or_container_in_a_cycle(
    client: AsyncTestClient[Litestar], alice: dict[str, str], saved_garbage: list[object]
) -> None:
    created = await client.post("/api/v1/tasks", json={"title": "one"}, headers=alice)
    assert created.status_code == 201
    gc.collect()
    saved_garbage.clear()
    for _ in range(REQUESTS):
        assert (await client.get(f"/api/v1/tasks/{created.json()['id']}", headers=alice)).status_code == 200
        assert (await client.get("/api/v1/tasks?limit=5", headers=alice)).status_code == 200
        assert (await client.get("/api/v1/tasks/999999", headers=alice)).status_code == 404
    assert cyclic(saved_garbage) == Counter()
