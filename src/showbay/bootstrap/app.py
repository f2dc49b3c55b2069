"""The Litestar app factory. Tests build it with their own settings and extra (overriding) providers."""

from __future__ import annotations

from collections.abc import Sequence

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
from showbay.adapters.http.sales.analytics import AnalyticsController
from showbay.adapters.http.sales.transactions import TransactionReadController, TransactionWriteController
from showbay.adapters.http.security import enforce_access_rule
from showbay.adapters.http.tasks.controller import TaskController
from showbay.bootstrap.providers import default_providers
from showbay.bootstrap.sales_provider import start_sales_refresh
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
        route_handlers=[TaskController, TransactionWriteController, TransactionReadController, AnalyticsController],
        middleware=[DefineMiddleware(BearerAuthMiddleware)],
        guards=[enforce_access_rule],
        before_request=require_json_body,
        security=[{"BearerAuth": []}],
    )


def create_app(settings: Settings | None = None, providers: Sequence[Provider] = ()) -> Litestar:
    settings = settings or Settings.from_env()
    container: AsyncContainer = make_async_container(*default_providers(settings), *providers, LitestarProvider())

    async def close_container() -> None:
        await container.close()

    async def start_background_work() -> None:
        await start_sales_refresh(container)

    app = Litestar(
        route_handlers=[DishkaRouter("/", route_handlers=[OpsController, DocsController]), api_router()],
        exception_handlers=exception_handlers,
        middleware=[request_id_middleware],
        openapi_config=openapi_config(),
        cors_config=CORSConfig(allow_origins=list(settings.cors_origins)) if settings.cors_origins else None,
        on_startup=[start_background_work],
        on_shutdown=[close_container],
        debug=False,
    )
    setup_dishka(container, app)
    return app
