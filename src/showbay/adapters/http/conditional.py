"""ETag / If-Match / If-None-Match helpers. ETags are strong: ``"<id>-<version>"``."""

from __future__ import annotations

import re

_ETAG = re.compile(r'^\s*(?:W/)?"(?P<id>[^"]+)-(?P<version>\d{1,9})"\s*$')


def matches_any(header: str | None, etag: str) -> bool:
    """True when ``If-None-Match`` names ``etag`` (or ``*``)."""
    if header is None:
        return False
    candidates = [part.strip() for part in header.split(",")]
    weak_free = etag.removeprefix("W/")
    return "*" in candidates or any(c.removeprefix("W/") == weak_free for c in candidates)


def expected_version(header: str | None, resource_id: object) -> int | None:
    """The version an ``If-Match`` header asks for; ``None`` when absent or ``*``.

    A tag that names another resource or cannot be parsed can never match, so it yields 0 (always stale).
    """
    if header is None or header.strip() == "*":
        return None
    for candidate in header.split(","):
        found = _ETAG.match(candidate)
        if found and found["id"] == str(resource_id):
            return int(found["version"])
    return 0
