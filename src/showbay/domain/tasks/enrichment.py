"""What showbay learned about a task's external todo (JSONPlaceholder), and how fresh it is."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class EnrichmentStatus(StrEnum):
    OK = "ok"
    PENDING = "pending"
    """Not fetched yet, or the upstream was unreachable / timed out / rate limited us: worth retrying."""
    FAILED = "failed"
    """The upstream answered with an error or an unusable body."""
    NOT_FOUND = "not_found"
    """The upstream has no todo with that id."""


@dataclass(frozen=True, slots=True)
class Enrichment:
    status: EnrichmentStatus
    fetched_at: datetime | None = None
    data: dict[str, Any] | None = field(default=None, hash=False, compare=True)
    attempts: int = 0
    """Background retries made since the status was last set by a write (docs/outbound.md)."""
    next_attempt_at: datetime | None = None
    """When the next background retry is due (``None``: now)."""

    @classmethod
    def pending(cls) -> Enrichment:
        return cls(EnrichmentStatus.PENDING)

    @property
    def retryable(self) -> bool:
        """Pending (no answer yet) or failed (an unusable answer): worth asking again in the background."""
        return self.status in (EnrichmentStatus.PENDING, EnrichmentStatus.FAILED)

    def retry_later(self, at: datetime, status: EnrichmentStatus | None = None) -> Enrichment:
        """One more background attempt that brought no answer; the next is due at ``at``."""
        return dataclasses.replace(self, status=status or self.status, attempts=self.attempts + 1, next_attempt_at=at)
