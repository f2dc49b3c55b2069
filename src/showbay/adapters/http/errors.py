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
from litestar.openapi.datastructures import ResponseSpec
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from showbay.adapters.http.conditional import NOT_MODIFIED
from showbay.adapters.http.problems import PROBLEM_MEDIA_TYPE, FieldError, Problem, problem_type, status_title
from showbay.adapters.request_context import current_request_id
from showbay.application.auth import CredentialsUnavailable
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
from showbay.application.idempotency.errors import IdempotencyKeyInFlight, IdempotencyKeyReused, InvalidIdempotencyKey
from showbay.domain.errors import Conflict, DomainError, NotFound, StaleVersion, ValidationFailed

logger = logging.getLogger("showbay.http")

# The one table: each error class answers one status, and its description documents that status. The most specific
# class wins (lookup walks the MRO), so ``TaskNotFound`` answers as ``NotFound`` with its own ``code``.
ERRORS: dict[type[Exception], tuple[int, str]] = {
    InvalidQuery: (400, "The query cannot be used as given"),
    InvalidCursor: (400, "The cursor was not made by us, is damaged, or was made for another sort order"),
    Forbidden: (403, "Authenticated, but the scope the operation needs is missing"),
    NotFound: (404, "No such resource (or it belongs to someone else)"),
    Conflict: (409, "Conflicts with the resource's state"),
    IdempotencyKeyInFlight: (409, "A request with the same Idempotency-Key is still being processed; see Retry-After"),
    StaleVersion: (412, "If-Match names a version that is no longer current"),
    ValidationFailed: (422, "The request is well-formed but fails validation"),
    InvalidIdempotencyKey: (422, "The Idempotency-Key header is malformed"),
    IdempotencyKeyReused: (422, "The Idempotency-Key was used for a different request"),
    UpstreamBadResponse: (502, "The upstream service answered badly"),
    UpstreamUnavailable: (503, "The upstream service is down, rate limits us, or its circuit is open; see Retry-After"),
    CredentialsUnavailable: (503, "The identity provider's keys cannot be fetched; see Retry-After"),
    DatabaseUnavailable: (503, "The database is unavailable; see Retry-After"),
    UpstreamTimeout: (504, "The upstream service timed out"),
}

# Errors of 5xx status that are faults of a dependency, not bugs: answered as themselves, not as a 500.
DEPENDENCY_FAULTS: tuple[type[Exception], ...] = (UpstreamError, DatabaseUnavailable)

# Litestar's own exceptions (and ours built on ``HTTPException``) carry only a status: its code and description.
LITESTAR_PROBLEMS: dict[int, tuple[str, str]] = {
    400: ("bad_request", "Malformed request (bad JSON)"),
    401: ("unauthenticated", "Missing, invalid or expired credentials"),
    404: ("not_found", "No such route"),
    405: ("method_not_allowed", "The route does not take this method"),
    413: ("payload_too_large", "Request body too large"),
    415: ("unsupported_media_type", "Unsupported content type"),
    429: ("rate_limited", "Rate limited; see Retry-After"),
    503: ("service_unavailable", "A dependency is unavailable; see Retry-After"),
}

EVERY_ROUTE_ERRORS: tuple[type[Exception], ...] = (ValidationFailed, DatabaseUnavailable, CredentialsUnavailable)
"""What any API route can answer whatever its use cases: a bad path id or a NUL in a query value, the database
down, the identity provider unreachable (with 400, 401 and 429 from ``EVERY_ROUTE_STATUSES``)."""
EVERY_ROUTE_STATUSES = (400, 401, 429)
BODY_STATUSES = (413, 415)


def _entry(error: type[Exception]) -> tuple[int, str]:
    for cls in error.__mro__:
        if cls in ERRORS:
            return ERRORS[cls]
    raise LookupError(f"{error.__name__} has no entry in the error table")


class ErrorResponses(dict[int, ResponseSpec]):
    """A route's documented problem responses, with the error classes it declared (checked by a test)."""

    def __init__(
        self, responses: dict[int, ResponseSpec], errors: tuple[type[Exception], ...], *, body: bool, conditional: bool
    ) -> None:
        super().__init__(responses)
        self.errors = errors
        self.body = body
        self.conditional = conditional

    def including(self, *errors: type[Exception]) -> ErrorResponses:
        return errors_of(*self.errors, *errors, body=self.body, conditional=self.conditional)


def _description(entries: set[tuple[str, str]]) -> str:
    codes_by_description: dict[str, list[str]] = {}
    for code, description in sorted(entries):
        codes_by_description.setdefault(description, []).append(f"`{code}`")
    lines = [f"{', '.join(codes)}: {description}" for description, codes in codes_by_description.items()]
    return lines[0] if len(lines) == 1 else "\n".join(f"- {line}" for line in lines)


def errors_of(*errors: type[Exception], body: bool = False, conditional: bool = False) -> ErrorResponses:
    """The OpenAPI responses of a route that may raise ``errors``, derived from the table: one problem response per
    status, its description listing each code; plus what every API route can answer, 413/415 where a body is
    taken (``body``) and 304 on a conditional read (``conditional``)."""
    by_status: dict[int, set[tuple[str, str]]] = {}
    for error in (*errors, *EVERY_ROUTE_ERRORS):
        status, description = _entry(error)
        by_status.setdefault(status, set()).add((str(getattr(error, "code", "error")), description))
    for status in (*EVERY_ROUTE_STATUSES, *(BODY_STATUSES if body else ())):
        by_status.setdefault(status, set()).add(LITESTAR_PROBLEMS[status])
    responses = {
        status: ResponseSpec(
            data_container=Problem,
            description=_description(entries),
            media_type=PROBLEM_MEDIA_TYPE,
            generate_examples=False,
        )
        for status, entries in sorted(by_status.items())
    }
    return ErrorResponses(
        {**responses, **(NOT_MODIFIED if conditional else {})}, errors, body=body, conditional=conditional
    )


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
        if cls in ERRORS:
            return ERRORS[cls][0]
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


# msgspec's ValidationError carries its location only in the message text (no path attribute; Litestar parses it too).
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
        return problem_response(request, _entry(ValidationFailed)[0], ValidationFailed.code, detail, errors=errors)
    status = exc.status_code
    if status == HTTP_500_INTERNAL_SERVER_ERROR:
        return handle_unexpected(request, exc)
    headers = dict(exc.headers or {})
    if isinstance(exc, NotAuthorizedException):
        headers.setdefault("WWW-Authenticate", 'Bearer realm="showbay"')
    detail = exc.detail
    if isinstance(exc, ClientException) and status == 400 and detail.startswith("Bad Request"):
        detail = "the request could not be parsed"
    known = LITESTAR_PROBLEMS.get(status)
    code = known[0] if known else "server_error" if status >= 500 else "client_error"
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

__all__ = ["ERRORS", "ErrorResponses", "errors_of", "exception_handlers", "problem_response"]
