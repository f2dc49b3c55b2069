"""Ports shared by every use case."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    """Tells the current time in UTC."""

    def now(self) -> datetime: ...


class TransactionManager(Protocol):
    """Makes the changes of the current unit of work durable."""

    async def commit(self) -> None: ...


class DependencyProbe(Protocol):
    """Checks that one infrastructure dependency answers (for readiness)."""

    name: str

    async def ping(self) -> None:
        """Return when the dependency answers; raise otherwise."""
        ...
