"""The outermost ASGI wrapper: request id, security headers, the access line and the HTTP metrics.

One wrapper (one ``send`` closure) per request instead of three nested ones; each behaviour stays in its own
module: ``request_id.request_id_of``, ``headers.security_headers``, ``access.record_access``. It wraps
Litestar's whole handler, outside routing and the exception handlers, so every response (unrouted 404s,
401s, 500s) gets an id and the headers, and is counted with the status the client really got.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from showbay.adapters.http.headers import security_headers
from showbay.adapters.http.request_id import HEADER, request_id_of
from showbay.adapters.observability.access import in_progress, method_label, record_access
from showbay.adapters.request_context import request_id_var

_REQUEST_ID = HEADER.encode()


def with_headers(
    headers: Iterable[tuple[bytes, bytes]], added: Sequence[tuple[bytes, bytes]]
) -> list[tuple[bytes, bytes]]:
    """``headers`` with each of ``added`` set: an existing header of the same name is replaced."""
    names = {name for name, _ in added}
    return [*(header for header in headers if header[0].lower() not in names), *added]


def edge_middleware(app: ASGIApp, api_prefix: str) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        request_id = request_id_of(scope)
        token = request_id_var.set(request_id)
        added = (*security_headers(scope["path"], api_prefix), (_REQUEST_ID, request_id.encode("latin-1")))
        label = method_label(scope["method"])
        started = time.perf_counter()
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = with_headers(message.get("headers", ()), added)
            await send(message)

        gauge = in_progress(label)
        gauge.inc()
        try:
            await app(scope, receive, send_with_headers)
        finally:
            gauge.dec()
            record_access(scope, label, status, time.perf_counter() - started)
            request_id_var.reset(token)

    return middleware
