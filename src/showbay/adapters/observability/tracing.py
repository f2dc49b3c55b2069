"""OpenTelemetry tracing: HTTP server spans (Litestar's plugin), SQL spans and outbound aiohttp spans.

Imported only when OTEL_EXPORTER_OTLP_ENDPOINT is set (see bootstrap/app.py); the exporter speaks OTLP over
HTTP/protobuf and reads the standard OTEL_* variables (endpoint, headers, OTEL_SERVICE_NAME, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.plugins.opentelemetry import OpenTelemetryConfig, OpenTelemetryPlugin
from litestar.types import ASGIApp, Receive, Scope, Send
from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.aiohttp_client import AioHttpClientInstrumentor
from opentelemetry.instrumentation.psycopg import PsycopgInstrumentor
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor


def _method_only(scope: Scope) -> tuple[str, dict[Any, str]]:
    """The server span's first name: the method only (the path would make names unbounded)."""
    return str(scope.get("method", "HTTP")), {}


def name_span_after_route(app: ASGIApp) -> ASGIApp:
    """App-level middleware (runs after routing): the server span becomes ``GET /api/v1/tasks/{task_id}``."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        template = scope.get("path_template")
        span = trace.get_current_span()
        if template and span.is_recording():
            span.update_name(f"{scope.get('method', 'HTTP')} {template}")
            span.set_attribute("http.route", template)
        await app(scope, receive, send)

    return middleware


@dataclass(frozen=True, slots=True)
class Tracing:
    """Give ``plugin`` to Litestar's ``plugins``, ``middleware`` to its app-level ``middleware``."""

    plugin: OpenTelemetryPlugin
    middleware: list[Any]
    provider: TracerProvider

    async def shutdown(self) -> None:
        """Flush the spans still queued, then stop exporting (on app shutdown)."""
        self.provider.shutdown()


_PROVIDER: list[TracerProvider] = []  # the process's provider, once setup_tracing has run


async def trace_psycopg_connection(connection: Any) -> None:
    """``configure`` hook of the hot-path read pool (adapters/persistence/fast_reads.py): its statements do
    not pass through SQLAlchemy, so they get psycopg's own spans (only that pool's connections: SQLAlchemy's
    are traced by the SQLAlchemy instrumentation, once)."""
    if _PROVIDER:
        PsycopgInstrumentor.instrument_connection(connection, tracer_provider=_PROVIDER[0])


def setup_tracing(default_service_name: str = "showbay") -> Tracing:
    """Instrument SQLAlchemy engines created from now on and every aiohttp ClientSession, once per process."""
    resource = Resource.create({SERVICE_NAME: default_service_name}).merge(Resource.create())
    provider = TracerProvider(resource=resource)
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    _PROVIDER[:] = [provider]
    sqlalchemy = SQLAlchemyInstrumentor()
    if not sqlalchemy.is_instrumented_by_opentelemetry:
        # The instrumentation declares SQLAlchemy < 2.1 but only hooks stable engine events; tested on 2.1.
        sqlalchemy.instrument(tracer_provider=provider, skip_dep_check=True)
    aiohttp = AioHttpClientInstrumentor()
    if not aiohttp.is_instrumented_by_opentelemetry:
        aiohttp.instrument(tracer_provider=provider)
    config = OpenTelemetryConfig(
        tracer_provider=provider,
        scope_span_details_extractor=_method_only,
        exclude=["^/health$", "^/metrics$"],  # probes and scrapes would drown the traces
        exclude_spans=["receive", "send"],
    )
    return Tracing(OpenTelemetryPlugin(config), [name_span_after_route], provider)
