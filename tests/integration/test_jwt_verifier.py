"""PyJwtTokenVerifier: HS256 secret, RS256/ES256 public keys, a JWKS served by a local HTTP server, iss/aud/exp."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from showbay.adapters.security.jwt_tokens import JwtSettings, PyJwtTokenVerifier
from showbay.application.auth import InvalidCredentials

SECRET = "a-test-secret-that-is-long-enough-for-hs256-0123456789"
RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC_KEY = ec.generate_private_key(ec.SECP256R1())


def _public_pem(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def _claims(**overrides: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    claims = {"sub": "alice", "exp": now + timedelta(minutes=5), "iss": "https://id.test", "aud": "showbay"}
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


@pytest.fixture(scope="module")
def jwks_url() -> Iterator[str]:
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(RSA_KEY.public_key()))
    body = json.dumps({"keys": [{**jwk, "kid": "k1", "alg": "RS256", "use": "sig"}]}).encode()

    class Jwks(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Jwks)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json"
    server.shutdown()


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


async def test_rs256_and_es256_with_a_public_key_and_no_algorithm_confusion() -> None:
    rs = PyJwtTokenVerifier(JwtSettings(public_key=_public_pem(RSA_KEY), algorithms=("RS256",), audience="showbay"))
    assert (await rs.verify(jwt.encode(_claims(), RSA_KEY, algorithm="RS256"))).id == "alice"
    es = PyJwtTokenVerifier(JwtSettings(public_key=_public_pem(EC_KEY), algorithms=("ES256",), audience="showbay"))
    assert (await es.verify(jwt.encode(_claims(), EC_KEY, algorithm="ES256"))).id == "alice"
    with pytest.raises(InvalidCredentials):  # an HS256 token "signed" with the public key must not pass
        await rs.verify(jwt.encode(_claims(), "not-the-rsa-key-but-long-enough-0123456789", algorithm="HS256"))


async def test_jwks_url_verifies_rs256_tokens_by_kid(jwks_url: str) -> None:
    verifier = PyJwtTokenVerifier(JwtSettings(jwks_url=jwks_url, algorithms=("RS256",), audience="showbay"))
    good = jwt.encode(_claims(), RSA_KEY, algorithm="RS256", headers={"kid": "k1"})
    assert (await verifier.verify(good)).id == "alice"
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(InvalidCredentials):
        await verifier.verify(jwt.encode(_claims(), other, algorithm="RS256", headers={"kid": "k1"}))
    with pytest.raises(InvalidCredentials):
        await verifier.verify(jwt.encode(_claims(), RSA_KEY, algorithm="RS256", headers={"kid": "unknown"}))


def test_a_verifier_needs_a_key() -> None:
    with pytest.raises(ValueError, match="JWT_SECRET"):
        PyJwtTokenVerifier(JwtSettings())


def test_a_short_hs256_secret_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 32 bytes"):
        PyJwtTokenVerifier(JwtSettings(secret="too-short"))
