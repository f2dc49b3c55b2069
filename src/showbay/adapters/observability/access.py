"""The access line and the HTTP metrics: one of each per request, whatever happens inside the app.

Recorded by the outermost ASGI wrapper (adapters/http/edge.py, outside routing and the exception handlers),
so unrouted 404s, 401s from the authentication middleware and 500s are counted with the status the client
really got.
"""

from __future__ import annotations

import logging
import time
from functools import lru_cache
from typing import Any

import msgspec
from litestar.types import HTTPScope, Scope
from prometheus_client import Counter, Gauge, Histogram

from showbay.adapters.observability.metrics import HTTP_IN_PROGRESS, HTTP_LATENCY, HTTP_REQUESTS
from showbay.adapters.redaction import redact
from showbay.adapters.request_context import current_request_id

UNMATCHED_ROUTE = "<unmatched>"
"""The ``route`` label of requests no route matched (keeps the label set small)."""

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"})

ACCESS_LOGGER = "showbay.access"
_access_logger = logging.getLogger(ACCESS_LOGGER)
_encode = msgspec.json.Encoder().encode
# The JSON line of every request, one pre-built format: the same keys the structlog pipeline writes.
_JSON_LINE = (
    '{"event":"request","method":%s,"path":%s,"route":%s,"status":%d,"duration_ms":%.2f,"principal":%s,'
    '"request_id":%s,"logger":"showbay.access","level":"info","timestamp":"%s.%06dZ"}'
)


class AccessRecord(logging.LogRecord):
    """The access line as a stdlib record: its fields are record attributes (the console format and any other
    formatter see them as ``extra``), and ``json_line`` renders it in one step for the JSON format, without
    the event dict the structlog processors would build, copy and redact key by key (docs/performance.md).
    The request id is the one of the request being served when it is formatted, as for every other line."""

    def __init__(
        self, method: str, path: str, route: str, *, status: int, duration_ms: float, principal: str | None
    ) -> None:
        super().__init__(ACCESS_LOGGER, logging.INFO, __file__, 0, "request", None, None)
        self.method, self.path, self.route, self.status = method, path, route, status
        self.duration_ms, self.principal = duration_ms, principal

    def json_line(self) -> str:
        """Free text (the path, the principal) passes ``redact`` as every field of every line does."""
        principal = None if self.principal is None else redact(self.principal)
        whole = int(self.created)
        return _JSON_LINE % (
            _encode(self.method).decode(),
            _encode(redact(self.path)).decode(),
            _encode(self.route).decode(),
            self.status,
            self.duration_ms,
            _encode(principal).decode(),
            _encode(current_request_id()).decode(),
            time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(whole)),
            int((self.created - whole) * 1_000_000),
        )


def _principal(scope: Scope) -> str | None:
    user: Any = scope.get("user")
    principal = getattr(user, "id", None)
    return principal if isinstance(principal, str) else None


def method_label(method: str) -> str:
    return method if method in _METHODS else "OTHER"  # metric labels stay a bounded set


@lru_cache(maxsize=len(_METHODS) + 1)
def in_progress(label: str) -> Gauge:
    """The label child, looked up once (``labels()`` takes a lock and hashes the label values every call)."""
    return HTTP_IN_PROGRESS.labels(label)


@lru_cache(maxsize=4096)  # methods x routes x statuses: bounded by the app's routes
def _request_metrics(label: str, route: str, status: int) -> tuple[Counter, Histogram]:
    return HTTP_REQUESTS.labels(label, route, str(status)), HTTP_LATENCY.labels(label, route, str(status))


def record_access(scope: HTTPScope, label: str, status: int, duration: float) -> None:
    """One access line and the request's metrics, with the status the client really got."""
    route = scope.get("path_template") or UNMATCHED_ROUTE
    requests, latency = _request_metrics(label, route, status)
    requests.inc()
    latency.observe(duration)
    if _access_logger.isEnabledFor(logging.INFO):
        duration_ms = round(duration * 1000, 2)
        record = AccessRecord(
            scope["method"], scope["path"], route, status=status, duration_ms=duration_ms, principal=_principal(scope)
        )
        _access_logger.handle(record)
