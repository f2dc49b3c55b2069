"""Start-up checks of the JWT configuration: one key source, algorithms that fit it, no guessable secret.

A mismatch found here stops the service with a message naming the setting; found on the first request it
would refuse every token (or, for an HS algorithm with a public key, invite algorithm confusion).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa
from cryptography.hazmat.primitives.serialization import load_pem_public_key

MIN_SECRET_BYTES = 32
MIN_DISTINCT_CHARACTERS = 8
HMAC = frozenset({"HS256", "HS384", "HS512"})
RSA = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"})
EC = frozenset({"ES256", "ES384", "ES512"})
EDDSA = frozenset({"EdDSA"})
ASYMMETRIC = RSA | EC | EDDSA
GENERATE = "python -c 'import secrets; print(secrets.token_urlsafe(48))'"
PLACEHOLDERS = ("change-me", "changeme", "change_me", "replace-me", "your-secret", "secret-here", "example")
"""Words of sample secrets (the k8s example ships ``CHANGE-ME-to-at-least-32-random-bytes``)."""


class JwtConfigError(ValueError):
    """The JWT settings cannot work; the message names the setting to fix."""


@dataclass(frozen=True, slots=True)
class KeySource:
    secret: str | None
    public_key: str | None
    jwks_url: str | None


def _names(algorithms: Iterable[str]) -> str:
    return ", ".join(sorted(algorithms))


def secret_problem(secret: str) -> str | None:
    """Why ``secret`` must not sign tokens, or ``None``: too short, a placeholder, or too regular."""
    if len(secret.encode()) < MIN_SECRET_BYTES:
        # RFC 7518 3.2: an HS256 key must be at least as long as the hash output.
        return f"JWT_SECRET must have at least {MIN_SECRET_BYTES} bytes"
    lowered = secret.lower()
    if any(word in lowered for word in PLACEHOLDERS):
        return f"JWT_SECRET is a placeholder; generate one with {GENERATE}"
    period = (secret + secret).find(secret, 1)
    if len(set(secret)) < MIN_DISTINCT_CHARACTERS or period < len(secret):
        return f"JWT_SECRET is too regular (repeated characters or a pattern); generate one with {GENERATE}"
    return None


def _public_key_algorithms(pem: str) -> frozenset[str]:
    try:
        key = load_pem_public_key(pem.encode())
    except (ValueError, TypeError) as exc:
        raise JwtConfigError("JWT_PUBLIC_KEY is not a PEM public key (-----BEGIN PUBLIC KEY-----)") from exc
    if isinstance(key, rsa.RSAPublicKey):
        return RSA
    if isinstance(key, ec.EllipticCurvePublicKey):
        return EC
    if isinstance(key, ed25519.Ed25519PublicKey | ed448.Ed448PublicKey):
        return EDDSA
    raise JwtConfigError(f"JWT_PUBLIC_KEY holds a {type(key).__name__}; use an RSA, EC or Ed25519 key")


def check_jwt_config(source: KeySource, algorithms: tuple[str, ...], issuer: str | None, audience: str | None) -> None:
    """Raise ``JwtConfigError`` unless the settings can verify tokens safely."""
    given = [
        name
        for name, value in (
            ("JWT_SECRET", source.secret),
            ("JWT_PUBLIC_KEY", source.public_key),
            ("JWT_JWKS_URL", source.jwks_url),
        )
        if value
    ]
    if not given:
        raise JwtConfigError("JWT verification needs JWT_SECRET, JWT_PUBLIC_KEY or JWT_JWKS_URL")
    if len(given) > 1:
        raise JwtConfigError(f"set one JWT key source, not {' and '.join(given)}")
    if not algorithms:
        raise JwtConfigError("JWT_ALGORITHMS is empty")
    unknown = set(algorithms) - HMAC - ASYMMETRIC
    if unknown:
        raise JwtConfigError(f"JWT_ALGORITHMS: unsupported {_names(unknown)} (supported: {_names(HMAC | ASYMMETRIC)})")
    if source.secret:
        if not set(algorithms) <= HMAC:
            raise JwtConfigError(
                f"JWT_ALGORITHMS={','.join(algorithms)} needs JWT_PUBLIC_KEY or JWT_JWKS_URL; "
                f"JWT_SECRET verifies {_names(HMAC)} only"
            )
        if problem := secret_problem(source.secret):
            raise JwtConfigError(problem)
        return
    fitting = _public_key_algorithms(source.public_key) if source.public_key else ASYMMETRIC
    if not set(algorithms) <= fitting:
        key = "JWT_PUBLIC_KEY" if source.public_key else "JWT_JWKS_URL"
        raise JwtConfigError(
            f"JWT_ALGORITHMS={','.join(algorithms)} does not fit {key}: use {_names(fitting)} "
            "(the default HS256 is for JWT_SECRET only)"
        )
    if not issuer or not audience:
        raise JwtConfigError(
            "JWT_ISSUER and JWT_AUDIENCE are required with JWT_PUBLIC_KEY or JWT_JWKS_URL: without them a token "
            "your identity provider issued for any other service would be accepted"
        )
