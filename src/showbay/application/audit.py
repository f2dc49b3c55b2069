"""Audit trail: every write leaves a structured event (who, what, on which resource, with which outcome)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class Outcome(StrEnum):
    SUCCESS = "success"
    DENIED = "denied"  # 401 / 403
    NOT_FOUND = "not_found"
    REJECTED = "rejected"  # any other client error: validation, conflict, stale version, too large
    ERROR = "error"  # our fault or an upstream's


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One write attempt. Never carries credentials or request bodies."""

    actor: str
    action: str
    resource_type: str
    resource_id: str | None
    outcome: Outcome
    request_id: str | None = None
    status: int | None = None


class AuditLog(Protocol):
    """Where audit events go (a log stream, a table, a queue)."""

    def record(self, event: AuditEvent) -> None: ...


def outcome_for_status(status: int) -> Outcome:
    if status < 400:
        return Outcome.SUCCESS
    if status in (401, 403):
        return Outcome.DENIED
    if status == 404:
        return Outcome.NOT_FOUND
    if status < 500:
        return Outcome.REJECTED
    return Outcome.ERROR
