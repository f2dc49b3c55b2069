"""In-memory fakes of the shared kernel's ports (``application/ports.py``, ``application/audit.py``)."""

from __future__ import annotations

from showbay.application.audit import AuditEvent


class FakeTransactionManager:
    def __init__(self) -> None:
        self.commits = 0

    async def commit(self) -> None:
        self.commits += 1


class FakeAuditLog:
    def __init__(self) -> None:
        self.events: list[AuditEvent] = []

    def record(self, event: AuditEvent) -> None:
        self.events.append(event)
