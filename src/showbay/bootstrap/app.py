"""The Litestar app factory. Tests build it with their own settings and extra (overriding) providers."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from dishka import AsyncContainer, Provider, make_async_container
from dishka.integrations.litestar import DishkaRouter, LitestarProvider, setup_dishka
from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import RedocRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme, Server

from showbay import __version__
from showbay.adapters.http.auth import BearerAuthMiddleware
from showbay.adapters.http.content_type import require_json_body
from showbay.adapters.http.docs import DocsController
from showbay.adapters.http.errors import exception_handlers
from showbay.adapters.http.ops import OpsController
from showbay.adapters.http.request_id import request_id_middleware
from showbay.adapters.http.security import enforce_access_rule
from showbay.adapters.http.tasks.controller import TaskController
from showbay.adapters.observability.access import access_middleware
from showbay.adapters.observability.endpoint import MetricsController, forget_this_worker
from showbay.adapters.observability.logging import configure_logging
from showbay.bootstrap.providers import default_providers
from showbay.bootstrap.settings import Settings

API_PREFIX = "/api/v1"


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
            }
        ),
        use_handler_docstrings=False,
    )


def api_router() -> DishkaRouter:
    return DishkaRouter(
        API_PREFIX,
        route_handlers=[TaskController],
        middleware=[DefineMiddleware(BearerAuthMiddleware)],
        guards=[enforce_access_rule],
        before_request=require_json_body,
        security=[{"BearerAuth": []}],
    )


def create_app(settings: Settings | None = None, providers: Sequence[Provider] = ()) -> Litestar:
    settings = settings or Settings.from_env()
    configure_logging(settings.log_level, settings.log_format)
    container: AsyncContainer = make_async_container(*default_providers(settings), *providers, LitestarProvider())

    plugins: list[Any] = []
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
        forget_this_worker()
        logging.getLogger("showbay.lifecycle").info("shutdown complete: pools and client sessions closed")

    app = Litestar(
        route_handlers=[
            DishkaRouter("/", route_handlers=[OpsController, DocsController]),
            MetricsController,
            api_router(),
        ],
        exception_handlers=exception_handlers,
        logging_config=None,  # one pipeline: adapters/observability/logging.py
        openapi_config=openapi_config(),
        cors_config=CORSConfig(allow_origins=list(settings.cors_origins)) if settings.cors_origins else None,
        on_shutdown=[close_container, *on_shutdown],
        plugins=plugins,
        middleware=middleware,
        debug=False,
    )
    setup_dishka(container, app)
    # Outside routing and exception handling: every response gets an id, one access line and its metrics.
    app.asgi_handler = request_id_middleware(access_middleware(app.asgi_handler))
    return app
