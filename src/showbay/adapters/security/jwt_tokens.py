"""Bearer JWTs with PyJWT: HS256 with a shared secret, or RS256/ES256 with a public key or JWKS URL."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

from showbay.application.auth import InvalidCredentials
from showbay.application.principal import Principal

MIN_SECRET_BYTES = 32


@dataclass(frozen=True, slots=True)
class JwtSettings:
    secret: str | None = None
    public_key: str | None = None
    jwks_url: str | None = None
    algorithms: tuple[str, ...] = ("HS256",)
    issuer: str | None = None
    audience: str | None = None
    leeway_seconds: int = 10


class PyJwtTokenVerifier:
    def __init__(self, settings: JwtSettings) -> None:
        self._settings = settings
        self._jwks = jwt.PyJWKClient(settings.jwks_url, cache_keys=True, timeout=5) if settings.jwks_url else None
        self._static_key = settings.public_key or settings.secret
        if self._jwks is None and not self._static_key:
            raise ValueError("JWT verification needs JWT_SECRET, JWT_PUBLIC_KEY or JWT_JWKS_URL")
        if settings.secret and not settings.public_key and len(settings.secret.encode()) < MIN_SECRET_BYTES:
            # RFC 7518 3.2: an HS256 key must be at least as long as the hash output.
            raise ValueError(f"JWT_SECRET must have at least {MIN_SECRET_BYTES} bytes")

    async def verify(self, token: str) -> Principal:
        try:
            key: Any = self._static_key
            if self._jwks is not None:
                # PyJWKClient fetches with urllib (blocking) when its cache misses: keep it off the event loop.
                key = (await asyncio.to_thread(self._jwks.get_signing_key_from_jwt, token)).key
            claims = jwt.decode(
                token,
                key,
                algorithms=list(self._settings.algorithms),
                audience=self._settings.audience,
                issuer=self._settings.issuer,
                leeway=self._settings.leeway_seconds,
                options={"require": ["exp", "sub"], "verify_aud": self._settings.audience is not None},
            )
        except jwt.PyJWTError as exc:
            raise InvalidCredentials(str(exc)) from exc
        subject = claims["sub"]
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
