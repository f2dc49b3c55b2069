"""The "Done when" table: every operation in the schema against no, bad, under-scoped and foreign credentials."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from litestar import Controller, Litestar, Request, get
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.adapters.http.request_checks import check_api_routes
from showbay.adapters.http.security import OWNER, check_access_rules
from showbay.adapters.security.jwt_tokens import mint_token
from showbay.bootstrap.app import API_PREFIX, api_router, create_app
from showbay.bootstrap.settings import GitHubSettings, Settings
from tests.conftest import TEST_JWT_SECRET
from tests.e2e.access_matrix import Credentials
from tests.e2e.access_walk import walk
from tests.e2e.probes import ProbeController
from tests.upstreams.github import FakeGitHub

ISSUER = "https://id.showbay.test"
AUDIENCE = "showbay-api"


def _token(subject: str, *scopes: str, secret: str = TEST_JWT_SECRET, **overrides: Any) -> str:
    options: dict[str, Any] = {"issuer": ISSUER, "audience": AUDIENCE, "ttl": timedelta(minutes=5), **overrides}
    return mint_token(secret, subject, scopes, **options)


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _unsigned(subject: str) -> str:
    now = datetime.now(UTC)
    claims = {"sub": subject, "iss": ISSUER, "aud": AUDIENCE, "exp": now + timedelta(minutes=5)}
    return jwt.encode(claims, None, algorithm="none")  # type: ignore[arg-type]


def _without_exp(subject: str) -> str:
    return jwt.encode({"sub": subject, "iss": ISSUER, "aud": AUDIENCE}, TEST_JWT_SECRET, algorithm="HS256")


CREDENTIALS = Credentials(
    alice=_bearer(_token("alice")),
    bob=_bearer(_token("bob")),
    with_scopes=lambda subject, *scopes: _bearer(_token(subject, *scopes)),
    rejected={
        "an expired token": _bearer(_token("alice", ttl=timedelta(minutes=-5))),
        "a forged token": _bearer(_token("alice", secret="another-secret-that-is-long-enough-0123456789")),
        "a token for another audience": _bearer(_token("alice", audience="someone-else")),
        "a token from another issuer": _bearer(_token("alice", issuer="https://evil.test")),
        "a token without exp": _bearer(_without_exp("alice")),
        "an unsigned token": _bearer(_unsigned("alice")),
        "a malformed token": _bearer("not-a-jwt"),
        "the Basic scheme": {"Authorization": "Basic YWxpY2U6cGFzc3dvcmQ="},
        "an unknown API key": {"X-API-Key": "sbk_0123456789_" + "A" * 43},
        "a malformed API key": {"X-API-Key": "hunter2"},
        "a token and an API key at once": {**_bearer(_token("alice")), "X-API-Key": "sbk_0123456789_" + "A" * 43},
    },
)


def matrix_settings(database_url: str, github_url: str = "http://127.0.0.1:9") -> Settings:
    # Endpoints that call an upstream on create: point its base URL at your local fake here (no test may
    # reach the internet), as your own e2e tests do.
    return Settings(
        database_url=database_url,
        jwt_secret=TEST_JWT_SECRET,
        jwt_issuer=ISSUER,
        jwt_audience=AUDIENCE,
        rate_limit_requests=100_000,
        auth_failure_limit=100_000,  # the walk sends hundreds of bad credentials from one address on purpose
        github=GitHubSettings(api_url=github_url),
    )


class UndeclaredController(Controller):
    path = "/undeclared"

    @get("/", operation_id="undeclared", summary="no rule")
    async def undeclared(self) -> dict[str, str]:
        return {"status": "open?"}


async def _own_hook(request: Request[Any, Any, Any]) -> None:
    """A route's own before_request: it replaces the router's, and with it the access check."""


class OwnHookController(Controller):
    path = "/own-hook"

    @get("/", operation_id="ownHook", summary="own hook", opt={"access": OWNER}, before_request=_own_hook)
    async def own_hook(self) -> dict[str, str]:
        return {"status": "open?"}


@pytest.fixture
async def app(database_url: str, clean_db: AsyncEngine, github: FakeGitHub) -> Litestar:
    return create_app(matrix_settings(database_url, github.url))


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=app) as test_client:
        yield test_client


async def test_every_operation_follows_its_declared_rule(app: Litestar, client: AsyncTestClient[Litestar]) -> None:
    report = await walk(app, client, CREDENTIALS)
    assert report.failures == []
    assert {"POST /api/v1/tasks", "GET /api/v1/tasks/{task_id}", "DELETE /api/v1/tasks/{task_id}"} <= set(
        report.checked
    )
    assert {"POST /api/v1/repos", "GET /api/v1/repos", "POST /api/v1/repos/{repo_id}/refresh"} <= set(report.checked)


async def test_shared_read_and_scope_rules_are_walked_too(app: Litestar, client: AsyncTestClient[Litestar]) -> None:
    app.register(api_router(matrix_settings("postgresql://unused/unused"), [ProbeController]))
    report = await walk(app, client, CREDENTIALS)
    assert report.failures == []
    assert {"GET /api/v1/probes", "POST /api/v1/probes"} <= set(report.checked)


async def test_a_route_without_a_rule_fails_the_walk_and_the_startup_check(
    app: Litestar,
    client: AsyncTestClient[Litestar],
) -> None:
    app.register(api_router(matrix_settings("postgresql://unused/unused"), [UndeclaredController]))
    report = await walk(app, client, CREDENTIALS)
    assert report.failures == [
        "GET /api/v1/undeclared: declares no opt['access'] rule (OWNER, SHARED_READ or scope_rule)"
    ]
    with pytest.raises(RuntimeError, match="GET /api/v1/undeclared"):
        check_access_rules(app.routes, API_PREFIX)
    response = await client.get("/api/v1/undeclared", headers=CREDENTIALS.alice)
    assert response.status_code == 500  # even if it slipped past startup, the guard never serves it


async def test_a_route_with_its_own_hook_fails_the_startup_check(app: Litestar) -> None:
    app.register(api_router(matrix_settings("postgresql://unused/unused"), [OwnHookController]))
    check_access_rules(app.routes, API_PREFIX)  # it declares a rule ...
    with pytest.raises(RuntimeError, match="not an ApiRequestCheck: GET /api/v1/own-hook"):
        check_api_routes(app.routes, API_PREFIX)  # ... but its hook would skip checking it
