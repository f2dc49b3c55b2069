"""``Retry-After`` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, and the strict integer headers around it.

Upstream headers are input we do not control: ``"²".isdigit()`` and ``int("٣")`` are both true in Python, and an
absurd delay overflows ``timedelta``. Only ASCII digits count, and a delay is capped at ``MAX_DELAY_SECONDS``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

MAX_DELAY_SECONDS = 86_400.0
"""The longest wait an upstream can impose on us (one day); longer answers are read as this."""

_DIGITS = re.compile(r"[0-9]{1,18}")  # 18 ASCII digits fit an int64; longer is garbage, not a number


def ascii_int(value: str | None) -> int | None:
    """A non-negative integer written in ASCII digits (surrounding blanks allowed), else ``None``."""
    if value is None:
        return None
    stripped = value.strip(" \t")
    return int(stripped) if _DIGITS.fullmatch(stripped) else None


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait, or ``None`` when the header is absent or unreadable. Never negative, at most a day."""
    if value is None or not value.strip(" \t"):
        return None
    seconds = ascii_int(value)
    if seconds is not None:
        return min(float(seconds), MAX_DELAY_SECONDS)
    if not value.isascii():
        return None
    try:
        moment = parsedate_to_datetime(value.strip(" \t"))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return min(MAX_DELAY_SECONDS, max(0.0, (moment - (now or datetime.now(UTC))).total_seconds()))
