"""Access lines, stdlib logs with the request id, /metrics after traffic, readiness with Redis."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import AsyncIterator, Sequence
from typing import Any

import pytest
from dishka import Provider, Scope, provide
from litestar import Litestar
from litestar.testing import AsyncTestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.adapters.observability.logging import configure_logging
from showbay.application.tasks.ports import TaskReader, TaskStore
from showbay.bootstrap.app import create_app
from showbay.bootstrap.settings import Settings
from tests.conftest import TEST_JWT_SECRET
from tests.e2e.items_support import items_settings
from tests.fakes.clock import HandClock, HandClockProvider
from tests.redis_server import free_port
from tests.upstreams.jsonplaceholder import FakeUpstream, ok, status
from tests.upstreams.jsonplaceholder_data import post

Client = AsyncTestClient[Litestar]


class ExplodingTaskStore:
    """A store whose database 'fails' with an unexpected error."""

    async def get(self, owner_id: str, task_id: int, *, include_deleted: bool = False) -> None:
        raise RuntimeError("connection to 10.0.0.7 lost, password=hunter2")


class ExplodingProvider(Provider):
    @provide(scope=Scope.REQUEST, provides=TaskStore)
    def store(self) -> Any:
        return ExplodingTaskStore()

    @provide(scope=Scope.APP, provides=TaskReader)  # as the real reader: GetTask and ListTasks are APP-scoped
    def reader(self) -> Any:
        return ExplodingTaskStore()


class Captured:
    def __init__(self) -> None:
        self.buffer = io.StringIO()

    def lines(self, **match: Any) -> list[dict[str, Any]]:
        found = [json.loads(line) for line in self.buffer.getvalue().splitlines() if line.strip()]
        return [line for line in found if all(line.get(k) == v for k, v in match.items())]


async def started(settings: Settings, providers: Sequence[Provider] = ()) -> tuple[Client, Captured]:
    app = create_app(settings, providers)
    captured = Captured()
    configure_logging("INFO", "json", stream=captured.buffer)
    return AsyncTestClient(app=app), captured


@pytest.fixture
def settings(database_url: str, clean_db: AsyncEngine) -> Settings:
    return Settings(database_url=database_url, jwt_secret=TEST_JWT_SECRET)


@pytest.fixture
async def observed(settings: Settings) -> AsyncIterator[tuple[Client, Captured]]:
    client, captured = await started(settings)
    async with client:
        yield client, captured
    configure_logging("INFO", "json")


async def test_one_access_line_per_request_with_id_route_status_and_principal(
    observed: tuple[Client, Captured], alice: dict[str, str]
) -> None:
    client, captured = observed
    created = await client.post("/api/v1/tasks", json={"title": "Watch logs"}, headers=alice)
    response = await client.get(f"/api/v1/tasks/{created.json()['id']}", headers={**alice, "X-Request-ID": "obs-1"})
    assert response.status_code == 200
    [line] = captured.lines(request_id="obs-1")
    assert line["logger"] == "showbay.access"
    assert (line["method"], line["route"], line["status"], line["principal"]) == (
        "GET",
        "/api/v1/tasks/{task_id}",
        200,
        "alice",
    )
    assert line["path"] == f"/api/v1/tasks/{created.json()['id']}"
    assert line["duration_ms"] >= 0
    assert len(captured.lines(logger="showbay.access")) == 2


async def test_unauthenticated_and_unrouted_requests_get_an_access_line_too(observed: tuple[Client, Captured]) -> None:
    client, captured = observed
    assert (await client.get("/api/v1/tasks/1", headers={"X-Request-ID": "obs-401"})).status_code == 401
    assert (await client.get("/no/such/path", headers={"X-Request-ID": "obs-404"})).status_code == 404
    [unauthenticated] = captured.lines(request_id="obs-401")
    assert (unauthenticated["status"], unauthenticated["principal"]) == (401, None)
    [unrouted] = captured.lines(request_id="obs-404")
    assert (unrouted["status"], unrouted["route"]) == (404, "<unmatched>")


async def test_error_log_and_access_line_share_the_request_id_and_leak_nothing(
    settings: Settings, alice: dict[str, str]
) -> None:
    client, captured = await started(settings, [ExplodingProvider()])
    try:
        async with client:
            response = await client.get("/api/v1/tasks/1", headers={**alice, "X-Request-ID": "obs-500"})
    finally:
        configure_logging("INFO", "json")
    assert response.status_code == 500
    assert response.json()["request_id"] == "obs-500"
    assert "hunter2" not in response.text
    error, access = captured.lines(request_id="obs-500")
    assert (error["logger"], error["level"]) == ("showbay.http", "error")
    assert "RuntimeError" in json.dumps(error["exception"])
    assert (access["logger"], access["status"]) == ("showbay.access", 500)


Scraped = dict[tuple[str, frozenset[tuple[str, str]]], float]


def samples(text: str) -> Scraped:
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(scraped: Scraped, name: str, **labels: str) -> float | None:
    return scraped.get((name, frozenset(labels.items())))


async def test_metrics_after_traffic_has_request_and_pool_series(
    observed: tuple[Client, Captured], alice: dict[str, str]
) -> None:
    client, _ = observed
    route = {"method": "GET", "route": "/api/v1/tasks/{task_id}"}
    before = samples((await client.get("/metrics")).text)
    created = await client.post("/api/v1/tasks", json={"title": "Count me"}, headers=alice)
    for _ in range(3):
        await client.get(f"/api/v1/tasks/{created.json()['id']}", headers=alice)
    await client.get("/api/v1/tasks/999999", headers=alice)

    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    after = samples(response.text)
    ok_before = value(before, "showbay_http_requests_total", **route, status="200") or 0
    assert value(after, "showbay_http_requests_total", **route, status="200") == ok_before + 3
    assert (value(after, "showbay_http_requests_total", **route, status="404") or 0) >= 1
    assert (value(after, "showbay_http_request_duration_seconds_count", **route, status="200") or 0) >= 3
    assert value(after, "showbay_http_request_duration_seconds_bucket", **route, status="200", le="+Inf") is not None
    assert value(after, "showbay_db_pool_connections", pool="primary", state="idle") is not None
    assert value(after, "showbay_db_pool_connections", pool="primary", state="in_use") is not None
    assert value(after, "showbay_db_pool_waiting", pool="primary") is not None
    # The GETs' read pool, sampled every second: its first report comes when it opens, then one a second.
    for _ in range(30):
        scraped = samples((await client.get("/metrics")).text)
        if (value(scraped, "showbay_db_pool_connections", pool="primary-reads", state="idle") or 0) >= 1:
            break
        await asyncio.sleep(0.1)
    assert (value(scraped, "showbay_db_pool_connections", pool="primary-reads", state="idle") or 0) >= 1
    assert value(scraped, "showbay_db_pool_connections", pool="primary-reads", state="in_use") == 0
    assert value(scraped, "showbay_db_pool_waiting", pool="primary-reads") == 0
    assert value(scraped, "showbay_db_pool_capacity", pool="primary-reads") == Settings().db_pool_size


async def test_metrics_count_the_apps_own_upstream_attempts_retries_and_breaker_state(
    database_url: str, clean_db: AsyncEngine, fake_upstream: FakeUpstream, alice: dict[str, str]
) -> None:
    clock = HandClock()
    settings = items_settings(database_url, fake_upstream.url, outbound_max_attempts=2, outbound_breaker_threshold=2)
    fake_upstream.reply("/posts/1", status(500), status(500), ok(post(1)))
    client, _ = await started(settings, [HandClockProvider(clock)])
    upstream = {"upstream": "jsonplaceholder"}

    def delta(now: Scraped, then: Scraped, name: str, **labels: str) -> float:
        return (value(now, name, **upstream, **labels) or 0) - (value(then, name, **upstream, **labels) or 0)

    try:
        async with client:
            before = samples((await client.get("/metrics")).text)
            failed = await client.get("/api/v1/external/posts/1", headers=alice)  # 500, retried, 500: opens
            refused = await client.get("/api/v1/external/posts/1", headers=alice)  # open: nothing sent
            opened = samples((await client.get("/metrics")).text)
            clock.advance(30.0)  # the cool-down (outbound_breaker_cooldown) is over: one trial goes out
            recovered = await client.get("/api/v1/external/posts/1", headers=alice)
            closed = samples((await client.get("/metrics")).text)
    finally:
        configure_logging("INFO", "json")

    assert [failed.status_code, refused.status_code, recovered.status_code] == [502, 503, 200]
    assert fake_upstream.calls_to("/posts/1") == 3
    calls = "showbay_outbound_requests_total"
    assert delta(opened, before, calls, outcome="server_error") == 2
    assert delta(opened, before, calls, outcome="circuit_open") == 1
    assert delta(opened, before, "showbay_outbound_retries_total") == 1
    assert value(opened, "showbay_circuit_breaker_state", **upstream) == 2  # open
    assert delta(closed, opened, calls, outcome="ok") == 1
    assert delta(closed, opened, "showbay_outbound_request_duration_seconds_count", outcome="ok") == 1
    assert value(closed, "showbay_circuit_breaker_state", **upstream) == 0  # closed again


async def test_ready_reports_database_and_redis(settings: Settings, redis_url: str) -> None:
    client, _ = await started(Settings(**{**_fields(settings), "redis_url": redis_url}))
    try:
        async with client:
            response = await client.get("/ready")
    finally:
        configure_logging("INFO", "json")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "dependencies": [{"name": "database", "ok": True}, {"name": "redis", "ok": True}],
    }


async def test_ready_is_503_naming_redis_when_redis_does_not_answer(settings: Settings) -> None:
    down = f"redis://127.0.0.1:{free_port()}/0"
    client, _ = await started(Settings(**{**_fields(settings), "redis_url": down, "readiness_timeout": 1.0}))
    try:
        async with client:
            response = await client.get("/ready")
    finally:
        configure_logging("INFO", "json")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["dependencies"][0] == {"name": "database", "ok": True}
    assert body["dependencies"][1]["name"] == "redis"
    assert body["dependencies"][1]["ok"] is False


def _fields(settings: Settings) -> dict[str, Any]:
    return {name: getattr(settings, name) for name in settings.__dataclass_fields__}


async def test_unknown_methods_share_one_metric_label_but_are_logged_as_sent(
    observed: tuple[Client, Captured],
) -> None:
    client, captured = observed
    response = await client.request("BREW", "/health", headers={"X-Request-ID": "obs-brew"})
    assert response.status_code == 405
    [line] = captured.lines(request_id="obs-brew")
    assert (line["method"], line["status"]) == ("BREW", 405)
    scraped = samples((await client.get("/metrics")).text)
    assert (value(scraped, "showbay_http_requests_total", method="OTHER", route="<unmatched>", status="405") or 0) >= 1
    assert not any(labels for (name, labels) in scraped if ("method", "BREW") in labels)


async def test_the_request_id_reaches_the_outbound_log_line_and_the_upstream(
    database_url: str, clean_db: AsyncEngine, fake_upstream: FakeUpstream, alice: dict[str, str]
) -> None:
    fake_upstream.reply("/posts/3", ok({"userId": 1, "id": 3, "title": "t", "body": "b"}))
    settings = Settings(database_url=database_url, jwt_secret=TEST_JWT_SECRET, jsonplaceholder_url=fake_upstream.url)
    client, captured = await started(settings)
    try:
        async with client:
            response = await client.get("/api/v1/external/posts/3", headers={**alice, "X-Request-ID": "trace-me"})
    finally:
        configure_logging("INFO", "json")
    assert response.status_code == 200
    [call] = fake_upstream.calls
    assert call.headers["X-Request-ID"] == "trace-me"
    lines = captured.lines(request_id="trace-me")
    loggers = [line["logger"] for line in lines]
    assert "showbay.outbound" in loggers
    assert "showbay.access" in loggers
    [outbound] = [line for line in lines if line["logger"] == "showbay.outbound"]
    assert outbound["upstream"] == "jsonplaceholder"
