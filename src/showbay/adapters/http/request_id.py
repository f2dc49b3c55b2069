"""X-Request-ID: taken from the request when sane, generated otherwise, echoed on every response."""

from __future__ import annotations

import re
import secrets

from litestar.types import Scope

HEADER = "x-request-id"
_SANE = re.compile(r"[A-Za-z0-9._:-]{1,128}")  # fullmatch: "$" would let a trailing newline through


def _incoming(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            candidate = value.decode("latin-1")
            return candidate if _SANE.fullmatch(candidate) else None
    return None


def request_id_of(scope: Scope) -> str:
    """The caller's X-Request-ID when sane, else a new one (echoed by adapters/http/edge.py)."""
    return _incoming(scope) or secrets.token_hex(16)  # 128 random bits, as a uuid4 without building one
