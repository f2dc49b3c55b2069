"""PyJwtTokenVerifier: HS256 secret, RS256/ES256 public keys, a JWKS served by a local HTTP server, iss/aud/exp."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from showbay.adapters.security.jwt_tokens import JwtSettings, PyJwtTokenVerifier
from showbay.application.auth import CredentialsUnavailable, InvalidCredentials
from tests.upstreams.jwks import RSA_KEY, JwksServer

SECRET = "a-test-secret-that-is-long-enough-for-hs256-0123456789"
EC_KEY = ec.generate_private_key(ec.SECP256R1())


def _public_pem(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey) -> str:
    public = key.public_key()
    return public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def _claims(**overrides: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    claims = {"sub": "alice", "exp": now + timedelta(minutes=5), "iss": "https://id.test", "aud": "showbay"}
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


@pytest.fixture
def jwks() -> Iterator[JwksServer]:
    server = JwksServer()
    yield server
    server.close()


def jwks_verifier(url: str, **settings: Any) -> PyJwtTokenVerifier:
    base: dict[str, Any] = {"algorithms": ("RS256",), "issuer": "https://id.test", "audience": "showbay"}
    return PyJwtTokenVerifier(JwtSettings(jwks_url=url, **{**base, **settings}))


def hs256(**settings: Any) -> PyJwtTokenVerifier:
    return PyJwtTokenVerifier(JwtSettings(secret=SECRET, issuer="https://id.test", audience="showbay", **settings))


async def test_hs256_token_gives_subject_and_scopes() -> None:
    principal = await hs256().verify(jwt.encode(_claims(scope="repos:write sales:write"), SECRET))
    assert principal.id == "alice"
    assert principal.scopes == frozenset({"repos:write", "sales:write"})


@pytest.mark.parametrize(
    "claims",
    [
        _claims(exp=datetime.now(UTC) - timedelta(minutes=1)),
        _claims(exp=None),
        _claims(sub=None),
        _claims(sub=""),
        _claims(aud="someone-else"),
        _claims(aud=None),
        _claims(iss="https://evil.test"),
    ],
    ids=["expired", "no-exp", "no-sub", "empty-sub", "wrong-aud", "no-aud", "wrong-iss"],
)
async def test_bad_claims_are_rejected(claims: dict[str, Any]) -> None:
    with pytest.raises(InvalidCredentials):
        await hs256().verify(jwt.encode(claims, SECRET))


def public_key_verifier(key: Any, *algorithms: str) -> PyJwtTokenVerifier:
    return PyJwtTokenVerifier(
        JwtSettings(public_key=_public_pem(key), algorithms=algorithms, issuer="https://id.test", audience="showbay")
    )


async def test_rs256_and_es256_with_a_public_key_and_no_algorithm_confusion() -> None:
    rs = public_key_verifier(RSA_KEY, "RS256")
    assert (await rs.verify(jwt.encode(_claims(), RSA_KEY, algorithm="RS256"))).id == "alice"
    es = public_key_verifier(EC_KEY, "ES256")
    assert (await es.verify(jwt.encode(_claims(), EC_KEY, algorithm="ES256"))).id == "alice"
    with pytest.raises(InvalidCredentials):  # an HS256 token "signed" with the public key must not pass
        await rs.verify(jwt.encode(_claims(), "not-the-rsa-key-but-long-enough-0123456789", algorithm="HS256"))


async def test_jwks_url_verifies_rs256_tokens_by_kid(jwks: JwksServer) -> None:
    verifier = jwks_verifier(jwks.url)
    good = jwt.encode(_claims(), RSA_KEY, algorithm="RS256", headers={"kid": "k1"})
    assert (await verifier.verify(good)).id == "alice"
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(InvalidCredentials):
        await verifier.verify(jwt.encode(_claims(), other, algorithm="RS256", headers={"kid": "k1"}))
    with pytest.raises(InvalidCredentials):
        await verifier.verify(jwt.encode(_claims(), RSA_KEY, algorithm="RS256", headers={"kid": "unknown"}))


async def test_a_key_removed_from_the_jwks_stops_verifying_after_the_lifespan(jwks: JwksServer) -> None:
    verifier = jwks_verifier(jwks.url, jwks_lifespan_seconds=0.3)
    token = jwt.encode(_claims(), RSA_KEY, algorithm="RS256", headers={"kid": "k1"})
    assert (await verifier.verify(token)).id == "alice"
    jwks.keys = [key for key in jwks.keys if key["kid"] != "k1"]  # the identity provider revokes k1
    assert (await verifier.verify(token)).id == "alice"  # still inside the lifespan: the cached set
    await asyncio.sleep(0.4)
    with pytest.raises(InvalidCredentials):
        await verifier.verify(token)
    assert jwks.fetches >= 2


@pytest.mark.parametrize("kid", ["k1", "k2"], ids=["jwk-names-rs256", "jwk-names-no-alg"])
async def test_a_token_whose_alg_does_not_fit_the_key_is_invalid_not_a_type_error(jwks: JwksServer, kid: str) -> None:
    verifier = jwks_verifier(jwks.url, algorithms=("RS256", "ES256"))
    forged = jwt.encode(_claims(), EC_KEY, algorithm="ES256", headers={"kid": kid})  # an EC alg for an RSA key
    with pytest.raises(InvalidCredentials):
        await verifier.verify(forged)


@pytest.mark.parametrize(
    "token",
    ["not-a-jwt", "a.b.c", jwt.encode(_claims(), RSA_KEY, algorithm="RS256")],
    ids=["garbage", "bad-segments", "no-kid"],
)
async def test_a_malformed_token_is_invalid_in_jwks_mode(jwks: JwksServer, token: str) -> None:
    with pytest.raises(InvalidCredentials):
        await jwks_verifier(jwks.url).verify(token)


async def test_a_jwks_answering_html_is_unavailable_not_a_decode_error(jwks: JwksServer) -> None:
    jwks.html = True
    token = jwt.encode(_claims(), RSA_KEY, algorithm="RS256", headers={"kid": "k1"})
    with pytest.raises(CredentialsUnavailable) as caught:
        await jwks_verifier(jwks.url).verify(token)
    assert caught.value.code == "auth_unavailable"
    assert caught.value.retry_after is not None
    assert caught.value.retry_after > 0


async def test_an_unreachable_jwks_is_unavailable() -> None:
    token = jwt.encode(_claims(), RSA_KEY, algorithm="RS256", headers={"kid": "k1"})
    with pytest.raises(CredentialsUnavailable):
        await jwks_verifier("http://127.0.0.1:9/jwks.json").verify(token)


def test_a_verifier_needs_a_key() -> None:
    with pytest.raises(ValueError, match="JWT_SECRET"):
        PyJwtTokenVerifier(JwtSettings())


def test_a_short_hs256_secret_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 32 bytes"):
        PyJwtTokenVerifier(JwtSettings(secret="too-short"))
