"""API documentation at the root: /openapi.json, /docs (Swagger UI), /redoc (ReDoc).

Litestar serves its schema under ``/schema``; mounting that at ``/`` would add a catch-all HTML 404 for every
unknown top-level path, so these three thin handlers re-serve the same documents at the root instead.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, MediaType, Request, Response, get
from litestar.openapi.plugins import OpenAPIRenderPlugin

from showbay.adapters.http.openapi_exact import published_schema


def _render(request: Request[Any, Any, Any], plugin_type: str) -> Response[bytes]:
    config = request.app.openapi_config
    assert config is not None
    plugin: OpenAPIRenderPlugin = next(p for p in config.render_plugins if type(p).__name__ == plugin_type)
    schema = published_schema(request.app.openapi_schema).to_schema()
    return Response(plugin.render(request, schema), media_type=plugin.media_type)


class DocsController(Controller):
    include_in_schema = False

    @get("/openapi.json", media_type=MediaType.JSON)
    async def openapi_json(self, request: Request[Any, Any, Any]) -> dict[str, Any]:
        return published_schema(request.app.openapi_schema).to_schema()

    @get("/docs")
    async def swagger(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        return _render(request, "SwaggerRenderPlugin")

    @get("/redoc")
    async def redoc(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        return _render(request, "RedocRenderPlugin")
