"""Calendar buckets of a revenue time series. Days are UTC days; weeks start on Monday (ISO 8601)."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum


class Granularity(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"

    def bucket_start(self, day: date) -> date:
        """The first day of the bucket that holds ``day``."""
        if self is Granularity.WEEK:
            return day - timedelta(days=day.weekday())
        if self is Granularity.MONTH:
            return day.replace(day=1)
        return day

    def next_start(self, start: date) -> date:
        """The first day of the bucket after the one starting on ``start``."""
        if self is Granularity.WEEK:
            return start + timedelta(days=7)
        if self is Granularity.MONTH:
            return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        return start + timedelta(days=1)

    def bucket_end(self, day: date) -> date:
        """The last day of the bucket that holds ``day``."""
        return self.next_start(self.bucket_start(day)) - timedelta(days=1)

    def starts(self, first: date, last: date) -> list[date]:
        """Every bucket start from the bucket of ``first`` through the bucket of ``last``."""
        found: list[date] = []
        current = self.bucket_start(first)
        while current <= last:
            found.append(current)
            current = self.next_start(current)
        return found

    def bucket_count(self, first: date, last: date) -> int:
        """How many buckets cover ``first..last`` (cheap: no list is built)."""
        if self is Granularity.DAY:
            return (last - first).days + 1
        if self is Granularity.WEEK:
            return (self.bucket_start(last) - self.bucket_start(first)).days // 7 + 1
        return (last.year - first.year) * 12 + last.month - first.month + 1
