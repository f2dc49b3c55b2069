"""Authentication middleware for the API router: a bearer JWT becomes ``request.user`` (a Principal)."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult

from showbay.application.auth import InvalidCredentials, TokenVerifier


class BearerAuthMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:  # type: ignore[type-arg]
        header = connection.headers.get("authorization")
        if not header:
            raise NotAuthorizedException("credentials are required: send 'Authorization: Bearer <token>'")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthorizedException("the Authorization header must use the Bearer scheme")
        verifier = await connection.state.dishka_container.get(TokenVerifier)
        try:
            principal = verifier.verify(token.strip())
        except InvalidCredentials as exc:
            raise NotAuthorizedException(
                "the bearer token is invalid or expired",
                headers={"WWW-Authenticate": 'Bearer realm="showbay", error="invalid_token"'},
            ) from exc
        return AuthenticationResult(user=principal, auth=token)
