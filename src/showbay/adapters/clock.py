from __future__ import annotations

from datetime import UTC, datetime


class SystemClock:
    """The wall clock, in UTC, truncated to microseconds as PostgreSQL stores them."""

    def now(self) -> datetime:
        return datetime.now(UTC)
