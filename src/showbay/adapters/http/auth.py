"""Authentication for the API router: a bearer JWT or an ``X-API-Key`` becomes ``request.user`` (a Principal).

The middleware never rejects by itself: it records either a principal or the reason there is none, so the
rate limiter behind it can count anonymous callers per client address, and the access check
(``security.enforce_access_rule``, in ``request_checks.ApiRequestCheck``) answers the 401 (429 for an address
throttled for failed credentials, 503 when the identity provider's keys cannot be fetched). Nothing a verifier
raises escapes this middleware.

Failed credentials are counted per client address and checked before authenticating (see
``credential_failures``): past its limit an address gets 429 even for the right key.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from dishka import AsyncContainer
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, Scope, Send

from showbay.adapters.http.credential_failures import CredentialFailures
from showbay.adapters.http.rate_limit import client_address
from showbay.application.api_keys.use_cases import AuthenticateApiKey
from showbay.application.auth import CredentialsUnavailable, InvalidCredentials, TokenVerifier
from showbay.application.principal import Principal

logger = logging.getLogger("showbay.http")
API_KEY_HEADER = "x-api-key"
_API_KEY_HEADER = API_KEY_HEADER.encode()
CREDENTIAL_FAILURES_STATE = "credential_failures"
"""The app-state key of the ``CredentialFailures`` the middleware counts failed credentials in."""
_CHALLENGE = 'Bearer realm="showbay"'


@dataclass(frozen=True, slots=True)
class AuthFailure:
    """Why a request carries no principal; never holds the credential itself."""

    detail: str
    challenge: str = _CHALLENGE
    status: int = 401
    retry_after: int | None = None


MISSING = AuthFailure("credentials are required: send 'Authorization: Bearer <token>' or 'X-API-Key: <key>'")
BAD_SCHEME = AuthFailure("the Authorization header must use the Bearer scheme")
AMBIGUOUS = AuthFailure("send one credential: either a bearer token or an API key, not both")
BAD_TOKEN = AuthFailure("the bearer token is invalid or expired", f'{_CHALLENGE}, error="invalid_token"')
BAD_API_KEY = AuthFailure("the API key is invalid or revoked", f'{_CHALLENGE}, error="invalid_token"')
_COUNTED = (BAD_TOKEN, BAD_API_KEY)


def throttled(retry_after: int) -> AuthFailure:
    return AuthFailure(
        "too many failed credentials from this address; retry after the time in Retry-After",
        status=429,
        retry_after=retry_after,
    )


def unavailable(exc: CredentialsUnavailable) -> AuthFailure:
    return AuthFailure(
        "the bearer token cannot be checked now: the identity provider's keys are unavailable",
        status=503,
        retry_after=max(1, round(exc.retry_after or 1)),
    )


async def _by_api_key(container: AsyncContainer, api_key: str) -> Principal | AuthFailure:
    authenticate = await container.get(AuthenticateApiKey)
    try:
        principal: Principal = await authenticate(api_key.strip())
    except InvalidCredentials:
        return BAD_API_KEY
    return principal


async def _by_bearer(container: AsyncContainer, header: str) -> Principal | AuthFailure:
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return BAD_SCHEME
    verifier = await container.get(TokenVerifier)
    try:
        principal: Principal = await verifier.verify(token.strip())
    except InvalidCredentials:
        return BAD_TOKEN
    except CredentialsUnavailable as exc:
        return unavailable(exc)
    except Exception as exc:  # a verifier's bug is still a 401: a 500 here would skip the audit and the limiter
        # The type only: a traceback's frames hold the credential.
        logger.error("the token verifier raised %s; answered 401", type(exc).__name__)
        return BAD_TOKEN
    return principal


def _credentials(scope: Scope) -> tuple[str | None, str | None]:
    """The first ``Authorization`` and ``X-API-Key`` values, read from the scope in one pass (no ``Headers``)."""
    header = api_key = None
    for name, value in scope["headers"]:
        if name == b"authorization" and header is None:
            header = value.decode("latin-1")
        elif name == _API_KEY_HEADER and api_key is None:
            api_key = value.decode("latin-1")
    return header, api_key


async def _authenticate(scope: Scope, header: str | None, api_key: str | None) -> Principal | AuthFailure:
    if header and api_key:
        return AMBIGUOUS
    container: AsyncContainer = scope["state"]["dishka_container"]  # the request's (bootstrap/request_scope.py)
    if api_key:
        return await _by_api_key(container, api_key)
    if header:
        return await _by_bearer(container, header)
    return MISSING


class CredentialsMiddleware:
    """Sets ``scope["user"]`` (a Principal, else ``None``) and ``scope["auth"]`` (``None``, else the
    ``AuthFailure``) on every HTTP request but OPTIONS, as Litestar's ``AbstractAuthenticationMiddleware`` does;
    a plain ASGI class because that base class also builds a connection and its ``Headers`` per request to read
    two headers (docs/performance.md)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == ScopeType.HTTP and scope["method"] != "OPTIONS":
            result = await self._principal_or_failure(scope)
            principal = result if isinstance(result, Principal) else None
            scope["user"], scope["auth"] = principal, (None if principal is not None else result)
        await self.app(scope, receive, send)

    @staticmethod
    async def _principal_or_failure(scope: Scope) -> Principal | AuthFailure:
        failures: CredentialFailures = scope["litestar_app"].state[CREDENTIAL_FAILURES_STATE]
        address = client_address(scope)
        header, api_key = _credentials(scope)
        if (header or api_key) and (wait := await failures.retry_after(address)) is not None:
            return throttled(wait)  # checked before, not after, the credential
        result = await _authenticate(scope, header, api_key)
        if result in _COUNTED:
            await failures.record(address)
        return result
