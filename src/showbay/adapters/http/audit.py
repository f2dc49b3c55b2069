"""Every write to the API leaves an audit event, whatever its outcome, without each controller remembering to.

Sits behind authentication and before the rate limiter on the API router, so rate-limited writes are
recorded too. The actor is the principal (``anonymous`` when there is none), the action the route's
``operation_id``, the resource type the route's ``opt["resource"]`` (else the first path segment after the
prefix), the resource id the first path parameter (or, for a create, the last segment of ``Location``), the
outcome derived from the status. Request bodies and headers are never recorded.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.exceptions import HTTPException
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from showbay.adapters.request_context import current_request_id
from showbay.application.audit import AuditEvent, AuditLog, outcome_for_status
from showbay.application.principal import Principal

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _resource_type(scope: Scope, prefix: str) -> str:
    handler: Any = scope.get("route_handler")
    declared = handler.opt.get("resource") if handler is not None else None
    if declared:
        return str(declared)
    segments = [s for s in scope["path"].removeprefix(prefix).split("/") if s]
    return segments[0] if segments else "unknown"


def _resource_id(scope: Scope, location: str | None) -> str | None:
    params = scope.get("path_params") or {}
    if params:
        return str(next(iter(params.values())))
    if location:
        return location.rstrip("/").rsplit("/", 1)[-1]
    return None


def audit_middleware(prefix: str) -> type:
    class AuditWrites:
        def __init__(self, app: ASGIApp) -> None:
            self.app = app

        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != ScopeType.HTTP or scope.get("method") not in WRITE_METHODS:
                await self.app(scope, receive, send)
                return
            seen: dict[str, Any] = {"status": 500, "location": None}

            async def watching_send(message: Message) -> None:
                if message["type"] == "http.response.start":
                    seen["status"] = message["status"]
                    for name, value in message.get("headers", ()):
                        if name.lower() == b"location":
                            seen["location"] = value.decode("latin-1")
                await send(message)

            try:
                await self.app(scope, receive, watching_send)
            except HTTPException as exc:  # raised by an inner middleware (the rate limiter's 429)
                seen["status"] = exc.status_code
                raise
            finally:
                await self._record(scope, seen["status"], seen["location"])

        async def _record(self, scope: Scope, status: int, location: str | None) -> None:
            user = scope.get("user")
            handler: Any = scope.get("route_handler")
            audit = await ASGIConnection(scope).state.dishka_container.get(AuditLog)
            audit.record(
                AuditEvent(
                    actor=user.id if isinstance(user, Principal) else "anonymous",
                    action=(handler.operation_id if handler is not None and handler.operation_id else None)
                    or f"{scope.get('method')} {scope['path']}",
                    resource_type=_resource_type(scope, prefix),
                    resource_id=_resource_id(scope, location) if status < 400 or scope.get("path_params") else None,
                    outcome=outcome_for_status(status),
                    request_id=current_request_id(),
                    status=status,
                )
            )

    return AuditWrites
