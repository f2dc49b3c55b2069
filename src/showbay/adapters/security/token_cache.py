"""A bounded per-worker cache of verified bearer tokens, keyed by the raw token.

A client sends the same token on every request until it expires; verifying it again (base64, JSON, HMAC or a
signature check, the claims) was ~10 % of a GET's CPU. A cached principal is served only while the token is
valid: never past its ``exp`` and never longer than ``max_age_seconds`` (a key removed from a JWKS stops
being honoured within that bound). Failures are not cached: a forged or expired token is verified (and
refused) every time. API keys do not pass through here: their revocation stays immediate.

PyJWT has no such cache (``PyJWKClient`` caches keys, not verified tokens), hence this small one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import jwt

from showbay.application.auth import TokenVerifier
from showbay.application.principal import Principal

DEFAULT_MAX_ENTRIES = 4096
DEFAULT_MAX_AGE_SECONDS = 300.0


@dataclass(frozen=True, slots=True)
class _Entry:
    principal: Principal
    valid_until: float  # epoch seconds


def expiry_of(token: str) -> float | None:
    """The ``exp`` claim of a token that was already verified (so its payload is trusted), or None."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return None
    exp = claims.get("exp")
    return float(exp) if isinstance(exp, int | float) and not isinstance(exp, bool) else None


class CachingTokenVerifier:
    """TokenVerifier that remembers ``inner``'s successful verifications, bounded in size and in time."""

    def __init__(
        self,
        inner: TokenVerifier,
        *,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        max_age_seconds: float = DEFAULT_MAX_AGE_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self._inner = inner
        self._max_entries = max_entries
        self._max_age = max_age_seconds
        self._clock = clock
        self._entries: dict[str, _Entry] = {}

    def cached(self) -> int:
        """How many verified tokens are held."""
        return len(self._entries)

    async def verify(self, token: str) -> Principal:
        now = self._clock()
        entry = self._entries.get(token)
        if entry is not None:
            if now < entry.valid_until:
                return entry.principal
            del self._entries[token]
        principal = await self._inner.verify(token)  # raises InvalidCredentials: nothing is cached
        expires = expiry_of(token)
        if expires is not None and now < expires:
            self._remember(token, _Entry(principal, min(expires, now + self._max_age)))
        return principal

    def _remember(self, token: str, entry: _Entry) -> None:
        if len(self._entries) >= self._max_entries:
            del self._entries[next(iter(self._entries))]  # the oldest (dicts keep insertion order)
        self._entries[token] = entry
