"""The one table that maps errors to problem documents, and the Litestar exception handlers built on it."""

from __future__ import annotations

import logging
import math
import re
from typing import Any

from litestar import Request, Response
from litestar.exceptions import (
    ClientException,
    HTTPException,
    NotAuthorizedException,
    ValidationException,
)
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from showbay.adapters.http.problems import PROBLEM_MEDIA_TYPE, FieldError, Problem, problem_type, status_title
from showbay.adapters.request_context import current_request_id
from showbay.application.errors import (
    ApplicationError,
    DatabaseUnavailable,
    Forbidden,
    InvalidCursor,
    InvalidQuery,
    UpstreamBadResponse,
    UpstreamError,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from showbay.application.idempotency.errors import IdempotencyKeyReused
from showbay.domain.errors import Conflict, DomainError, NotFound, StaleVersion, ValidationFailed

logger = logging.getLogger("showbay.http")

# The most specific class wins (lookup walks the MRO).
STATUS_BY_ERROR: dict[type[Exception], int] = {
    ValidationFailed: 422,
    InvalidCursor: 400,
    NotFound: 404,
    Conflict: 409,
    StaleVersion: 412,
    Forbidden: 403,
    InvalidQuery: 400,
    UpstreamBadResponse: 502,
    UpstreamUnavailable: 503,
    UpstreamTimeout: 504,
    IdempotencyKeyReused: 422,
    DatabaseUnavailable: 503,
}

# Errors of 5xx status that are faults of a dependency, not bugs: answered as themselves, not as a 500.
DEPENDENCY_FAULTS: tuple[type[Exception], ...] = (UpstreamError, DatabaseUnavailable)

# Litestar's own exceptions whose status maps to a stable code of ours.
CODE_BY_STATUS = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    412: "precondition_failed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "rate_limited",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}


def problem_response(
    request: Request[Any, Any, Any],
    status: int,
    code: str,
    detail: str | None,
    *,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[Problem]:
    problem = Problem(
        type=problem_type(code),
        title=status_title(status),
        status=status,
        code=code,
        detail=detail,
        instance=request.url.path,
        request_id=current_request_id(),
        errors=errors,
    )
    return Response(problem, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _status_for(exc: Exception) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS_BY_ERROR:
            return STATUS_BY_ERROR[cls]
    return HTTP_500_INTERNAL_SERVER_ERROR


def handle_core_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Problem]:
    """Domain and application errors: status from the table, code from the error class."""
    status = _status_for(exc)
    code = getattr(exc, "code", "error")
    errors = None
    if isinstance(exc, ValidationFailed):
        errors = [FieldError(p.field, p.message) for p in exc.problems]
    headers = None
    retry_after = getattr(exc, "retry_after", None)
    if isinstance(retry_after, int | float):  # dependency faults, a key still in flight
        headers = {"Retry-After": str(max(1, math.ceil(retry_after)))}
    if status >= 500 and not isinstance(exc, DEPENDENCY_FAULTS):
        return handle_unexpected(request, exc)
    return problem_response(request, status, code, str(exc), errors=errors, headers=headers)


_NAMED_FIELD = re.compile(r"field `([^`]+)`")


def _field_name(item: dict[str, Any]) -> str:
    key = str(item.get("key") or "")
    message = str(item.get("message", ""))
    if key in ("", "data"):
        # msgspec reports missing and unknown fields at the object's root; the name is in the message.
        named = _NAMED_FIELD.search(message)
        return named.group(1) if named else "body"
    return key.removeprefix("data.")


# Litestar drops msgspec's location inside a list body ("at `$.data[2].quantity`"); the cause still has it.
_LIST_BODY_PATH = re.compile(r"at `\$\.data(\[\d+\](?:\[\d+\]|\.\w+)*)`")


def _list_body_field(exc: ValidationException, item: dict[str, Any]) -> str | None:
    found = _LIST_BODY_PATH.search(str(exc.__cause__)) if exc.__cause__ is not None else None
    if found is None or str(item.get("key") or "data") not in ("data", _field_name(item)):
        return None
    named = _NAMED_FIELD.search(str(item.get("message", "")))
    return found.group(1) + (f".{named.group(1)}" if named else "")


def _field_errors(exc: ValidationException) -> list[FieldError]:
    extra = [item for item in (exc.extra if isinstance(exc.extra, list) else []) if isinstance(item, dict)]
    found = [
        FieldError(
            (len(extra) == 1 and _list_body_field(exc, item)) or _field_name(item),
            str(item.get("message", "invalid value")),
        )
        for item in extra
    ]
    return found or [FieldError("body", exc.detail)]


def handle_http_exception(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Problem]:
    """Litestar's exceptions: validation → 422 with field errors; malformed input → 400; the rest keep their status
    and headers (a 503 with ``Retry-After`` stays one); only a 500 is treated as a bug."""
    if isinstance(exc, ValidationException):
        errors = _field_errors(exc)
        detail = "; ".join(f"{e.field}: {e.message}" for e in errors)
        return problem_response(request, 422, "validation_failed", detail, errors=errors)
    status = exc.status_code
    if status == HTTP_500_INTERNAL_SERVER_ERROR:
        return handle_unexpected(request, exc)
    headers = dict(exc.headers or {})
    if isinstance(exc, NotAuthorizedException):
        headers.setdefault("WWW-Authenticate", 'Bearer realm="showbay"')
    detail = exc.detail
    if isinstance(exc, ClientException) and status == 400 and detail.startswith("Bad Request"):
        detail = "the request could not be parsed"
    code = CODE_BY_STATUS.get(status, "server_error" if status >= 500 else "client_error")
    return problem_response(request, status, code, detail, headers=headers or None)


def handle_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Problem]:
    """Anything else is our fault: log it with the request id and leak nothing."""
    logger.exception("unhandled error while serving %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(
        request,
        500,
        "internal_error",
        "an unexpected error occurred; quote the request id when reporting it",
    )


exception_handlers: dict[type[Exception] | int, Any] = {
    DomainError: handle_core_error,
    ApplicationError: handle_core_error,
    HTTPException: handle_http_exception,
    Exception: handle_unexpected,
}

__all__ = ["exception_handlers", "problem_response"]
