"""Reject request bodies that are not JSON with 415 before any handler runs."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.exceptions import HTTPException

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class UnsupportedMediaType(HTTPException):
    status_code = 415


def _has_body(request: Request[Any, Any, Any]) -> bool:
    length = request.headers.get("content-length")
    if length is not None:
        return length.strip() not in ("", "0")
    return "transfer-encoding" in request.headers


async def require_json_body(request: Request[Any, Any, Any]) -> None:
    if request.method not in _BODY_METHODS or not _has_body(request):
        return
    media_type = request.content_type[0].lower()
    if media_type == "application/json" or (media_type.startswith("application/") and media_type.endswith("+json")):
        return
    raise UnsupportedMediaType(f"request bodies must be JSON (application/json), not '{media_type or 'unspecified'}'")
