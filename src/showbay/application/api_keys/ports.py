"""Ports of the API keys context."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from showbay.domain.api_keys import ApiKey


class ApiKeyStore(Protocol):
    """Keeps API keys: only their public prefix and the digest of the secret, never the secret."""

    async def add(self, key: ApiKey) -> ApiKey:
        """Insert a new key and return it with its id."""
        ...

    async def by_prefix(self, prefix: str) -> ApiKey | None:
        """The key with this public prefix (revoked or not), or ``None``."""
        ...

    async def get(self, key_id: int) -> ApiKey | None: ...

    async def list_all(self) -> list[ApiKey]:
        """Every key, newest first."""
        ...

    async def mark_revoked(self, key_id: int, revoked_at: datetime) -> None: ...

    async def touch(self, key_id: int, used_at: datetime) -> None:
        """Record that the key was just used."""
        ...
