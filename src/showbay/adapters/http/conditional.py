"""Conditional requests, shared by every controller of single resources: the ``If-Match`` / ``If-None-Match``
header parameters, their parsing, and the ETag-carrying answers (``304`` included).
ETags are strong: ``"<id>-<version>"``. ``If-Match`` compares strongly (a weak tag never matches, RFC 9110 13.1.1),
``If-None-Match`` weakly. Both headers must have the RFC 9110 syntax (``*`` or a list of entity tags): the header
parameters carry the pattern, so the schema says it and the server enforces it (422 otherwise)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any, TypeVar

from litestar import Request, Response
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIType
from litestar.params import HeaderParameter
from litestar.status_codes import HTTP_200_OK, HTTP_304_NOT_MODIFIED

T = TypeVar("T")

_STRONG_ETAG = re.compile(r'^\s*"(?P<id>[^"]+)-(?P<version>\d{1,9})"\s*$')
# "*" or a comma-separated list of entity tags; etagc is %x21 / %x23-7E (obs-text is refused). An empty value is
# an empty list, which a recipient ignores (RFC 9110 5.6.1): the same as no header.
ETAG_LIST_PATTERN = r'^(\*|(W/)?"[!#-~]*"([ \t]*,[ \t]*(W/)?"[!#-~]*")*)?$'


def matches_any(header: str | None, etag: str) -> bool:
    """True when ``If-None-Match`` names ``etag`` (or ``*``)."""
    if header is None:
        return False
    candidates = [part.strip() for part in header.split(",")]
    weak_free = etag.removeprefix("W/")
    return "*" in candidates or any(c.removeprefix("W/") == weak_free for c in candidates)


def expected_version(header: str | None, resource_id: object) -> int | None:
    """The version an ``If-Match`` header asks for; ``None`` when absent or ``*``.

    A weak tag, or one that names another resource or another scheme, can never match: it yields 0 (always stale).
    """
    if header is None or header.strip() in ("", "*"):
        return None
    for candidate in header.split(","):
        found = _STRONG_ETAG.fullmatch(candidate)
        if found and found["id"] == str(resource_id):
            return int(found["version"])
    return 0


# An optional header is absent or a string; Litestar would document ``str | None`` as "string or null".
_ABSENT_NOT_NULL = {"oneOf": None, "type": OpenAPIType.STRING}

IfMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-Match",
        required=False,
        pattern=ETAG_LIST_PATTERN,
        schema_extra=_ABSENT_NOT_NULL,
        description='The ETag of a previous read (or "*"); 412 when stale. Compared strongly: a W/ tag never matches',
    ),
]
IfNoneMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-None-Match",
        required=False,
        pattern=ETAG_LIST_PATTERN,
        schema_extra=_ABSENT_NOT_NULL,
        description='ETags (or "*"); 304 when one names the current version (weak comparison)',
    ),
]


NOT_MODIFIED: dict[int, ResponseSpec] = {
    HTTP_304_NOT_MODIFIED: ResponseSpec(
        data_container=None, description="If-None-Match names the current version: no body, the same ETag"
    )
}
"""The extra answer of a conditional read (``If-None-Match``)."""


def tagged(body: T, etag: str, status_code: int = HTTP_200_OK, headers: Mapping[str, str] | None = None) -> Response[T]:
    """A single resource's answer: its body with its ``ETag`` (and any other headers, e.g. ``Location``)."""
    return Response(body, status_code=status_code, headers={"ETag": etag, **(headers or {})})


def location(request: Request[Any, Any, Any], resource_id: object) -> dict[str, str]:
    """The ``Location`` header of the resource a POST to the collection at the request's path created (the audit
    log reads the new id back from its last segment)."""
    return {"Location": f"{request.url.path.rstrip('/')}/{resource_id}"}


def current_or_not_modified(if_none_match: str | None, etag: str, body: T) -> Response[T]:
    """A conditional read: ``304 Not Modified`` (no body, the same ``ETag``) when ``If-None-Match`` names the
    current version, else ``body`` with its ``ETag``."""
    if matches_any(if_none_match, etag):
        return Response(None, status_code=HTTP_304_NOT_MODIFIED, headers={"ETag": etag})  # type: ignore[arg-type]
    return tagged(body, etag)
