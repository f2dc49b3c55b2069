"""X-API-Key over HTTP: the key's principal and scopes, last-used time, revocation, and the audit trail."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from showbay.adapters.audit.logging_audit import LoggingAuditLog
from showbay.adapters.clock import SystemClock
from showbay.adapters.persistence.api_keys.store import SqlaApiKeyStore
from showbay.adapters.persistence.tables import api_keys
from showbay.adapters.persistence.transactions import SqlaTransactionManager
from showbay.application.api_keys.use_cases import CreateApiKey, IssuedApiKey, RevokeApiKey
from showbay.bootstrap.app import api_router, create_app
from showbay.bootstrap.settings import Settings
from showbay.domain.api_keys import NewApiKey
from tests.conftest import TEST_JWT_SECRET, auth_headers
from tests.e2e.probes import ProbeController

Client = AsyncTestClient  # type: ignore[type-arg]


async def issue(engine: AsyncEngine, name: str, *scopes: str) -> IssuedApiKey:
    async with AsyncSession(engine) as session:
        create = CreateApiKey(
            SqlaApiKeyStore(session), SqlaTransactionManager(session), SystemClock(), LoggingAuditLog()
        )
        return await create("cli:test", NewApiKey(name, f"service:{name}", frozenset(scopes)))


async def revoke(engine: AsyncEngine, prefix: str) -> None:
    async with AsyncSession(engine) as session:
        await RevokeApiKey(SqlaApiKeyStore(session), SqlaTransactionManager(session), SystemClock(), LoggingAuditLog())(
            "cli:test", prefix
        )


@pytest.fixture
async def client(database_url: str, clean_db: AsyncEngine) -> AsyncIterator[Client]:
    settings = Settings(database_url=database_url, jwt_secret=TEST_JWT_SECRET)
    app = create_app(settings)
    app.register(api_router(settings, [ProbeController]))
    async with AsyncTestClient(app=app) as test_client:
        yield test_client


async def test_an_api_key_acts_as_its_principal_and_records_its_last_use(client: Client, clean_db: AsyncEngine) -> None:
    issued = await issue(clean_db, "billing")
    key = {"X-API-Key": issued.plaintext}
    created = await client.post("/api/v1/tasks", json={"title": "from a service"}, headers=key)
    assert created.status_code == 201
    assert (await client.get(created.headers["location"], headers=key)).status_code == 200
    assert (await client.get(created.headers["location"], headers=auth_headers("alice"))).status_code == 404
    async with clean_db.connect() as connection:
        row = (await connection.execute(select(api_keys))).mappings().one()
    assert row["last_used_at"] is not None
    assert issued.plaintext not in json.dumps({k: str(v) for k, v in row.items()})


async def test_an_api_key_carries_its_own_scopes(client: Client, clean_db: AsyncEngine) -> None:
    writer = await issue(clean_db, "ingest", "repos:write")
    reader = await issue(clean_db, "dashboard")
    assert (await client.post("/api/v1/probes", headers={"X-API-Key": writer.plaintext})).status_code == 201
    denied = await client.post("/api/v1/probes", headers={"X-API-Key": reader.plaintext})
    assert denied.status_code == 403
    assert denied.json()["code"] == "forbidden"


async def test_a_revoked_key_is_rejected_at_once(client: Client, clean_db: AsyncEngine) -> None:
    issued = await issue(clean_db, "billing")
    assert (await client.get("/api/v1/tasks/1", headers={"X-API-Key": issued.plaintext})).status_code == 404
    await revoke(clean_db, issued.key.prefix)
    response = await client.get("/api/v1/tasks/1", headers={"X-API-Key": issued.plaintext})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert "invalid_token" in response.headers["www-authenticate"]


async def test_writes_are_audited_and_no_secret_reaches_logs_or_error_bodies(
    client: Client, clean_db: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    issued = await issue(clean_db, "billing")
    alice = auth_headers("alice")
    bodies = [
        await client.post("/api/v1/tasks", json={"title": "t"}, headers={**alice, "X-Request-ID": "req-1"}),
        await client.delete("/api/v1/tasks/1", headers=auth_headers("bob")),
        await client.post("/api/v1/tasks", json={"title": "t"}, headers={"Authorization": "Bearer forged.jwt.x"}),
        await client.post("/api/v1/tasks", json={"title": "t"}, headers={"X-API-Key": issued.plaintext + "x"}),
        await client.post("/api/v1/tasks", json={"title": ""}, headers={"X-API-Key": issued.plaintext}),
        await client.post("/api/v1/probes/explode", headers=alice),
        await client.get("/api/v1/tasks/1", headers=alice),  # a read: not audited
    ]
    assert [r.status_code for r in bodies] == [201, 404, 401, 401, 422, 500, 200]

    events = [json.loads(r.getMessage()) for r in caplog.records if r.name == "showbay.audit"]
    summary = [(e["actor"], e["action"], e["resource_type"], e["resource_id"], e["outcome"]) for e in events]
    assert summary == [
        ("cli:test", "createApiKey", "api_key", "1", "success"),
        ("alice", "createTask", "tasks", "1", "success"),
        ("bob", "deleteTask", "tasks", "1", "not_found"),
        ("anonymous", "createTask", "tasks", None, "denied"),
        ("anonymous", "createTask", "tasks", None, "denied"),
        ("service:billing", "createTask", "tasks", None, "rejected"),
        ("alice", "explodeProbe", "probes", None, "error"),
    ]
    assert events[1]["request_id"] == "req-1"
    assert all(e["request_id"] for e in events[1:])

    secrets = [issued.plaintext, alice["Authorization"].removeprefix("Bearer "), "forged.jwt.x", "db-pa55word"]
    captured = caplog.text + "".join(r.text for r in bodies)
    assert "cannot reach postgresql://svc:***@db" in caplog.text  # the 500 was logged, masked
    for secret in secrets:
        assert secret not in captured
