"""dishka's REQUEST scope for every HTTP request, opened as ``dishka.integrations.litestar.setup_dishka`` opens it,
without the reference cycle that wrapper leaves behind.

dishka's wrapper stores the request container in the ASGI scope's state, and the container's context holds a
``Request`` of that same scope: every request's scope, ``Request``, headers and containers then waited for the
cyclic garbage collector (on the hot path one gen-0 collection per ~33 requests, and the stalls of gen-1/2
collections; docs/performance.md). Removing the container from the state when the request ends lets reference
counting free them at once. Our own ten lines because dishka's wrapper offers no hook at the end of a request.
"""

from __future__ import annotations

from typing import Any

from dishka import AsyncContainer
from dishka import Scope as DIScope
from litestar import Litestar, Request
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, Scope, Send

STATE_KEY = "dishka_container"  # where dishka's Litestar integration (FromDishka, DishkaRouter) looks for it


def request_scope_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        request: Request[Any, Any, Any] = Request(scope)
        state = scope["state"]
        async with scope["litestar_app"].state[STATE_KEY]({Request: request}, scope=DIScope.REQUEST) as container:
            state[STATE_KEY] = container
            try:
                await app(scope, receive, send)
            finally:
                del state[STATE_KEY]

    return middleware


def setup_request_scope(container: AsyncContainer, app: Litestar) -> None:
    """``setup_dishka`` with the wrapper above."""
    app.asgi_handler = request_scope_middleware(app.asgi_handler)
    app.state[STATE_KEY] = container
