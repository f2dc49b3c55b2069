"""In-memory fakes of the API keys ports."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import datetime

from showbay.domain.api_keys import ApiKey


class FakeApiKeyStore:
    def __init__(self) -> None:
        self.rows: dict[int, ApiKey] = {}
        self.touches = 0

    async def add(self, key: ApiKey) -> ApiKey:
        key_id = len(self.rows) + 1
        stored = replace(key, id=key_id)
        self.rows[key_id] = stored
        return copy.deepcopy(stored)

    async def by_prefix(self, prefix: str) -> ApiKey | None:
        found = next((k for k in self.rows.values() if k.prefix == prefix), None)
        return copy.deepcopy(found)

    async def get(self, key_id: int) -> ApiKey | None:
        return copy.deepcopy(self.rows.get(key_id))

    async def list_all(self) -> list[ApiKey]:
        return [copy.deepcopy(k) for k in sorted(self.rows.values(), key=lambda k: k.created_at, reverse=True)]

    async def mark_revoked(self, key_id: int, revoked_at: datetime) -> None:
        self.rows[key_id].revoked_at = revoked_at

    async def touch(self, key_id: int, used_at: datetime) -> None:
        self.touches += 1
        self.rows[key_id].last_used_at = used_at
