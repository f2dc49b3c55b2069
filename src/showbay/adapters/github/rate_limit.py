"""GitHub's rate-limit headers: the budget left, and how long to wait once it is spent."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from showbay.application.tracked_repos.github import RateLimit


def _int(headers: Mapping[str, str], name: str) -> int | None:
    raw = headers.get(name)
    try:
        return None if raw is None else int(raw.strip())
    except ValueError:
        return None


def rate_limit(headers: Mapping[str, str]) -> RateLimit | None:
    """``X-RateLimit-Limit/Remaining/Reset`` as a RateLimit, or None when absent or garbled."""
    limit, remaining, reset = (_int(headers, f"x-ratelimit-{part}") for part in ("limit", "remaining", "reset"))
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
        return float(max(seconds, 1))
    reset = _int(headers, "x-ratelimit-reset")
    if reset is not None:
        return max((datetime.fromtimestamp(reset, UTC) - now).total_seconds(), 1.0)
    return default
