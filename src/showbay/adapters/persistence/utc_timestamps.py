"""Every aware timestamp reaches PostgreSQL as UTC.

RFC 3339 (and the schema's ``date-time``) allows offsets up to ±23:59; PostgreSQL's ``timestamptz`` input refuses
offsets beyond ±15:59 (``time zone displacement out of range``). psycopg's text dumper writes the offset as given,
so a valid ``2026-01-01T00:00:00+20:52`` would be a database error. Writing the same instant in UTC is exact and
is what the service stores and answers anyway; the binary dumper counts from the epoch and needs no change.
"""

from __future__ import annotations

from datetime import UTC, datetime

import psycopg
from psycopg.abc import Buffer
from psycopg.types.datetime import DatetimeDumper


class UtcDatetimeDumper(DatetimeDumper):
    def dump(self, obj: datetime) -> Buffer | None:
        return super().dump(obj.astimezone(UTC))


def write_timestamps_in_utc() -> None:
    """Register the dumper on psycopg's global adapters, which every engine and pool copies when it is created."""
    psycopg.adapters.register_dumper(datetime, UtcDatetimeDumper)
