"""Access rules every API route declares in its ``opt["access"]``; a route without one fails the security test."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers import BaseRouteHandler

from showbay.application.errors import Forbidden

OWNER = "owner"
"""Any authenticated principal; the resource is scoped to its owner (others get 404)."""

SHARED_READ = "shared-read"
"""Any authenticated principal may read; the data is shared."""


def scope_rule(scope: str) -> str:
    """Writes to shared data: the principal needs ``scope``."""
    return f"scope:{scope}"


def enforce_access_rule(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """Guard applied to the whole API router."""
    rule = handler.opt.get("access")
    if rule is None:
        raise RuntimeError(f"route {handler} declares no access rule")
    if isinstance(rule, str) and rule.startswith("scope:"):
        needed = rule.removeprefix("scope:")
        if not connection.user.has_scope(needed):
            raise Forbidden(needed)
