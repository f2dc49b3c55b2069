"""RFC 9457 problem documents (their OpenAPI declarations are derived from the error table in ``errors.py``)."""

from __future__ import annotations

from http import HTTPStatus

import msgspec

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
