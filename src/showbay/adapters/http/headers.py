"""Security headers: ``X-Content-Type-Options: nosniff`` on every response, ``Cache-Control: no-store`` on the
API's (every one of them answers a credentialed call, and the shared caches must not keep them)."""

from __future__ import annotations

from collections.abc import Callable

from litestar.datastructures import Headers
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

NOSNIFF = (b"x-content-type-options", b"nosniff")
NO_STORE = (b"cache-control", b"no-store")


def security_headers(path: str, api_prefix: str) -> tuple[tuple[bytes, bytes], ...]:
    """The headers every response gets (set by adapters/http/edge.py, so the router's 404/405 get them too)."""
    return (NOSNIFF, NO_STORE) if path.startswith(api_prefix) else (NOSNIFF,)


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
