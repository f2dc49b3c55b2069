"""The access line and the HTTP metrics: one of each per request, whatever happens inside the app.

It wraps Litestar's whole ASGI handler (outside routing and the exception handlers), so unrouted 404s,
401s from the authentication middleware and 500s are counted with the status the client really got.
"""

from __future__ import annotations

import time
from typing import Any

import structlog
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from showbay.adapters.observability.metrics import HTTP_IN_PROGRESS, HTTP_LATENCY, HTTP_REQUESTS

UNMATCHED_ROUTE = "<unmatched>"
"""The ``route`` label of requests no route matched (keeps the label set small)."""

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"})

access_logger = structlog.get_logger("showbay.access")


def _principal(scope: Scope) -> str | None:
    user: Any = scope.get("user")
    principal = getattr(user, "id", None)
    return principal if isinstance(principal, str) else None


def access_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        method = scope["method"]
        label = method if method in _METHODS else "OTHER"  # metric labels stay a bounded set
        started = time.perf_counter()
        status = 500

        async def send_recording_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        HTTP_IN_PROGRESS.labels(label).inc()
        try:
            await app(scope, receive, send_recording_status)
        finally:
            HTTP_IN_PROGRESS.labels(label).dec()
            duration = time.perf_counter() - started
            route = scope.get("path_template") or UNMATCHED_ROUTE
            HTTP_REQUESTS.labels(label, route, str(status)).inc()
            HTTP_LATENCY.labels(label, route, str(status)).observe(duration)
            access_logger.info(
                "request",
                method=method,
                path=scope["path"],
                route=route,
                status=status,
                duration_ms=round(duration * 1000, 2),
                principal=_principal(scope),
            )

    return middleware
