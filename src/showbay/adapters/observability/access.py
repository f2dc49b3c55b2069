"""The access line and the HTTP metrics: one of each per request, whatever happens inside the app.

Recorded by the outermost ASGI wrapper (adapters/http/edge.py, outside routing and the exception handlers),
so unrouted 404s, 401s from the authentication middleware and 500s are counted with the status the client
really got.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

import structlog
from litestar.types import HTTPScope, Scope
from prometheus_client import Counter, Gauge, Histogram

from showbay.adapters.observability.metrics import HTTP_IN_PROGRESS, HTTP_LATENCY, HTTP_REQUESTS

UNMATCHED_ROUTE = "<unmatched>"
"""The ``route`` label of requests no route matched (keeps the label set small)."""

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"})

access_logger = structlog.get_logger("showbay.access")
_stdlib_access_logger = logging.getLogger("showbay.access")


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
    if not _stdlib_access_logger.isEnabledFor(logging.INFO):
        return  # structlog would build and process the event before the stdlib logger drops it
    access_logger.info(
        "request",
        method=scope["method"],
        path=scope["path"],
        route=route,
        status=status,
        duration_ms=round(duration * 1000, 2),
        principal=_principal(scope),
    )
