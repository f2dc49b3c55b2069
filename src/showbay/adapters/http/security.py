"""Access rules every API route declares in its ``opt["access"]``; a route without one fails the security test.

``check_access_rules`` runs when the app is built, so an undeclared route stops the service from starting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, TooManyRequestsException
from litestar.handlers import BaseRouteHandler, HTTPRouteHandler
from litestar.routes import BaseRoute, HTTPRoute

from showbay.adapters.http.auth import MISSING, AuthFailure
from showbay.application.auth import CredentialsUnavailable
from showbay.application.errors import Forbidden
from showbay.application.principal import Principal

OWNER = "owner"
"""Any authenticated principal; the resource is scoped to its owner (others get 404)."""

SHARED_READ = "shared-read"
"""Any authenticated principal may read; the data is shared."""

SCOPE_PREFIX = "scope:"


def scope_rule(scope: str) -> str:
    """Writes to shared data: the principal needs ``scope``."""
    return f"{SCOPE_PREFIX}{scope}"


def is_valid_rule(rule: object) -> bool:
    if rule in (OWNER, SHARED_READ):
        return True
    return isinstance(rule, str) and rule.startswith(SCOPE_PREFIX) and len(rule) > len(SCOPE_PREFIX)


def require_principal(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal:
    user = connection.scope.get("user")
    if isinstance(user, Principal):
        return user
    failure = connection.scope.get("auth")
    failure = failure if isinstance(failure, AuthFailure) else MISSING
    if failure.status == 429:
        raise TooManyRequestsException(failure.detail, headers={"Retry-After": str(failure.retry_after or 1)})
    if failure.status == 503:
        raise CredentialsUnavailable(failure.detail, failure.retry_after or 1)
    raise NotAuthorizedException(failure.detail, headers={"WWW-Authenticate": failure.challenge})


def enforce_access_rule(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """Before every API handler (``request_checks.ApiRequestCheck``): 401 without a principal, 403 without the
    rule's scope."""
    if connection.scope.get("method") == "OPTIONS":
        return  # Litestar's automatic OPTIONS answer only lists the allowed methods
    rule = handler.opt.get("access")
    if not is_valid_rule(rule):
        raise RuntimeError(f"route {handler} declares no valid access rule")
    principal = require_principal(connection)
    if isinstance(rule, str) and rule.startswith(SCOPE_PREFIX):
        needed = rule.removeprefix(SCOPE_PREFIX)
        if not principal.has_scope(needed):
            raise Forbidden(needed)


def api_routes_failing(
    routes: Iterable[BaseRoute], prefix: str, fails: Callable[[HTTPRouteHandler], bool]
) -> list[str]:
    """``METHOD path`` of every route under ``prefix`` (Litestar's own OPTIONS aside) whose handler ``fails``."""
    failing: list[str] = []
    for route in routes:
        if not isinstance(route, HTTPRoute) or not route.path.startswith(prefix):
            continue
        for handler in route.route_handlers:
            methods = sorted(set(handler.http_methods) - {"OPTIONS"})
            if methods and fails(handler):
                failing.extend(f"{method} {route.path}" for method in methods)
    return failing


def undeclared_routes(routes: Iterable[BaseRoute], prefix: str) -> list[str]:
    """``METHOD path`` of every route under ``prefix`` whose handler declares no valid access rule."""
    return api_routes_failing(routes, prefix, lambda handler: not is_valid_rule(handler.opt.get("access")))


def check_access_rules(routes: Iterable[BaseRoute], prefix: str) -> None:
    """Refuse to start when an API route declares no access rule."""
    if missing := undeclared_routes(routes, prefix):
        raise RuntimeError(f"API routes without an opt['access'] rule: {', '.join(missing)}")
