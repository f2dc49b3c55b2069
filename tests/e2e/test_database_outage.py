"""A real ``showbay serve`` process against its own embedded PostgreSQL, stopped and started under concurrent
writers: no 500, a 503 with Retry-After while it is down, nothing acknowledged lost, quick recovery. And a real
500 in JSON logging that leaks none of the request's or the configuration's secrets."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg
import pytest

from showbay.bootstrap.migrate import upgrade
from showbay.domain.api_keys.material import new_key_material
from tests.conftest import TEST_JWT_SECRET, token_for
from tests.e2e.service_process import ServiceProcess
from tests.embedded_postgres import OwnPostgres

pytestmark = pytest.mark.slow

DB_PASSWORD = "db-pa55word-never-logged"
WRITERS = 8
DOWN_FOR = 3.0


@pytest.fixture(scope="module")
def own_postgres() -> Iterator[OwnPostgres]:
    postgres = OwnPostgres()
    try:
        yield postgres
    finally:
        postgres.cleanup()


def serve(tmp_path: Path, database_url: str, **env: str) -> ServiceProcess:
    settings = {"DATABASE_URL": database_url, "RATE_LIMIT_REQUESTS": "1000000", "SHUTDOWN_GRACE_PERIOD": "3"}
    service = ServiceProcess(tmp_path / "service.log", settings=settings | env)
    service.wait_until_serving()
    return service


@dataclass
class Outcome:
    status: int
    finished: float
    task_id: int | None = None
    retry_after: str | None = None
    writer: int | None = None


@dataclass
class Run:
    outcomes: list[Outcome] = field(default_factory=list)
    ready_statuses: list[tuple[float, int]] = field(default_factory=list)
    reads: list[Outcome] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)


async def write_tasks(http: httpx.AsyncClient, writer: int, run: Run) -> None:
    headers = {"Authorization": f"Bearer {token_for(f'writer-{writer}')}"}
    sequence = 0
    while not run.stop.is_set():
        sequence += 1
        response = await http.post("/api/v1/tasks", json={"title": f"w{writer}-{sequence}"}, headers=headers)
        body = response.json()
        run.outcomes.append(
            Outcome(
                response.status_code,
                time.monotonic(),
                body.get("id") if response.status_code == 201 else None,
                response.headers.get("retry-after"),
                writer,
            )
        )
        # Faster than Retry-After on purpose: the test measures how soon the service recovers.
        await asyncio.sleep(0.01 if response.status_code == 201 else 0.05)


async def read_tasks(http: httpx.AsyncClient, run: Run) -> None:
    """GET of one of writer 0's tasks (tasks are per owner): the hot-path read pool (psycopg directly), not the
    SQLAlchemy engine the writers use."""
    headers = {"Authorization": f"Bearer {token_for('writer-0')}"}
    while not run.stop.is_set():
        known = [o.task_id for o in run.outcomes if o.task_id is not None and o.writer == 0]
        if known:
            response = await http.get(f"/api/v1/tasks/{known[0]}", headers=headers)
            run.reads.append(Outcome(response.status_code, time.monotonic(), None, response.headers.get("retry-after")))
        await asyncio.sleep(0.05)


async def poll_ready(http: httpx.AsyncClient, run: Run) -> None:
    while not run.stop.is_set():
        response = await http.get("/ready")
        run.ready_statuses.append((time.monotonic(), response.status_code))  # when the answer came
        await asyncio.sleep(0.1)


def libpq_url(database_url: str) -> str:
    return database_url.replace("postgresql+psycopg://", "postgresql://", 1)


def stored_task_ids(database_url: str) -> set[int]:
    with psycopg.connect(libpq_url(database_url)) as connection:
        return {row[0] for row in connection.execute("SELECT id FROM tasks")}


async def test_a_database_restart_under_writers_costs_no_500_and_loses_nothing(
    own_postgres: OwnPostgres, tmp_path: Path
) -> None:
    database_url = own_postgres.database("outage", password=DB_PASSWORD)
    await asyncio.to_thread(upgrade, database_url)
    service = serve(tmp_path, database_url)
    run = Run()
    try:
        async with httpx.AsyncClient(base_url=service.url, timeout=15) as http:
            clients = [asyncio.create_task(write_tasks(http, n, run)) for n in range(WRITERS)]
            clients.append(asyncio.create_task(poll_ready(http, run)))
            clients.append(asyncio.create_task(read_tasks(http, run)))
            await asyncio.sleep(1.5)
            await asyncio.to_thread(own_postgres.stop_fast)
            stopped = time.monotonic()
            await asyncio.sleep(DOWN_FOR)
            restarted = time.monotonic()  # the start command is issued: PostgreSQL's own start-up counts too
            await asyncio.to_thread(own_postgres.start)
            await asyncio.sleep(2.5)
            run.stop.set()
            await asyncio.gather(*clients)
    finally:
        service.stop()

    statuses = {outcome.status for outcome in run.outcomes}
    assert statuses <= {201, 503}, f"unexpected statuses {statuses}:\n{service.output()[-4000:]}"
    while_down = [o for o in run.outcomes if stopped + 0.5 < o.finished < restarted]
    assert while_down, "no request was answered while the database was down"
    assert all(o.status == 503 and o.retry_after == "1" for o in while_down)
    acknowledged = {o.task_id for o in run.outcomes if o.status == 201}
    assert len(acknowledged) > WRITERS
    assert acknowledged <= stored_task_ids(database_url)  # every 201 is in the database
    first_success = min(o.finished for o in run.outcomes if o.status == 201 and o.finished > restarted)
    assert first_success - restarted < 2.0
    read_statuses = {read.status for read in run.reads}
    assert read_statuses <= {200, 503}, f"unexpected read statuses {read_statuses}"
    assert all(r.retry_after == "1" for r in run.reads if r.status == 503)
    assert any(r.status == 200 and r.finished > first_success for r in run.reads), "reads recover too"
    ready_down = [status for moment, status in run.ready_statuses if stopped + 0.5 < moment < restarted]
    assert ready_down
    assert set(ready_down) == {503}
    assert run.ready_statuses[-1][1] == 200
    lines = service.log_lines()
    assert not [line for line in lines if line.get("status") == 500 or line.get("level") == "error"]
    assert DB_PASSWORD not in service.output()


def create_api_key(database_url: str) -> str:
    """A real key, stored as ``showbay api-key create`` stores it (prefix and digest only)."""
    material = new_key_material()
    with psycopg.connect(libpq_url(database_url), autocommit=True) as connection:
        connection.execute(
            "INSERT INTO api_keys (prefix, digest, name, principal_id, scopes) VALUES (%s, %s, 'leaky', 'svc', '{}')",
            (material.prefix, material.digest),
        )
    return material.plaintext


async def test_a_real_500_in_json_logs_no_token_api_key_or_database_password(
    own_postgres: OwnPostgres, tmp_path: Path
) -> None:
    database_url = own_postgres.database("broken", password=DB_PASSWORD)
    await asyncio.to_thread(upgrade, database_url)
    api_key = create_api_key(database_url)
    # A schema the code does not expect: every task query fails with UndefinedColumn, a bug, so a 500.
    with psycopg.connect(libpq_url(database_url), autocommit=True) as connection:
        connection.execute("ALTER TABLE tasks RENAME COLUMN title TO title_renamed")
    token = token_for("alice")
    service = serve(tmp_path, database_url)
    try:
        async with httpx.AsyncClient(base_url=service.url, timeout=15) as http:
            by_token = await http.get(
                "/api/v1/tasks", headers={"Authorization": f"Bearer {token}", "X-Request-ID": "leak-token"}
            )
            by_key = await http.get("/api/v1/tasks", headers={"X-API-Key": api_key, "X-Request-ID": "leak-key"})
    finally:
        service.stop()
    assert (by_token.status_code, by_key.status_code) == (500, 500)
    output = service.output()
    for request_id in ("leak-token", "leak-key"):
        [error] = [
            line
            for line in service.log_lines()
            if line.get("request_id") == request_id and line.get("level") == "error"
        ]
        assert error["logger"] == "showbay.http"
        assert "UndefinedColumn" in str(error["exception"])
    for secret in (token, token.split(".")[1], api_key, api_key.split("_")[-1], DB_PASSWORD, TEST_JWT_SECRET):
        assert secret not in output
