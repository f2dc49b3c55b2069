"""The one ``before_request`` hook of every API route: the access rule, strict query values, then the route's
body check (a JSON body by default; PATCH takes a JSON merge patch).

The access rule runs in this hook rather than as a Litestar guard: Litestar copies the route handler for every
guard call (~3 % of a GET, docs/performance.md). A route's own ``before_request`` replaces the router's, so a
route that needs another body check declares ``ApiRequestCheck(its_body_check)``, and ``check_api_routes``
refuses to build an app with an API route whose hook is anything else: no route can drop the access check.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from litestar import Request
from litestar.routes import BaseRoute

from showbay.adapters.http.content_type import require_json_body
from showbay.adapters.http.query_params import check_parameters
from showbay.adapters.http.security import api_routes_failing, check_access_rules, enforce_access_rule

BodyCheck = Callable[[Request[Any, Any, Any]], Awaitable[None]]


class ApiRequestCheck:
    """Before every API handler: the access rule (401/403), the strict query values and path ids (422), the
    body check (415)."""

    __slots__ = ("_check_body",)

    def __init__(self, check_body: BodyCheck = require_json_body) -> None:
        self._check_body = check_body

    async def __call__(self, request: Request[Any, Any, Any]) -> None:
        enforce_access_rule(request, request.route_handler)
        check_parameters(request)
        await self._check_body(request)


def unchecked_routes(routes: Iterable[BaseRoute], prefix: str) -> list[str]:
    """``METHOD path`` of every route under ``prefix`` whose ``before_request`` is not an ``ApiRequestCheck``."""
    return api_routes_failing(
        routes, prefix, lambda handler: not isinstance(handler.resolve_before_request(), ApiRequestCheck)
    )


def check_api_routes(routes: Iterable[BaseRoute], prefix: str) -> None:
    """Refuse to start when an API route declares no access rule or runs another hook than ``ApiRequestCheck``."""
    check_access_rules(routes, prefix)
    if unchecked := unchecked_routes(routes, prefix):
        raise RuntimeError(f"API routes whose before_request is not an ApiRequestCheck: {', '.join(unchecked)}")
