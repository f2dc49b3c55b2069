"""GitHub's rate-limit headers: the budget left, and how long to wait once it is spent."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from showbay.adapters.outbound.retry_after import MAX_DELAY_SECONDS, ascii_int
from showbay.application.tracked_repos.ports import RateLimit

_LATEST_RESET = int(datetime(9999, 1, 1, tzinfo=UTC).timestamp())  # beyond it fromtimestamp overflows


def _int(headers: Mapping[str, str], name: str) -> int | None:
    return ascii_int(headers.get(name))


def _reset(headers: Mapping[str, str]) -> int | None:
    reset = _int(headers, "x-ratelimit-reset")
    return None if reset is None or reset > _LATEST_RESET else reset


def rate_limit(headers: Mapping[str, str]) -> RateLimit | None:
    """``X-RateLimit-Limit/Remaining/Reset`` as a RateLimit, or None when absent or garbled."""
    limit, remaining = _int(headers, "x-ratelimit-limit"), _int(headers, "x-ratelimit-remaining")
    reset = _reset(headers)
    if limit is None or remaining is None or reset is None:
        return None
    return RateLimit(limit=limit, remaining=remaining, reset_at=datetime.fromtimestamp(reset, UTC))


def is_rate_limited(status: int, headers: Mapping[str, str]) -> bool:
    """403/429 with no requests remaining (primary limit) or with Retry-After (secondary limit)."""
    if status not in (403, 429):
        return False
    return headers.get("x-ratelimit-remaining", "").strip() == "0" or "retry-after" in headers or status == 429


def retry_after(headers: Mapping[str, str], now: datetime, default: float = 60.0) -> float:
    """Seconds to wait: ``Retry-After`` (secondary limits) first, else until ``X-RateLimit-Reset``."""
    seconds = _int(headers, "retry-after")
    if seconds is not None:
        return min(float(max(seconds, 1)), MAX_DELAY_SECONDS)
    reset = _reset(headers)
    if reset is not None:
        return max((datetime.fromtimestamp(reset, UTC) - now).total_seconds(), 1.0)
    return default
