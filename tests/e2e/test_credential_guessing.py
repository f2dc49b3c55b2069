"""Failed credentials are throttled per address before authentication; verifier faults are 401 or 503, not 500."""

from __future__ import annotations

import traceback
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from dishka import Provider, Scope, provide
from litestar import Litestar
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.application.auth import TokenVerifier
from showbay.application.principal import Principal
from showbay.bootstrap.app import create_app
from showbay.bootstrap.settings import Settings
from tests.conftest import TEST_JWT_SECRET, auth_headers
from tests.e2e.test_api_keys_api import issue
from tests.upstreams.jwks import RSA_KEY, JwksServer

LIMIT = 3


@asynccontextmanager
async def from_address(app: Litestar, address: str) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=cast("Any", app), client=(address, 40000))  # Litestar types its scope
    async with httpx.AsyncClient(transport=transport, base_url="http://showbay.test") as http:
        yield http


def guarded_settings(database_url: str, **overrides: Any) -> Settings:
    base: dict[str, Any] = {
        "database_url": database_url,
        "jwt_secret": TEST_JWT_SECRET,
        "auth_failure_limit": LIMIT,
        "auth_failure_window_seconds": 60,
        "rate_limit_requests": 10_000,
    }
    return Settings(**{**base, **overrides})


async def _guess(http: httpx.AsyncClient, times: int) -> list[int]:
    statuses = []
    for n in range(times):
        response = await http.get("/api/v1/tasks", headers={"X-API-Key": f"sb_wrong_{n:032d}"})
        statuses.append(response.status_code)
    return statuses


async def test_a_guesser_past_its_limit_gets_429_even_for_the_right_key(
    database_url: str, clean_db: AsyncEngine
) -> None:
    app = create_app(guarded_settings(database_url))
    issued = await issue(clean_db, "billing")
    async with app.lifespan(), from_address(app, "198.51.100.7") as guesser, from_address(app, "198.51.100.8") as other:
        assert await _guess(guesser, LIMIT) == [401] * LIMIT
        blocked = await guesser.get("/api/v1/tasks", headers={"X-API-Key": issued.plaintext})
        assert blocked.status_code == 429, blocked.text
        assert blocked.json()["code"] == "rate_limited"
        assert 1 <= int(blocked.headers["retry-after"]) <= 60
        token = await guesser.get("/api/v1/tasks", headers=auth_headers("alice"))
        assert token.status_code == 429  # a bearer token from the same address too: nothing is checked
        assert (await guesser.get("/api/v1/tasks")).status_code == 401  # no credential: nothing to throttle
        served = await other.get("/api/v1/tasks", headers={"X-API-Key": issued.plaintext})
        assert served.status_code == 200, served.text  # another address is not affected


async def test_successes_do_not_count(database_url: str, clean_db: AsyncEngine) -> None:
    app = create_app(guarded_settings(database_url))
    async with app.lifespan(), from_address(app, "198.51.100.9") as http:
        for _ in range(LIMIT * 3):
            assert (await http.get("/api/v1/tasks", headers=auth_headers("alice"))).status_code == 200


async def test_with_redis_every_replica_shares_the_failure_counts(
    database_url: str, clean_db: AsyncEngine, redis_url: str
) -> None:
    address = f"guesser-{uuid.uuid4().hex}"  # the Redis may be shared: a fresh address per run
    first = create_app(guarded_settings(database_url, redis_url=redis_url))
    second = create_app(guarded_settings(database_url, redis_url=redis_url))
    async with first.lifespan(), second.lifespan():
        async with from_address(first, address) as http:
            assert await _guess(http, LIMIT) == [401] * LIMIT
        async with from_address(second, address) as http:
            blocked = await http.get("/api/v1/tasks", headers=auth_headers("alice"))
            assert blocked.status_code == 429, blocked.text
            assert int(blocked.headers["retry-after"]) >= 1


@pytest.fixture
def jwks() -> Iterator[JwksServer]:
    server = JwksServer()
    yield server
    server.close()


def _token(key: Any, algorithm: str, kid: str = "k1") -> str:
    now = datetime.now(UTC)
    claims = {"sub": "alice", "exp": now + timedelta(minutes=5), "iss": "https://id.test", "aud": "showbay"}
    return jwt.encode(claims, key, algorithm=algorithm, headers={"kid": kid})


def jwks_settings(database_url: str, url: str) -> Settings:
    return guarded_settings(
        database_url,
        jwt_secret=None,
        jwt_jwks_url=url,
        jwt_algorithms=("RS256", "ES256"),
        jwt_issuer="https://id.test",
        jwt_audience="showbay",
    )


async def test_jwks_mode_faults_are_401_and_503_behind_the_rate_limiter(
    database_url: str, clean_db: AsyncEngine, jwks: JwksServer
) -> None:
    app = create_app(jwks_settings(database_url, jwks.url))
    async with app.lifespan(), from_address(app, "198.51.100.20") as http:
        good = await http.get("/api/v1/tasks", headers={"Authorization": f"Bearer {_token(RSA_KEY, 'RS256')}"})
        assert good.status_code == 200, good.text
        for kid in ("k1", "k2"):  # an EC token for an RSA key: TypeError/InvalidKeyError inside PyJWT
            forged = _token(ec.generate_private_key(ec.SECP256R1()), "ES256", kid)
            response = await http.get("/api/v1/tasks", headers={"Authorization": f"Bearer {forged}"})
            assert response.status_code == 401, response.text
            assert response.json()["code"] == "unauthenticated"
            assert "ratelimit-remaining" in response.headers  # it passed the rate limiter, not escaped before it
        jwks.html = True
        fresh = create_app(jwks_settings(database_url, jwks.url))  # a new process: nothing cached
        async with fresh.lifespan(), from_address(fresh, "198.51.100.21") as again:
            token = _token(RSA_KEY, "RS256")
            response = await again.get("/api/v1/tasks", headers={"Authorization": f"Bearer {token}"})
            assert response.status_code == 503, response.text
            assert response.json()["code"] == "auth_unavailable"
            assert int(response.headers["retry-after"]) >= 1
            assert "ratelimit-remaining" in response.headers
            assert token not in response.text


async def _start_up_failure(app: Litestar) -> str:
    """The text of what stopped the start (Litestar wraps a failing start-up hook in exception groups)."""
    try:
        async with app.lifespan():
            pass
    except Exception as exc:  # the whole chain is the result
        return "".join(traceback.format_exception(exc))
    return ""


async def test_the_service_refuses_to_start_with_keys_that_do_not_fit(database_url: str) -> None:
    settings = guarded_settings(database_url, jwt_secret=None, jwt_jwks_url="http://127.0.0.1:9/jwks.json")
    failure = await _start_up_failure(create_app(settings))  # JWT_ALGORITHMS left at HS256
    assert "JWT_ALGORITHMS=HS256 does not fit JWT_JWKS_URL" in failure
    placeholder = guarded_settings(database_url, jwt_secret="CHANGE-ME-to-at-least-32-random-bytes")
    assert "JWT_SECRET is a placeholder" in await _start_up_failure(create_app(placeholder))


class BrokenVerifier:
    """A verifier with a bug: it raises something no verifier should."""

    async def verify(self, token: str) -> Principal:
        raise RuntimeError("a bug in a verifier")


class BrokenVerifierProvider(Provider):
    @provide(scope=Scope.APP)
    def verifier(self) -> TokenVerifier:
        return BrokenVerifier()


async def test_a_verifier_bug_is_a_401_that_passes_the_rate_limiter(
    database_url: str, clean_db: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(guarded_settings(database_url), providers=[BrokenVerifierProvider()])
    async with app.lifespan(), from_address(app, "198.51.100.30") as http:
        response = await http.get("/api/v1/tasks", headers=auth_headers("alice"))
    assert response.status_code == 401, response.text
    assert response.json()["code"] == "unauthenticated"
    assert "ratelimit-remaining" in response.headers
    assert "the token verifier raised RuntimeError; answered 401" in [r.getMessage() for r in caplog.records]
    assert all(r.exc_info is None for r in caplog.records if r.name == "showbay.http")  # no frames, no token
