"""What showbay learned about a task's external todo (JSONPlaceholder), and how fresh it is."""

from __future__ import annotations

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

    @classmethod
    def pending(cls) -> Enrichment:
        return cls(EnrichmentStatus.PENDING)
