"""PATCH bodies are JSON merge patches (RFC 7396); JSON Patch (RFC 6902) and other types get 415."""

from __future__ import annotations

from typing import Any

from litestar import Request

from showbay.adapters.http.content_type import UnsupportedMediaType

MERGE_PATCH_MEDIA_TYPES = frozenset({"application/merge-patch+json", "application/json"})


async def require_merge_patch(request: Request[Any, Any, Any]) -> None:
    """The body check of PATCH's ``ApiRequestCheck``."""
    media_type = request.content_type[0].lower()
    if media_type not in MERGE_PATCH_MEDIA_TYPES:
        raise UnsupportedMediaType(
            f"PATCH takes a JSON merge patch (application/merge-patch+json or application/json), not "
            f"'{media_type or 'unspecified'}'"
        )
