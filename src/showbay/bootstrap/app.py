"""The Litestar app factory. Tests build it with their own settings and extra (overriding) providers."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from dishka import AsyncContainer, Provider, make_async_container
from dishka.integrations.litestar import DishkaRouter, LitestarProvider
from litestar import Litestar
from litestar.datastructures import State
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import RedocRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme, Server
from litestar.types import ControllerRouterHandler

from showbay import __version__
from showbay.adapters.http.audit import audit_middleware
from showbay.adapters.http.auth import CREDENTIAL_FAILURES_STATE, CredentialsMiddleware
from showbay.adapters.http.cors import cors_config
from showbay.adapters.http.docs import DocsController
from showbay.adapters.http.edge import edge_middleware
from showbay.adapters.http.errors import exception_handlers
from showbay.adapters.http.headers import without_cors_headers_for_disallowed_origins
from showbay.adapters.http.items.controller import ItemController
from showbay.adapters.http.openapi_exact import ExactStructSchemaPlugin, with_complete_allow_on_options
from showbay.adapters.http.ops import OpsController
from showbay.adapters.http.placeholder.controller import ExternalPostController
from showbay.adapters.http.rate_limit import rate_limit_header_names
from showbay.adapters.http.request_checks import ApiRequestCheck, check_api_routes
from showbay.adapters.http.sales.controller import (
    AnalyticsController,
    TransactionReadController,
    TransactionWriteController,
)
from showbay.adapters.http.strict_body import StrictBodyRequest
from showbay.adapters.http.tasks.controller import TaskController
from showbay.adapters.http.tracked_repos.controller import TrackedRepoReadController, TrackedRepoWriteController
from showbay.adapters.observability.endpoint import MetricsController, forget_this_worker
from showbay.adapters.observability.logging import configure_logging
from showbay.application.auth import TokenVerifier
from showbay.bootstrap.abuse_limits import (
    STORE_NAME,
    close_store,
    credential_failures,
    rate_limit,
    rate_limit_store,
)
from showbay.bootstrap.jobs.idempotency import IdempotencyPurgeJob
from showbay.bootstrap.jobs.runner import BackgroundJob, BackgroundJobs
from showbay.bootstrap.jobs.tasks import EnrichmentRetryJob
from showbay.bootstrap.jobs.tracked_repos import BackgroundRefresher
from showbay.bootstrap.providers import default_providers
from showbay.bootstrap.request_scope import setup_request_scope
from showbay.bootstrap.settings import Settings

API_PREFIX = "/api/v1"

# Every controller under /api/v1; each declares its access rule (see docs/security.md).
API_CONTROLLERS: tuple[ControllerRouterHandler, ...] = (
    TaskController,
    ItemController,
    ExternalPostController,
    TrackedRepoReadController,
    TrackedRepoWriteController,
    TransactionWriteController,
    TransactionReadController,
    AnalyticsController,
)


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="showbay",
        version=__version__,
        description="Tasks, items, tracked GitHub repositories and sales analytics over PostgreSQL.",
        path="/schema",
        render_plugins=[SwaggerRenderPlugin(path="/swagger"), RedocRenderPlugin(path="/redoc")],
        servers=[Server(url="/")],
        components=Components(
            security_schemes={
                "BearerAuth": SecurityScheme(type="http", scheme="bearer", bearer_format="JWT"),
                "ApiKeyAuth": SecurityScheme(
                    type="apiKey",
                    name="X-API-Key",
                    security_scheme_in="header",
                    description="For service-to-service calls; create one with `showbay api-key create`.",
                ),
            }
        ),
        use_handler_docstrings=False,
    )


def api_router(
    settings: Settings | None = None, handlers: Sequence[ControllerRouterHandler] | None = None
) -> DishkaRouter:
    """The /api/v1 router; ``handlers`` replaces the controllers (tests mount probes behind the same stack)."""
    settings = settings or Settings()
    return DishkaRouter(
        API_PREFIX,
        route_handlers=list(handlers) if handlers is not None else list(API_CONTROLLERS),
        # In this order: who is calling, what they tried to write, how often they call.
        middleware=[
            CredentialsMiddleware,
            audit_middleware(API_PREFIX),
            rate_limit(settings).middleware,
        ],
        before_request=ApiRequestCheck(),
        request_class=StrictBodyRequest,
        security=[{"BearerAuth": []}, {"ApiKeyAuth": []}],  # either one
    )


def background_jobs(settings: Settings, container: AsyncContainer) -> list[BackgroundJob]:
    """Every background job this process runs, as the settings switch them on."""
    jobs: list[BackgroundJob] = []
    if settings.github.refresh_enabled:
        jobs.append(BackgroundRefresher(container))
    if settings.enrichment_retry_enabled:
        jobs.append(EnrichmentRetryJob(container, settings.enrichment_retry_interval))
    if settings.idempotency_purge_enabled:
        jobs.append(IdempotencyPurgeJob(container, settings.idempotency_purge_interval))
    return jobs


def create_app(settings: Settings | None = None, providers: Sequence[Provider] = ()) -> Litestar:
    settings = settings or Settings.from_env()
    configure_logging(settings.log_level, settings.log_format)
    container: AsyncContainer = make_async_container(*default_providers(settings), *providers, LitestarProvider())

    store = rate_limit_store(settings)

    async def check_credentials_config() -> None:
        await container.get(TokenVerifier)  # a missing or weak JWT key stops the start, not the first request

    plugins: list[Any] = [ExactStructSchemaPlugin()]
    middleware: list[Any] = []
    on_shutdown: list[Any] = []
    if settings.otel_exporter_otlp_endpoint:  # nothing of OpenTelemetry is imported otherwise
        try:
            from showbay.adapters.observability.tracing import setup_tracing
        except ImportError as exc:
            message = "OTEL_EXPORTER_OTLP_ENDPOINT is set: install tracing with pip install 'showbay[otel]'"
            raise RuntimeError(message) from exc

        tracing = setup_tracing()
        plugins.append(tracing.plugin)
        middleware += tracing.middleware
        on_shutdown.append(tracing.shutdown)

    async def close_container() -> None:
        await container.close()
        await close_store(store)
        forget_this_worker()
        logging.getLogger("showbay.lifecycle").info("shutdown complete: pools and client sessions closed")

    cors = (
        cors_config(settings.cors_origins, rate_limit_header_names(rate_limit(settings)))
        if settings.cors_origins
        else None
    )
    jobs = BackgroundJobs(background_jobs(settings, container))

    app = Litestar(
        route_handlers=[
            DishkaRouter("/", route_handlers=[OpsController, DocsController]),
            MetricsController,
            api_router(settings),
        ],
        exception_handlers=exception_handlers,
        logging_config=None,  # one pipeline: adapters/observability/logging.py
        openapi_config=openapi_config(),
        cors_config=cors,
        stores={STORE_NAME: store},
        state=State({CREDENTIAL_FAILURES_STATE: credential_failures(settings, store)}),
        request_max_body_size=settings.request_max_body_bytes,
        on_startup=[check_credentials_config, jobs.start],
        on_shutdown=[jobs.stop, close_container, *on_shutdown],
        plugins=plugins,
        middleware=middleware,
        debug=False,
    )
    check_api_routes(app.routes, API_PREFIX)
    if cors is not None:
        app.asgi_handler = without_cors_headers_for_disallowed_origins(app.asgi_handler, cors.is_origin_allowed)
    app.asgi_handler = with_complete_allow_on_options(app.asgi_handler, app.routes)
    setup_request_scope(container, app)
    # Outside routing and exception handling: every response (the router's 404/405 too) gets an id and the
    # security headers, one access line and its metrics.
    app.asgi_handler = edge_middleware(app.asgi_handler, API_PREFIX)
    return app
