"""OpenTelemetry: spans reach an OTLP collector (a local fake) when configured; nothing loads otherwise."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from aiohttp import web
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.conftest import TEST_JWT_SECRET
from tests.e2e.service_process import ServiceProcess

pytestmark = pytest.mark.slow


class FakeCollector:
    """Accepts OTLP/HTTP protobuf exports like an OpenTelemetry collector and keeps them."""

    def __init__(self) -> None:
        self.exports: list[ExportTraceServiceRequest] = []

    async def traces(self, request: web.Request) -> web.Response:
        export = ExportTraceServiceRequest()
        export.ParseFromString(await request.read())
        self.exports.append(export)
        return web.Response(body=b"", content_type="application/x-protobuf")

    def spans(self) -> list[tuple[str, str, dict[str, str]]]:
        """(trace id, span name, attributes) of every exported span."""
        found = []
        for export in self.exports:
            for resource_spans in export.resource_spans:
                for scope_spans in resource_spans.scope_spans:
                    for span in scope_spans.spans:
                        attributes = {a.key: a.value.string_value for a in span.attributes}
                        found.append((span.trace_id.hex(), span.name, attributes))
        return found

    def service_names(self) -> set[str]:
        return {
            attribute.value.string_value
            for export in self.exports
            for resource_spans in export.resource_spans
            for attribute in resource_spans.resource.attributes
            if attribute.key == "service.name"
        }


@pytest.fixture
async def collector() -> AsyncIterator[tuple[FakeCollector, str]]:
    fake = FakeCollector()
    app = web.Application()
    app.router.add_post("/v1/traces", fake.traces)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield fake, f"http://127.0.0.1:{port}"
    await runner.cleanup()


async def test_http_and_sql_spans_of_one_request_share_a_trace(
    collector: tuple[FakeCollector, str],
    tmp_path: Path,
    database_url: str,
    clean_db: AsyncEngine,
    alice: dict[str, str],
) -> None:
    fake, endpoint = collector
    service = ServiceProcess(
        tmp_path / "service.log",
        DATABASE_URL=database_url,
        OTEL_EXPORTER_OTLP_ENDPOINT=endpoint,
        OTEL_SERVICE_NAME="showbay-under-test",
    )
    try:
        # The collector runs on this event loop: block only other threads while waiting for the process.
        await asyncio.to_thread(service.wait_until_serving)
        async with httpx.AsyncClient(base_url=service.url, timeout=10) as http:
            created = await http.post("/api/v1/tasks", json={"title": "Traced"}, headers=alice)
            assert (await http.get(f"/api/v1/tasks/{created.json()['id']}", headers=alice)).status_code == 200
        service.terminate()
        assert await asyncio.to_thread(service.wait) == 0  # shutdown flushes the queued spans
    finally:
        service.stop()
    spans = fake.spans()
    assert fake.service_names() == {"showbay-under-test"}
    [server_trace] = {trace for trace, name, _ in spans if name == "GET /api/v1/tasks/{task_id}"}
    sql = [attributes for trace, _, attributes in spans if trace == server_trace and "db.statement" in attributes]
    assert sql, spans
    assert all(attributes.get("db.system") == "postgresql" for attributes in sql)


def test_no_tracing_is_set_up_without_an_endpoint() -> None:
    # Litestar (and redis-py) import OpenTelemetry's API modules by themselves whenever the packages are
    # installed, as here in the dev environment; the production image has no OpenTelemetry unless built
    # with the otel extra. What must never happen without the endpoint: our tracing, an SDK tracer, an
    # exporter or an instrumentation of SQLAlchemy/aiohttp.
    check = (
        "import sys\n"
        "from showbay.bootstrap.app import create_app\n"
        "from showbay.bootstrap.settings import Settings\n"
        "create_app(Settings(database_url='postgresql://unused/unused', jwt_secret=sys.argv[1]))\n"
        "loaded = [m for m in sys.modules if m.startswith(('showbay.adapters.observability.tracing',"
        " 'opentelemetry.instrumentation.sqlalchemy', 'opentelemetry.instrumentation.aiohttp_client',"
        " 'opentelemetry.instrumentation.psycopg',"
        " 'opentelemetry.exporter', 'opentelemetry.sdk.trace'))]\n"
        "assert not loaded, loaded\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    result = subprocess.run(
        [sys.executable, "-c", check, TEST_JWT_SECRET], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
