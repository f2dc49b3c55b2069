"""Ports for authenticating callers."""

from __future__ import annotations

from typing import Protocol

from showbay.application.principal import Principal


class InvalidCredentials(Exception):
    """The credentials are missing, malformed, expired or forged."""


class TokenVerifier(Protocol):
    """Turns a bearer token into a principal or raises ``InvalidCredentials``."""

    async def verify(self, token: str) -> Principal: ...
