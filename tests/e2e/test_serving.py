"""``showbay serve`` as a real process: graceful SIGTERM, two instances on one database and Redis,
metrics summed over worker processes."""

from __future__ import annotations

import asyncio
import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.conftest import auth_headers
from tests.e2e.service_process import ServiceProcess

pytestmark = pytest.mark.slow


@pytest.fixture
def services(tmp_path: Path) -> Iterator[list[ServiceProcess]]:
    started: list[ServiceProcess] = []
    yield started
    for service in started:
        service.stop()


def start(services: list[ServiceProcess], tmp_path: Path, **env: str) -> ServiceProcess:
    workers = int(env.pop("workers", "1"))
    service = ServiceProcess(tmp_path / f"service-{len(services)}.log", workers=workers, settings=env)
    services.append(service)
    service.wait_until_serving()
    return service


async def wait_for_lock_waiter(engine: AsyncEngine) -> None:
    """Until a backend of this database is blocked on a lock (the in-flight request's SELECT)."""
    query = text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%FROM tasks%'"
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        async with engine.connect() as connection:
            if (await connection.execute(query)).scalar_one() > 0:
                return
        await asyncio.sleep(0.05)
    raise TimeoutError("the request never reached the database")


async def wait_until_refused(port: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except ConnectionRefusedError:
            return
        await asyncio.sleep(0.05)
    raise TimeoutError("new connections were still accepted after SIGTERM")


async def test_sigterm_lets_the_in_flight_request_finish_refuses_new_ones_and_exits_0(
    services: list[ServiceProcess], tmp_path: Path, database_url: str, clean_db: AsyncEngine, alice: dict[str, str]
) -> None:
    service = start(services, tmp_path, DATABASE_URL=database_url)
    async with httpx.AsyncClient(base_url=service.url, timeout=30) as http:
        created = (await http.post("/api/v1/tasks", json={"title": "Slow read"}, headers=alice)).json()
        # A naturally slow request: the task table is locked by another transaction until we let go.
        async with clean_db.connect() as locker:
            await locker.execute(text("LOCK TABLE tasks IN ACCESS EXCLUSIVE MODE"))
            in_flight = asyncio.create_task(
                http.get(f"/api/v1/tasks/{created['id']}", headers={**alice, "X-Request-ID": "in-flight"})
            )
            await wait_for_lock_waiter(clean_db)
            service.terminate()
            await wait_until_refused(service.port)
            assert service.process.poll() is None, "the process must wait for the in-flight request"
            await locker.rollback()
        response = await in_flight
    assert response.status_code == 200
    assert response.json() == created
    assert service.wait(timeout=30) == 0
    lines = service.log_lines()
    [access] = [line for line in lines if line.get("request_id") == "in-flight"]
    assert access["status"] == 200
    events = [line["event"] for line in lines]
    assert events.index("shutdown complete: pools and client sessions closed") > lines.index(access)


async def test_two_instances_share_the_database_and_both_report_redis(
    services: list[ServiceProcess],
    tmp_path: Path,
    database_url: str,
    clean_db: AsyncEngine,
    redis_url: str,
    alice: dict[str, str],
) -> None:
    first = start(services, tmp_path, DATABASE_URL=database_url, REDIS_URL=redis_url)
    second = start(services, tmp_path, DATABASE_URL=database_url, REDIS_URL=redis_url)
    async with httpx.AsyncClient(timeout=10) as http:
        for service in (first, second):
            ready = await http.get(f"{service.url}/ready")
            assert ready.status_code == 200
            assert [d["name"] for d in ready.json()["dependencies"] if d["ok"]] == ["database", "redis"]
        created = (await http.post(f"{first.url}/api/v1/tasks", json={"title": "Shared"}, headers=alice)).json()
        seen = await http.get(f"{second.url}/api/v1/tasks/{created['id']}", headers=alice)
        assert seen.json() == created
        replaced = await http.put(
            f"{second.url}/api/v1/tasks/{created['id']}",
            json={"title": "Shared", "status": "completed"},
            headers={**alice, "If-Match": seen.headers["etag"]},
        )
        assert replaced.status_code == 200
        stale = await http.put(
            f"{first.url}/api/v1/tasks/{created['id']}",
            json={"title": "Lost update"},
            headers={**alice, "If-Match": seen.headers["etag"]},
        )
        assert stale.status_code == 412
        assert stale.json()["code"] == "precondition_failed"
        final = await http.get(f"{first.url}/api/v1/tasks/{created['id']}", headers=alice)
        assert (final.json()["title"], final.json()["version"]) == ("Shared", 2)


async def health_count(service: ServiceProcess) -> float:
    async with httpx.AsyncClient(timeout=10) as http:
        scraped = (await http.get(f"{service.url}/metrics")).text
    [count] = [
        sample.value
        for family in text_string_to_metric_families(scraped)
        for sample in family.samples
        if sample.name == "showbay_http_requests_total" and sample.labels.get("route") == "/health"
    ]
    return count


async def test_metrics_are_summed_over_worker_processes(
    services: list[ServiceProcess], tmp_path: Path, database_url: str
) -> None:
    metrics_dir = tmp_path / "metrics"
    service = start(
        services, tmp_path, DATABASE_URL=database_url, PROMETHEUS_MULTIPROC_DIR=str(metrics_dir), workers="2"
    )
    before = await health_count(service)
    requests = 40
    for _ in range(requests):  # a new connection each time, so both workers take some
        async with httpx.AsyncClient(timeout=10) as http:
            assert (await http.get(f"{service.url}/health")).status_code == 200
    assert await health_count(service) == before + requests
    assert any(metrics_dir.glob("counter_*.db"))
    service.terminate()
    assert service.wait() == 0


async def test_two_processes_share_one_rate_limit_budget(
    services: list[ServiceProcess],
    tmp_path: Path,
    database_url: str,
    clean_db: AsyncEngine,
    redis_url: str,
) -> None:
    """Two service processes, one Redis: the budget is counted once, not per process."""
    budget = 6
    env = {"DATABASE_URL": database_url, "REDIS_URL": redis_url, "RATE_LIMIT_REQUESTS": str(budget)}
    first = start(services, tmp_path, **env)
    second = start(services, tmp_path, **env)
    headers = auth_headers(f"budget-{uuid.uuid4().hex}")  # a fresh principal: a fresh budget
    async with httpx.AsyncClient(timeout=10) as http:
        calls = [http.get(f"{service.url}/api/v1/tasks/1", headers=headers) for service in (first, second) * 10]
        responses = await asyncio.gather(*calls)
    statuses = [response.status_code for response in responses]
    assert statuses.count(404) == budget, statuses  # allowed through: the task does not exist
    assert statuses.count(429) == len(responses) - budget, statuses
    limited = next(response for response in responses if response.status_code == 429)
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.json()["code"] == "rate_limited"
