"""Security headers: ``X-Content-Type-Options: nosniff`` on every response, ``Cache-Control: no-store`` on the
API's (every one of them answers a credentialed call, and the shared caches must not keep them)."""

from __future__ import annotations

from collections.abc import Callable

from litestar.datastructures import Headers, MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send


def with_security_headers(app: ASGIApp, api_prefix: str) -> ASGIApp:
    """Wraps the app's outermost handler, so 404/405 answers from the router get the headers too."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        private = scope["path"].startswith(api_prefix)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                headers["X-Content-Type-Options"] = "nosniff"
                if private:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await app(scope, receive, send_with_headers)

    return middleware


def without_cors_headers_for_disallowed_origins(app: ASGIApp, is_allowed: Callable[[str], bool]) -> ASGIApp:
    """Litestar's CORS middleware still sends ``Access-Control-Allow-Methods/-Headers`` (and, on a refused
    preflight, ``-Max-Age``) to origins outside the allow-list; a disallowed origin gets no CORS header at all.
    Wraps the app's outermost handler, outside the CORS middleware."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        origin = Headers.from_scope(scope).get("origin") if scope["type"] == ScopeType.HTTP else None
        if origin is None or is_allowed(origin):
            await app(scope, receive, send)
            return

        async def send_without_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    (name, value)
                    for name, value in message.get("headers", ())
                    if not name.lower().startswith(b"access-control-")
                ]
            await send(message)

        await app(scope, receive, send_without_cors)

    return middleware
