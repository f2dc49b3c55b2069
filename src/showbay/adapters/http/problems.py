"""RFC 9457 problem documents and their OpenAPI declarations."""

from __future__ import annotations

from http import HTTPStatus

import msgspec
from litestar.openapi.datastructures import ResponseSpec

PROBLEM_MEDIA_TYPE = "application/problem+json"


class FieldError(msgspec.Struct, frozen=True):
    field: str
    message: str


class Problem(msgspec.Struct, omit_defaults=True):
    """An RFC 9457 problem document with a stable machine ``code``."""

    type: str
    title: str
    status: int
    code: str
    detail: str | None = None
    instance: str | None = None
    request_id: str | None = None
    errors: list[FieldError] | None = None


def problem_type(code: str) -> str:
    return f"https://showbay.dev/problems/{code.replace('_', '-')}"


# RFC 9110 names where Python's http module still uses the older ones.
_RFC9110_TITLES = {413: "Content Too Large", 422: "Unprocessable Content"}


def status_title(status: int) -> str:
    return _RFC9110_TITLES.get(status) or HTTPStatus(status).phrase


_DESCRIPTIONS = {
    400: "Malformed request (bad JSON, bad query, bad cursor)",
    401: "Missing, invalid or expired credentials",
    403: "Authenticated, but the scope the operation needs is missing",
    404: "No such resource (or it belongs to someone else)",
    409: "Conflicts with an existing resource",
    412: "If-Match names a version that is no longer current",
    413: "Request body too large",
    415: "Unsupported content type",
    422: "The request is well-formed but fails validation",
    429: "Rate limited; see Retry-After",
    502: "The upstream service answered badly",
    503: "A dependency is unavailable (database, upstream, identity provider, an open circuit); see Retry-After",
    504: "The upstream service timed out",
}


def problem_responses(*statuses: int) -> dict[int, ResponseSpec]:
    """OpenAPI declarations for the given error statuses, plus those every API call can get (400; 401; 422 for a
    bad path id or a NUL in any query value; 429; 503 when a dependency is unavailable), and 413 wherever a body
    is accepted (declared by 415)."""
    codes = sorted({400, 401, 422, 429, 503, *statuses, *((413,) if 415 in statuses else ())})
    return {
        status: ResponseSpec(
            data_container=Problem,
            description=_DESCRIPTIONS.get(status, status_title(status)),
            media_type=PROBLEM_MEDIA_TYPE,
            generate_examples=False,
        )
        for status in codes
    }
