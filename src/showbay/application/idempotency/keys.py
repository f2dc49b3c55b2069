"""What identifies one idempotent request, and what is remembered about its first answer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from showbay.application.idempotency.errors import InvalidIdempotencyKey

KEY_PATTERN = r"^[\x21-\x7E]{1,255}$"
"""1 to 255 visible ASCII characters (VCHAR): no spaces, no control characters, nothing beyond ASCII."""
KEY_MAX_LENGTH = 255
KEY_HEADER = "Idempotency-Key"
_KEY = re.compile(KEY_PATTERN)


def parse_key(raw: str) -> str:
    """The header's value as a key, or ``InvalidIdempotencyKey``."""
    if not _KEY.fullmatch(raw):
        raise InvalidIdempotencyKey(KEY_HEADER, f"must be 1 to {KEY_MAX_LENGTH} visible ASCII characters (no spaces)")
    return raw


@dataclass(frozen=True, slots=True)
class IdempotentRequest:
    """One request sent with a key: who sent it, and what it asked (method, path, body fingerprint)."""

    principal_id: str
    key: str
    method: str
    path: str
    fingerprint: str
    """A digest of the query string and the body; equal requests have equal fingerprints."""

    def same_request_as(self, other: IdempotentRequest) -> bool:
        return (self.method, self.path, self.fingerprint) == (other.method, other.path, other.fingerprint)


@dataclass(frozen=True, slots=True)
class RecordedResponse:
    """The part of an answer a retry gets back: status, the headers that matter, the body."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def is_success(self) -> bool:
        """Only successful answers wrote something; anything else is not remembered (a retry runs again)."""
        return 200 <= self.status < 300


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    request: IdempotentRequest
    response: RecordedResponse
    created_at: datetime
    expires_at: datetime
