"""Start-up checks of the JWT settings: key source, algorithms against the key type, secrets, iss/aud."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from showbay.adapters.security.jwt_keys import JwtConfigError, KeySource, check_jwt_config, secret_problem

GOOD_SECRET = "b3Jm1uQ-7yV_xk2ZpL0sT9nW4eR8cH6aJ5dG"  # 38 random-looking characters


def _pem(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey) -> str:
    public = key.public_key()
    return public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


RSA_PEM = _pem(rsa.generate_private_key(public_exponent=65537, key_size=2048))
EC_PEM = _pem(ec.generate_private_key(ec.SECP256R1()))
ED_PEM = _pem(ed25519.Ed25519PrivateKey.generate())
ISS, AUD = "https://id.test", "showbay"


@pytest.mark.parametrize(
    "secret",
    [
        "CHANGE-ME-to-at-least-32-random-bytes",  # deploy/k8s/secret.example.yaml
        "please-changeme-0123456789-abcdefghij",
        "a" * 64,
        "0123456789abcdef" * 4,  # a repeated pattern
        "abababababababababababababababababab",
        "short-but-random-Q1w2",
    ],
)
def test_placeholder_regular_and_short_secrets_are_refused(secret: str) -> None:
    assert secret_problem(secret) is not None
    with pytest.raises(JwtConfigError, match="JWT_SECRET"):
        check_jwt_config(KeySource(secret, None, None), ("HS256",), None, None)


def test_a_random_secret_is_accepted() -> None:
    assert secret_problem(GOOD_SECRET) is None
    check_jwt_config(KeySource(GOOD_SECRET, None, None), ("HS256", "HS512"), None, None)


@pytest.mark.parametrize(
    ("source", "algorithms", "message"),
    [
        (KeySource(None, RSA_PEM, None), ("HS256",), "does not fit JWT_PUBLIC_KEY"),
        (KeySource(None, None, "https://id.test/jwks"), ("HS256",), "does not fit JWT_JWKS_URL"),
        (KeySource(None, RSA_PEM, None), ("ES256",), "use PS256, PS384, PS512, RS256, RS384, RS512"),
        (KeySource(None, EC_PEM, None), ("RS256",), "use ES256"),
        (KeySource(None, ED_PEM, None), ("ES256",), "use EdDSA"),
        (KeySource(GOOD_SECRET, None, None), ("RS256",), "needs JWT_PUBLIC_KEY or JWT_JWKS_URL"),
        (KeySource(GOOD_SECRET, None, None), ("none",), "unsupported none"),
        (KeySource(None, "not a pem", None), ("RS256",), "not a PEM public key"),
        (KeySource(GOOD_SECRET, RSA_PEM, None), ("RS256",), "not JWT_SECRET and JWT_PUBLIC_KEY"),
        (KeySource(None, None, None), ("HS256",), "needs JWT_SECRET, JWT_PUBLIC_KEY or JWT_JWKS_URL"),
        (KeySource(GOOD_SECRET, None, None), (), "JWT_ALGORITHMS is empty"),
    ],
)
def test_algorithms_must_fit_the_key_source(source: KeySource, algorithms: tuple[str, ...], message: str) -> None:
    with pytest.raises(JwtConfigError, match=message):
        check_jwt_config(source, algorithms, ISS, AUD)


@pytest.mark.parametrize(("issuer", "audience"), [(None, AUD), (ISS, None), (None, None)])
@pytest.mark.parametrize(
    "source", [KeySource(None, RSA_PEM, None), KeySource(None, None, "https://id.test/jwks")], ids=["pem", "jwks"]
)
def test_public_key_modes_need_issuer_and_audience(source: KeySource, issuer: str | None, audience: str | None) -> None:
    with pytest.raises(JwtConfigError, match="JWT_ISSUER and JWT_AUDIENCE are required"):
        check_jwt_config(source, ("RS256",), issuer, audience)


def test_fitting_public_key_configurations_start() -> None:
    check_jwt_config(KeySource(None, RSA_PEM, None), ("RS256", "PS256"), ISS, AUD)
    check_jwt_config(KeySource(None, EC_PEM, None), ("ES256",), ISS, AUD)
    check_jwt_config(KeySource(None, ED_PEM, None), ("EdDSA",), ISS, AUD)
    check_jwt_config(KeySource(None, None, "https://id.test/jwks"), ("RS256", "ES256"), ISS, AUD)
