"""Ports for authenticating callers."""

from __future__ import annotations

from typing import Protocol

from showbay.application.errors import UpstreamUnavailable
from showbay.application.principal import Principal


class InvalidCredentials(Exception):
    """The credentials are missing, malformed, expired or forged."""


class CredentialsUnavailable(UpstreamUnavailable):
    """The credentials cannot be checked now (the identity provider's keys cannot be fetched): answer 503."""

    code = "auth_unavailable"

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__("identity provider", message, retry_after)


class TokenVerifier(Protocol):
    """Turns a bearer token into a principal; raises ``InvalidCredentials`` for any bad token and
    ``CredentialsUnavailable`` when it cannot be checked now."""

    async def verify(self, token: str) -> Principal: ...
