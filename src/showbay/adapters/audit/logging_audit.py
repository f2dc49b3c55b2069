"""LoggingAuditLog: one JSON object per audit event on the ``showbay.audit`` logger."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict

from showbay.adapters.request_context import current_request_id
from showbay.application.audit import AuditEvent

logger = logging.getLogger("showbay.audit")


class LoggingAuditLog:
    def __init__(self) -> None:
        self._log = logger

    def record(self, event: AuditEvent) -> None:
        payload = asdict(event)
        payload["outcome"] = event.outcome.value
        payload["request_id"] = event.request_id or current_request_id()
        self._log.info(json.dumps({"event": "audit", **payload}, sort_keys=True, ensure_ascii=False))
