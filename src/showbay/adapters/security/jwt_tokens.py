"""Bearer JWTs with PyJWT: HS256 with a shared secret, or RS256/ES256 with a public key or JWKS URL."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

from showbay.adapters.security.jwt_keys import KeySource, check_jwt_config
from showbay.application.auth import CredentialsUnavailable, InvalidCredentials
from showbay.application.principal import Principal

JWKS_LIFESPAN_SECONDS = 300.0
"""How long a fetched JWKS is trusted: a key the identity provider removes stops verifying after this."""
JWKS_UNAVAILABLE_RETRY_AFTER = 30.0


@dataclass(frozen=True, slots=True)
class JwtSettings:
    secret: str | None = None
    public_key: str | None = None
    jwks_url: str | None = None
    algorithms: tuple[str, ...] = ("HS256",)
    issuer: str | None = None
    audience: str | None = None
    leeway_seconds: int = 10
    jwks_lifespan_seconds: float = JWKS_LIFESPAN_SECONDS


class PyJwtTokenVerifier:
    """Verifies bearer JWTs. Every failure of a token is ``InvalidCredentials``; a JWKS that cannot be fetched
    or read is ``CredentialsUnavailable`` (the identity provider's fault, not the caller's)."""

    def __init__(self, settings: JwtSettings) -> None:
        source = KeySource(settings.secret, settings.public_key, settings.jwks_url)
        check_jwt_config(source, settings.algorithms, settings.issuer, settings.audience)
        self._settings = settings
        # Only the JWK Set cache, which expires (``lifespan``); PyJWT's per-kid key cache never does.
        self._jwks = (
            jwt.PyJWKClient(
                settings.jwks_url,
                cache_keys=False,
                cache_jwk_set=True,
                lifespan=settings.jwks_lifespan_seconds,
                timeout=5,
            )
            if settings.jwks_url
            else None
        )
        self._static_key = settings.public_key or settings.secret

    def _jwks_key(self, token: str) -> tuple[Any, list[str]]:
        """The JWKS key the token names and the algorithms it may use (runs in a worker thread)."""
        assert self._jwks is not None
        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.PyJWTError as exc:
            raise InvalidCredentials(str(exc)) from exc
        if not isinstance(kid, str) or not kid:
            raise InvalidCredentials("the token names no key ('kid' header)")
        try:
            self._jwks.get_signing_keys()  # a fetch failing here is the identity provider's fault
        except (jwt.PyJWKClientError, jwt.PyJWKSetError, ValueError, OSError) as exc:
            raise CredentialsUnavailable(
                f"the JWKS cannot be used ({type(exc).__name__})", JWKS_UNAVAILABLE_RETRY_AFTER
            ) from exc
        try:
            found = self._jwks.get_signing_key(kid)
        except jwt.PyJWKClientConnectionError as exc:
            raise CredentialsUnavailable("the JWKS cannot be fetched", JWKS_UNAVAILABLE_RETRY_AFTER) from exc
        except (jwt.PyJWKClientError, jwt.PyJWKSetError, ValueError, OSError) as exc:
            raise InvalidCredentials(f"no usable key '{kid}' in the JWKS") from exc
        allowed = list(self._settings.algorithms)
        if found.algorithm_name:  # a JWK that names its algorithm verifies that one only
            allowed = [name for name in allowed if name == found.algorithm_name]
        return found.key, allowed

    async def verify(self, token: str) -> Principal:
        key: Any = self._static_key
        algorithms = list(self._settings.algorithms)
        if self._jwks is not None:
            # PyJWKClient fetches with urllib (blocking) when its cache misses: keep it off the event loop.
            key, algorithms = await asyncio.to_thread(self._jwks_key, token)
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=algorithms,
                audience=self._settings.audience,
                issuer=self._settings.issuer,
                leeway=self._settings.leeway_seconds,
                options={
                    "require": ["exp", "sub", *(["iss"] if self._settings.issuer else [])],
                    "verify_aud": self._settings.audience is not None,
                },
            )
        except Exception as exc:  # a key that does not fit the alg raises TypeError etc., not only PyJWTError
            raise InvalidCredentials(f"{type(exc).__name__}: {exc}") from exc
        subject = claims.get("sub")
        if not isinstance(subject, str) or not subject or len(subject) > 255 or "\x00" in subject:
            raise InvalidCredentials("the 'sub' claim must be a non-empty string of at most 255 characters")
        scope = claims.get("scope", "")
        return Principal(id=subject, scopes=frozenset(scope.split() if isinstance(scope, str) else ()))


def mint_token(
    secret: str,
    subject: str,
    scopes: Iterable[str] = (),
    *,
    ttl: timedelta = timedelta(hours=1),
    issuer: str | None = None,
    audience: str | None = None,
    algorithm: str = "HS256",
) -> str:
    """Issue a short-lived token for local use and tests (showbay itself is only a resource server)."""
    now = datetime.now(UTC)
    claims: dict[str, Any] = {"sub": subject, "iat": now, "exp": now + ttl}
    if scopes:
        claims["scope"] = " ".join(sorted(set(scopes)))
    if issuer:
        claims["iss"] = issuer
    if audience:
        claims["aud"] = audience
    return jwt.encode(claims, secret, algorithm=algorithm)
